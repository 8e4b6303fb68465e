"""Rules of deliberation and publicity as pure functions (Art. 21, R1, R2, R7, R14)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from awards.enums import PrizeLevel
from decisionlog.workflow import DomainError
from organisations.enums import Sector
from publicity.rules import (
    BEIJING,
    check_quorum,
    first_counted_day,
    has_quorum,
    last_day_of,
    leading_group_name,
    new_receipt_number,
    objection_refusal_reason,
    period_end_text,
    plenary_outcome,
    publicity_state,
    publicity_window,
    quota_violations,
)
from tests.factories import RoundFactory

M, S = Sector.MANUFACTURING, Sector.SERVICE
P, N = PrizeLevel.PRIZE, PrizeLevel.NOMINATION


def test_publicity_window_counts_whole_beijing_days() -> None:
    # R1 / Art. 21: 00:00 of the first day to 24:00 of the tenth.
    starts_at, ends_at = publicity_window(date(2026, 12, 1), 10)
    assert starts_at == datetime(2026, 12, 1, 0, 0, tzinfo=BEIJING)
    assert ends_at == datetime(2026, 12, 11, 0, 0, tzinfo=BEIJING)
    assert starts_at.isoformat() == "2026-12-01T00:00:00+08:00"
    assert last_day_of(ends_at) == date(2026, 12, 10)


def test_publicity_window_spans_month_and_year_ends() -> None:
    starts_at, ends_at = publicity_window(date(2031, 12, 29), 15)
    assert ends_at == datetime(2032, 1, 13, 0, 0, tzinfo=BEIJING)  # 24:00 on Monday 12 January
    assert ends_at - starts_at == timedelta(days=15)


def test_a_publicity_opened_during_its_first_day_counts_from_the_next_day() -> None:
    """Civil Code Art. 201: a period counted in days does not count the day it begins in;
    Art. 203: its last day ends at 24:00. Opened on Tuesday 1 December at 10:00 for 10 days,
    the notice is public at once and runs to 24:00 on Friday 11 December."""
    opened_at = datetime(2026, 12, 1, 10, 0, tzinfo=BEIJING)
    starts_at, ends_at = publicity_window(date(2026, 12, 1), 10, opened_at=opened_at)
    assert starts_at == opened_at
    assert ends_at == datetime(2026, 12, 12, 0, 0, tzinfo=BEIJING)
    assert first_counted_day(starts_at) == date(2026, 12, 2)
    assert last_day_of(ends_at) == date(2026, 12, 11)
    assert period_end_text(ends_at) == "2026-12-11 24:00"


def test_a_publicity_set_for_a_later_day_counts_that_day_whole() -> None:
    """Civil Code Art. 201: a period starting at 00:00 of a day counts that day."""
    opened_at = datetime(2026, 11, 30, 16, 0, tzinfo=BEIJING)
    starts_at, ends_at = publicity_window(date(2026, 12, 1), 10, opened_at=opened_at)
    assert first_counted_day(starts_at) == date(2026, 12, 1)
    assert period_end_text(ends_at) == "2026-12-10 24:00"


def test_the_end_of_a_period_reads_24_00_of_its_last_day() -> None:
    """Civil Code Art. 203: every page says "2026-12-03 24:00", never "2026-12-04 00:00"."""
    assert period_end_text(datetime(2026, 12, 4, 0, 0, tzinfo=BEIJING)) == "2026-12-03 24:00"
    assert period_end_text(datetime(2026, 12, 3, 16, 0, tzinfo=BEIJING)) == "2026-12-03 16:00"


def test_publicity_window_of_nine_days_is_refused() -> None:
    with pytest.raises(DomainError) as refused:
        publicity_window(date(2026, 12, 1), 9)
    assert refused.value.rule == "R1"


def test_publicity_state_at_the_edges() -> None:
    starts_at, ends_at = publicity_window(date(2026, 12, 1), 10)
    second = timedelta(seconds=1)
    assert publicity_state(starts_at, ends_at, None, starts_at - second) == "not_yet_open"
    assert publicity_state(starts_at, ends_at, None, starts_at) == "open"
    assert publicity_state(starts_at, ends_at, None, ends_at - second) == "open"
    assert publicity_state(starts_at, ends_at, None, ends_at) == "over"
    assert publicity_state(starts_at, ends_at, ends_at, ends_at - second) == "over"


@pytest.mark.parametrize(
    ("total", "present", "quorum"),
    [
        (9, 5, True),
        (9, 4, False),
        (10, 5, False),
        (10, 6, True),
        (1, 1, True),
        (9, 10, False),
        (9, 0, False),
    ],
)
def test_quorum_is_more_than_half_of_the_members(total: int, present: int, quorum: bool) -> None:
    # R14 / Art. 21.
    assert has_quorum(total, present) is quorum


def test_check_quorum_names_the_counts() -> None:
    with pytest.raises(DomainError) as refused:
        check_quorum(10, 5)
    assert "5" in refused.value.message and "10" in refused.value.message
    assert refused.value.rule == "R1"


@pytest.mark.parametrize(
    ("agree", "present", "outcome"),
    [(4, 7, "passed"), (3, 7, "rejected"), (3, 6, "rejected"), (4, 6, "passed")],
)
def test_candidate_passes_with_more_than_half_of_those_present(
    agree: int, present: int, outcome: str
) -> None:
    assert plenary_outcome(agree, present) == outcome


@pytest.mark.django_db
def test_quotas_hold_at_their_defaults() -> None:
    # R2: 5 prizes (3 manufacturing, 2 service), 5 nominations likewise.
    round = RoundFactory()
    fits = [(M, P, False)] * 3 + [(S, P, False)] * 2 + [(M, N, False)] * 3 + [(S, N, False)] * 2
    assert quota_violations(round, fits) == []


@pytest.mark.django_db
def test_a_fourth_manufacturing_prize_exceeds_the_sector_quota() -> None:
    round = RoundFactory()
    violations = quota_violations(round, [(M, P, False)] * 4)
    assert len(violations) == 1
    assert "4" in violations[0] and "3" in violations[0]


@pytest.mark.django_db
def test_a_sixth_prize_exceeds_the_total_quota() -> None:
    round = RoundFactory(prize_quota_manufacturing=4, prize_quota_service=4)
    violations = quota_violations(round, [(M, P, False)] * 3 + [(S, P, False)] * 3)
    assert len(violations) == 1
    assert "6" in violations[0] and "5" in violations[0]


@pytest.mark.django_db
def test_repeat_winners_stand_outside_the_quota() -> None:
    # R7: a repeat prize winner does not count against the quota.
    round = RoundFactory()
    assert quota_violations(round, [(M, P, False)] * 3 + [(M, P, True)] * 2) == []


@pytest.mark.django_db
def test_quota_settings_of_the_round_apply() -> None:
    round = RoundFactory(nomination_quota=1)
    assert len(quota_violations(round, [(M, N, False), (S, N, False)])) == 1


def test_objection_after_the_end_is_not_accepted() -> None:
    starts_at, ends_at = publicity_window(date(2026, 12, 1), 10)
    reason = objection_refusal_reason(
        name="张三", received_at=ends_at, starts_at=starts_at, ends_at=ends_at
    )
    assert "2026-12-10 24:00" in reason
    assert (
        objection_refusal_reason(
            name="张三",
            received_at=ends_at - timedelta(seconds=1),
            starts_at=starts_at,
            ends_at=ends_at,
        )
        == ""
    )


def test_anonymous_objection_is_not_accepted() -> None:
    starts_at, ends_at = publicity_window(date(2026, 12, 1), 10)
    assert (
        objection_refusal_reason(
            name="  ", received_at=starts_at, starts_at=starts_at, ends_at=ends_at
        )
        != ""
    )


def test_receipt_number_carries_the_beijing_date() -> None:
    # 23:30 UTC on 30 November is already 1 December in Beijing.
    from datetime import UTC

    number = new_receipt_number(datetime(2026, 11, 30, 23, 30, tzinfo=UTC))
    assert number.startswith("YY20261201-")
    assert len(number) == len("YY20261201-") + 6


@pytest.mark.parametrize(
    ("office", "group"),
    [
        ("赣州市质量强市工作领导小组办公室", "赣州市质量强市工作领导小组"),
        ("章贡区质量强区工作领导小组办公室", "章贡区质量强区工作领导小组"),
        ("区质量办", "领导小组"),
    ],
)
def test_the_leading_group_is_named_after_its_office(office: str, group: str) -> None:
    assert leading_group_name(office) == group
