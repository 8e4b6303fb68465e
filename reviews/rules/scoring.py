"""Rules of expert review as named functions and data, with their rule ids.

Pure functions over plain data (no database access) so that other apps (the plenary, R2
re-check in publicity) can call them and tests can cover them exhaustively:

- GB/Z 19579 scoring: percentages in steps of 5, the six bands shown beside the input,
  item and review totals, the mean of several reviewers.
- R12: a conflict of interest detected from the data (the expert's employer is the applicant;
  a former employer within three years: the cut-off date).
- R6: the priority-tag tilt (bonus points, or precedence at equal scores), the ranking key.
- R2 / R7: filling prize and nomination places within the per-sector and total quotas, a
  repeat prize winner outside the quota, places that stay vacant; checking a list against them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.buckets import bucket_names
from awards.enums import ItemKind, NomineeKind, PrizeLevel, TiltRule
from awards.rulesets import round_bucket_places, round_rule_settings
from organisations.enums import Sector

if TYPE_CHECKING:
    from awards.models import Round

ONE_DECIMAL = Decimal("0.1")

# --- GB/Z 19579 scoring -------------------------------------------------------------------

PERCENT_STEP = 5
PERCENT_VALUES: tuple[int, ...] = tuple(range(0, 101, PERCENT_STEP))


@dataclass(frozen=True)
class ScoringBand:
    """One of the six bands of GB/Z 19579, shown to the reviewer next to the percentage."""

    low: int
    high: int
    process: Promise  # approach, deployment, learning, integration (A-D-L-I)
    results: Promise  # level, trend, comparison, integration (Le-T-C-I)

    @property
    def label(self) -> str:
        return f"{self.low}–{self.high}%"

    def text(self, kind: str) -> str:
        return str(self.results if kind == ItemKind.RESULTS else self.process)

    def percents(self) -> list[int]:
        return [p for p in PERCENT_VALUES if self.low <= p <= self.high]


SCORING_BANDS: tuple[ScoringBand, ...] = (
    ScoringBand(
        0,
        5,
        gettext_lazy("No systematic approach, anecdotes only; reacting to problems; no alignment."),
        gettext_lazy("No or poor results; no trends or adverse trends; no comparisons."),
    ),
    ScoringBand(
        10,
        25,
        gettext_lazy(
            "Beginnings of a systematic approach to basic requirements; early deployment in "
            "most areas."
        ),
        gettext_lazy(
            "Few results, early good levels in a few areas; little trend or comparison data."
        ),
    ),
    ScoringBand(
        30,
        45,
        gettext_lazy(
            "Effective, systematic approach to basic requirements; deployed, some areas early; "
            "beginning of systematic evaluation and improvement."
        ),
        gettext_lazy(
            "Improvements or good levels in many areas; trends and comparisons beginning."
        ),
    ),
    ScoringBand(
        50,
        65,
        gettext_lazy(
            "Approach responsive to the overall requirements; well deployed; fact-based "
            "evaluation and improvement with some learning; aligned."
        ),
        gettext_lazy(
            "Improving trends or good levels in most areas; no adverse trends in key areas; "
            "some comparisons good to excellent."
        ),
    ),
    ScoringBand(
        70,
        85,
        gettext_lazy(
            "Approach responsive to the detailed requirements; well deployed without "
            "significant gaps; improvement and learning are key tools; integrated."
        ),
        gettext_lazy(
            "Good to excellent levels in most important areas; sustained trends; many "
            "comparisons show leadership."
        ),
    ),
    ScoringBand(
        90,
        100,
        gettext_lazy(
            "Approach fully responsive; fully deployed, no weak areas; innovation and sharing "
            "throughout; well integrated."
        ),
        gettext_lazy(
            "Excellent levels sustained in most areas; industry and benchmark leadership in "
            "many areas."
        ),
    ),
)


def is_valid_percent(value: Any) -> bool:
    """GB/Z 19579: a whole percentage in steps of 5 from 0 to 100."""
    return isinstance(value, int) and not isinstance(value, bool) and value in PERCENT_VALUES


def band_for(percent: int) -> ScoringBand:
    for band in SCORING_BANDS:
        if band.low <= percent <= band.high:
            return band
    raise ValueError(f"no scoring band holds {percent}%")


def item_points(points: int, percent: int) -> Decimal:
    """Item score = points x percentage (exact: at most two decimals)."""
    return Decimal(points) * Decimal(percent) / Decimal(100)


def review_total(scored: Iterable[tuple[int, int]]) -> Decimal:
    """Sum of points x percentage over (points, percent) pairs, to one decimal."""
    total = sum((item_points(points, percent) for points, percent in scored), Decimal(0))
    return total.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def mean_score(totals: Sequence[Decimal]) -> Decimal:
    """The mean of the reviewers' totals, to one decimal."""
    if not totals:
        raise ValueError("no totals to average")
    mean = sum(totals, Decimal(0)) / Decimal(len(totals))
    return mean.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


# --- R12: conflicts of interest detected from the data ------------------------------------


def is_detected_conflict(employer_credit_code: str, applicant_credit_code: str) -> bool:
    """R12: an expert employed by the applicant itself has a conflict, declared or not."""
    code = (employer_credit_code or "").strip().upper()
    return bool(code) and code == (applicant_credit_code or "").strip().upper()


# A former employer within this many years is a conflict of interest.
FORMER_EMPLOYER_CONFLICT_YEARS = 3


def former_employer_cutoff(today: date | None = None) -> date:
    """R12: employment that ended on or after this date counts as a conflict."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - FORMER_EMPLOYER_CONFLICT_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year - FORMER_EMPLOYER_CONFLICT_YEARS, day=28)


# --- R6: the priority-tag tilt --------------------------------------------------------------


def composite_score(
    material: Decimal,
    site: Decimal,
    *,
    material_weight: Decimal,
    site_weight: Decimal,
    tilt_rule: str,
    bonus_per_tag: Decimal = Decimal(0),
    tags: int = 0,
    defence: Decimal = Decimal(0),
    defence_weight: Decimal = Decimal(0),
) -> Decimal:
    """Art. 20: the weighted sum of the scores of the stages the round held (material, the
    question-and-defence stage when held, site: R1, each on the 1000-point scale, the weights
    adding up to 1); R6 adds bonus points for the Art. 15 tag the office confirmed (``tags``:
    0 or 1) only when the round's approved rule is "bonus"."""
    score = material * material_weight + defence * defence_weight + site * site_weight
    score += tilt_bonus(tilt_rule, bonus_per_tag, tags)
    return score.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def tilt_bonus(tilt_rule: str, bonus_per_tag: Decimal, tags: int) -> Decimal:
    """R6: the bonus a round's "bonus" rule adds (zero under any other rule)."""
    if tilt_rule != TiltRule.BONUS_POINTS:
        return Decimal(0)
    return bonus_per_tag * tags


@dataclass(frozen=True)
class Entry:
    """One application in the composite ranking, as plain data."""

    key: int
    name: str
    sector: str
    composite: Decimal
    material: Decimal = Decimal(0)
    tags: int = 0
    is_repeat: bool = False


def ranking_key(entry: Entry, tilt_rule: str) -> tuple[Any, ...]:
    """Higher composite first. R6 "precedence": at equal composite scores more priority tags
    first. Remaining ties: higher material score, then the organisation's name."""
    tag_key = -entry.tags if tilt_rule == TiltRule.PRECEDENCE_AT_EQUAL else 0
    return (-entry.composite, tag_key, -entry.material, entry.name, entry.key)


def tie_break_used(a: Entry, b: Entry, tilt_rule: str) -> str:
    """Which criterion put ``a`` before ``b`` (recorded in the decision log)."""
    if a.composite != b.composite:
        return "composite"
    if tilt_rule == TiltRule.PRECEDENCE_AT_EQUAL and a.tags != b.tags:
        return "priority_tags"
    if a.material != b.material:
        return "material"
    return "name"


def rank(entries: Iterable[Entry], tilt_rule: str) -> list[Entry]:
    return sorted(entries, key=lambda e: ranking_key(e, tilt_rule))


def sector_ranks(entries: Iterable[Entry], tilt_rule: str) -> dict[int, int]:
    """Rank 1..n within each sector."""
    ranks: dict[int, int] = {}
    seen: Counter[str] = Counter()
    for entry in rank(entries, tilt_rule):
        seen[entry.sector] += 1
        ranks[entry.key] = seen[entry.sector]
    return ranks


def tie_breaks(entries: Iterable[Entry], tilt_rule: str) -> list[dict[str, Any]]:
    """Each pair of neighbours in a sector whose composite scores are equal, and what decided
    their order (R6 precedence, material score or name): kept in the decision log."""
    by_sector: dict[str, list[Entry]] = {}
    for entry in rank(entries, tilt_rule):
        by_sector.setdefault(entry.sector, []).append(entry)
    found = []
    for sector, ranked in by_sector.items():
        for first, second in zip(ranked, ranked[1:], strict=False):
            if first.composite == second.composite:
                found.append(
                    {
                        "sector": sector,
                        "composite": str(first.composite),
                        "before": first.key,
                        "after": second.key,
                        "decided_by": tie_break_used(first, second, tilt_rule),
                    }
                )
    return found


# --- R2 / R7: places within the quotas ------------------------------------------------------


# R4: the pool an individual nominee's entry ranks in (Application.quota_sector).
INDIVIDUAL_POOL = NomineeKind.INDIVIDUAL.value


@dataclass(frozen=True)
class Quotas:
    """R2 / Art. 6: at most 5 prizes and 5 nomination prizes, of each at most 3 from
    manufacturing and 2 from the service bucket (round settings with these defaults), and the
    thresholds a place needs."""

    prize_total: int = 5
    prize_by_sector: dict[str, int] = field(
        default_factory=lambda: {Sector.MANUFACTURING: 3, Sector.SERVICE: 2}
    )
    nomination_total: int = 5
    nomination_by_sector: dict[str, int] = field(
        default_factory=lambda: {Sector.MANUFACTURING: 3, Sector.SERVICE: 2}
    )
    prize_min: Decimal = Decimal("550")
    nomination_min: Decimal = Decimal("450")
    # R7 / Art. 27: the levels whose repeat winners use no place (the round's rules; the 2022
    # measures: the prize's).
    repeat_outside: frozenset[str] = frozenset({PrizeLevel.PRIZE})
    # R4 / Art. 8: the individual award's places (南昌: 2), filled apart from the organisations'
    # by the entries of the INDIVIDUAL_POOL that reach the prize's threshold.
    individual_total: int = 0

    # R2: each bucket's name by its code, in the order of the round's buckets.
    sector_names: dict[str, str] = field(
        default_factory=lambda: {
            Sector.MANUFACTURING: str(Sector.MANUFACTURING.label),
            Sector.SERVICE: str(Sector.SERVICE.label),
        }
    )

    @classmethod
    def from_round(cls, round: Round) -> Quotas:
        """R2: the round's places in total and per sector bucket (awards.rulesets
        .round_bucket_places), its thresholds and repeat rules."""
        settings = round_rule_settings(round)
        places = round_bucket_places(round)
        return cls(
            individual_total=settings.individual_places if settings.accepts_individuals else 0,
            repeat_outside=frozenset(
                level for level in PrizeLevel.values if not settings.repeat_uses_place(level)
            ),
            prize_total=round.prize_quota,
            prize_by_sector=places[PrizeLevel.PRIZE],
            nomination_total=round.nomination_quota,
            nomination_by_sector=places[PrizeLevel.NOMINATION],
            prize_min=round.prize_min_score,
            nomination_min=round.nomination_min_score,
            sector_names=bucket_names(settings.buckets()),
        )

    def total(self, level: str) -> int:
        return self.prize_total if level == PrizeLevel.PRIZE else self.nomination_total

    def for_sector(self, level: str, sector: str) -> int:
        table = self.prize_by_sector if level == PrizeLevel.PRIZE else self.nomination_by_sector
        return table.get(sector, 0)


@dataclass(frozen=True)
class Placement:
    """Where fill_places put one application: a level ("" for none) and whether it is a
    repeat prize winner outside the quota (R7)."""

    level: str = ""
    outside_quota: bool = False


def fill_places(
    entries: Iterable[Entry], quotas: Quotas, tilt_rule: str = TiltRule.PRECEDENCE_AT_EQUAL
) -> dict[int, Placement]:
    """R2: fill prize places first, then nomination places, in ranking order.

    - Prize: composite >= prize_min, within the sector's and the total prize quota.
      R7: a repeat prize winner that qualifies for the prize is a candidate outside the quota
      (it uses no place), unless the round's rules say a repeat prize uses a place.
    - Nomination: composite >= nomination_min, within the sector's and the total nomination
      quota; an application that qualified for the prize but found no prize place competes
      here like any other.
    - Everything else gets no place; a place nobody qualifies for stays vacant.
    """
    ranked = rank(entries, tilt_rule)
    placements: dict[int, Placement] = {e.key: Placement() for e in ranked}
    used: dict[str, Counter[str]] = {PrizeLevel.PRIZE: Counter(), PrizeLevel.NOMINATION: Counter()}
    totals: Counter[str] = Counter()

    def take(entry: Entry, level: str) -> bool:
        if totals[level] >= quotas.total(level):
            return False
        if used[level][entry.sector] >= quotas.for_sector(level, entry.sector):
            return False
        used[level][entry.sector] += 1
        totals[level] += 1
        placements[entry.key] = Placement(level)
        return True

    for entry in ranked:
        if entry.composite < quotas.prize_min:
            continue
        if entry.is_repeat and PrizeLevel.PRIZE in quotas.repeat_outside:
            placements[entry.key] = Placement(PrizeLevel.PRIZE, outside_quota=True)
        else:
            take(entry, PrizeLevel.PRIZE)
    for entry in ranked:
        if placements[entry.key].level or entry.composite < quotas.nomination_min:
            continue
        take(entry, PrizeLevel.NOMINATION)
    # R4: the people nominated compete among themselves for the individual award's places
    # (the organisations' sector quotas give them none above).
    people = [e for e in ranked if e.sector == INDIVIDUAL_POOL and e.composite >= quotas.prize_min]
    for entry in people[: quotas.individual_total]:
        placements[entry.key] = Placement(PrizeLevel.PRIZE)
    return placements


def quota_use(
    selections: Iterable[tuple[str, str, bool]], quotas: Quotas
) -> dict[str, dict[str, Any]]:
    """Places used per level and sector (repeat winners of a level whose repeats use no place
    apart, R7), beside the quotas."""
    selections = list(selections)
    use: dict[str, dict[str, Any]] = {}
    for level in (PrizeLevel.PRIZE, PrizeLevel.NOMINATION):
        counted = [
            sector
            for sector, lvl, repeat in selections
            if lvl == level
            and sector != INDIVIDUAL_POOL
            and not (repeat and level in quotas.repeat_outside)
        ]
        outside = sum(
            1
            for _s, lvl, repeat in selections
            if lvl == level and repeat and level in quotas.repeat_outside
        )
        use[level] = {
            "total": len(counted),
            "total_quota": quotas.total(level),
            "outside_quota": outside,
            "sectors": {
                sector: {"used": counted.count(sector), "quota": quotas.for_sector(level, sector)}
                for sector in quotas.sector_names
            },
        }
    return use


def check_quotas(quotas: Quotas | Round, selections: Iterable[tuple[str, str, bool]]) -> list[str]:
    """R2 / R7: what a list of (sector, level, is_repeat) breaks, as messages ([] = fine).

    A repeat prize winner at prize level does not count against the quota (R7), unless the
    round's rules say a repeat prize uses a place; at nomination level it counts like anyone
    else.
    """
    if not isinstance(quotas, Quotas):
        quotas = Quotas.from_round(quotas)
    selections = list(selections)
    violations: list[str] = []
    for sector, level, _repeat in selections:
        if level not in PrizeLevel.values:
            violations.append(_("Unknown prize level “%(level)s”.") % {"level": level})
        if sector not in quotas.sector_names and sector != INDIVIDUAL_POOL:
            violations.append(_("Unknown sector “%(sector)s”.") % {"sector": sector})
    people = sum(1 for sector, _level, _repeat in selections if sector == INDIVIDUAL_POOL)
    if people > quotas.individual_total:
        violations.append(
            _("Individual award: %(used)d places used, the quota is %(quota)d.")
            % {"used": people, "quota": quotas.individual_total}
        )
    use = quota_use(selections, quotas)
    for level in (PrizeLevel.PRIZE, PrizeLevel.NOMINATION):
        level_label = PrizeLevel(level).label
        data = use[level]
        if data["total"] > data["total_quota"]:
            violations.append(
                _("%(level)s: %(used)d places used, the quota is %(quota)d.")
                % {"level": level_label, "used": data["total"], "quota": data["total_quota"]}
            )
        for sector, counts in data["sectors"].items():
            if counts["used"] > counts["quota"]:
                violations.append(
                    _("%(level)s, %(sector)s: %(used)d places used, the quota is %(quota)d.")
                    % {
                        "level": level_label,
                        "sector": quotas.sector_names[sector],
                        "used": counts["used"],
                        "quota": counts["quota"],
                    }
                )
    return violations
