"""Civil Code Art. 201-203 on the dates of a bar and of an award's validity: a period's first
day is not counted and its last day ends at 24:00. A bar "until" a day includes that day; the
pages say so ("until and including", "may apply again from" the next day), never "before"."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from applications.rules import check_not_banned
from awards.rulesets import RuleSettings
from decisionlog.workflow import DomainError
from grants.enums import BanReason, GrantStatus
from grants.rules.grant import grant_state, valid_until
from sanctions.enums import RevocationGround
from sanctions.models import Ban
from sanctions.services.revocation import ban_end
from tests.factories import OrganisationFactory, programme

pytestmark = pytest.mark.django_db


def test_validity_from_an_approval_on_10_january_2021_lasts_to_10_january_2024_at_24_00() -> None:
    """R9 / Art. 23, Civil Code Art. 201-203: three years from 2021-01-10 end at 24:00 on
    2024-01-10; the award is valid all that day and expired the next."""
    until = valid_until(date(2021, 1, 10), 3)
    assert until == date(2024, 1, 10)
    assert grant_state(GrantStatus.VALID, until, date(2024, 1, 10)) == GrantStatus.VALID
    assert grant_state(GrantStatus.VALID, until, date(2024, 1, 11)) == GrantStatus.EXPIRED


def _bar_decided_on_6_december_2026() -> Ban:
    ends_on = ban_end(RevocationGround.FRAUD, date(2026, 12, 6), RuleSettings())
    return Ban.objects.create(
        organisation=OrganisationFactory(name="赣州失信企业有限公司"),
        programme=programme(),
        reason=BanReason.FRAUD,
        starts_on=date(2026, 12, 6),
        ends_on=ends_on,
    )


def test_a_ten_year_bar_decided_on_6_december_2026_lasts_to_6_december_2036_at_24_00() -> None:
    """R8 / Art. 28, Civil Code Art. 203: the bar is in force on its last day, 2036-12-06,
    and no longer on 2036-12-07."""
    ban = _bar_decided_on_6_december_2026()
    assert ban.ends_on == date(2036, 12, 6)
    with pytest.raises(DomainError):
        check_not_banned(ban.organisation, programme(), date(2036, 12, 6))
    check_not_banned(ban.organisation, programme(), date(2036, 12, 7))


def test_the_bar_message_says_until_and_including_and_from_when_never_before() -> None:
    """R8: the refusal names the last day of the bar as included and the day applications
    may start again (zh: 至2036年12月6日24时, 自2036年12月7日起可再次申报)."""
    ban = _bar_decided_on_6_december_2026()
    with translation.override("zh-hans"), pytest.raises(DomainError) as refused:
        check_not_banned(ban.organisation, programme(), date(2030, 1, 1))
    assert "至2036年12月6日24时" in refused.value.message
    assert "自2036年12月7日起可再次申报" in refused.value.message
    assert "前不得" not in refused.value.message
    with translation.override("en"), pytest.raises(DomainError) as refused:
        check_not_banned(ban.organisation, programme(), date(2030, 1, 1))
    assert "until and including Dec. 6, 2036" in refused.value.message
    assert "may apply again from Dec. 7, 2036" in refused.value.message
