"""Rules of deliberation and publicity (Art. 21), as named functions with their rule ids."""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

from applications.rules import is_repeat_prize_winner
from awards import history
from awards.buckets import bucket_names
from awards.enums import NomineeKind, PrizeLevel, PublicityDayUnit
from awards.models import Round
from awards.rulesets import round_bucket_places, round_rule_settings
from common.dates import HolidayCalendar
from decisionlog.workflow import DomainError
from organisations.models import Organisation
from publicity.enums import PlenaryOutcome

# Chinese notices count days on the Beijing calendar, whatever the server's zone.
BEIJING = ZoneInfo("Asia/Shanghai")

# R1 / Art. 21 (stage 8 in docs/rules.md): publicity is never shorter than 10 days.
PUBLICITY_MIN_DAYS = 10
PUBLICITY_RULE = "R1"
# R2 / R7: quotas per level and sector; repeat prize winners stand outside them.
QUOTA_RULE = "R2"
# R1 / Art. 21 (stage 7 in docs/rules.md): the leading group decides in plenary (全体会议). The
# measures give no quorum; the portal requires more than half of the members present, and a
# candidate passes with more than half of the votes of those present (every vote is recorded
# in the decision log, R14, but a refusal here rests on the plenary rule, not on the log's).
QUORUM_RULE = "R1"

# Receipt numbers avoid characters that are easily confused when read over the phone.
RECEIPT_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


# --- Publicity period -----------------------------------------------------------------------


def check_publicity_days(days: int) -> None:
    """R1 / Art. 21: at least 10 days; a longer period may be set."""
    if days < PUBLICITY_MIN_DAYS:
        raise DomainError(
            _("Publicity lasts at least %(n)d days.") % {"n": PUBLICITY_MIN_DAYS},
            rule=PUBLICITY_RULE,
            articles=(21,),
        )


def publicity_window(
    starts_on: date,
    days: int,
    *,
    opened_at: datetime | None = None,
    unit: str = PublicityDayUnit.CALENDAR,
    calendar: HolidayCalendar | None = None,
) -> tuple[datetime, datetime]:
    """R1 / Art. 21: whole days in Asia/Shanghai, from 00:00 of the first day to 24:00 of the
    last, as Chinese notices state them (X日至X+9日).

    ``publicity_window(date(2026, 12, 1), 10)`` (opened before 1 December) is
    2026-12-01 00:00+08:00 to 2026-12-11 00:00+08:00 (that is, 24:00 on 10 December).

    A period opened during its first day (``opened_at``, by default now, falls on the
    Beijing day ``starts_on``) is public at once, but its days are counted from the next day:
    Civil Code Art. 201 (a period counted in days does not count the day it begins in) and
    Art. 203 (its last day ends at 24:00). Opened on 3 December at 10:00 for 10 days, it
    runs from that moment to 24:00 on 13 December.

    ``unit`` is the programme's (PublicityDayUnit): calendar days, whose last day moves past
    a public holiday of ``calendar`` to the day after it (Civil Code Art. 203); or working
    days, counted on ``calendar`` (holidays off, adjusted working days on).
    """
    check_publicity_days(days)
    calendar = calendar or HolidayCalendar()
    opened_at = opened_at or timezone.now()
    midnight = datetime.combine(starts_on, time.min, tzinfo=BEIJING)
    opened_during_first_day = (
        midnight < opened_at and opened_at.astimezone(BEIJING).date() == starts_on
    )
    first_day = starts_on + timedelta(days=1) if opened_during_first_day else starts_on
    if unit == PublicityDayUnit.WORKING:
        last_day = calendar.last_day_in_working_days(first_day, days)
    else:
        last_day = calendar.last_day_in_calendar_days(first_day, days)
    ends_at = datetime.combine(last_day + timedelta(days=1), time.min, tzinfo=BEIJING)
    return (opened_at if opened_during_first_day else midnight), ends_at


def leading_group_name(office_name: str) -> str:
    """The leading group whose office the programme's office is (赣州市质量强市工作领导小组
    办公室 -> 赣州市质量强市工作领导小组); the plain 领导小组 when the office is named
    otherwise."""
    name = office_name.strip()
    if name.endswith("领导小组办公室"):
        return name.removesuffix("办公室")
    return "领导小组"


def days_text_zh(days: int, unit: str) -> str:
    """The length as a Chinese notice states it: 10天 or 10个工作日."""
    return f"{days}个工作日" if unit == PublicityDayUnit.WORKING else f"{days}天"


def first_counted_day(starts_at: datetime) -> date:
    """The first whole day of a period (Civil Code Art. 201): its first day when it starts at
    00:00, else the next day."""
    local = starts_at.astimezone(BEIJING)
    return local.date() if local.time() == time.min else local.date() + timedelta(days=1)


def last_day_of(ends_at: datetime) -> date:
    """The last calendar day of a period ending at 24:00 (the day before ``ends_at``'s 00:00)."""
    return (ends_at.astimezone(BEIJING) - timedelta(microseconds=1)).date()


def period_end_text(ends_at: datetime) -> str:
    """How every page states a period's end: "2026-12-10 24:00" (Civil Code Art. 203: the last
    day ends at 24:00), never "2026-12-11 00:00"; an end at another time as it is."""
    local = ends_at.astimezone(BEIJING)
    if local.time() == time.min:
        return f"{last_day_of(ends_at):%Y-%m-%d} 24:00"
    return f"{local:%Y-%m-%d %H:%M}"


class PublicityState:
    NOT_YET_OPEN = "not_yet_open"
    OPEN = "open"
    OVER = "over"


def publicity_state(
    starts_at: datetime, ends_at: datetime, closed_at: datetime | None, at: datetime | None = None
) -> str:
    """Open from the first instant to the last; over once the end is reached or it is closed."""
    at = at or timezone.now()
    if closed_at is not None or at >= ends_at:
        return PublicityState.OVER
    if at < starts_at:
        return PublicityState.NOT_YET_OPEN
    return PublicityState.OPEN


# --- Objections -----------------------------------------------------------------------------


def objection_refusal_reason(
    *, name: str, received_at: datetime, starts_at: datetime, ends_at: datetime
) -> str:
    """Stage 8 in docs/rules.md (Art. 21): an objection is accepted for verification only when
    it names its author (a real name or an organisation's name) and arrives during the period.
    Returns the reason it is not accepted, or "" when it is."""
    if received_at < starts_at:
        return _("The objection arrived before the publicity period began.")
    if received_at >= ends_at:
        return _("The objection arrived after the publicity period ended (%(end)s).") % {
            "end": period_end_text(ends_at)
        }
    if not name.strip():
        return _(
            "The objection does not give the objector's real name or organisation name; "
            "anonymous objections are not accepted."
        )
    return ""


def new_receipt_number(at: datetime) -> str:
    """A receipt number such as YY20261203-7KQ4XM: prefix, Beijing date, random part."""
    random_part = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(6))
    return f"YY{at.astimezone(BEIJING):%Y%m%d}-{random_part}"


# --- Plenary --------------------------------------------------------------------------------


def has_quorum(members_total: int, members_present: int) -> bool:
    """R14 / Art. 21: more than half of the leading group's members are present."""
    return 0 < members_present <= members_total and members_present * 2 > members_total


def check_quorum(members_total: int, members_present: int) -> None:
    if members_total <= 0:
        raise DomainError(_("Give the number of members of the leading group."), rule=QUORUM_RULE)
    if members_present > members_total:
        raise DomainError(
            _("More members present (%(present)d) than the leading group has (%(total)d).")
            % {"present": members_present, "total": members_total},
            rule=QUORUM_RULE,
        )
    if not has_quorum(members_total, members_present):
        raise DomainError(
            _(
                "No quorum: %(present)d of %(total)d members present; more than half must "
                "attend the plenary."
            )
            % {"present": members_present, "total": members_total},
            rule=QUORUM_RULE,
        )


def plenary_outcome(agree: int, members_present: int) -> str:
    """R14 / Art. 21: a candidate passes with more than half of the votes of those present."""
    return PlenaryOutcome.PASSED if agree * 2 > members_present else PlenaryOutcome.REJECTED


def check_vote_counts(agree: int, disagree: int, abstain: int, members_present: int) -> None:
    if min(agree, disagree, abstain) < 0:
        raise DomainError(_("Vote counts cannot be negative."), rule=QUORUM_RULE)
    if agree + disagree + abstain > members_present:
        raise DomainError(
            _("%(votes)d votes recorded but only %(present)d members present.")
            % {"votes": agree + disagree + abstain, "present": members_present},
            rule=QUORUM_RULE,
        )


# --- Quotas ---------------------------------------------------------------------------------


def is_repeat_win(organisation: Organisation, round: Round, level: str) -> bool:
    """R4 / R7: a win at ``level`` by an organisation that already won it in an earlier round,
    where the round's rules treat such a repeat otherwise than a first win (the 2022 measures:
    a repeat prize, honour and certificate only, outside the quota, no money; a repeat
    nomination prize is a nomination like any other, so not asked for)."""
    if not level or not round_rule_settings(round).repeat_is_distinct(level):
        return False
    if level == PrizeLevel.PRIZE:
        return is_repeat_prize_winner(organisation, round)
    return organisation.pk in history.winner_ids_before(round, [organisation.pk], level)


def quota_violations(round: Round, selections: Iterable[tuple[str, str, bool]]) -> list[str]:
    """R2 / R7: at most ``prize_quota`` prizes and ``nomination_quota`` nomination prizes, and
    per sector at most the round's sector quota of each; a repeat winner does not count where
    the round's rules say a repeat at its level uses no place (the measures: the prize's).

    ``selections`` holds one ``(sector, level, is_repeat)`` per organisation on the list.
    Returns one message per quota exceeded (empty when the list fits).
    """
    settings = round_rule_settings(round)
    selections = list(selections)
    counts: Counter[tuple[str, str]] = Counter(
        (level, sector)
        for sector, level, is_repeat in selections
        if sector != NomineeKind.INDIVIDUAL and (not is_repeat or settings.repeat_uses_place(level))
    )
    # R2: the places per sector bucket the round's rules give (awards.rulesets).
    places = round_bucket_places(round)
    names = bucket_names(settings.buckets())
    limits = [
        (PrizeLevel.PRIZE, round.prize_quota, places[PrizeLevel.PRIZE]),
        (PrizeLevel.NOMINATION, round.nomination_quota, places[PrizeLevel.NOMINATION]),
    ]
    violations: list[str] = []
    # R4: the people nominated take the individual award's places, apart from the levels'.
    people = sum(1 for sector, _level, _repeat in selections if sector == NomineeKind.INDIVIDUAL)
    individual_places = settings.individual_places if settings.accepts_individuals else 0
    if people > individual_places:
        violations.append(
            _("%(level)s: %(n)d places proposed, the quota is %(quota)d.")
            % {"level": round.individual_award_name(), "n": people, "quota": individual_places}
        )
    for level, total_quota, per_sector in limits:
        level_label = round.level_name(level)
        total = sum(n for (lvl, _sector), n in counts.items() if lvl == level)
        if total > total_quota:
            violations.append(
                _("%(level)s: %(n)d places proposed, the quota is %(quota)d.")
                % {"level": level_label, "n": total, "quota": total_quota}
            )
        for sector, quota in per_sector.items():
            n = counts[(level, sector)]
            if n > quota:
                violations.append(
                    _("%(level)s, %(sector)s: %(n)d places proposed, the quota is %(quota)d.")
                    % {
                        "level": level_label,
                        "sector": names.get(sector, sector),
                        "n": n,
                        "quota": quota,
                    }
                )
    return violations


def check_quotas(round: Round, selections: Iterable[tuple[str, str, bool]]) -> None:
    violations = quota_violations(round, selections)
    if violations:
        raise DomainError(
            _("The proposed list exceeds the quotas: %(v)s") % {"v": " ".join(violations)},
            rule=QUOTA_RULE,
        )
