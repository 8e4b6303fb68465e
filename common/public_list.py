"""The public lists of a province's programmes (call notices, winners): one page of rows at a
time, narrowed to a programme and a year, as a government portal lists its notices. The filter
and the page number come from the query string; each (filter, page) is one entry of the page
cache (common.page_cache), under the same scope version as the unfiltered list."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone


def _positive(value: str | None) -> int | None:
    value = (value or "").strip()
    if not value.isdigit() or len(value) > 9:
        return None
    number = int(value)
    return number or None


@dataclass(frozen=True)
class ListFilter:
    """The programme (its id), the year and the page asked for; None is "all"."""

    programme: int | None = None
    year: int | None = None
    page: int = 1

    @classmethod
    def from_request(cls, request: HttpRequest) -> ListFilter:
        return cls(
            programme=_positive(request.GET.get("programme")),
            year=_positive(request.GET.get("year")),
            page=_positive(request.GET.get("page")) or 1,
        )

    def vary(self) -> list[object]:
        """The page cache's key parts (common.page_cache ``vary``)."""
        return [self.programme or "", self.year or "", self.page]

    def query(self, page: int = 1) -> str:
        """The query string of this filter at ``page`` (with its "?")."""
        params: dict[str, int] = {}
        if self.programme:
            params["programme"] = self.programme
        if self.year:
            params["year"] = self.year
        if page > 1:
            params["page"] = page
        return "?" + urlencode(params) if params else "?"

    @property
    def narrowed(self) -> bool:
        return bool(self.programme or self.year)


@dataclass(frozen=True)
class ListChoices:
    """What the filter offers, the programmes (id, name) by name and the years newest first,
    with how many rows each (programme, year) has: the page's count comes from here, not from
    a query of its own."""

    programmes: list[tuple[int, str]]
    years: list[int]
    counts: dict[tuple[int, int], int]

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[int, str, int, int]]) -> ListChoices:
        """From (programme id, programme name, year, number of rows) rows."""
        programmes: dict[int, str] = {}
        counts: dict[tuple[int, int], int] = {}
        for programme_id, name, year, n in rows:
            programmes[programme_id] = name
            counts[(programme_id, year)] = counts.get((programme_id, year), 0) + n
        return cls(
            programmes=sorted(programmes.items(), key=lambda item: (item[1], item[0])),
            years=sorted({year for _programme, year in counts}, reverse=True),
            counts=counts,
        )

    def programme_name(self, pk: int | None) -> str:
        return next((name for id, name in self.programmes if id == pk), "")

    def count(self, chosen: ListFilter) -> int:
        """How many rows the filter lists."""
        return sum(
            n
            for (programme, year), n in self.counts.items()
            if chosen.programme in (None, programme) and chosen.year in (None, year)
        )


class _CountedPaginator(Paginator):
    """A paginator told its count (the choices' sums) instead of counting with a query."""

    def __init__(self, rows: QuerySet[Any], per_page: int, count: int) -> None:
        super().__init__(rows, per_page)
        self._known_count = count

    @property
    def count(self) -> int:  # type: ignore[override]
        return self._known_count


def page_of(rows: QuerySet[Any], per_page: int, chosen: ListFilter, choices: ListChoices) -> Page:
    """The page asked for (the last one when it asks beyond): one query, the page's rows."""
    return _CountedPaginator(rows, per_page, choices.count(chosen)).get_page(chosen.page)


def kept_until(page: Page, chosen: ListFilter) -> datetime | None:
    """When the cached page goes out of date by itself: a page nobody links to (a filter that
    matches nothing, a page number beyond the last) is kept a second only, so that guessed
    query strings do not fill the cache; any other page until the next change."""
    if page.number != chosen.page or (chosen.narrowed and not page.object_list):
        return timezone.now()
    return None


def list_context(page: Page, chosen: ListFilter, choices: ListChoices) -> dict[str, Any]:
    """The context the filter form and the page links (components/_public_list_*.html) read."""
    return {
        "page": page,
        "chosen": chosen,
        "choices": choices,
        "chosen_programme": choices.programme_name(chosen.programme),
        "previous_query": chosen.query(page.number - 1) if page.has_previous() else "",
        "next_query": chosen.query(page.number + 1) if page.has_next() else "",
    }
