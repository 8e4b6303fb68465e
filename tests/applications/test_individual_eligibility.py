"""R5 / Art. 8: an individual nominee's own eligibility rows, from the nominee's data and the
programme's rule settings (years employed by the nominating organisation, default 3; years in
quality work, default 5), counted to the application deadline; the office confirms a row the
data says is not met only with the reason and evidence."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.enums import Role
from applications.eligibility import applicable_conditions, compute_conditions
from applications.enums import ApplicationStatus, EligibilityCondition
from applications.form_data import deadline_date
from applications.models import Nominee
from applications.services.application import record_eligibility_check
from awards import services as award_services
from awards.rulesets import RuleSettings
from decisionlog.workflow import DomainError
from tests.applications.individual import nanchang, nanchang_round, nominate, nominee_application
from tests.factories import ApplicationFactory, UserFactory, grant_role

pytestmark = pytest.mark.django_db
EMPLOYMENT = EligibilityCondition.IND_EMPLOYMENT
QUALITY = EligibilityCondition.IND_QUALITY_WORK


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    with translation.override("en"):
        yield


def _years_before(day: date, years: int, days: int = 0) -> date:
    return day.replace(year=day.year - years) + timedelta(days=days)


def test_the_defaults_are_3_years_with_the_employer_and_5_in_quality_work() -> None:
    rules = RuleSettings()
    assert (rules.individual_min_employment_years, rules.individual_min_quality_work_years) == (
        3,
        5,
    )


def test_a_nominee_meeting_both_has_both_rows_met() -> None:
    application, _user = nominate(nanchang_round())
    rows = compute_conditions(application)
    assert rows[EMPLOYMENT].met is True and rows[QUALITY].met is True
    assert rows[EMPLOYMENT].working.startswith("Since 2015-03-01, ")
    assert "3 years required: met." in rows[EMPLOYMENT].working
    assert "5 years required: met." in rows[QUALITY].working


def test_two_years_with_the_employer_is_not_met() -> None:
    round = nanchang_round()
    deadline = deadline_date(round)
    application, _user = nominate(
        round,
        employed_since=_years_before(deadline, 2).isoformat(),
        quality_work_since=_years_before(deadline, 5).isoformat(),
    )
    rows = compute_conditions(application)
    assert rows[EMPLOYMENT].met is False
    assert rows[EMPLOYMENT].working.endswith("3 years required: not met.")
    # Exactly five years to the deadline: met (the deadline's day counts).
    assert rows[QUALITY].met is True


def test_the_programmes_setting_kept_by_the_round_decides() -> None:
    """A programme asking 10 years of quality work: a nominee of 8 is not met."""
    programme = nanchang()
    office = grant_role(UserFactory(), Role.OFFICE, prog=programme)
    award_services.update_programme_rules(
        programme, actor=office, reason="本市办法", individual_min_quality_work_years=10
    )
    programme.refresh_from_db()
    round = nanchang_round()
    assert round.rule_settings["individual_min_quality_work_years"] == 10
    deadline = deadline_date(round)
    application, _user = nominate(round, quality_work_since=_years_before(deadline, 8).isoformat())
    row = compute_conditions(application)[QUALITY]
    assert row.met is False and "10 years required" in row.working


def test_a_setting_out_of_its_range_is_refused() -> None:
    programme = nanchang()
    office = grant_role(UserFactory(), Role.OFFICE, prog=programme)
    with pytest.raises(DomainError):
        award_services.update_programme_rules(
            programme, actor=office, reason="x", individual_min_employment_years=0
        )
    with pytest.raises(DomainError):
        award_services.update_programme_rules(
            programme, actor=office, reason="x", individual_min_quality_work_years=41
        )


def test_a_nomination_without_the_dates_is_not_met_and_says_why() -> None:
    application = nominee_application(nanchang_round(), status=ApplicationStatus.SUBMITTED)
    rows = compute_conditions(application)
    assert rows[EMPLOYMENT].met is False
    assert "does not say since when" in rows[EMPLOYMENT].working


def test_the_office_confirms_a_row_not_met_only_with_the_reason() -> None:
    round = nanchang_round()
    application = nominee_application(round, status=ApplicationStatus.SUBMITTED)
    Nominee.objects.filter(application=application).update(
        employed_since=timezone.localdate() - timedelta(days=400),
        quality_work_since=date(2010, 1, 1),
    )
    office = grant_role(UserFactory(), Role.OFFICE, prog=round.programme)
    with pytest.raises(DomainError) as refused:
        record_eligibility_check(application, actor=office, condition=EMPLOYMENT, met=True)
    assert "overriding" in refused.value.message
    record_eligibility_check(
        application,
        actor=office,
        condition=EMPLOYMENT,
        met=True,
        evidence="原单位并入本公司，连续工龄5年，见劳动合同",
    )


def test_the_rows_apply_to_individuals_only() -> None:
    round = nanchang_round()
    organisation_app = ApplicationFactory(round=round)
    person = nominee_application(round)
    assert EMPLOYMENT not in applicable_conditions(organisation_app)
    assert QUALITY not in compute_conditions(organisation_app)
    assert {EMPLOYMENT, QUALITY} <= set(applicable_conditions(person))


def test_a_date_in_the_future_is_refused() -> None:
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    with pytest.raises(DomainError):
        nominate(nanchang_round(), employed_since=tomorrow)


def test_the_nominee_form_asks_for_both_dates(client) -> None:  # type: ignore[no-untyped-def]
    round = nanchang_round()
    application, user = nominate(round)
    client.force_login(user)
    url = reverse("applications:nominee_edit", args=[application.pk])
    form = client.get(url).context["form"]
    assert form["employed_since"].value() == date(2015, 3, 1)
    response = client.post(
        url,
        {
            "full_name": "李质量",
            "position": "首席质量官",
            "phone": "13800000000",
            "employed_since": "",
            "quality_work_since": "2012-01-01",
        },
    )
    assert response.status_code == 200
    assert "employed_since" in response.context["form"].errors
    detail = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "2015-03-01" in detail
