"""A programme's rules as data: the numbers the rules of the measures read (R1, R5), with the
2022 measures' values as defaults, the ranges an office may set them within, and the copy a
round keeps of them (a change to a programme's rules never changes a round already open)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from awards.buckets import (
    LEGACY_PLACE_COLUMNS,
    PLACE_LEVELS,
    SectorBucket,
    bucket_for_section,
    bucket_names,
    buckets_from_json,
    default_bucket_json,
)
from awards.enums import CertificateStandard, PrizeLevel

if TYPE_CHECKING:
    from awards.models import AwardProgramme, Round

# R5 / Art. 13(3): GB/T 19001 "or another internationally recognised management system
# certification": the certificates a programme accepts (the 2022 measures: quality management).
DEFAULT_ACCEPTED_STANDARDS: tuple[str, ...] = (
    CertificateStandard.GBT19001.value,
    CertificateStandard.IATF16949.value,
    CertificateStandard.OTHER.value,
)


def default_accepted_standards() -> list[str]:
    """The model field's default (a callable: a list is mutable)."""
    return list(DEFAULT_ACCEPTED_STANDARDS)


# R5 / Art. 13: each eligibility number and the range an office may set it within (inclusive).
# Profitable years stop at 3: the application form's financial table holds three years.
RULE_SETTING_RANGES: dict[str, tuple[int, int]] = {
    "min_operation_years": (1, 30),
    "min_certification_years": (1, 30),
    "min_excellence_model_years": (1, 30),
    "profitable_years": (1, 3),
    "adverse_record_years": (1, 10),
    # R9 / Art. 23: years an award stays valid; R7 / Art. 27: rounds held after a prize
    # before the winner applies again.
    "validity_years": (1, 10),
    "reapplication_rounds": (1, 5),
    # R8 / Art. 28, 30: years an organisation is barred after fraud, and after an award is
    # revoked on another ground.
    "fraud_bar_years": (1, 20),
    "revocation_bar_years": (1, 20),
    # R5 / Art. 8: an individual nominee's years with the nominating organisation and in
    # quality work.
    "individual_min_employment_years": (1, 30),
    "individual_min_quality_work_years": (1, 40),
    # R1 / Art. 6: years between two rounds; R2 / Art. 6: the most places a round may set at
    # each level (a prize level at least one; no nomination places: no nomination prize) and,
    # for the 2022 measures' two sector buckets, the most of each at a level.
    "round_interval_years": (1, 5),
    "prize_places_limit": (1, 50),
    "nomination_places_limit": (0, 50),
    "manufacturing_places_limit": (0, 50),
    "service_places_limit": (0, 50),
}

# R1 / Art. 20: the review stages' weights in percent, each within 0-100 (checked with the
# sum by stage_weight_problems).
STAGE_WEIGHT_FIELDS: tuple[str, ...] = (
    "material_weight_percent",
    "defence_weight_percent",
    "site_weight_percent",
)


@dataclass(frozen=True)
class RuleSettings:
    """The rule settings a round runs under; defaults are the 2022 measures'."""

    # R5 / Art. 13(1): "在本市行政区域内依法登记注册": the codes of the divisions
    # (organisations.Division) an applicant must be registered in; empty: no restriction (a
    # round that opened before the area was a setting). A zone's award: the zone alone.
    registration_area: tuple[str, ...] = ()
    # R5 / Art. 13(1): years of lawful operation.
    min_operation_years: int = 3
    # R5 / Art. 13(3): years of GB/T 19001 (or equivalent) certification and of the
    # performance-excellence model.
    min_certification_years: int = 3
    min_excellence_model_years: int = 2
    # R5 / Art. 13(4): profitable in each of the last N years.
    profitable_years: int = 2
    # R5 / Art. 13(6): no adverse record in the last N years.
    adverse_record_years: int = 3
    # R1 / Art. 21: publicity counted in calendar days or in working days (PublicityDayUnit).
    publicity_day_unit: str = "calendar"
    # R5 / Art. 13(3): the management-system certificates counted toward the years above.
    accepted_certification_standards: tuple[str, ...] = DEFAULT_ACCEPTED_STANDARDS
    # R9 / Art. 23: an award granted in the round is valid for N years (one annual report a
    # year, Art. 24).
    validity_years: int = 3
    # R7 / Art. 27: a prize winner applies again once N rounds have been held after its win.
    reapplication_rounds: int = 2
    # R8 / Art. 28: fraud (弄虚作假) bars the organisation for N years from the decision; Art. 30:
    # a revocation on another ground for M years. Other cities set other lengths.
    fraud_bar_years: int = 10
    revocation_bar_years: int = 5
    # R8 / Art. 28, 30: the other programmes (their ids) whose bars also keep an organisation
    # out of this one (a county award honouring the Mayor's award's bars); none by default.
    honoured_bar_programmes: tuple[int, ...] = ()
    # R1 / Art. 6: one round every N years (the next round's year, its title 2025—2026年度, and
    # how close two rounds may be).
    round_interval_years: int = 2
    # R2 / Art. 6: the most places a round may set at each level (0 nominations: the programme
    # has no nomination prize) and, with the 2022 measures' two buckets, the most manufacturing
    # and service places at a level (3 + 2 = 5).
    prize_places_limit: int = 5
    nomination_places_limit: int = 5
    manufacturing_places_limit: int = 3
    service_places_limit: int = 2
    # R2 / Art. 6: the sector buckets (named sets of GB/T 4754 sections) and each one's
    # places at each level (awards.buckets); the 2022 measures: 制造业 (C) 3, the rest 2.
    sector_buckets: tuple[dict[str, Any], ...] = field(
        default_factory=lambda: tuple(default_bucket_json())
    )
    # R4 / R15 / Art. 8, 23: each level's name as certificates, notices and pages write it
    # (赣州市市长质量奖, 赣州市市长质量奖提名奖). Empty only in the copy of a round that opened
    # before names were settings: the programme's name, and its name with 提名奖.
    prize_name: str = ""
    nomination_name: str = ""
    # R4 / R7 / Art. 27: a repeat win at the same level (the organisation won that level in an
    # earlier round): paid like a first win, and counted against the level's places? The 2022
    # measures: a repeat prize gets certificate and title only and uses no place; the
    # nomination prize has no repeat rule (Art. 27 lets its winner apply again), so a repeat
    # nomination is a nomination like any other.
    prize_repeat_paid: bool = False
    prize_repeat_uses_place: bool = False
    nomination_repeat_paid: bool = True
    nomination_repeat_uses_place: bool = True
    # R4 / Art. 8: an individual award beside the organisations' levels (南昌市市长质量奖: at
    # most 2 people, 10,000 yuan each); the 2022 measures: organisations only. Its name as
    # certificates write it, its places and money per winner (whole yuan), and the code of the
    # scoring scheme (awards.ScoringScheme) its nominees are scored on.
    accepts_individuals: bool = False
    individual_name: str = ""
    individual_places: int = 0
    individual_amount: int = 0
    individual_scheme: str = ""
    # R5 / Art. 8: an individual nominee (e.g. the chief quality officer) has worked for the
    # nominating organisation for N years and in quality work for M years, counted to the
    # application deadline. The 2022 measures have no individual award; the defaults, 3 years
    # with the employer and 5 in quality work, are the lower values Chinese city measures with
    # an individual award commonly ask (some ask 10 years of quality work); each programme
    # sets its own.
    individual_min_employment_years: int = 3
    individual_min_quality_work_years: int = 5
    # R1 / Art. 18-20: the review stages in order (material, question-and-defence when held,
    # site, composite) and the weight of each scored stage in the composite, in percent,
    # summing to 100. The 2022 measures: material 40 %, site 60 %, no defence stage.
    holds_defence_stage: bool = False
    material_weight_percent: int = 40
    defence_weight_percent: int = 0
    site_weight_percent: int = 60

    def __post_init__(self) -> None:
        # Read back from JSON (a round's copy, the model's field) the standards are a list.
        object.__setattr__(
            self, "accepted_certification_standards", tuple(self.accepted_certification_standards)
        )
        object.__setattr__(self, "sector_buckets", tuple(self.sector_buckets))
        object.__setattr__(self, "registration_area", tuple(self.registration_area))
        object.__setattr__(self, "honoured_bar_programmes", tuple(self.honoured_bar_programmes))

    def buckets(self) -> tuple[SectorBucket, ...]:
        """R2: the sector buckets, in the order the office gave them."""
        return buckets_from_json(self.sector_buckets)

    def level_name(self, level: str, programme_name: str) -> str:
        """R15: the name of ``level`` as written on certificates, notices and pages."""
        kept = self.kept_level_name(level)
        if kept:
            return kept
        if level == PrizeLevel.PRIZE:
            return programme_name
        return default_nomination_name(programme_name)

    def individual_award_name(self, programme_name: str) -> str:
        """R15: the individual award's name as certificates write it (南昌市市长质量奖（个人）
        by default)."""
        return self.individual_name or default_individual_name(programme_name)

    def kept_level_name(self, level: str) -> str:
        """The name set for ``level``; empty in a copy kept before names were settings."""
        return self.prize_name if level == PrizeLevel.PRIZE else self.nomination_name

    def bar_years(self, *, fraud: bool) -> int:
        """R8 / Art. 28, 30: the years of the bar that follows fraud, or another revocation."""
        return self.fraud_bar_years if fraud else self.revocation_bar_years

    def repeat_paid(self, level: str) -> bool:
        """R4 / Art. 8, 27: whether a repeat win at ``level`` gets the level's money."""
        return self.prize_repeat_paid if level == PrizeLevel.PRIZE else self.nomination_repeat_paid

    def repeat_uses_place(self, level: str) -> bool:
        """R2 / R7 / Art. 27: whether a repeat win at ``level`` counts against its places."""
        if level == PrizeLevel.PRIZE:
            return self.prize_repeat_uses_place
        return self.nomination_repeat_uses_place

    def repeat_is_distinct(self, level: str) -> bool:
        """Whether a repeat win at ``level`` is treated otherwise than a first win (no money or
        no place); when it is not, no one needs to ask whether a win is a repeat."""
        return not (self.repeat_paid(level) and self.repeat_uses_place(level))


def stage_weight_problems(
    holds_defence_stage: bool, material: int, defence: int, site: int
) -> list[tuple[str, str]]:
    """R1 / Art. 20: what is wrong with a programme's review-stage weights, as (field,
    message) pairs: each scored stage's weight from 0 to 100, a held defence stage weighted
    (a stage not held weighs nothing), the weights summing to 100 %."""
    problems: list[tuple[str, str]] = []
    if holds_defence_stage and defence <= 0:
        problems.append(
            ("defence_weight_percent", _("Give the question-and-defence stage a weight."))
        )
    if not holds_defence_stage and defence != 0:
        problems.append(
            (
                "defence_weight_percent",
                _("Without a question-and-defence stage its weight is 0."),
            )
        )
    if material + defence + site != 100:
        problems.append(
            (
                "site_weight_percent",
                _(
                    "The weights of the review stages (%(material)d + %(defence)d + %(site)d) "
                    "must add up to 100 %%."
                )
                % {"material": material, "defence": defence, "site": site},
            )
        )
    return problems


def round_weights(settings: RuleSettings) -> dict[str, Decimal]:
    """R1: a new round's weights (Round.material_weight, defence_weight, site_weight, as
    fractions of 1) from the programme's percentages."""
    hundred = Decimal(100)
    return {
        "material_weight": Decimal(settings.material_weight_percent) / hundred,
        "defence_weight": Decimal(settings.defence_weight_percent) / hundred,
        "site_weight": Decimal(settings.site_weight_percent) / hundred,
    }


def default_nomination_name(programme_name: str) -> str:
    """The nomination prize's name in the 2022 measures' style: 赣州市市长质量奖提名奖."""
    return f"{programme_name}提名奖"


def default_individual_name(programme_name: str) -> str:
    """The individual award's name when the office gives none: 南昌市市长质量奖（个人）."""
    return f"{programme_name}（个人）"


# The code of the scoring scheme seeded for individual nominees (seeded by an awards migration).
INDIVIDUAL_SCHEME_CODE = "individual-quality"

RULE_SETTING_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(RuleSettings))
# The settings that name the levels: a new programme gets its own, never another's.
LEVEL_NAME_FIELDS: tuple[str, ...] = ("prize_name", "nomination_name")
# R4 / Art. 8: the money per winner of each level, also on the programme's rules page (a
# change is a new version of the rules), is what a new round proposes; each round keeps its
# own amounts (Round.prize_amount, Round.nomination_amount), approved with its review rules.
LEVEL_MONEY_FIELDS: tuple[str, ...] = ("prize_amount", "nomination_amount")
# On the page each level's money stands after the names, before the repeat rules.
_AFTER_NAMES = RULE_SETTING_FIELDS.index("nomination_name") + 1
RULES_PAGE_FIELDS: tuple[str, ...] = (
    *RULE_SETTING_FIELDS[:_AFTER_NAMES],
    *LEVEL_MONEY_FIELDS,
    *RULE_SETTING_FIELDS[_AFTER_NAMES:],
)
_DEFAULTS = RuleSettings()


def programme_rule_settings(programme: AwardProgramme) -> RuleSettings:
    """The programme's rule settings as its office last set them."""
    return RuleSettings(**{name: getattr(programme, name) for name in RULE_SETTING_FIELDS})


def rule_settings_snapshot(programme: AwardProgramme) -> dict[str, Any]:
    """What a round keeps when it opens: the programme's settings, as JSON (lists, not
    tuples, so that the copy compares equal once read back)."""
    return {
        name: list(value) if isinstance(value, tuple) else value
        for name, value in asdict(programme_rule_settings(programme)).items()
    }


def round_rule_settings(round: Round) -> RuleSettings:
    """The rule settings ``round`` runs under: the copy it kept when it opened; a draft (no
    copy yet) follows its programme. A setting added after the round opened takes the 2022
    measures' default, never the programme's later value."""
    kept = round.rule_settings
    if not kept:
        return programme_rule_settings(round.programme)
    return RuleSettings(
        **{name: kept.get(name, getattr(_DEFAULTS, name)) for name in RULE_SETTING_FIELDS}
    )


def round_bucket_places(round: Round) -> dict[str, dict[str, int]]:
    """R2 / Art. 6: the places of each sector bucket at each level in ``round``, by level and
    bucket code, in the order of the round's buckets: the round's own places per bucket
    (Round.bucket_places); for a bucket it has none for (a round made before places were kept
    per bucket), its manufacturing or service column, else the places its rules kept."""
    buckets = round_rule_settings(round).buckets()
    own = round.bucket_places or {}
    places: dict[str, dict[str, int]] = {}
    for level in PLACE_LEVELS:
        kept = own.get(level) or {}
        places[level] = {}
        for bucket in buckets:
            column = LEGACY_PLACE_COLUMNS.get((level, bucket.code))
            if bucket.code in kept:
                places[level][bucket.code] = int(kept[bucket.code])
            elif column is not None:
                places[level][bucket.code] = getattr(round, column)
            else:
                places[level][bucket.code] = bucket.places(level)
    return places


def round_sector_for(round: Round, section: str, fallback: str) -> str:
    """R2: the code of the sector bucket an organisation of GB/T 4754 section ``section``
    belongs to in ``round``'s rules; ``fallback`` when no bucket takes the section."""
    bucket = bucket_for_section(round_rule_settings(round).buckets(), section)
    return bucket.code if bucket is not None else fallback


def round_sector_choices(round: Round) -> list[tuple[str, str]]:
    """R2: the sector buckets of ``round``'s rules as form choices (code, name)."""
    return list(bucket_names(round_rule_settings(round).buckets()).items())


def round_bucket_table(round: Round) -> list[tuple[str, int, int]]:
    """R2: each sector bucket of ``round``'s rules with its prize and nomination places, as
    the round's pages list them."""
    places = round_bucket_places(round)
    names = bucket_names(round_rule_settings(round).buckets())
    return [
        (names[code], places[PrizeLevel.PRIZE][code], places[PrizeLevel.NOMINATION][code])
        for code in places[PrizeLevel.PRIZE]
    ]


def barring_programme_ids(programme: AwardProgramme, round: Round | None = None) -> list[int]:
    """R8 / Art. 28, 30: the programmes whose bars keep an organisation out of ``programme``:
    itself and those its rules honour; those ``round`` kept when there is one (a round keeps
    the setting it opened under), else the programme's current rules."""
    settings = (
        round_rule_settings(round) if round is not None else programme_rule_settings(programme)
    )
    return [programme.pk, *(pk for pk in settings.honoured_bar_programmes if pk != programme.pk)]
