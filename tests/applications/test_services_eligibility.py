"""Eligibility (Art. 13, 17, R5), consultations, waivers of adverse records, recommendations
(Art. 12, 28) and disqualification (R8), at the service level."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from applications.eligibility import applicable_conditions
from applications.enums import ApplicationStatus, ConsultationResult, EligibilityCondition
from applications.models import Consultation, EligibilityCheck
from applications.services import application as services
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from notifications.models import Notification, OutboxMessage
from organisations.models import OrganisationMembership
from tests.awards.helpers import (
    check_all_conditions,
    eligibility_round,
    in_english,  # noqa: F401  (autouse: messages in English)
    other_programme,
    other_programme_office,
    role_user,
    signed,
    submitted_application,
)
from tests.factories import (
    ApplicationFactory,
    RecommenderFactory,
    applicant_user,
    department,
    liaison_user,
    office_user,
    recommender_user,
)

pytestmark = pytest.mark.django_db


def _ready(round=None, **kwargs):  # type: ignore[no-untyped-def]
    """A submitted application with its opinion written and every condition met."""
    office = kwargs.pop("office", None) or office_user()
    application = submitted_application(
        round or eligibility_round(),
        recommender=RecommenderFactory(),
        recommendation_opinion="同意推荐",
        recommended_at=timezone.now(),
        **kwargs,
    )
    check_all_conditions(application, office)
    return application


def _consultation(application, result=ConsultationResult.PENDING, **kwargs):  # type: ignore[no-untyped-def]
    return Consultation.objects.create(
        application=application,
        department=kwargs.pop("dept", None) or department("tax"),
        question="近三年是否有重大税收违法失信行为?",
        sent_by=kwargs.pop("sent_by", None) or office_user(),
        result=result,
        **kwargs,
    )


# --- record_eligibility_check (R5) ---------------------------------------------------------


def test_record_check_keeps_condition_result_evidence_and_logs() -> None:
    office = office_user()
    application = submitted_application(eligibility_round())
    services.record_eligibility_check(
        application, actor=office, condition="c3", met=True, evidence="ISO 9001 证书 2015 年起"
    )
    check = EligibilityCheck.objects.get()
    assert (check.condition, check.met, check.evidence, check.checked_by) == (
        "c3",
        True,
        "ISO 9001 证书 2015 年起",
        office,
    )
    entry = DecisionLogEntry.objects.get(action="eligibility.check")
    # The factory's dossier has no certificate: recording "met" overrides the computed row.
    assert entry.data == {
        "condition": "c3",
        "met": True,
        "computed_met": False,
        "working": check.computed_working,
        "overridden": True,
    }
    assert check.computed_met is False


def test_record_check_again_replaces_the_result_and_logs_both() -> None:
    office = office_user()
    application = submitted_application(eligibility_round())
    services.record_eligibility_check(application, actor=office, condition="c1", met=True)
    services.record_eligibility_check(
        application, actor=office, condition="c1", met=False, evidence="成立不足三年"
    )
    assert EligibilityCheck.objects.get().met is False
    assert DecisionLogEntry.objects.filter(action="eligibility.check").count() == 2


def test_record_check_not_met_without_evidence_is_refused_r5() -> None:
    application = submitted_application(eligibility_round())
    with pytest.raises(DomainError) as error:
        services.record_eligibility_check(
            application, actor=office_user(), condition="c2", met=False
        )
    assert error.value.rule == "R5"
    assert EligibilityCheck.objects.count() == 0


def test_record_check_by_another_programmes_office_is_refused() -> None:
    application = submitted_application(eligibility_round())
    with pytest.raises(DomainError, match="Only the office"):
        services.record_eligibility_check(
            application, actor=other_programme_office(), condition="c1", met=True
        )


def test_record_check_on_a_draft_is_refused() -> None:
    application = ApplicationFactory()
    with pytest.raises(DomainError, match="only for submitted"):
        services.record_eligibility_check(
            application, actor=office_user(), condition="c1", met=True
        )


# --- eligibility_blockers (R5) -------------------------------------------------------------


def test_blockers_name_every_condition_not_checked_and_the_missing_opinion() -> None:
    application = submitted_application(eligibility_round())
    blockers = services.eligibility_blockers(application)
    assert blockers == [
        *(f"Not yet checked: {c.label}" for c in applicable_conditions(application)),
        "The recommending unit has not written its opinion.",
    ]


def test_blockers_name_a_condition_not_met_a_pending_reply_and_an_adverse_record() -> None:
    office = office_user()
    application = _ready(office=office)
    EligibilityCheck.objects.filter(condition="c6").update(met=False)
    _consultation(application, dept=department("tax"))
    _consultation(
        application, ConsultationResult.ADVERSE, dept=department("ecology"), details="超标排放"
    )
    assert services.eligibility_blockers(application) == [
        f"Not met: {EligibilityCondition.C6_INTEGRITY.label}",
        "Awaiting the reply of 国家税务总局赣州市税务局",
        "Adverse record reported by 赣州市生态环境局",
    ]


def test_blockers_are_empty_when_everything_is_met_and_answered() -> None:
    application = _ready()
    _consultation(application, ConsultationResult.NO_ADVERSE)
    assert services.eligibility_blockers(application) == []


def test_blockers_ignore_the_opinion_when_the_round_does_not_require_one() -> None:
    office = office_user()
    application = submitted_application(eligibility_round(recommendation_required=False))
    check_all_conditions(application, office)
    assert services.eligibility_blockers(application) == []


# --- decide_eligibility (Art. 17) ----------------------------------------------------------


def test_decide_eligible_confirms_the_sector_logs_and_notifies_the_organisation() -> None:
    office = office_user()
    application = _ready(office=office, sector="manufacturing")
    applicant = applicant_user(application.organisation)
    result = services.decide_eligibility(
        application, actor=office, eligible=True, reason="六项条件均符合", sector="service"
    )
    assert (result.status, result.sector, result.sector_confirmed, result.eligibility_reason) == (
        "eligible",
        "service",
        True,
        "六项条件均符合",
    )
    entry = DecisionLogEntry.objects.get(action="application.eligible")
    assert (entry.from_state, entry.to_state, entry.actor) == ("submitted", "eligible", office)
    notification = Notification.objects.get(user=applicant)
    assert notification.url == reverse("applications:detail", args=[application.pk])
    (row,) = OutboxMessage.objects.filter(recipient=applicant)
    assert (row.event, row.language) == ("eligibility_decision", "zh-hans")
    assert application.organisation.name in row.body


def test_decide_eligible_with_blockers_is_refused_with_them_r5() -> None:
    application = submitted_application(eligibility_round())
    with pytest.raises(DomainError) as error:
        services.decide_eligibility(application, actor=office_user(), eligible=True)
    assert error.value.rule == "R5"
    assert "Not yet checked" in error.value.message
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_decide_eligible_with_an_unwaived_adverse_record_is_refused_r5() -> None:
    application = _ready()
    _consultation(application, ConsultationResult.ADVERSE, details="2023年重大税收违法")
    with pytest.raises(DomainError, match="Adverse record reported by"):
        services.decide_eligibility(application, actor=office_user(), eligible=True)


def test_decide_not_eligible_without_a_reason_is_refused_r5() -> None:
    application = submitted_application(eligibility_round())
    with pytest.raises(DomainError) as error:
        services.decide_eligibility(application, actor=office_user(), eligible=False, reason=" ")
    assert error.value.rule == "R5"
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_decide_not_eligible_with_a_reason_keeps_it() -> None:
    from notifications.services import set_message_language

    application = submitted_application(eligibility_round())
    applicant = applicant_user(application.organisation)
    set_message_language(applicant, "en")
    result = services.decide_eligibility(
        application, actor=office_user(), eligible=False, reason="成立不足三年"
    )
    assert (result.status, result.eligibility_reason) == ("ineligible", "成立不足三年")
    # The applicant chose English for its messages: the reason in the English template.
    (row,) = OutboxMessage.objects.filter(recipient=applicant, event="eligibility_decision")
    assert row.language == "en"
    assert "is not eligible. Reason: 成立不足三年" in row.body


def test_decide_before_the_window_closed_is_refused_r1() -> None:
    from tests.factories import RoundFactory

    application = submitted_application(RoundFactory())
    with pytest.raises(DomainError) as error:
        services.decide_eligibility(application, actor=office_user(), eligible=False, reason="x")
    assert error.value.rule == "R1"


def test_decide_by_another_programmes_office_is_refused() -> None:
    application = _ready()
    with pytest.raises(DomainError, match="Only the office decides"):
        services.decide_eligibility(application, actor=other_programme_office(), eligible=True)


def test_decide_with_an_unknown_sector_is_refused_r2() -> None:
    application = _ready()
    with pytest.raises(DomainError) as error:
        services.decide_eligibility(
            application, actor=office_user(), eligible=True, sector="mining"
        )
    assert error.value.rule == "R2"


# --- send_consultation (Art. 17) -----------------------------------------------------------


def test_send_consultation_creates_it_logs_and_notifies_the_departments_liaison() -> None:
    office = office_user()
    tax_liaison = liaison_user(department("tax"))
    ecology_liaison = liaison_user(department("ecology"))
    application = submitted_application(eligibility_round())
    due = timezone.localdate() + timedelta(days=7)
    consultation = services.send_consultation(
        application, actor=office, department=department("tax"), question="有无欠税?", due_on=due
    )
    assert (consultation.result, consultation.due_on, consultation.sent_by) == (
        "pending",
        due,
        office,
    )
    assert DecisionLogEntry.objects.filter(action="consultation.send").count() == 1
    assert Notification.objects.filter(user=tax_liaison).count() == 1
    assert Notification.objects.filter(user=ecology_liaison).count() == 0


def test_send_the_same_consultation_twice_returns_the_first() -> None:
    office = office_user()
    application = submitted_application(eligibility_round())
    first = services.send_consultation(
        application, actor=office, department=department("tax"), question="有无欠税?"
    )
    again = services.send_consultation(
        application, actor=office, department=department("tax"), question="有无欠税?"
    )
    assert first.pk == again.pk
    assert DecisionLogEntry.objects.filter(action="consultation.send").count() == 1


def test_send_another_question_to_a_department_already_consulted_is_refused() -> None:
    office = office_user()
    application = submitted_application(eligibility_round())
    services.send_consultation(
        application, actor=office, department=department("tax"), question="有无欠税?"
    )
    with pytest.raises(DomainError, match="already been consulted"):
        services.send_consultation(
            application, actor=office, department=department("tax"), question="另一个问题"
        )


@pytest.mark.parametrize(
    ("question", "days", "message"),
    [(" ", 3, "Write the question"), ("有无欠税?", -1, "in the past")],
    ids=["empty_question", "due_in_the_past"],
)
def test_send_consultation_with_bad_input_is_refused(
    question: str, days: int, message: str
) -> None:
    application = submitted_application(eligibility_round())
    with pytest.raises(DomainError, match=message):
        services.send_consultation(
            application,
            actor=office_user(),
            department=department("tax"),
            question=question,
            due_on=timezone.localdate() + timedelta(days=days),
        )
    assert Consultation.objects.count() == 0


def test_send_consultation_by_another_programmes_office_is_refused() -> None:
    application = submitted_application(eligibility_round())
    with pytest.raises(DomainError, match="Only the office"):
        services.send_consultation(
            application, actor=other_programme_office(), department=department("tax"), question="?"
        )


def test_send_consultation_about_a_draft_is_refused() -> None:
    with pytest.raises(DomainError):
        services.send_consultation(
            ApplicationFactory(), actor=office_user(), department=department("tax"), question="?"
        )


# --- answer_consultation (Art. 17, R12) ----------------------------------------------------


def test_liaison_answers_adverse_with_details_and_the_office_is_notified() -> None:
    office = office_user()
    liaison = liaison_user(department("tax"))
    application = submitted_application(eligibility_round())
    consultation = _consultation(application)
    signed(liaison, application.round)
    answered = services.answer_consultation(
        consultation, actor=liaison, result="adverse", details="2023年因虚开发票受处罚"
    )
    assert (answered.result, answered.details, answered.answered_by) == (
        "adverse",
        "2023年因虚开发票受处罚",
        liaison,
    )
    assert Notification.objects.filter(user=office).count() == 1
    assert DecisionLogEntry.objects.get(action="consultation.answer").data["result"] == "adverse"


def test_liaison_of_another_department_cannot_answer() -> None:
    application = submitted_application(eligibility_round())
    consultation = _consultation(application, dept=department("tax"))
    outsider = liaison_user(department("ecology"))
    signed(outsider, application.round)
    with pytest.raises(DomainError, match="department's liaison"):
        services.answer_consultation(consultation, actor=outsider, result="no_adverse")


def test_liaison_of_the_department_in_another_programme_cannot_answer() -> None:
    application = submitted_application(eligibility_round())
    consultation = _consultation(application, dept=department("tax"))
    outsider = role_user(Role.LIAISON, prog=other_programme(), department=department("tax"))
    with pytest.raises(DomainError, match="department's liaison"):
        services.answer_consultation(consultation, actor=outsider, result="no_adverse")


def test_liaison_who_has_not_signed_the_commitment_cannot_answer_r12() -> None:
    application = submitted_application(eligibility_round())
    consultation = _consultation(application)
    with pytest.raises(DomainError) as error:
        services.answer_consultation(
            consultation, actor=liaison_user(department("tax")), result="no_adverse"
        )
    assert error.value.rule == "R12"
    consultation.refresh_from_db()
    assert consultation.result == ConsultationResult.PENDING


def test_answer_adverse_without_details_is_refused() -> None:
    liaison = liaison_user(department("tax"))
    application = submitted_application(eligibility_round())
    consultation = _consultation(application)
    signed(liaison, application.round)
    with pytest.raises(DomainError, match="Describe the adverse record"):
        services.answer_consultation(consultation, actor=liaison, result="adverse", details="")


def test_answer_twice_is_refused() -> None:
    liaison = liaison_user(department("tax"))
    application = submitted_application(eligibility_round())
    consultation = _consultation(application)
    signed(liaison, application.round)
    services.answer_consultation(consultation, actor=liaison, result="no_adverse")
    with pytest.raises(DomainError, match="already been answered"):
        services.answer_consultation(consultation, actor=liaison, result="adverse", details="x")


# --- waive_adverse_record (R5) -------------------------------------------------------------


def test_waiver_with_a_reason_clears_the_blocker_and_logs() -> None:
    office = office_user()
    application = _ready(office=office)
    consultation = _consultation(application, ConsultationResult.ADVERSE, details="2021年罚款")
    services.waive_adverse_record(consultation, actor=office, reason="处罚已超过三年追溯期")
    assert services.eligibility_blockers(application) == []
    entry = DecisionLogEntry.objects.get(action="consultation.waive")
    assert entry.reason == "处罚已超过三年追溯期"


def test_waiver_of_a_clean_answer_is_refused_r5() -> None:
    application = _ready()
    consultation = _consultation(application, ConsultationResult.NO_ADVERSE)
    with pytest.raises(DomainError, match="Only an adverse record"):
        services.waive_adverse_record(consultation, actor=office_user(), reason="x")


def test_waiver_without_a_reason_is_refused_r5() -> None:
    application = _ready()
    consultation = _consultation(application, ConsultationResult.ADVERSE, details="d")
    with pytest.raises(DomainError) as error:
        services.waive_adverse_record(consultation, actor=office_user(), reason="  ")
    assert error.value.rule == "R5"
    consultation.refresh_from_db()
    assert consultation.adverse_waiver_reason == ""


def test_waiver_is_not_overwritten_r14() -> None:
    office = office_user()
    application = _ready(office=office)
    consultation = _consultation(application, ConsultationResult.ADVERSE, details="d")
    services.waive_adverse_record(consultation, actor=office, reason="第一次理由")
    with pytest.raises(DomainError, match="already been recorded"):
        services.waive_adverse_record(consultation, actor=office, reason="第二次理由")
    consultation.refresh_from_db()
    assert consultation.adverse_waiver_reason == "第一次理由"


def test_waiver_by_another_programmes_office_is_refused() -> None:
    application = _ready()
    consultation = _consultation(application, ConsultationResult.ADVERSE, details="d")
    with pytest.raises(DomainError, match="Only the office"):
        services.waive_adverse_record(consultation, actor=other_programme_office(), reason="x")


# --- record_recommendation (Art. 12, 28) ---------------------------------------------------


def test_recommender_writes_and_replaces_the_opinion_both_logged() -> None:
    unit = RecommenderFactory()
    recommender = recommender_user(unit)
    application = submitted_application(eligibility_round(), recommender=unit)
    signed(recommender, application.round)
    services.record_recommendation(
        application, actor=recommender, opinion="同意推荐", declaration=True
    )
    services.record_recommendation(
        application, actor=recommender, opinion="强烈推荐", declaration=True
    )
    application.refresh_from_db()
    assert application.recommendation_opinion == "强烈推荐"
    assert [e.reason for e in DecisionLogEntry.objects.filter(action="application.recommend")] == [
        "强烈推荐",
        "同意推荐",
    ]


def test_recommender_of_another_unit_cannot_write_the_opinion() -> None:
    unit = RecommenderFactory()
    outsider = recommender_user(RecommenderFactory(name="南康区人民政府"))
    application = submitted_application(eligibility_round(), recommender=unit)
    signed(outsider, application.round)
    with pytest.raises(DomainError, match="Only the chosen recommending unit"):
        services.record_recommendation(
            application, actor=outsider, opinion="同意", declaration=True
        )


def test_recommendation_after_the_eligibility_decision_is_refused() -> None:
    unit = RecommenderFactory()
    application = submitted_application(
        eligibility_round(), recommender=unit, status=ApplicationStatus.ELIGIBLE
    )
    with pytest.raises(DomainError, match="can no longer be changed"):
        services.record_recommendation(
            application,
            actor=signed(recommender_user(unit), application.round),
            opinion="同意",
            declaration=True,
        )


def test_empty_recommendation_is_refused() -> None:
    unit = RecommenderFactory()
    application = submitted_application(eligibility_round(), recommender=unit)
    with pytest.raises(DomainError, match="empty"):
        services.record_recommendation(
            application,
            actor=signed(recommender_user(unit), application.round),
            opinion=" ",
            declaration=True,
        )


# --- disqualify_application (R8) ----------------------------------------------------------


def test_disqualify_with_a_reason_logs_it_r8() -> None:
    application = submitted_application(eligibility_round())
    result = services.disqualify_application(application, actor=office_user(), reason="材料造假")
    assert result.status == ApplicationStatus.DISQUALIFIED
    assert DecisionLogEntry.objects.get(action="application.disqualified").reason == "材料造假"


def test_disqualify_without_a_reason_is_refused_r8() -> None:
    application = submitted_application(eligibility_round())
    with pytest.raises(DomainError) as error:
        services.disqualify_application(application, actor=office_user(), reason="")
    assert error.value.rule == "R8"


def test_applicant_membership_is_irrelevant_to_office_checks() -> None:
    """An office user who also belongs to an organisation still acts as office only in its
    programme; belonging to the applicant does not grant office powers."""
    application = submitted_application(eligibility_round())
    member = applicant_user(application.organisation)
    assert OrganisationMembership.objects.filter(user=member).exists()
    with pytest.raises(DomainError):
        services.record_eligibility_check(application, actor=member, condition="c1", met=True)
