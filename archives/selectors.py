from __future__ import annotations

from django.db.models import QuerySet

from accounts.permissions import AnyUser, office_programme_ids
from archives.enums import ArchiveState
from archives.models import RoundArchive
from awards.models import Round


def archives_of_round(round: Round) -> QuerySet[RoundArchive]:
    return RoundArchive.objects.filter(round=round).select_related(
        "requested_by", "round__programme"
    )


def archive_for_download(user: AnyUser, pk: int) -> RoundArchive | None:
    """A finished archive of a round of the user's office programmes; None (a 404) otherwise."""
    return (
        RoundArchive.objects.filter(
            pk=pk,
            state=ArchiveState.READY,
            round__programme_id__in=office_programme_ids(user),
        )
        .select_related("round__programme")
        .first()
    )


def round_any(pk: int) -> Round | None:
    return Round.objects.select_related("programme").filter(pk=pk).first()
