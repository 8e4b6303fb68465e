"""R5 / Art. 13: the eligibility numbers are the programme's rule settings (the 2022 measures'
by default), read by the computed conditions and the forms instead of constants."""

from __future__ import annotations

import pytest

from applications.eligibility import compute_conditions
from applications.enums import EligibilityCondition
from applications.forms.applicant import DossierForm
from applications.forms.office import ConsultationForm
from awards.models import AwardProgramme, Round
from awards.rules import check_rule_settings
from awards.rulesets import RuleSettings, programme_rule_settings
from decisionlog.workflow import DomainError
from tests.applications.test_eligibility_computed import _application, _round
from tests.awards.helpers import in_english  # noqa: F401  (autouse: messages in English)

pytestmark = pytest.mark.django_db


def _programme(**settings: object) -> AwardProgramme:
    """An unsaved programme with its levels named (R15), the 2022 measures' numbers unless
    ``settings`` say otherwise."""
    return AwardProgramme(
        name="x", slug="x", prize_name="x奖", nomination_name="x奖提名奖", **settings
    )


def test_the_defaults_are_the_2022_measures() -> None:
    assert programme_rule_settings(AwardProgramme(name="x", slug="x")) == RuleSettings(
        min_operation_years=3,
        min_certification_years=3,
        min_excellence_model_years=2,
        profitable_years=2,
        adverse_record_years=3,
    )


def test_a_programme_requiring_two_years_of_certification_accepts_two_years_four_months() -> None:
    round = _round()
    AwardProgramme.objects.filter(pk=round.programme_id).update(min_certification_years=2)
    round.programme.refresh_from_db()
    c3 = compute_conditions(_application(round))[EligibilityCondition.C3_SYSTEMS]
    # Under the default 3 years the same certificate (2 years 4 months) is not met.
    assert c3.met is True


def test_a_programme_requiring_seven_years_of_operation_refuses_six() -> None:
    round = _round()
    AwardProgramme.objects.filter(pk=round.programme_id).update(min_operation_years=7)
    round.programme.refresh_from_db()
    c1 = compute_conditions(_application(round))[EligibilityCondition.C1_REGISTRATION]
    assert (c1.met, c1.working) == (
        False,
        "Founded 2019-05-01, 6 years 2 months to the deadline 2025-06-30: not met.",
    )


def test_three_profitable_years_read_the_third_year_back() -> None:
    round = _round()
    AwardProgramme.objects.filter(pk=round.programme_id).update(profitable_years=3)
    round.programme.refresh_from_db()
    c4 = compute_conditions(_application(round))[EligibilityCondition.C4_PERFORMANCE]
    assert "Profit in 2022 860.00, 2023 860.00, 2024 860.00: met." in c4.working


def test_the_consultation_question_states_the_look_back_years() -> None:
    form = ConsultationForm(adverse_record_years=5)
    assert form.fields["question"].initial == (
        "Please state whether the organisation has any adverse record in your field in the "
        "last 5 years (Art. 13(6))."
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("min_operation_years", 0),
        ("min_operation_years", 31),
        ("min_certification_years", 0),
        ("min_excellence_model_years", 0),
        ("profitable_years", 4),
        ("adverse_record_years", 11),
    ],
)
def test_numbers_outside_their_range_are_refused(field: str, value: int) -> None:
    programme = _programme(**{field: value})
    with pytest.raises(DomainError) as refused:
        check_rule_settings(programme)
    assert refused.value.rule == "R5"
    assert "must be a whole number from" in refused.value.message
    assert refused.value.user_message.endswith("(Art. 13 of the Measures)")


def test_the_applicants_declarations_state_the_rounds_look_back_years() -> None:
    round = _round()
    Round.objects.filter(pk=round.pk).update(rule_settings={"adverse_record_years": 5})
    round.refresh_from_db()
    application = _application(round)
    form = DossierForm(instance=application, organisation=application.organisation)
    assert form.fields["compliance_declarations"].label == (
        "In the last 5 years, we declare (Art. 13(6)):"
    )


# --- R5 / Art. 13(3): the management-system certificates a programme accepts ----------------

ISO14001_SINCE_2021 = [
    {
        "standard": "gbt24001",
        "number": "00456E1",
        "issuer": "中国质量认证中心",
        "issued_on": "2021-03-01",
        "expires_on": "2027-02-28",
    }
]


def test_an_environmental_certificate_counts_only_where_the_programme_accepts_it() -> None:
    round = _round()
    application = _application(round, certificates=ISO14001_SINCE_2021)
    c3 = compute_conditions(application)[EligibilityCondition.C3_SYSTEMS]
    assert c3.met is False
    assert "No accepted management-system certificate valid at the deadline" in c3.working
    AwardProgramme.objects.filter(pk=round.programme_id).update(
        accepted_certification_standards=["gbt19001", "gbt24001"]
    )
    round.programme.refresh_from_db()
    c3 = compute_conditions(application)[EligibilityCondition.C3_SYSTEMS]
    assert c3.met is True
    assert "GB/T 24001 / ISO 14001" in c3.working


def test_a_programme_accepts_at_least_one_known_certificate() -> None:
    for standards in ([], ["iso99999"]):
        programme = _programme(accepted_certification_standards=standards)
        with pytest.raises(DomainError, match="Choose at least one"):
            check_rule_settings(programme)


def test_a_round_keeps_the_certificates_it_opened_under() -> None:
    """The copy a round keeps (JSON) reads back as the same settings."""
    from awards.rulesets import round_rule_settings, rule_settings_snapshot

    round = _round()
    programme = round.programme
    programme.accepted_certification_standards = ["gbt19001", "gbt45001"]
    round.rule_settings = rule_settings_snapshot(programme)
    AwardProgramme.objects.filter(pk=programme.pk).update(
        accepted_certification_standards=["gbt19001"]
    )
    assert round_rule_settings(round).accepted_certification_standards == (
        "gbt19001",
        "gbt45001",
    )
