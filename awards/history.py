"""What earlier wins and bars mean for an organisation (R4, R7, R8): one rule that every stage
asks (applications: who may apply; reviews: the composite ranking; publicity: the plenary's
candidate list), so every step agrees.

The rule reads the records of the apps above: grants keeps the portal's grants and the history
imported from before the portal (Art. 34) and fills the wins (``grants.rules.history``);
sanctions keeps the portal's bans, reads the imported ones, and fills the bars
(``sanctions.rules``), each in its ``AppConfig.ready()``. The stages call the functions here.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from django.core.exceptions import ImproperlyConfigured

from awards.models import Round
from organisations.models import Organisation


@dataclass(frozen=True)
class BarInForce:
    """A bar in force, as the organisation sees it on its own page: the programme that
    decided it, its last day (inclusive), reason and note."""

    programme: str
    ends_on: date
    reason: str
    note: str
    programme_id: int

    @property
    def may_apply_from(self) -> date:
        """Civil Code Art. 203: the bar ends at 24:00 of its last day."""
        return self.ends_on + timedelta(days=1)


class WinHistory(Protocol):
    def prize_winner_ids_before(self, round: Round, organisation_ids: Iterable[int]) -> set[int]:
        """R4 / R7: those of ``organisation_ids`` that won the prize of the round's programme
        in an earlier round, in the portal or before it."""

    def winner_ids_before(
        self, round: Round, organisation_ids: Iterable[int], level: str
    ) -> set[int]:
        """R4 / R7: those of ``organisation_ids`` that won ``level`` of the round's programme
        in an earlier round, in the portal or before it."""

    def last_prize_year(self, organisation: Organisation, round: Round) -> int | None:
        """R7: the year of the organisation's latest prize of the round's programme."""

    def rounds_held_between(self, round: Round, after_year: int) -> int:
        """R7: the rounds of the round's programme held after ``after_year``'s and before it."""

    def prize_programme_ids(self, organisation: Organisation) -> set[int]:
        """R7: the programmes whose prize the organisation has won (not revoked), in the
        portal or before it: the only ones whose re-application interval can refuse it."""


class BarHistory(Protocol):
    def ban_until(
        self, organisation: Organisation, on: date, programme_ids: Collection[int]
    ) -> date | None:
        """R8: the last day of the longest bar in force on ``on`` decided by one of
        ``programme_ids`` (a programme and those whose bars its rules honour,
        ``awards.rulesets.barring_programme_ids``), portal or imported."""

    def barred_programme_ids(
        self, organisation: Organisation, on: date, deciding: Collection[int] | None = None
    ) -> set[int]:
        """R8: the programmes a bar in force on ``on`` keeps the organisation out of (those
        that decided one and those that honour their bars), portal or imported. ``deciding``:
        the programmes that decided the bars in force on ``on``, when the caller has read
        them (``bars_in_force``)."""

    def bars_in_force(self, organisation: Organisation, on: date) -> list[BarInForce]:
        """R8: the organisation's bars in force on ``on``, the longest of each deciding
        programme, portal or imported."""


_wins: WinHistory | None = None
_bars: BarHistory | None = None


def register_wins(source: WinHistory) -> None:
    """Called once, by the app that keeps the records of wins (grants)."""
    global _wins
    _wins = source


def register_bars(source: BarHistory) -> None:
    """Called once, by the app that keeps the records of bars (sanctions)."""
    global _bars
    _bars = source


def _win_history() -> WinHistory:
    if _wins is None:
        raise ImproperlyConfigured("No app keeps the earlier wins: is grants installed?")
    return _wins


def _bar_history() -> BarHistory:
    if _bars is None:
        raise ImproperlyConfigured("No app keeps the bars: is sanctions installed?")
    return _bars


def prize_winner_ids_before(round: Round, organisation_ids: Iterable[int]) -> set[int]:
    return _win_history().prize_winner_ids_before(round, organisation_ids)


def winner_ids_before(round: Round, organisation_ids: Iterable[int], level: str) -> set[int]:
    return _win_history().winner_ids_before(round, organisation_ids, level)


def last_prize_year(organisation: Organisation, round: Round) -> int | None:
    return _win_history().last_prize_year(organisation, round)


def rounds_held_between(round: Round, after_year: int) -> int:
    return _win_history().rounds_held_between(round, after_year)


def prize_programme_ids(organisation: Organisation) -> set[int]:
    return _win_history().prize_programme_ids(organisation)


def ban_until(organisation: Organisation, on: date, programme_ids: Collection[int]) -> date | None:
    return _bar_history().ban_until(organisation, on, programme_ids)


def barred_programme_ids(
    organisation: Organisation, on: date, deciding: Collection[int] | None = None
) -> set[int]:
    return _bar_history().barred_programme_ids(organisation, on, deciding)


def bars_in_force(organisation: Organisation, on: date) -> list[BarInForce]:
    return _bar_history().bars_in_force(organisation, on)
