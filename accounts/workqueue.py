"""Each role's work queue: what waits, on whom, since and until when, and where it is done.

Every app with waiting work registers providers for a role in its ``registrations.py``
(accounts sits below them and knows none). A provider takes the user and returns its
``WorkItem``s, computed from the state of the rounds and cases of the user's programmes only,
in a fixed number of queries whatever their number (it counts per round, not per object). The
dashboard shows the queue above the role's sections; the top menu shows its length.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from accounts.models import User
from accounts.permissions import AnyUser, roles_of


@dataclass(frozen=True)
class WorkItem:
    """One thing waiting. ``what`` and ``reason`` are already translated sentences;
    ``until`` is the last day included (a period ends at 24:00 of it, Civil Code Art. 203)."""

    role: str
    what: str
    on_whom: str
    url: str
    action: str
    programme: str = ""
    since: date | None = None
    until: date | None = None
    overdue: bool = False
    count: int = 1
    # Why a stage cannot move on (publicity ended, an objection still open).
    reason: str = ""


Provider = Callable[[User], list[WorkItem]]

Counter = Callable[[User], int]

_providers: dict[tuple[str, str], Provider] = {}
_counters: dict[tuple[str, str], Counter] = {}


def register_provider(
    role: str, name: str, provider: Provider, *, count: Counter | None = None
) -> None:
    """Add an app's provider of ``role``'s waiting work (the same role and name replaces it).
    ``count``, when given, returns ``len(provider(user))`` more cheaply (the menu's count
    asks it instead of building the items)."""
    _providers[(role, name)] = provider
    if count is None:
        _counters.pop((role, name), None)
    else:
        _counters[(role, name)] = count


def sort_key(item: WorkItem) -> tuple[bool, date, date]:
    """Overdue first, then by the last day (undated last), then the longest waiting."""
    return (not item.overdue, item.until or date.max, item.since or date.max)


def items_for(user: AnyUser, roles: Iterable[str] | None = None) -> list[WorkItem]:
    """Every item waiting for ``user`` in the roles it holds, overdue first. Cached on the
    user object for the request (the dashboard and the menu's count ask the same)."""
    if not user.is_authenticated:
        return []
    cached: list[WorkItem] | None = getattr(user, "_portal_work_items", None)
    if cached is not None:
        return cached
    held = frozenset(roles) if roles is not None else roles_of(user)
    items = [
        item
        for (role, _name), provider in sorted(_providers.items())
        if role in held
        for item in provider(user)
    ]
    items.sort(key=sort_key)
    user._portal_work_items = items  # type: ignore[union-attr,attr-defined]
    return items


def count_for(user: AnyUser) -> int:
    """How many things wait for the user (an item counting several, as "3 opinions", counts
    as one line of the queue): the items already read in this request, else each provider's
    counter where it has one and its items where it has none."""
    if not user.is_authenticated:
        return 0
    cached: list[WorkItem] | None = getattr(user, "_portal_work_items", None)
    if cached is not None:
        return len(cached)
    held = roles_of(user)
    return sum(
        counter(user) if (counter := _counters.get(key)) else len(provider(user))
        for key, provider in sorted(_providers.items())
        if key[0] in held
    )


def last_day_before(deadline: datetime) -> date:
    """The last whole day of a period that ends at ``deadline``: a deadline at 00:00 ends the
    day before at 24:00, any other time ends on its own day."""
    local = timezone.localtime(deadline)
    if local.time() == datetime.min.time():
        return local.date() - timedelta(days=1)
    return local.date()
