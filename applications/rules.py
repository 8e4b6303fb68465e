"""Rules about who may apply (R1, R7, R8) and what makes a dossier submittable (R5, R13)."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from awards import history
from awards.models import Round
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


def active_ban_until(organisation: Organisation, on: date | None = None) -> date | None:
    """R8: the end date of a bar in force, if any (portal bans and imported history)."""
    return history.ban_until(organisation, on or timezone.localdate())


def check_not_banned(organisation: Organisation, on: date | None = None) -> None:
    """R8: a barred organisation cannot apply; the message says until when."""
    until = active_ban_until(organisation, on)
    if until is not None:
        raise DomainError(
            _(
                "%(org)s is barred from applying until and including %(until)s; it may apply "
                "again from %(next)s."
            )
            % {"org": organisation, **last_day_and_next(until)},
            rule="R8",
        )


def next_eligible_year_after_prize(organisation: Organisation, round: Round) -> int | None:
    """R7: a prize winner of round N may apply again from round N+3 (two full rounds later);
    wins imported from before the portal count too."""
    year = history.last_prize_year(organisation, round)
    if year is None:
        return None
    return year + 3 * round.programme.round_interval_years


def check_reapplication_interval(organisation: Organisation, round: Round) -> None:
    """R7: re-application only after two full rounds since a prize win."""
    year = next_eligible_year_after_prize(organisation, round)
    if year is not None and round.year < year:
        raise DomainError(
            _(
                "%(org)s won the prize and may apply again only after two full rounds, "
                "from the %(year)d round."
            )
            % {"org": organisation, "year": year},
            rule="R7",
        )


def is_repeat_prize_winner(organisation: Organisation, round: Round) -> bool:
    """R4/R7: an earlier prize (in the portal or imported) makes this a repeat win."""
    return organisation.pk in history.prize_winner_ids_before(round, [organisation.pk])
