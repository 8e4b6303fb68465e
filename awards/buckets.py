"""R2 / Art. 6: a programme's sector buckets as data: each a named set of GB/T 4754 sections
(one bucket, the catch-all, takes every section no other names), with its places at each
level. The 2022 measures: 制造业 (section C) 3 places and 服务业及其他 (the rest) 2, of a level's
5; a zone award may have one bucket (3 places, no split); another city three (制造业 / 建筑业 /
服务业). A programme keeps them in its rule settings (``awards.rulesets``), as JSON: a list of
``{"code", "name", "sections", "prize_places", "nomination_places"}``; a round keeps the copy
it opened under."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from awards.enums import PrizeLevel
from organisations.enums import IndustrySection, Sector

# The two buckets of the 2022 measures, whose places a round's columns mirror
# (Round.prize_quota_manufacturing / _service, nomination_quota_manufacturing / _service) beside
# its places per bucket (Round.bucket_places, LEGACY_PLACE_COLUMNS below).
MANUFACTURING = "manufacturing"
SERVICE = "service"

_CODE = re.compile(r"^[a-z][a-z0-9-]{0,19}$")
# A bucket's line on the rules page: code | name | sections | prize places | nomination places.
_SEPARATOR = re.compile(r"\s*[|｜]\s*")
# The sections of the catch-all bucket as the office writes them.
CATCH_ALL_WORDS = frozenset({"", "*", "其他", "其余"})


@dataclass(frozen=True)
class SectorBucket:
    """One bucket: its code (stored on applications), its name as pages and notices write it,
    its GB/T 4754 section letters (empty: the catch-all) and its places at each level."""

    code: str
    name: str
    sections: tuple[str, ...] = ()
    prize_places: int = 0
    nomination_places: int = 0

    @property
    def is_catch_all(self) -> bool:
        return not self.sections

    def places(self, level: str) -> int:
        return self.prize_places if level == PrizeLevel.PRIZE else self.nomination_places

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "sections": list(self.sections),
            "prize_places": self.prize_places,
            "nomination_places": self.nomination_places,
        }

    def line(self) -> str:
        """The bucket as the rules page writes it (``parse_bucket_lines`` reads it back)."""
        sections = "".join(self.sections) or "*"
        return (
            f"{self.code} | {self.name} | {sections} | {self.prize_places} | "
            f"{self.nomination_places}"
        )


def default_bucket_json(
    manufacturing: int = 3, service: int = 2, nominations: int = 5
) -> list[dict[str, Any]]:
    """The 2022 measures' two buckets (制造业 = section C; 服务业及其他 = every other section), with
    the given prize places and the nomination places split the same way (manufacturing first)."""
    nomination_manufacturing = min(manufacturing, nominations)
    return [
        SectorBucket(
            MANUFACTURING, "制造业", ("C",), manufacturing, nomination_manufacturing
        ).as_json(),
        SectorBucket(
            SERVICE, "服务业及其他", (), service, max(nominations - nomination_manufacturing, 0)
        ).as_json(),
    ]


def default_sector_buckets() -> list[dict[str, Any]]:
    """The model field's default (a callable: a list is mutable)."""
    return default_bucket_json()


def buckets_from_json(data: Iterable[Mapping[str, Any]]) -> tuple[SectorBucket, ...]:
    """The buckets of a programme's or a round's settings."""
    return tuple(
        SectorBucket(
            code=str(item.get("code", "")),
            name=str(item.get("name", "")),
            sections=tuple(item.get("sections") or ()),
            prize_places=int(item.get("prize_places") or 0),
            nomination_places=int(item.get("nomination_places") or 0),
        )
        for item in data
    )


def bucket_for_section(buckets: Sequence[SectorBucket], section: str) -> SectorBucket | None:
    """R2: the bucket of an organisation of GB/T 4754 section ``section`` (its industry
    code's letter, ``Organisation.industry_section``): the bucket naming the section, else the
    catch-all; None when neither (buckets naming every section have no catch-all)."""
    section = (section or "").strip().upper()[:1]
    for bucket in buckets:
        if section and section in bucket.sections:
            return bucket
    return next((bucket for bucket in buckets if bucket.is_catch_all), None)


# The 2022 measures' buckets under their default names are shown by the interface's labels
# (制造业 / Manufacturing); any other bucket by the name its programme gave it.
_DEFAULT_NAMES = {MANUFACTURING: "制造业", SERVICE: "服务业及其他"}


def bucket_label(bucket: SectorBucket) -> str:
    """The bucket's name as pages, notices and exports write it."""
    if _DEFAULT_NAMES.get(bucket.code) == bucket.name:
        return str(Sector(bucket.code).label)
    return bucket.name


def bucket_names(buckets: Iterable[SectorBucket]) -> dict[str, str]:
    """Each bucket's name by its code, for pages and exports."""
    return {bucket.code: bucket_label(bucket) for bucket in buckets}


def parse_bucket_lines(text: str) -> tuple[list[dict[str, Any]], list[str]]:
    """The buckets the office typed on the rules page, one a line: code | name | sections |
    prize places | nomination places (sections as letters, e.g. C or EM; * or 其他 for the
    catch-all), and what is wrong with the lines, as messages naming the line."""
    buckets: list[dict[str, Any]] = []
    problems: list[str] = []
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for number, line in enumerate(lines, start=1):
        parts = _SEPARATOR.split(line)
        if len(parts) != 5:
            problems.append(
                _("Line %(line)d: write code | name | sections | prize places | nomination places.")
                % {"line": number}
            )
            continue
        code, name, sections, prize, nomination = parts
        letters = "" if sections in CATCH_ALL_WORDS else re.sub(r"[\s,，、]+", "", sections)
        try:
            prize_places, nomination_places = int(prize), int(nomination)
        except ValueError:
            problems.append(
                _("Line %(line)d: give the places as whole numbers.") % {"line": number}
            )
            continue
        buckets.append(
            {
                "code": code.lower(),
                "name": name,
                "sections": list(letters.upper()),
                "prize_places": prize_places,
                "nomination_places": nomination_places,
            }
        )
    return buckets, problems


def bucket_problems(data: Any, *, prize_places: int, nomination_places: int) -> list[str]:
    """R2 / Art. 6: what is wrong with a programme's buckets, as messages: at least one;
    each with a code (lower-case letters, digits, hyphens) and a name, both its own; sections
    that are GB/T 4754 section letters, none in two buckets; one catch-all at most, and one
    unless the buckets name every section; places not negative, adding up at each level to the
    level's places."""
    if not isinstance(data, list) or not data:
        return [_("Give at least one sector bucket.")]
    try:
        buckets = buckets_from_json(data)
    except (AttributeError, TypeError, ValueError):
        return [_("Give at least one sector bucket.")]
    problems: list[str] = []
    codes = [b.code for b in buckets]
    names = [b.name.strip() for b in buckets]
    if any(not _CODE.match(code) for code in codes):
        problems.append(
            _(
                "A bucket's code is lower-case Latin letters, digits or hyphens, beginning "
                "with a letter (e.g. manufacturing)."
            )
        )
    if len(set(codes)) != len(codes) or len(set(names)) != len(names):
        problems.append(_("Each sector bucket needs a code and a name of its own."))
    if any(not name for name in names):
        problems.append(_("Give each sector bucket its name."))
    named = [s for b in buckets for s in b.sections]
    wrong = sorted({s for s in named if s not in IndustrySection.values})
    if wrong:
        problems.append(
            _("Not a GB/T 4754 section: %(sections)s.") % {"sections": "、".join(wrong)}
        )
    twice = sorted({s for s in named if named.count(s) > 1})
    if twice:
        problems.append(
            _("A section belongs to one bucket only: %(sections)s.")
            % {"sections": "、".join(twice)}
        )
    catch_alls = sum(1 for b in buckets if b.is_catch_all)
    if catch_alls > 1:
        problems.append(_("Only one sector bucket may take the sections no other names."))
    elif catch_alls == 0 and not set(IndustrySection.values) <= set(named):
        problems.append(
            _(
                "Leave one bucket's sections empty (*) so that it takes every section the "
                "others do not name."
            )
        )
    if any(b.prize_places < 0 or b.nomination_places < 0 for b in buckets):
        problems.append(_("A bucket's places cannot be negative."))
    for level_places, total, message in (
        (
            sum(b.prize_places for b in buckets),
            prize_places,
            _(
                "The sector buckets' prize places add up to %(sum)d; they must add up to the "
                "prize places per round, %(total)d."
            ),
        ),
        (
            sum(b.nomination_places for b in buckets),
            nomination_places,
            _(
                "The sector buckets' nomination places add up to %(sum)d; they must add up to "
                "the nomination places per round, %(total)d."
            ),
        ),
    ):
        if level_places != total:
            problems.append(message % {"sum": level_places, "total": total})
    return problems


# R2: the levels a round's places are set for, in the order pages show them.
PLACE_LEVELS: tuple[str, ...] = (PrizeLevel.PRIZE.value, PrizeLevel.NOMINATION.value)

# R2: the Round columns that mirror the places of the 2022 measures' two buckets
# (Round.bucket_places is the round's own record; the columns follow it).
LEGACY_PLACE_COLUMNS: dict[tuple[str, str], str] = {
    (PrizeLevel.PRIZE.value, MANUFACTURING): "prize_quota_manufacturing",
    (PrizeLevel.PRIZE.value, SERVICE): "prize_quota_service",
    (PrizeLevel.NOMINATION.value, MANUFACTURING): "nomination_quota_manufacturing",
    (PrizeLevel.NOMINATION.value, SERVICE): "nomination_quota_service",
}


def proposed_places(buckets: Iterable[SectorBucket]) -> dict[str, dict[str, int]]:
    """R2: a new round's places per level and bucket: those the programme's rules give."""
    buckets = tuple(buckets)
    return {level: {b.code: b.places(level) for b in buckets} for level in PLACE_LEVELS}


def legacy_place_columns(places: Mapping[str, Mapping[str, int]]) -> dict[str, int]:
    """R2: the values of the round's manufacturing and service columns for ``places`` (0 for a
    bucket the round's rules do not have)."""
    return {
        column: int(places.get(level, {}).get(code, 0))
        for (level, code), column in LEGACY_PLACE_COLUMNS.items()
    }


def place_problems(
    buckets: Sequence[SectorBucket],
    places: Any,
    *,
    prize_places: int,
    nomination_places: int,
) -> list[tuple[str, str]]:
    """R2 / Art. 6: what is wrong with a round's places per bucket, as (level, message) pairs
    (the level empty when the places' shape is wrong): every bucket of the round's rules has
    places at each level, none other, each a whole number not negative, and a level's
    buckets add up to the level's places."""
    codes = [b.code for b in buckets]
    names = bucket_names(buckets)
    if not isinstance(places, Mapping) or set(places) != set(PLACE_LEVELS):
        return [("", _("Give the places of each sector bucket at each level."))]
    problems: list[tuple[str, str]] = []
    totals = {PrizeLevel.PRIZE.value: prize_places, PrizeLevel.NOMINATION.value: nomination_places}
    for level in PLACE_LEVELS:
        given = places[level]
        if not isinstance(given, Mapping) or set(given) != set(codes):
            problems.append(
                (
                    level,
                    _("Give places for exactly these sector buckets: %(codes)s.")
                    % {"codes": "、".join(codes)},
                )
            )
            continue
        if any(isinstance(n, bool) or not isinstance(n, int) or n < 0 for n in given.values()):
            problems.append((level, _("A sector bucket's places are a whole number, 0 or more.")))
            continue
        if sum(given.values()) != totals[level]:
            message = (
                _(
                    "The sector buckets' prize places (%(places)s) add up to %(sum)d; they must "
                    "add up to the round's prize places, %(total)d."
                )
                if level == PrizeLevel.PRIZE
                else _(
                    "The sector buckets' nomination places (%(places)s) add up to %(sum)d; they "
                    "must add up to the round's nomination places, %(total)d."
                )
            )
            listed = "、".join(f"{names[code]} {given[code]}" for code in codes)
            problems.append(
                (
                    level,
                    message
                    % {"places": listed, "sum": sum(given.values()), "total": totals[level]},
                )
            )
    return problems
