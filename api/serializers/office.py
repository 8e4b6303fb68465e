"""What an office key reads: what the office's pages show of its programme."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.public import STATE_FIELD, public_state
from applications.models import Application, EligibilityCheck
from grants.models import ApprovalDecision, AwardGrant
from publicity.models import Objection, PlenaryDecision, PlenaryMeeting
from sanctions.models import Ban, Revocation


class EligibilityCheckSerializer(serializers.ModelSerializer[EligibilityCheck]):
    condition_label = serializers.CharField(source="get_condition_display")

    class Meta:
        model = EligibilityCheck
        fields = ["condition", "condition_label", "met", "computed_met", "evidence"]


class ApplicationSerializer(serializers.ModelSerializer[Application]):
    round_id = serializers.IntegerField()
    organisation = serializers.CharField(source="organisation.name")
    credit_code = serializers.CharField(source="organisation.credit_code")
    status_label = serializers.CharField(source="get_status_display")
    eligibility_checks = EligibilityCheckSerializer(many=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "round_id",
            "organisation",
            "credit_code",
            "sector",
            "status",
            "status_label",
            "submitted_at",
            "eligibility_reason",
            "eligibility_checks",
            "material_score",
            "site_score",
            "composite_score",
            "sector_rank",
            "proposed_level",
        ]


class RankingRowSerializer(serializers.Serializer[Any]):
    application_id = serializers.IntegerField(source="application.pk")
    organisation = serializers.CharField(source="application.organisation.name")
    sector = serializers.CharField(source="application.sector")
    sector_rank = serializers.IntegerField(source="application.sector_rank", allow_null=True)
    material_score = serializers.DecimalField(
        source="application.material_score", max_digits=6, decimal_places=2, allow_null=True
    )
    site_score = serializers.DecimalField(
        source="application.site_score", max_digits=6, decimal_places=2, allow_null=True
    )
    composite_score = serializers.DecimalField(
        source="application.composite_score", max_digits=6, decimal_places=2, allow_null=True
    )
    status = serializers.CharField(source="application.status")
    proposed_level = serializers.CharField(source="application.proposed_level")
    is_repeat = serializers.BooleanField()
    outside_quota = serializers.BooleanField()


class RankingSectorSerializer(serializers.Serializer[Any]):
    sector = serializers.CharField()
    rows = RankingRowSerializer(many=True)


class RankingSerializer(serializers.Serializer[Any]):
    """The composite ranking per sector and the candidate list (the proposed levels)."""

    round_id = serializers.IntegerField()
    computed = serializers.BooleanField()
    sectors = RankingSectorSerializer(many=True)


class ApprovalSerializer(serializers.ModelSerializer[ApprovalDecision]):
    round_id = serializers.IntegerField()

    class Meta:
        model = ApprovalDecision
        fields = ["id", "round_id", "approved_on", "meeting", "document_number", "recorded_at"]


class GrantSerializer(serializers.ModelSerializer[AwardGrant]):
    round_id = serializers.IntegerField()
    application_id = serializers.IntegerField()
    organisation = serializers.CharField(source="organisation.name")
    credit_code = serializers.CharField(source="organisation.credit_code")
    certificate_number = serializers.SerializerMethodField()
    state = serializers.SerializerMethodField()

    class Meta:
        model = AwardGrant
        fields = [
            "id",
            "round_id",
            "application_id",
            "organisation",
            "credit_code",
            "level",
            "amount",
            "is_repeat",
            "approved_on",
            "valid_until",
            "status",
            "state",
            "certificate_number",
        ]

    @extend_schema_field(STATE_FIELD)
    def get_state(self, grant: AwardGrant) -> str:
        return public_state(grant)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_certificate_number(self, grant: AwardGrant) -> str | None:
        certificate = getattr(grant, "certificate", None)
        return certificate.number if certificate is not None else None


class ReportStateSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField(source="report.year")
    due_on = serializers.DateField(source="report.due_on")
    status = serializers.CharField(source="report.status")
    state = serializers.CharField()


class ObligationSerializer(serializers.Serializer[Any]):
    """Art. 24: a grant's annual reports and their states."""

    grant_id = serializers.IntegerField(source="grant.pk")
    round_id = serializers.IntegerField(source="grant.round_id")
    organisation = serializers.CharField(source="grant.organisation.name")
    state = serializers.CharField()
    reports = ReportStateSerializer(many=True)
    n_overdue = serializers.IntegerField()
    n_due = serializers.IntegerField()
    n_submitted = serializers.IntegerField()
    n_done = serializers.IntegerField()


class RevocationSerializer(serializers.ModelSerializer[Revocation]):
    grant_id = serializers.IntegerField()
    organisation = serializers.CharField(source="grant.organisation.name")
    round_id = serializers.IntegerField(source="grant.round_id")

    class Meta:
        model = Revocation
        fields = [
            "id",
            "grant_id",
            "round_id",
            "organisation",
            "ground",
            "status",
            "occurred_on",
            "proposed_at",
            "decided_on",
            "document_number",
        ]


class BanSerializer(serializers.ModelSerializer[Ban]):
    programme_id = serializers.IntegerField()
    organisation = serializers.CharField(source="organisation.name")
    credit_code = serializers.CharField(source="organisation.credit_code")

    class Meta:
        model = Ban
        fields = [
            "id",
            "organisation",
            "credit_code",
            "programme_id",
            "reason",
            "starts_on",
            "ends_on",
        ]


class PlenaryDecisionSerializer(serializers.ModelSerializer[PlenaryDecision]):
    application_id = serializers.IntegerField()
    organisation = serializers.CharField(source="application.organisation.name")

    class Meta:
        model = PlenaryDecision
        fields = [
            "application_id",
            "organisation",
            "level",
            "outcome",
            "votes_agree",
            "votes_disagree",
            "votes_abstain",
        ]


class PlenarySerializer(serializers.ModelSerializer[PlenaryMeeting]):
    """Art. 20: the leading group's plenary and its decision on each candidate."""

    round_id = serializers.IntegerField()
    decisions = PlenaryDecisionSerializer(many=True)

    class Meta:
        model = PlenaryMeeting
        fields = ["id", "round_id", "held_on", "members_total", "members_present", "decisions"]


class ObjectionSerializer(serializers.ModelSerializer[Objection]):
    """Art. 21: an objection and how it was handled. The objector's identity stays on the
    office's pages: another system has no need of it."""

    application_id = serializers.IntegerField()
    organisation = serializers.CharField(source="application.organisation.name")
    status_label = serializers.CharField(source="get_status_display")

    class Meta:
        model = Objection
        fields = [
            "id",
            "receipt_number",
            "application_id",
            "organisation",
            "received_at",
            "status",
            "status_label",
            "handling_opinion",
            "decided_at",
        ]
