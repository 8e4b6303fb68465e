"""Rules of the measures that concern rounds, as named functions with their rule ids."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from awards.areas import unknown_division_codes
from awards.buckets import (
    LEGACY_PLACE_COLUMNS,
    MANUFACTURING,
    PLACE_LEVELS,
    SERVICE,
    bucket_problems,
    legacy_place_columns,
    place_problems,
    proposed_places,
)
from awards.enums import CertificateStandard, PrizeLevel, RoundStage
from awards.models import AwardProgramme, Round, ScoringScheme
from awards.rulesets import (
    LEVEL_NAME_FIELDS,
    RULE_SETTING_RANGES,
    RuleSettings,
    programme_rule_settings,
    round_bucket_places,
    round_rule_settings,
    round_weights,
    stage_weight_problems,
)
from decisionlog.workflow import DomainError


def check_round_interval(
    programme: AwardProgramme, year: int, *, exclude_pk: int | None = None
) -> None:
    """R1 / Art. 6: one round every N years per award (the 2022 measures: two), N as the
    programme's current rules set it (a new round, or a draft, runs under them)."""
    interval = programme_rule_settings(programme).round_interval_years
    nearby = Round.objects.filter(
        programme=programme, year__gt=year - interval, year__lt=year + interval
    )
    if exclude_pk is not None:
        nearby = nearby.exclude(pk=exclude_pk)
    clash = nearby.order_by("year").first()
    if clash is not None:
        raise DomainError(
            _(
                "%(programme)s holds one round every %(n)d years; the %(year)d round is too close "
                "to this one."
            )
            % {"programme": programme.name, "n": interval, "year": clash.year},
            rule="R1",
            articles=(6,),
        )


# A year in a round's title: 2024年度, 2025—2026年度.
_TITLE_YEAR = re.compile(r"(?<!\d)(19|20)(\d{2})(?!\d)")


def next_round_year(programme: AwardProgramme, today: date) -> int:
    """R1 / Art. 6: the year of the programme's next round on its cadence: its latest round's
    year plus the years between rounds, moved on by whole intervals while it lies more than a
    year back (a round is named for the year it evaluates, held in that year or the next);
    the current year when the programme has no round yet."""
    latest = Round.objects.filter(programme=programme).order_by("-year").first()
    if latest is None:
        return today.year
    interval = max(programme_rule_settings(programme).round_interval_years, 1)
    year = latest.year + interval
    while year < today.year - 1:
        year += interval
    return year


def period_text(year: int, interval: int) -> str:
    """The years a round of ``year`` covers, as its title writes them: 2027 every year,
    2025—2026 every two years (the round's year last)."""
    if interval <= 1:
        return str(year)
    return f"{year - interval + 1}—{year}"


# The years a title names before 年度: 2024年度, 2025—2026年度 (an en dash or hyphen between).
_TITLE_PERIOD = re.compile(r"((?:19|20)\d{2}(?:\s*[—–\-~～至]\s*(?:19|20)\d{2})?)\s*年度")


def round_years_text(round: Round) -> str:
    """The award years as the round's title writes them, for certificates and decisions
    (荣获2025—2026年度南昌市市长质量奖 for a two-year round); the round's year when its title
    names none."""
    found = _TITLE_PERIOD.search(round.title)
    return found.group(1) if found else str(round.year)


def proposed_round_title(programme: AwardProgramme, year: int) -> str:
    """R1 / Art. 6: the title of the programme's round of ``year``: the latest round's title
    with its years moved on (2024年度赣州市市长质量奖 -> 2026年度赣州市市长质量奖, 2023—2024年度…
    -> 2025—2026年度…), so that the programme's own style is kept; without a round whose title
    holds its years, the cadence's: 2027年度章贡区区长质量奖 every year, 2025—2026年度… every two."""
    latest = Round.objects.filter(programme=programme).order_by("-year").first()
    if latest is not None and _TITLE_YEAR.search(latest.title):
        shift = year - latest.year
        return _TITLE_YEAR.sub(lambda m: str(int(m.group(0)) + shift), latest.title)
    interval = programme_rule_settings(programme).round_interval_years
    return f"{period_text(year, interval)}年度{programme.name}"


def round_proposal(programme: AwardProgramme, today: date) -> dict[str, Any]:
    """What a new round of the programme starts with: the year and title of its cadence, the
    places at the limits of the programme's current rules (R2) and its money per winner of
    each level (R4)."""
    year = next_round_year(programme, today)
    rules = programme_rule_settings(programme)
    nominations = rules.nomination_places_limit
    # R2: the round's columns hold the places of the 2022 measures' two buckets, where the
    # programme has them (awards.rulesets.round_bucket_places), within the programme's limit
    # for each and the level's places.
    buckets = {b.code: b for b in rules.buckets()}
    limit = {
        MANUFACTURING: rules.manufacturing_places_limit,
        SERVICE: rules.service_places_limit,
    }
    totals: dict[str, int] = {
        PrizeLevel.PRIZE: rules.prize_places_limit,
        PrizeLevel.NOMINATION: nominations,
    }

    def places(code: str, level: str) -> int:
        bucket = buckets.get(code)
        if bucket is None:
            return 0
        return min(bucket.places(level), limit[code], totals[level])

    # R2: every bucket's places as the programme's rules give them (the form's fields per
    # bucket); the manufacturing and service columns mirror them.
    # A level's buckets are trimmed, the last first, to fit the level's places.
    bucket_places = proposed_places(buckets.values())
    for level in PLACE_LEVELS:
        for code in set(limit) & set(buckets):
            bucket_places[level][code] = places(code, level)
        excess = sum(bucket_places[level].values()) - totals[level]
        for code in reversed(list(bucket_places[level])):
            cut = min(max(excess, 0), bucket_places[level][code])
            bucket_places[level][code] -= cut
            excess -= cut
    return {
        "programme": programme.pk,
        "year": year,
        "title": proposed_round_title(programme, year),
        "bucket_places": bucket_places,
        "prize_quota": rules.prize_places_limit,
        "prize_quota_manufacturing": places(MANUFACTURING, PrizeLevel.PRIZE),
        "prize_quota_service": places(SERVICE, PrizeLevel.PRIZE),
        "nomination_quota": nominations,
        "nomination_quota_manufacturing": places(MANUFACTURING, PrizeLevel.NOMINATION),
        "nomination_quota_service": places(SERVICE, PrizeLevel.NOMINATION),
        "prize_amount": programme.prize_amount,
        "nomination_amount": programme.nomination_amount,
        # R1 / Art. 20: the programme's review-stage weights.
        **round_weights(rules),
    }


def check_review_rules_approved(round: Round) -> None:
    """R1 / Art. 10: the leading group approves the review rules before review starts."""
    if not round.rules_approved:
        raise DomainError(
            _("The leading group has not yet approved this round's review rules."),
            rule="R1",
            articles=(10,),
        )


def check_weights(round: Round) -> None:
    """R1 / Art. 20: the weights of the round's scored stages add up to 1; the
    question-and-defence stage weighs something exactly when the round holds it."""
    if round.holds_defence_stage != (round.defence_weight > 0):
        raise DomainError(
            _("The question-and-defence stage has a weight exactly when the round holds it."),
            rule="R1",
            articles=(20,),
        )
    if round.material_weight + round.defence_weight + round.site_weight != 1:
        raise DomainError(_("The review stages' weights must add up to 1."), rule="R1")


def stages_of(round: Round) -> list[str]:
    """R1 / Art. 16-22: the stages ``round`` runs through, in order: the question-and-defence
    stage (问询答辩) between material and site review only when the rules it runs under hold
    one (Art. 18-19 as its programme's rules complete them)."""
    held = round.holds_defence_stage
    return [stage for stage in RoundStage.values if held or stage != RoundStage.DEFENCE]


def stage_after_material_review(round: Round) -> str:
    """R1: where ``round`` goes once its material review is closed."""
    return RoundStage.DEFENCE if round.holds_defence_stage else RoundStage.SITE_REVIEW


def check_stage_passage(round: Round, to: str) -> None:
    """R1 / Art. 18-19: a round whose rules hold the question-and-defence stage passes
    through it between the material and the site review; a round whose rules hold none
    skips it. ``round`` is the locked row, at the stage it moves from."""
    if to == RoundStage.DEFENCE and not round.holds_defence_stage:
        raise DomainError(
            _(
                "Under its programme's rules this round holds no question-and-defence stage: "
                "the site review follows the material review."
            ),
            rule="R1",
            articles=(18, 19),
        )
    if (
        to == RoundStage.SITE_REVIEW
        and round.stage == RoundStage.MATERIAL_REVIEW
        and round.holds_defence_stage
    ):
        raise DomainError(
            _(
                "Under its programme's rules this round holds a question-and-defence stage "
                "after the material review: the site review starts once it is complete."
            ),
            rule="R1",
            articles=(18, 19),
        )


# R1 / Art. 10, 16: which settings of a round may still change at each stage. The window is
# fixed once the call notice is published (an extension goes through extend_deadline, logged and
# notified); the review rules lock once review starts; quotas once the composite evaluation
# applies them (R2); publicity days once publicity opens; the prize amount once it is paid (R4).
_BEFORE_CALL = frozenset({RoundStage.DRAFT})
_BEFORE_REVIEW = frozenset({RoundStage.DRAFT, RoundStage.APPLICATION, RoundStage.ELIGIBILITY})
_BEFORE_COMPOSITE = _BEFORE_REVIEW | {
    RoundStage.MATERIAL_REVIEW,
    RoundStage.DEFENCE,
    RoundStage.SITE_REVIEW,
}
_BEFORE_PUBLICITY = _BEFORE_COMPOSITE | {RoundStage.COMPOSITE, RoundStage.DELIBERATION}
_BEFORE_PUBLISHED = _BEFORE_PUBLICITY | {RoundStage.PUBLICITY, RoundStage.APPROVAL}

SETTING_EDITABLE_STAGES: dict[str, frozenset[str]] = {
    "title": _BEFORE_PUBLISHED,
    "year": _BEFORE_CALL,
    "applications_open_at": _BEFORE_CALL,
    "applications_close_at": _BEFORE_CALL,
    "recommendation_required": _BEFORE_CALL,
    "required_attachment_kinds": _BEFORE_CALL,
    "prize_quota": _BEFORE_COMPOSITE,
    "prize_quota_manufacturing": _BEFORE_COMPOSITE,
    "prize_quota_service": _BEFORE_COMPOSITE,
    "nomination_quota": _BEFORE_COMPOSITE,
    "nomination_quota_manufacturing": _BEFORE_COMPOSITE,
    "nomination_quota_service": _BEFORE_COMPOSITE,
    "bucket_places": _BEFORE_COMPOSITE,
    "material_weight": _BEFORE_REVIEW,
    "defence_weight": _BEFORE_REVIEW,
    "site_weight": _BEFORE_REVIEW,
    "site_review_min_score": _BEFORE_REVIEW,
    "prize_min_score": _BEFORE_REVIEW,
    "nomination_min_score": _BEFORE_REVIEW,
    "tilt_rule": _BEFORE_REVIEW,
    "tilt_bonus_points": _BEFORE_REVIEW,
    "publicity_days": _BEFORE_PUBLICITY,
    "prize_amount": _BEFORE_PUBLISHED,
    "nomination_amount": _BEFORE_PUBLISHED,
    "self_assessment_max_chars": _BEFORE_CALL,
}


def setting_is_editable(round: Round, field: str) -> bool:
    """R1: whether ``field`` of ``round`` may still change at its current stage."""
    return round.stage in SETTING_EDITABLE_STAGES.get(field, frozenset())


def check_settings_editable(round: Round, fields: Iterable[str]) -> None:
    """R1: refuse a change to a setting its stage has fixed, naming the setting."""
    locked = [f for f in fields if not setting_is_editable(round, f)]
    if locked:
        names = "、".join(str(getattr(Round._meta.get_field(f), "verbose_name", f)) for f in locked)
        raise DomainError(
            _("These settings can no longer change at the stage “%(stage)s”: %(fields)s.")
            % {"stage": round.get_stage_display(), "fields": names},
            rule="R1",
        )


def check_quotas(round: Round, rules: RuleSettings | None = None) -> None:
    """R2 / Art. 6: each level's sector places fit within that level's places, and every
    number within the limits of the rules the round runs under (the copy it kept; a draft:
    its programme's current rules; the measures': at most 5 per level, of which at most 3
    manufacturing and 2 service); R4 / Art. 8: a round with prize places pays a positive
    prize. ``rules``: the rules the round is about to keep, when its call is published."""
    if round.prize_quota_manufacturing > round.prize_quota or (
        round.prize_quota_service > round.prize_quota
    ):
        raise DomainError(
            _("A sector cannot have more prize places than the prize places in total."), rule="R2"
        )
    if round.nomination_quota_manufacturing > round.nomination_quota or (
        round.nomination_quota_service > round.nomination_quota
    ):
        raise DomainError(
            _("A sector cannot have more nomination places than the nomination places in total."),
            rule="R2",
        )
    rules = rules or round_rule_settings(round)
    limits = (
        (round.prize_quota, rules.prize_places_limit, _("prize places")),
        (round.nomination_quota, rules.nomination_places_limit, _("nomination places")),
        (
            max(round.prize_quota_manufacturing, round.nomination_quota_manufacturing),
            rules.manufacturing_places_limit,
            _("manufacturing places of a level"),
        ),
        (
            max(round.prize_quota_service, round.nomination_quota_service),
            rules.service_places_limit,
            _("service places of a level"),
        ),
    )
    for places, limit, what in limits:
        if places > limit:
            raise DomainError(
                _("The %(what)s cannot exceed %(limit)d, the most the programme's measures allow.")
                % {"what": what, "limit": limit},
                rule="R2",
                articles=(6,),
            )
    if round.prize_quota > 0 and round.prize_amount <= 0:
        raise DomainError(_("The prize money must be a positive amount."), rule="R4", articles=(8,))
    if round.nomination_amount < 0:
        raise DomainError(
            _("The nomination prize money cannot be negative."), rule="R4", articles=(8,)
        )


def check_bucket_places(round: Round, places: Any) -> None:
    """R2 / Art. 6: the round's places per sector bucket cover exactly the buckets of its
    rules, each 0 or more, adding up at each level to the level's places."""
    problems = place_problems(
        round_rule_settings(round).buckets(),
        places,
        prize_places=round.prize_quota,
        nomination_places=round.nomination_quota,
    )
    if problems:
        raise DomainError(" ".join(message for _level, message in problems), rule="R2")


def settle_bucket_places(round: Round, changed: Mapping[str, Any]) -> None:
    """R2: set ``round``'s places per bucket (Round.bucket_places) from what ``changed`` sets:
    the places per bucket when given (checked), else its places with any manufacturing or
    service column given; then the columns from the places (they mirror them)."""
    if "bucket_places" in changed:
        places = changed["bucket_places"]
        check_bucket_places(round, places)
    else:
        places = round_bucket_places(round)
        for (level, code), column in LEGACY_PLACE_COLUMNS.items():
            if column in changed and code in places[level]:
                places[level][code] = int(changed[column])
    round.bucket_places = {level: dict(places[level]) for level in PLACE_LEVELS}
    for column, value in legacy_place_columns(places).items():
        setattr(round, column, value)


def check_bucket_places_match_rules(round: Round, kept_codes: Iterable[str]) -> None:
    """R2 / Art. 6: a draft's places per bucket name the buckets of the rules it is about to
    keep (the programme's buckets changed since: the office sets the places again first)."""
    own = round.bucket_places or {}
    codes = set(kept_codes)
    if any(set(own.get(level) or {}) != codes for level in own):
        raise DomainError(
            _(
                "The programme's sector buckets have changed: set the round's places for each "
                "sector bucket first."
            ),
            rule="R2",
        )


def check_individual_settings(programme: AwardProgramme) -> None:
    """R4 / Art. 8: a programme that awards individuals gives the award at least one place and
    scores its nominees on a scoring scheme the portal holds."""
    if not programme.accepts_individuals:
        return
    if programme.individual_places < 1:
        raise DomainError(
            _("An individual award needs at least one place per round."), rule="R4", articles=(8,)
        )
    if not ScoringScheme.objects.filter(code=programme.individual_scheme).exists():
        raise DomainError(
            _("Choose the scoring scheme the individual nominees are scored on."),
            rule="R4",
            articles=(8,),
        )


def check_rule_settings(programme: AwardProgramme) -> None:
    """R5 / Art. 13: each eligibility number of a programme is a whole number of years within
    its range (awards.rulesets.RULE_SETTING_RANGES), named in the message; at least one
    known management-system certificate is accepted (Art. 13(3)); the registration area names
    known divisions (Art. 13(1)); R15: each level is named;
    R8 / Art. 28, 30: each bar lasts a whole number of years, at least one. The sector buckets
    are checked by ``check_sector_buckets`` where they are set."""
    if not all(str(getattr(programme, name)).strip() for name in LEVEL_NAME_FIELDS):
        raise DomainError(_("Give each prize level its name."), rule="R4", articles=(8,))
    check_individual_settings(programme)
    standards = programme.accepted_certification_standards
    if (
        not isinstance(standards, list)
        or not standards
        or not set(standards) <= set(CertificateStandard.values)
    ):
        raise DomainError(
            _("Choose at least one of the listed management-system certificates."),
            rule="R5",
            articles=(13,),
        )
    problems = stage_weight_problems(
        programme.holds_defence_stage,
        programme.material_weight_percent,
        programme.defence_weight_percent,
        programme.site_weight_percent,
    )
    if problems:
        raise DomainError(
            " ".join(message for _field, message in problems), rule="R1", articles=(20,)
        )
    check_registration_area_setting(programme.registration_area)
    check_honoured_bars_setting(programme)
    for field, (low, high) in RULE_SETTING_RANGES.items():
        value = getattr(programme, field)
        if not isinstance(value, int) or not low <= value <= high:
            raise DomainError(
                _("“%(setting)s” must be a whole number from %(low)d to %(high)d.")
                % {
                    "setting": getattr(
                        AwardProgramme._meta.get_field(field), "verbose_name", field
                    ),
                    "low": low,
                    "high": high,
                },
                **_RANGE_CITATIONS.get(field, {"rule": "R5", "articles": (13,)}),
            )


def check_registration_area_setting(area: object) -> None:
    """R5 / Art. 13(1): the registration area is a list of the codes of known divisions
    (empty: no restriction); an unknown division is refused by its code."""
    if not isinstance(area, list) or not all(isinstance(code, str) for code in area):
        raise DomainError(_("Choose the registration area from the listed divisions."), rule="R5")
    unknown = unknown_division_codes(area)
    if unknown:
        raise DomainError(
            _("Unknown division in the registration area: %(codes)s.")
            % {"codes": "、".join(unknown)},
            rule="R5",
        )


def check_honoured_bars_setting(programme: AwardProgramme) -> None:
    """R8 / Art. 28, 30: the programmes whose bars ``programme`` honours are other programmes
    on the portal, by their ids (none: only its own bars)."""
    honoured = programme.honoured_bar_programmes
    if not isinstance(honoured, list) or not all(
        isinstance(pk, int) and not isinstance(pk, bool) for pk in honoured
    ):
        raise DomainError(
            _("Choose the programmes whose bars it honours from the list."), rule="R8"
        )
    known = set(
        AwardProgramme.objects.exclude(pk=programme.pk)
        .filter(pk__in=honoured)
        .values_list("pk", flat=True)
    )
    if set(honoured) - known:
        raise DomainError(
            _("A programme whose bars it honours is not another programme on the portal."),
            rule="R8",
        )


def check_sector_buckets(programme: AwardProgramme) -> None:
    """R2 / Art. 6: the programme's sector buckets are well formed and their places add up to
    each level's places per round (``awards.buckets.bucket_problems``). Checked where the
    buckets are set (a new programme, a change on the rules page), so that a programme set up
    before buckets were data keeps its other rules editable until its office sets them."""
    problems = bucket_problems(
        programme.sector_buckets,
        prize_places=programme.prize_places_limit,
        nomination_places=programme.nomination_places_limit,
    )
    if problems:
        raise DomainError(" ".join(problems), rule="R2", articles=(6,))


# The rule and articles a range's message cites, where they are not R5 / Art. 13.
_RANGE_CITATIONS: dict[str, dict[str, Any]] = {
    "round_interval_years": {"rule": "R1", "articles": (6,)},
    **{
        name: {"rule": "R2", "articles": (6,)}
        for name in (
            "prize_places_limit",
            "nomination_places_limit",
            "manufacturing_places_limit",
            "service_places_limit",
        )
    },
    "fraud_bar_years": {"rule": "R8", "articles": (28,)},
    "revocation_bar_years": {"rule": "R8", "articles": (30,)},
}


# Art. 6, 8, 23: the settings an office gives a new programme (awards.services
# .create_guided_programme), beside its name and offices.
PROGRAMME_SETTING_FIELDS = (
    "validity_years",
    "round_interval_years",
    "prize_places_limit",
    "nomination_places_limit",
    "manufacturing_places_limit",
    "service_places_limit",
    "prize_amount",
)


# R2 / Art. 6: the two place limits of the 2022 measures' buckets (manufacturing, service).
LEGACY_BUCKET_LIMITS = ("manufacturing_places_limit", "service_places_limit")


def is_measures_bucket_pair(buckets: Any) -> bool:
    """R2: whether ``buckets`` (a programme's sector buckets as stored) are the 2022 measures'
    two, manufacturing and service, whose places the two place limits give."""
    return {bucket["code"] for bucket in buckets or []} == {MANUFACTURING, SERVICE}


def programme_setting_problems(values: Mapping[str, Any]) -> list[tuple[str, str]]:
    """What is wrong with a new programme's settings, as (field, message) pairs; a field
    absent from ``values`` (the form refused it already) is not checked.

    R9 / Art. 23: an award is valid for a whole number of years, at least one; R1 / Art. 6:
    rounds at least a year apart; R2 / Art. 6: at least one prize place per round, split
    between manufacturing and service (the 2022 measures: 3 + 2 = 5); R4 / Art. 8: positive
    prize money."""
    problems: list[tuple[str, str]] = []
    for field in ("validity_years", "round_interval_years", "prize_places_limit"):
        value = values.get(field)
        if value is not None and value < 1:
            problems.append((field, _("Enter a whole number of at least 1.")))
    manufacturing = values.get("manufacturing_places_limit")
    service = values.get("service_places_limit")
    prize = values.get("prize_places_limit")
    if (
        manufacturing is not None
        and service is not None
        and prize is not None
        and manufacturing + service != prize
    ):
        message = _(
            "The manufacturing and service places (%(manufacturing)d + %(service)d) must add "
            "up to the prize places (%(prize)d)."
        ) % {"manufacturing": manufacturing, "service": service, "prize": prize}
        problems.append(("service_places_limit", message))
    amount = values.get("prize_amount")
    if amount is not None and amount <= 0:
        problems.append(("prize_amount", _("The prize money must be a positive amount.")))
    return problems


def check_programme_settings(programme: AwardProgramme) -> None:
    """Refuse a new programme whose settings ``programme_setting_problems`` finds wrong."""
    checked: tuple[str, ...] = PROGRAMME_SETTING_FIELDS
    if not is_measures_bucket_pair(programme.sector_buckets):
        # R2: other buckets than the 2022 measures' two are checked with their own places
        # (check_sector_buckets), not against the manufacturing and service places.
        checked = tuple(f for f in PROGRAMME_SETTING_FIELDS if f not in LEGACY_BUCKET_LIMITS)
    problems = programme_setting_problems({field: getattr(programme, field) for field in checked})
    if problems:
        raise DomainError(" ".join(message for _field, message in problems), articles=(6, 8))


# R2 / Art. 6: the place limits among a programme's rule settings.
PLACE_LIMIT_FIELDS = (
    "prize_places_limit",
    "nomination_places_limit",
    *LEGACY_BUCKET_LIMITS,
)


def check_place_limits(programme: AwardProgramme) -> None:
    """R2 / Art. 6: with the 2022 measures' two sector buckets, the most manufacturing and
    service places of a level add up to the prize places (3 + 2 = 5), as when the programme
    was set up; other buckets are checked with their own places (``check_sector_buckets``)."""
    if not is_measures_bucket_pair(programme.sector_buckets):
        return
    values = {name: getattr(programme, name) for name in PLACE_LIMIT_FIELDS}
    problems = programme_setting_problems(values)
    if problems:
        raise DomainError(
            " ".join(message for _field, message in problems), rule="R2", articles=(6,)
        )


def check_programme_rules_approved(programme: AwardProgramme) -> None:
    """R1 / Art. 10: a round opens only under rules the leading group has approved."""
    if not programme.rules_approved:
        raise DomainError(
            _(
                "The leading group has not yet approved version %(version)d of the programme's "
                "rules; a round can open only under approved rules."
            )
            % {"version": programme.rules_version},
            rule="R1",
            articles=(10,),
        )


# --- R6 / Art. 15: the city's leading industries by GB/T 4754 code ---------------------------

# A GB/T 4754 division, group or class code, with or without its section letter: C39, C398,
# C3985, 3985.
_INDUSTRY_CODE = re.compile(r"^([A-T])?(\d{2,4})$")
# The code an organisation's "industry class" begins with ("C3985 电子专用材料制造").
_LEADING_CODE = re.compile(r"^\s*([A-Ta-t])?(\d{2,4})")


def parse_industry_codes(text: str) -> list[str]:
    """R6: the GB/T 4754 codes of a leading industry as the office types them (separated by
    spaces, commas or 、), upper-cased, each checked; refused when one is not a code."""
    codes = [c.upper() for c in re.split(r"[\s,，、;；]+", text) if c]
    if not codes:
        raise DomainError(_("Give at least one GB/T 4754 class code."), rule="R6")
    wrong = [c for c in codes if not _INDUSTRY_CODE.match(c)]
    if wrong:
        raise DomainError(
            _(
                "Not a GB/T 4754 code: %(codes)s. Give a division, group or class code such as "
                "C39, C398 or C3985."
            )
            % {"codes": "、".join(wrong)},
            rule="R6",
        )
    return list(dict.fromkeys(codes))


def industry_code_covers(listed: str, industry_class: str) -> bool:
    """R6: whether a listed code (C39) covers an organisation's class (C3985 电子专用材料制造):
    the class's digits begin with the code's, and the section letters agree where both are
    given."""
    code = _INDUSTRY_CODE.match(listed.upper())
    klass = _LEADING_CODE.match(industry_class or "")
    if code is None or klass is None:
        return False
    section, digits = code.groups()
    klass_section, klass_digits = klass.groups()
    if section and klass_section and section != klass_section.upper():
        return False
    return klass_digits.startswith(digits)
