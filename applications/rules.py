"""Rules about who may apply (R1, R5's registration area, R7, R8) and what makes a dossier
submittable (R5, R13)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from awards import history
from awards.areas import area_refusal
from awards.models import AwardProgramme, Round
from awards.rulesets import barring_programme_ids, round_rule_settings
from common.dates import last_day_and_next
from decisionlog.workflow import DomainError
from organisations.models import Organisation


def check_window_open(round: Round, at: datetime | None = None) -> None:
    """R1: after the deadline nothing can be submitted or changed (server time)."""
    if not round.window_is_open(at):
        raise DomainError(
            _("The application window of %(round)s is not open (deadline %(when)s).")
            % {
                "round": round,
                "when": timezone.localtime(round.applications_close_at).strftime("%Y-%m-%d %H:%M"),
            },
            rule="R1",
        )


def active_ban_until(
    organisation: Organisation,
    programme: AwardProgramme,
    on: date | None = None,
    *,
    round: Round | None = None,
) -> date | None:
    """R8: the end date of a bar in force that keeps the organisation out of ``programme``
    (Art. 28, 30: the programme's own bars and those its rules honour, as ``round`` kept them
    when there is one; portal bans and imported history)."""
    programme_ids = barring_programme_ids(programme, round)
    return history.ban_until(organisation, on or timezone.localdate(), programme_ids)


def check_not_banned(
    organisation: Organisation,
    programme: AwardProgramme,
    on: date | None = None,
    *,
    round: Round | None = None,
) -> None:
    """R8: a barred organisation cannot apply; the message says until when (inclusive). In
    ``round`` the bars honoured are those its rules kept."""
    until = active_ban_until(organisation, programme, on, round=round)
    if until is not None:
        raise DomainError(
            _(
                "%(org)s is barred from applying until and including %(until)s; it may apply "
                "again from %(next)s."
            )
            % {"org": organisation, **last_day_and_next(until)},
            rule="R8",
        )


@dataclass(frozen=True)
class PrizeInterval:
    """R7: the organisation's latest prize of the programme, the rounds held since and the
    rounds the round's rules require (Art. 27 of the 2022 measures: two, "两届后")."""

    won_in: int
    rounds_held: int
    rounds_required: int

    @property
    def may_apply(self) -> bool:
        return self.rounds_held >= self.rounds_required


def prize_interval(organisation: Organisation, round: Round) -> PrizeInterval | None:
    """R7: a prize winner of round N may apply again once two rounds have been held after N
    (rounds actually held, in the portal or named by the imported history, not years); wins
    imported from before the portal count too. None for an organisation with no prize."""
    year = history.last_prize_year(organisation, round)
    if year is None:
        return None
    required = round_rule_settings(round).reapplication_rounds
    return PrizeInterval(year, history.rounds_held_between(round, year), required)


def check_reapplication_interval(organisation: Organisation, round: Round) -> None:
    """R7: re-application only after the rounds the round's rules require (the 2022
    measures: two full rounds) since a prize win."""
    interval = prize_interval(organisation, round)
    if interval is not None and not interval.may_apply:
        raise DomainError(
            _(
                "%(org)s won the prize in the %(year)d round and may apply again only after "
                "%(required)d full rounds have been held since; rounds held since: %(held)d."
            )
            % {
                "org": organisation,
                "year": interval.won_in,
                "required": interval.rounds_required,
                "held": interval.rounds_held,
            },
            rule="R7",
        )


def start_refusal(organisation: Organisation, round: Round) -> str | None:
    """R5 (registration area), R7, R8: why the organisation cannot start an application in
    ``round`` (the message ``start_application`` would refuse with), or None. The dashboard
    says this in place of a button that would fail."""
    outside = area_refusal(organisation, round)
    if outside is not None:
        return outside
    try:
        check_not_banned(organisation, round.programme, round=round)
        check_reapplication_interval(organisation, round)
    except DomainError as refusal:
        return refusal.message
    return None


def programmes_that_may_refuse(
    organisation: Organisation, on: date | None = None, deciding: Collection[int] | None = None
) -> set[int]:
    """R7, R8: the programmes in which ``start_refusal`` can refuse the organisation: those
    whose prize it won and those a bar in force keeps it out of. Elsewhere it is None, so a
    page listing many programmes' rounds asks ``start_refusal`` for these alone (two or three
    queries, not three a programme). ``deciding``: the programmes that decided the bars in
    force on ``on``, when the caller has read them."""
    on = on or timezone.localdate()
    return history.prize_programme_ids(organisation) | history.barred_programme_ids(
        organisation, on, deciding
    )


def is_repeat_prize_winner(organisation: Organisation, round: Round) -> bool:
    """R4/R7: an earlier prize (in the portal or imported) makes this a repeat win."""
    return organisation.pk in history.prize_winner_ids_before(round, [organisation.pk])
