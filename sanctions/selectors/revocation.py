"""Reads about revocations and bans (R8, R11): the office's cases, the organisation's case,
the public revocation notice, and the bans in force."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from accounts.permissions import AnyUser, is_office_of, office_programme_ids
from applications.models import Application
from applications.permissions.application import organisation_id_of
from grants.enums import GrantStatus
from grants.models import AwardGrant, PastBan
from sanctions.enums import FraudBarStatus, RevocationStatus
from sanctions.models import Ban, BanNotice, FraudBarCase, Revocation
from sanctions.permissions import office_may_open_ban


def grant_for_revocation(user: AnyUser, pk: int) -> AwardGrant | None:
    """The grant if the user is the office of its programme; else None (404)."""
    if not user.is_authenticated:
        return None
    grant = (
        AwardGrant.objects.select_related("organisation", "round__programme", "approval")
        .filter(pk=pk)
        .first()
    )
    if grant is None or not is_office_of(user, grant.round.programme_id):
        return None
    return grant


def _cases() -> QuerySet[Revocation]:
    return Revocation.objects.select_related(
        "grant__organisation",
        "grant__round__programme",
        "grant__approval",
        "proposed_by",
        "recovery",
    ).prefetch_related(Prefetch("ban_set", queryset=Ban.objects.order_by("-ends_on")))


def revocation_for_office(user: AnyUser, pk: int) -> Revocation | None:
    """The case if the user is the office of the grant's programme; else None (404)."""
    if not user.is_authenticated:
        return None
    revocation = _cases().filter(pk=pk).first()
    if revocation is None or not is_office_of(user, revocation.grant.round.programme_id):
        return None
    return revocation


def revocation_for_organisation(user: AnyUser, pk: int) -> Revocation | None:
    """The case if the user belongs to the organisation concerned; else None (404)."""
    org_id = organisation_id_of(user) if user.is_authenticated else None
    if org_id is None:
        return None
    return _cases().filter(pk=pk, grant__organisation_id=org_id).first()


def office_revocations(user: AnyUser) -> QuerySet[Revocation]:
    """Every case on the grants of the office's programmes, newest first."""
    return (
        _cases()
        .filter(grant__round__programme_id__in=office_programme_ids(user))
        .order_by("-proposed_at", "-pk")
    )


def revocable_grants(user: AnyUser, today: date | None = None) -> QuerySet[AwardGrant]:
    """The office's grants not yet revoked: valid ones on every ground (R11 concerns the
    validity period), expired ones for fraud only (R8 / Art. 28 has no time limit; the
    service refuses the other grounds)."""
    return (
        AwardGrant.objects.filter(round__programme_id__in=office_programme_ids(user))
        .exclude(status=GrantStatus.REVOKED)
        .select_related("organisation", "round__programme")
        .order_by("status", "-round__year", "organisation__name")
    )


def public_revocations() -> QuerySet[Revocation]:
    """The public revocation notice (R8, R11): every award revoked by the government."""
    return (
        _cases()
        .filter(status=RevocationStatus.REVOKED)
        .order_by("-decided_on", "grant__organisation__name")
    )


def is_office(user: AnyUser) -> bool:
    return bool(office_programme_ids(user))


def bans_in_force(today: date | None = None) -> QuerySet[Ban]:
    """R8: bars in force today, the longest first (a bar covers every award programme)."""
    today = today or timezone.localdate()
    return (
        Ban.objects.filter(starts_on__lte=today, ends_on__gte=today)
        .select_related(
            "organisation", "revocation__grant__round", "fraud_case__application__round"
        )
        .order_by("-ends_on", "organisation__name")
    )


def past_bans_in_force(today: date | None = None) -> QuerySet[PastBan]:
    """R8 / Art. 34: bars imported from before the portal, in force today."""
    today = today or timezone.localdate()
    return PastBan.objects.filter(starts_on__lte=today, ends_on__gte=today).order_by(
        "-ends_on", "organisation_name"
    )


def ban_for_office(user: AnyUser, pk: int) -> Ban | None:
    """The bar if the user is the office of the programme whose decision it follows (any
    office for a bar that follows no case); else None (404)."""
    if not user.is_authenticated:
        return None
    ban = (
        Ban.objects.select_related(
            "organisation",
            "revocation__grant__round__programme",
            "fraud_case__application__round",
        )
        .prefetch_related(Prefetch("notices", queryset=BanNotice.objects.order_by("sent_on")))
        .filter(pk=pk)
        .first()
    )
    if ban is None:
        return None
    return ban if office_may_open_ban(ban, office_programme_ids(user)) else None


def fraud_bar_case_of(application: Application) -> FraudBarCase | None:
    """R8 / Art. 28: the bar decision opened when the application was disqualified for fraud."""
    return FraudBarCase.objects.filter(application_id=application.pk).first()


def open_fraud_bar_cases(user: AnyUser) -> QuerySet[FraudBarCase]:
    """R8 / Art. 28: disqualifications for fraud whose bar is still to be decided or awaits the
    government, in the office's programmes."""
    return (
        FraudBarCase.objects.filter(
            status__in=[FraudBarStatus.PENDING, FraudBarStatus.PROPOSED],
            application__round__programme_id__in=office_programme_ids(user),
        )
        .select_related("application__round__programme", "application__organisation")
        .order_by("created_at", "pk")
    )


def revoked_per_round(round_ids: list[int]) -> dict[int, int]:
    """Art. 11(9): the awards of each round revoked by the government (R11, Art. 30), one
    aggregate query."""
    rows = (
        Revocation.objects.filter(grant__round_id__in=round_ids, status=RevocationStatus.REVOKED)
        .values("grant__round_id")
        .annotate(n=Count("pk"))
        .values_list("grant__round_id", "n")
    )
    return dict(rows)
