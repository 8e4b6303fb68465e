from __future__ import annotations

from django.db.models import Model, QuerySet

from decisionlog.models import DecisionLogEntry
from decisionlog.moved import labels_of


def decisions_for_object(obj: Model) -> QuerySet[DecisionLogEntry]:
    return DecisionLogEntry.objects.filter(
        object_type__in=labels_of(obj), object_id=str(obj.pk)
    ).select_related("actor")


def decisions_for_round(round_id: int) -> QuerySet[DecisionLogEntry]:
    return DecisionLogEntry.objects.filter(round_id=round_id).select_related("actor")
