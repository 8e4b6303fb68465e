"""Art. 13(4) for a non-profit organisation (its social contribution, a condition row of its
own) and the office's decision on a claimed Art. 15 tag (R5, R6), at the service level."""

from __future__ import annotations

import pytest
from django.utils import timezone

from applications.eligibility import applicable_conditions, compute_conditions
from applications.enums import ApplicationStatus, EligibilityCondition, LeaderTagDecision
from applications.form_data import form_gaps
from applications.models import EligibilityCheck
from applications.services import application as services
from awards.models import LeadingIndustry
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from tests.awards.helpers import (
    check_all_conditions,
    eligibility_round,
    in_english,  # noqa: F401  (autouse: messages in English)
    other_programme_office,
    submitted_application,
)
from tests.factories import ApplicationFactory, RecommenderFactory, office_user, programme

pytestmark = pytest.mark.django_db

C4 = EligibilityCondition.C4_PERFORMANCE
C4_NON_PROFIT = EligibilityCondition.C4_NON_PROFIT


def _non_profit(**kwargs):  # type: ignore[no-untyped-def]
    return submitted_application(
        eligibility_round(),
        non_profit=True,
        social_contribution="承担全市计量检测公益服务，年服务企业三千家，位居全省同类机构前列。",
        recommender=RecommenderFactory(),
        recommendation_opinion="同意推荐",
        recommended_at=timezone.now(),
        **kwargs,
    )


# --- Art. 13(4): a non-profit organisation ---------------------------------------------------


def test_a_non_profit_organisation_is_checked_on_its_social_contribution_not_on_profits() -> None:
    # Art. 13(4): "从事非赢利性业务的组织，其社会贡献位于同行业前列": a row of its own, in place of
    # the profit check.
    application = _non_profit()
    conditions = applicable_conditions(application)
    assert C4_NON_PROFIT in conditions and C4 not in conditions
    computed = compute_conditions(application)
    assert C4 not in computed
    assert computed[C4_NON_PROFIT].met is None  # the officer judges
    assert "Declared a non-profit organisation" in computed[C4_NON_PROFIT].working


def test_a_business_is_checked_on_profits_and_has_no_non_profit_row() -> None:
    application = submitted_application(eligibility_round())
    conditions = applicable_conditions(application)
    assert C4 in conditions and C4_NON_PROFIT not in conditions


def test_a_non_profit_organisation_without_profits_is_eligible_on_its_contribution() -> None:
    # Art. 13(4): no officer's override of a failed profit check is needed.
    office = office_user()
    application = _non_profit(financials={})
    for condition in applicable_conditions(application):
        services.record_eligibility_check(
            application, actor=office, condition=condition, met=True, evidence="已核验"
        )
    check = EligibilityCheck.objects.get(application=application, condition=C4_NON_PROFIT)
    assert (check.met, check.computed_met) == (True, None)
    assert not EligibilityCheck.objects.filter(application=application, condition=C4).exists()
    result = services.decide_eligibility(application, actor=office, eligible=True, sector="service")
    assert result.status == ApplicationStatus.ELIGIBLE


def test_the_blockers_of_a_non_profit_name_its_own_row_of_art13_4() -> None:
    application = _non_profit()
    blockers = services.eligibility_blockers(application)
    assert f"Not yet checked: {C4_NON_PROFIT.label}" in blockers
    assert f"Not yet checked: {C4.label}" not in blockers


def test_the_row_that_does_not_apply_cannot_be_recorded() -> None:
    office = office_user()
    with pytest.raises(DomainError, match="does not apply") as error:
        services.record_eligibility_check(_non_profit(), actor=office, condition=C4, met=True)
    assert error.value.rule == "R5"
    business = submitted_application(eligibility_round())
    with pytest.raises(DomainError, match="does not apply"):
        services.record_eligibility_check(business, actor=office, condition=C4_NON_PROFIT, met=True)
    assert not EligibilityCheck.objects.exists()


def test_a_non_profit_dossier_needs_its_social_contribution_statement() -> None:
    application = ApplicationFactory(non_profit=True, social_contribution="")
    assert "Describe the organisation's social contribution (Art. 13(4))." in form_gaps(application)
    application.social_contribution = "公益服务"
    assert "Describe the organisation's social contribution (Art. 13(4))." not in form_gaps(
        application
    )


# --- R6 / Art. 15: the office confirms or refuses a claimed tag -------------------------------


def _claimant(**kwargs):  # type: ignore[no-untyped-def]
    application = submitted_application(eligibility_round(), tag_key_industry_leader=True, **kwargs)
    application.organisation.industry_class = "C3985 电子专用材料制造"
    application.organisation.save()
    return application


def test_only_a_confirmed_art15_tag_tilts() -> None:
    # Art. 14 encourages SMEs and the digital economy to apply; only Art. 15 tilts the review.
    art14 = ApplicationFactory(tag_sme_innovation=True, tag_digital_economy=True)
    assert art14.tilt_count == 0
    claimed = ApplicationFactory(tag_key_industry_leader=True)
    assert claimed.tilt_count == 0
    claimed.leader_tag_decision = LeaderTagDecision.REFUSED
    assert claimed.tilt_count == 0
    claimed.leader_tag_decision = LeaderTagDecision.CONFIRMED
    assert claimed.tilt_count == 1


def test_the_office_confirms_the_tag_with_its_reason_and_the_leading_industry_logged() -> None:
    LeadingIndustry.objects.create(
        programme=programme(), name="电子信息", industry_classes="C39 I65"
    )
    office = office_user()
    application = _claimant()
    result = services.decide_leader_tag(
        application, actor=office, confirmed=True, reason="属电子信息主导产业龙头企业"
    )
    assert result.leader_tag_decision == LeaderTagDecision.CONFIRMED
    assert result.tilt_count == 1
    entry = DecisionLogEntry.objects.get(action="application.leader_tag")
    assert entry.reason == "属电子信息主导产业龙头企业"
    assert entry.data == {
        "confirmed": True,
        "before": "",
        "industry_class": "C3985 电子专用材料制造",
        "leading_industries": ["电子信息"],
    }


def test_a_refused_tag_carries_no_tilt_and_leaves_the_priority_tags() -> None:
    application = _claimant(tag_digital_economy=True)
    assert application.priority_tags == [
        "Digital-economy organisation",
        "Leading enterprise of a key city industry (awaiting the office's confirmation)",
    ]
    result = services.decide_leader_tag(
        application, actor=office_user(), confirmed=False, reason="所属行业不在主导产业目录"
    )
    assert (result.leader_tag_decision, result.leader_tag_reason, result.tilt_count) == (
        LeaderTagDecision.REFUSED,
        "所属行业不在主导产业目录",
        0,
    )
    assert result.priority_tags == ["Digital-economy organisation"]


def test_the_tag_decision_needs_a_reason_a_claim_and_a_submitted_application() -> None:
    office = office_user()
    with pytest.raises(DomainError, match="Give the reason") as error:
        services.decide_leader_tag(_claimant(), actor=office, confirmed=True, reason=" ")
    assert error.value.rule == "R6"
    not_claimed = submitted_application(eligibility_round())
    with pytest.raises(DomainError, match="does not claim"):
        services.decide_leader_tag(not_claimed, actor=office, confirmed=True, reason="是")
    decided = _claimant(status=ApplicationStatus.ELIGIBLE)
    with pytest.raises(DomainError, match="eligibility check only"):
        services.decide_leader_tag(decided, actor=office, confirmed=True, reason="是")
    assert not DecisionLogEntry.objects.filter(action="application.leader_tag").exists()


def test_another_programmes_office_cannot_decide_the_tag() -> None:
    application = _claimant()
    with pytest.raises(DomainError, match="Only the office"):
        services.decide_leader_tag(
            application, actor=other_programme_office(), confirmed=True, reason="是"
        )
    application.refresh_from_db()
    assert application.leader_tag_decision == LeaderTagDecision.PENDING


def test_check_all_conditions_helper_follows_the_kind_of_organisation() -> None:
    application = _non_profit()
    check_all_conditions(application, office_user())
    assert services.eligibility_blockers(application) == []
