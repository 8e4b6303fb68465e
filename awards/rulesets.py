"""A programme's rules as data: the numbers the rules of the measures read (R1, R5), with the
2022 measures' values as defaults, the ranges an office may set them within, and the copy a
round keeps of them (a change to a programme's rules never changes a round already open)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

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

    def level_name(self, level: str, programme_name: str) -> str:
        """R15: the name of ``level`` as written on certificates, notices and pages."""
        kept = self.kept_level_name(level)
        if kept:
            return kept
        if level == PrizeLevel.PRIZE:
            return programme_name
        return default_nomination_name(programme_name)

    def kept_level_name(self, level: str) -> str:
        """The name set for ``level``; empty in a copy kept before names were settings."""
        return self.prize_name if level == PrizeLevel.PRIZE else self.nomination_name

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
