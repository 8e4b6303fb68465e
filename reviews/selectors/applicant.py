"""Reads for the applicant's naming of conflicted experts and the office's view of every
conflict on record for an application (R12)."""

from __future__ import annotations

from django.db.models import QuerySet

from applications.models import Application
from reviews.enums import ConflictSource
from reviews.models import ConflictDeclaration
from reviews.permissions import pool_of


def pool_choices(application: Application) -> list[tuple[int, str]]:
    """What the applicant may see of the programme's active pool (R12): each expert's name and
    employer only, those it named already left out. One query."""
    return [
        (pk, f"{name} · {employer}" if employer else name)
        for pk, name, employer in pool_of(application.round.programme_id)
        .exclude(
            pk__in=ConflictDeclaration.objects.filter(
                application=application, has_conflict=True
            ).values("expert_id")
        )
        .order_by("name", "pk")
        .values_list("pk", "name", "employer")
    ]


def named_by_applicant(application: Application) -> QuerySet[ConflictDeclaration]:
    """The experts the applicant named as conflicted (what it may see of them: name,
    employer, kind, its reason, when). One query."""
    return (
        ConflictDeclaration.objects.filter(
            application=application, has_conflict=True, source=ConflictSource.APPLICANT
        )
        .select_related("expert", "recorded_by")
        .order_by("declared_at", "pk")
    )


def conflicts_on_record(application: Application) -> QuerySet[ConflictDeclaration]:
    """The office's view (R12): every conflict on record for the application, with who
    declared, named or recorded it and what it did to the expert's submitted reviews. One
    query."""
    return (
        ConflictDeclaration.objects.filter(application=application, has_conflict=True)
        .select_related("expert", "recorded_by", "recomputed_by")
        .order_by("declared_at", "pk")
    )
