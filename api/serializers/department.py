"""A department's consultations (Art. 17): what the liaison's answer page shows."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from applications.enums import ConsultationResult
from applications.models import Consultation
from sanctions.enums import IncidentKind
from sanctions.models import Incident


class Text(serializers.CharField):
    """Text only: DRF's CharField turns a number or a boolean into text; the API refuses it.
    Kept as sent (no trimming): blank text is the service's to refuse, with its reason."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("trim_whitespace", False)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return str(super().to_internal_value(data))


class ConsultationSerializer(serializers.ModelSerializer[Consultation]):
    round_id = serializers.IntegerField(source="application.round_id")
    round = serializers.CharField(source="application.round.title")
    organisation = serializers.CharField(source="application.organisation.name")
    credit_code = serializers.CharField(source="application.organisation.credit_code")
    department = serializers.CharField(source="department.name")
    result_label = serializers.CharField(source="get_result_display")

    class Meta:
        model = Consultation
        fields = [
            "id",
            "round_id",
            "round",
            "organisation",
            "credit_code",
            "department",
            "question",
            "sent_at",
            "due_on",
            "result",
            "result_label",
            "details",
            "answered_at",
            "reply_letter_name",
            "reply_letter_sha256",
        ]


class AnswerSerializer(serializers.Serializer[Any]):
    """The answer: no adverse record, or an adverse record with its details, and optionally
    the department's sealed reply letter (a multipart request), checked like every upload."""

    result = serializers.ChoiceField(
        choices=[
            (ConsultationResult.NO_ADVERSE.value, ConsultationResult.NO_ADVERSE.label),
            (ConsultationResult.ADVERSE.value, ConsultationResult.ADVERSE.label),
        ]
    )
    details = Text(required=False, allow_blank=True, default="", max_length=5000)
    letter = serializers.FileField(
        required=False,
        allow_empty_file=False,
        default=None,
        help_text="盖章的答复函扫描件（PDF、OFD、DOCX、XLSX、JPG 或 PNG），以 multipart/form-data "
        "提交。 / The department's sealed reply letter (scan), sent as multipart/form-data.",
    )


class IncidentSerializer(serializers.ModelSerializer[Incident]):
    """A report of the department about a winner (Art. 29), as its page lists it."""

    grant_id = serializers.IntegerField()
    organisation = serializers.CharField(source="grant.organisation.name")
    kind_label = serializers.CharField(source="get_kind_display")
    status_label = serializers.CharField(source="get_status_display")

    class Meta:
        model = Incident
        fields = [
            "id",
            "receipt_number",
            "grant_id",
            "organisation",
            "kind",
            "kind_label",
            "occurred_on",
            "description",
            "received_at",
            "status",
            "status_label",
        ]


class IncidentReportSerializer(serializers.Serializer[Any]):
    """A new report: the winner (a grant id of /winners/, still valid), the kind, the date
    and what happened."""

    grant_id = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    kind = serializers.ChoiceField(
        choices=[(k.value, k.label) for k in IncidentKind if k != IncidentKind.FORGERY]
    )
    occurred_on = serializers.DateField(required=False, allow_null=True, default=None)
    description = Text(max_length=5000)
