"""A department's consultations (Art. 17): what the liaison's answer page shows."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from applications.enums import ConsultationResult
from applications.models import Consultation


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
        ]


class AnswerSerializer(serializers.Serializer[Any]):
    """The answer: no adverse record, or an adverse record with its details."""

    result = serializers.ChoiceField(
        choices=[
            (ConsultationResult.NO_ADVERSE.value, ConsultationResult.NO_ADVERSE.label),
            (ConsultationResult.ADVERSE.value, ConsultationResult.ADVERSE.label),
        ]
    )
    details = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
