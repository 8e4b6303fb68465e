"""What the public endpoints return: what the public pages show, nothing more."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from applications.enums import ApplicationStatus
from awards.buckets import bucket_label
from awards.enums import PrizeLevel
from awards.models import AwardProgramme, Round
from awards.rulesets import round_bucket_places, round_rule_settings
from awards.selectors import required_document_list
from grants.enums import GrantStatus
from grants.models import AwardGrant, Certificate
from grants.rules.grant import grant_state
from publicity.models import PublicityPeriod


class ProgrammeSerializer(serializers.ModelSerializer[AwardProgramme]):
    class Meta:
        model = AwardProgramme
        fields = ["id", "name", "slug", "awarding_body", "office_name", "validity_years"]


class SectorBucketSerializer(serializers.Serializer[Any]):
    """One sector bucket of a round's rules with the round's places at each level (Art. 6;
    行业组别及名额)."""

    # R2: awards.rulesets.round_bucket_places.

    code = serializers.CharField()
    name = serializers.CharField()
    prize_places = serializers.IntegerField(min_value=0)
    nomination_places = serializers.IntegerField(min_value=0)


class RoundSerializer(serializers.ModelSerializer[Round]):
    programme = serializers.CharField(source="programme.name")
    programme_id = serializers.IntegerField()
    stage_label = serializers.CharField(source="get_stage_display")
    buckets = serializers.SerializerMethodField()

    class Meta:
        model = Round
        fields = [
            "id",
            "programme_id",
            "programme",
            "year",
            "title",
            "stage",
            "stage_label",
            "call_published_at",
            "applications_open_at",
            "applications_close_at",
            "window_closed_at",
            "prize_quota",
            "nomination_quota",
            "buckets",
        ]

    @extend_schema_field(SectorBucketSerializer(many=True))
    def get_buckets(self, round: Round) -> list[dict[str, Any]]:
        """R2: the round's sector buckets in the order of its rules, with its places."""
        places = round_bucket_places(round)
        return [
            {
                "code": bucket.code,
                "name": bucket_label(bucket),
                "prize_places": places[PrizeLevel.PRIZE][bucket.code],
                "nomination_places": places[PrizeLevel.NOMINATION][bucket.code],
            }
            for bucket in round_rule_settings(round).buckets()
        ]


class CallNoticeSerializer(RoundSerializer):
    """A round's call notice (Art. 16), as its public page shows it."""

    required_documents = serializers.SerializerMethodField()

    class Meta(RoundSerializer.Meta):
        fields = [*RoundSerializer.Meta.fields, "call_notice", "required_documents"]

    def get_required_documents(self, round: Round) -> list[str]:
        return required_document_list(round)


class PublicityEntrySerializer(serializers.Serializer[Any]):
    organisation = serializers.CharField(source="organisation.name")
    sector = serializers.CharField()
    sector_label = serializers.CharField(source="get_sector_display")
    proposed_level = serializers.CharField()
    proposed_level_label = serializers.CharField(source="get_proposed_level_display")
    removed_after_objection = serializers.SerializerMethodField()

    def get_removed_after_objection(self, application: Any) -> bool:
        return bool(application.status == ApplicationStatus.NOT_PROPOSED)


class PublicitySerializer(serializers.ModelSerializer[PublicityPeriod]):
    round_id = serializers.IntegerField()
    round = serializers.CharField(source="round.title")
    programme = serializers.CharField(source="round.programme.name")
    entries = PublicityEntrySerializer(source="applications", many=True)

    class Meta:
        model = PublicityPeriod
        fields = [
            "id",
            "round_id",
            "round",
            "programme",
            "starts_at",
            "ends_at",
            "notice",
            "objection_contact",
            "entries",
        ]


def public_state(grant: AwardGrant) -> str:
    """R9 / R15: valid, expired (lapsed even before the sweep ran) or revoked, as the public
    pages say it."""
    return grant_state(grant.status, grant.valid_until, timezone.localdate())


STATE_FIELD = serializers.ChoiceField(choices=GrantStatus.choices)


class WinnerSerializer(serializers.ModelSerializer[AwardGrant]):
    round_id = serializers.IntegerField()
    year = serializers.IntegerField(source="round.year")
    programme = serializers.CharField(source="round.programme.name")
    organisation = serializers.CharField(source="organisation.name")
    level_label = serializers.CharField(source="get_level_display")
    document_number = serializers.CharField(source="approval.document_number")
    state = serializers.SerializerMethodField()

    class Meta:
        model = AwardGrant
        fields = [
            "id",
            "round_id",
            "year",
            "programme",
            "organisation",
            "level",
            "level_label",
            "document_number",
            "valid_until",
            "state",
        ]

    @extend_schema_field(STATE_FIELD)
    def get_state(self, grant: AwardGrant) -> str:
        return public_state(grant)


class CertificateVerificationSerializer(serializers.ModelSerializer[Certificate]):
    """R15: what the public verification page says about a number, nothing more."""

    organisation = serializers.CharField(source="grant.organisation.name")
    year = serializers.IntegerField(source="grant.round.year")
    programme = serializers.CharField(source="grant.round.programme.name")
    level = serializers.CharField(source="grant.level")
    level_label = serializers.CharField(source="grant.get_level_display")
    approval_meeting = serializers.CharField(source="grant.approval.meeting")
    approval_document_number = serializers.CharField(source="grant.approval.document_number")
    approved_on = serializers.DateField(source="grant.approved_on")
    valid_until = serializers.DateField(source="grant.valid_until")
    state = serializers.SerializerMethodField()
    revoked_on = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = [
            "number",
            "organisation",
            "year",
            "programme",
            "level",
            "level_label",
            "approval_meeting",
            "approval_document_number",
            "approved_on",
            "valid_until",
            "state",
            "revoked_on",
        ]

    @extend_schema_field(STATE_FIELD)
    def get_state(self, certificate: Certificate) -> str:
        return public_state(certificate.grant)

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_revoked_on(self, certificate: Certificate) -> Any:
        grant = certificate.grant
        if grant.status == GrantStatus.REVOKED and grant.status_changed_at is not None:
            return timezone.localdate(grant.status_changed_at)
        return None
