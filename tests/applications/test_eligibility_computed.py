"""R5 / Art. 13: conditions computed from the dossier with their working; the officer confirms
or overrides with a reason; the office's investigation (Art. 11(5)) with its findings."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from applications.eligibility import compute_conditions, months_between
from applications.enums import ApplicationStatus, EligibilityCondition
from applications.models import EligibilityCheck
from applications.services import application as services
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from demo.dossiers import sample_form_data
from tests.awards.helpers import (
    eligibility_round,
    in_english,  # noqa: F401  (autouse: messages in English)
    signed,
    submitted_application,
)
from tests.factories import OrganisationFactory, office_user

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _round():  # type: ignore[no-untyped-def]
    """A round with the deadline of the issue's example, 2025-06-30."""
    return eligibility_round(
        year=2025,
        applications_open_at=datetime(2025, 3, 1, tzinfo=SHANGHAI),
        applications_close_at=datetime(2025, 6, 30, 17, tzinfo=SHANGHAI),
    )


def _application(round=None, **kwargs):  # type: ignore[no-untyped-def]
    round = round or _round()
    form = sample_form_data(round)
    form["certificates"] = [
        {
            "standard": "gbt19001",
            "number": "00123Q1",
            "issuer": "中国质量认证中心",
            "issued_on": "2023-03-01",
            "expires_on": "2026-02-28",
        }
    ]
    form["excellence_model_since"] = date(2022, 1, 1)
    form.update(kwargs)
    organisation = OrganisationFactory(founded_on=date(2019, 5, 1))
    return submitted_application(round, organisation=organisation, **form)


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2019, 5, 1), date(2025, 6, 30), 74),
        (date(2023, 3, 1), date(2025, 6, 30), 28),
        (date(2022, 7, 1), date(2025, 6, 30), 36),
        (date(2022, 7, 2), date(2025, 6, 30), 35),
        (date(2026, 1, 1), date(2025, 6, 30), 0),
    ],
)
def test_months_count_the_deadline_day(start, end, months) -> None:  # type: ignore[no-untyped-def]
    assert months_between(start, end) == months


def test_the_issues_example_rows_with_their_working() -> None:
    computed = compute_conditions(_application())
    c1 = computed[EligibilityCondition.C1_REGISTRATION]
    assert (c1.met, c1.working) == (
        True,
        "Founded 2019-05-01, 6 years 2 months to the deadline 2025-06-30: met.",
    )
    c3 = computed[EligibilityCondition.C3_SYSTEMS]
    assert (c3.met, c3.working) == (
        False,
        "GB/T 19001 / ISO 9001 quality management since 2023-03-01, 2 years 4 months: not met. "
        "Excellence model since 2022-01-01, 3 years 6 months: met.",
    )
    c4 = computed[EligibilityCondition.C4_PERFORMANCE]
    assert (c4.met, c4.working) == (
        True,
        "Safety standardisation: Level 2: met. Profit in 2023 860.00, 2024 860.00: met. "
        "Leading indicators in the industry: for the officer to judge.",
    )
    for condition in (
        EligibilityCondition.C2_COMPLIANCE,
        EligibilityCondition.C5_RECORD,
        EligibilityCondition.INVESTIGATION,
    ):
        assert computed[condition].met is None


def test_a_loss_in_one_of_the_last_two_years_is_not_met() -> None:
    round = _round()
    financials = sample_form_data(round)["financials"]
    financials["2024"]["profit"] = "-15.5"
    computed = compute_conditions(_application(round, financials=financials))
    c4 = computed[EligibilityCondition.C4_PERFORMANCE]
    assert c4.met is False
    assert "Profit in 2023 860.00, 2024 -15.5: not met." in c4.working


def test_expired_certificate_and_no_safety_grade_are_not_met() -> None:
    application = _application(
        certificates=[
            {
                "standard": "gbt19001",
                "number": "1",
                "issuer": "x",
                "issued_on": "2010-01-01",
                "expires_on": "2025-01-01",
            }
        ],
        safety_level="none",
    )
    computed = compute_conditions(application)
    assert computed[EligibilityCondition.C3_SYSTEMS].working.startswith(
        "No accepted management-system certificate valid at the deadline: not met."
    )
    assert computed[EligibilityCondition.C4_PERFORMANCE].met is False


def test_integrity_row_shows_the_declarations_for_the_officer() -> None:
    c6 = compute_conditions(_application(compliance_declarations=["no_fatal_accident"]))[
        EligibilityCondition.C6_INTEGRITY
    ]
    assert c6.met is None
    assert c6.working == (
        "1 of 7 declarations of Art. 13(6) given. Department replies: 0 without adverse "
        "record, 0 adverse, 0 awaited."
    )


def test_confirming_the_computed_result_needs_no_reason_and_keeps_the_working() -> None:
    application = _application()
    office = office_user()
    services.record_eligibility_check(application, actor=office, condition="c1", met=True)
    check = EligibilityCheck.objects.get()
    assert (check.met, check.computed_met) == (True, True)
    assert check.computed_working.startswith("Founded 2019-05-01")
    entry = DecisionLogEntry.objects.get(action="eligibility.check")
    assert entry.data["overridden"] is False


def test_overriding_without_a_reason_is_refused() -> None:
    application = _application()
    with pytest.raises(DomainError) as refused:
        services.record_eligibility_check(
            application, actor=office_user(), condition="c3", met=True
        )
    assert refused.value.message.startswith(
        "The dossier's data says “not met” (GB/T 19001 / ISO 9001 quality management since "
        "2023-03-01"
    )
    assert refused.value.message.endswith("Give the reason and the evidence for overriding it.")
    assert not EligibilityCheck.objects.exists()


def test_overriding_with_a_reason_is_recorded_as_such() -> None:
    application = _application()
    services.record_eligibility_check(
        application,
        actor=office_user(),
        condition="c3",
        met=True,
        evidence="2020 年起持 ISO 9001 证书，2023 年换证（旧证书已核验）",
    )
    check = EligibilityCheck.objects.get()
    assert (check.met, check.computed_met) == (True, False)
    entry = DecisionLogEntry.objects.get(action="eligibility.check")
    assert entry.data["overridden"] is True
    assert entry.reason == "2020 年起持 ISO 9001 证书，2023 年换证（旧证书已核验）"


def test_investigation_needs_its_findings() -> None:
    application = _application()
    with pytest.raises(DomainError) as refused:
        services.record_eligibility_check(
            application, actor=office_user(), condition="inv", met=True
        )
    assert refused.value.message == (
        "Record the findings of the investigation of the quality record and reputation."
    )
    services.record_eligibility_check(
        application,
        actor=office_user(),
        condition="inv",
        met=True,
        evidence="走访市场监管所与行业协会，网络舆情检索无负面报道。",
    )
    assert EligibilityCheck.objects.get().condition == "inv"


def test_investigation_is_a_blocker_until_recorded() -> None:
    application = _application()
    blockers = services.eligibility_blockers(application)
    assert (
        "Not yet checked: Office investigation of the quality record and public reputation "
        "(Art. 11(5))" in blockers
    )


def test_office_page_shows_the_working_prefills_it_and_marks_an_override(client) -> None:  # type: ignore[no-untyped-def]
    application = _application()
    office = signed(office_user(), application.round)
    services.record_eligibility_check(
        application, actor=office, condition="c3", met=True, evidence="旧证书已核验"
    )
    client.force_login(office)
    response = client.get(reverse("applications:office_detail", args=[application.pk]))
    body = response.content.decode()
    assert "Founded 2019-05-01, 6 years 2 months to the deadline 2025-06-30: met." in body
    assert "Computed: not met" in body
    assert body.count("Overridden by the officer") == 1
    rows = {row["condition"].value: row for row in response.context["conditions"]}
    assert rows["c1"]["form"].initial["met"] == "yes"
    assert rows["c2"]["form"].initial["met"] is None
    assert rows["c3"]["form"].initial["met"] == "yes"  # the officer's recorded result
    assert application.status == ApplicationStatus.SUBMITTED


def test_office_post_of_an_override_without_a_reason_shows_the_message(client) -> None:  # type: ignore[no-untyped-def]
    application = _application()
    office = signed(office_user(), application.round)
    client.force_login(office)
    response = client.post(
        reverse("applications:office_check", args=[application.pk]),
        {"condition": "c3", "met": "yes", "evidence": ""},
    )
    assert response.status_code == 200
    assert "Give the reason and the evidence for overriding it." in response.content.decode()
    assert not EligibilityCheck.objects.exists()
