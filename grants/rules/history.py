"""One rule, read in one query, for what earlier wins mean for an organisation: the portal's own
grants together with the wins imported from before the portal (Art. 34). The stages below
grants (applications.rules: R7 interval, R4/R7 repeat; the review's composite ranking; the
plenary's candidate list) ask it through ``awards.history``, which this module fills
(``grants.registrations``), so every step agrees. Bars are the sanctions app's
(``sanctions.rules``)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, OuterRef

from awards.enums import PrizeLevel, RoundStage
from awards.models import Round
from grants.enums import GrantStatus
from grants.models import AwardGrant, PastWin
from organisations.models import Organisation


def prize_winner_ids_before(round: Round, organisation_ids: Iterable[int]) -> set[int]:
    """R4 / R7: the organisations among ``organisation_ids`` that won the prize of the round's
    programme in an earlier round, in the portal or before it (imported history). One query.
    """
    return winner_ids_before(round, organisation_ids, PrizeLevel.PRIZE)


def winner_ids_before(round: Round, organisation_ids: Iterable[int], level: str) -> set[int]:
    """R4 / R7: the organisations among ``organisation_ids`` that won ``level`` of the round's
    programme in an earlier round, in the portal or before it (imported history). One query.
    """
    ids = list(organisation_ids)
    if not ids:
        return set()
    portal = AwardGrant.objects.filter(
        organisation_id=OuterRef("pk"),
        level=level,
        round__programme_id=round.programme_id,
        round__year__lt=round.year,
    ).exclude(round_id=round.pk)
    past = PastWin.objects.filter(
        credit_code=OuterRef("credit_code"),
        programme_id=round.programme_id,
        level=level,
        round_year__lt=round.year,
    )
    return set(
        Organisation.objects.filter(pk__in=ids)
        .filter(Exists(portal) | Exists(past))
        .values_list("pk", flat=True)
    )


def last_prize_year(organisation: Organisation, round: Round) -> int | None:
    """R7: the year of the organisation's latest prize of the round's programme (a revoked
    prize does not count), in the portal or in the imported history. One query."""
    portal = (
        AwardGrant.objects.filter(
            organisation=organisation,
            level=PrizeLevel.PRIZE,
            round__programme_id=round.programme_id,
        )
        .exclude(status=GrantStatus.REVOKED)
        .values_list("round__year", flat=True)
    )
    past = PastWin.objects.filter(
        credit_code=organisation.credit_code,
        programme_id=round.programme_id,
        level=PrizeLevel.PRIZE,
    ).values_list("round_year", flat=True)
    years = list(portal.order_by().union(past.order_by()))
    return max(years) if years else None


def prize_programme_ids(organisation: Organisation) -> set[int]:
    """R7: the programmes whose prize the organisation has won (a revoked prize does not
    count, as in ``last_prize_year``), in the portal or in the imported history. One query."""
    portal = (
        AwardGrant.objects.filter(organisation=organisation, level=PrizeLevel.PRIZE)
        .exclude(status=GrantStatus.REVOKED)
        .values_list("round__programme_id", flat=True)
    )
    past = PastWin.objects.filter(
        credit_code=organisation.credit_code, level=PrizeLevel.PRIZE
    ).values_list("programme_id", flat=True)
    return set(portal.order_by().union(past.order_by()))


def rounds_held_between(round: Round, after_year: int) -> int:
    """R7 / Art. 27: how many rounds of the round's programme were held after the
    ``after_year`` round and before ``round``: the portal's rounds whose call was published and
    the rounds before the portal that the imported history names. Rounds, not years: a round
    that slipped a year still counts once. One query."""
    portal = (
        Round.objects.filter(
            programme_id=round.programme_id, year__gt=after_year, year__lt=round.year
        )
        .exclude(stage=RoundStage.DRAFT)
        .exclude(pk=round.pk)
        .values_list("year", flat=True)
    )
    past = PastWin.objects.filter(
        programme_id=round.programme_id, round_year__gt=after_year, round_year__lt=round.year
    ).values_list("round_year", flat=True)
    return len(set(portal.order_by().union(past.order_by())))
