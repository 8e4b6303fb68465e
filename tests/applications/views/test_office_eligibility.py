"""The office's application list and detail (Art. 13, 17, R5, R8, R12): the commitment first,
each condition with its evidence, consultations, waivers, the decision; 404 for outsiders."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from applications.eligibility import applicable_conditions
from applications.enums import (
    INDIVIDUAL_ONLY_CONDITIONS,
    ApplicationStatus,
    ConsultationResult,
    EligibilityCondition,
)
from applications.models import Attachment, Consultation, DossierVersion, EligibilityCheck
from tests.awards.helpers import (
    check_all_conditions,
    eligibility_round,
    in_english,  # noqa: F401  (autouse: messages in English)
    other_programme_office,
    signed,
    submitted_application,
)
from tests.factories import (
    ApplicationFactory,
    RecommenderFactory,
    RoundFactory,
    applicant_user,
    department,
    expert_user,
    leading_group_user,
    liaison_user,
    office_user,
    recommender_user,
)

pytestmark = pytest.mark.django_db

OUTSIDERS = [
    other_programme_office,
    leading_group_user,
    expert_user,
    recommender_user,
    liaison_user,
    applicant_user,
]
OUTSIDER_IDS = [
    "other_programme_office",
    "leading_group",
    "expert",
    "recommender",
    "liaison",
    "applicant",
]


def _office(round):  # type: ignore[no-untyped-def]
    return signed(office_user(), round)


# --- 404 for outsiders -------------------------------------------------------------------


@pytest.mark.parametrize("make_user", OUTSIDERS, ids=OUTSIDER_IDS)
def test_office_list_is_404_for_outsiders(client, make_user) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    client.force_login(make_user())
    assert client.get(reverse("applications:office_list", args=[round.pk])).status_code == 404


@pytest.mark.parametrize("make_user", OUTSIDERS, ids=OUTSIDER_IDS)
@pytest.mark.parametrize(
    "name",
    [
        "applications:office_detail",
        "applications:office_check",
        "applications:office_consult",
        "applications:office_decide",
        "applications:disqualify",
    ],
)
def test_office_application_pages_are_404_for_outsiders(client, make_user, name) -> None:  # type: ignore[no-untyped-def]
    application = submitted_application(eligibility_round())
    user = make_user()
    if user.programme_roles.exists():
        signed(user, application.round)  # the 404 must not come from a missing commitment
    client.force_login(user)
    url = reverse(name, args=[application.pk])
    # POST-only actions answer a GET with 405 whatever the id, which reveals nothing.
    assert client.get(url).status_code == (404 if name == "applications:office_detail" else 405)
    assert (
        client.post(url, {"reason": "x", "confirm": "on", "decision": "ineligible"}).status_code
        == 404
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_waiver_url_is_404_for_another_programmes_office(client) -> None:  # type: ignore[no-untyped-def]
    application = submitted_application(eligibility_round())
    consultation = Consultation.objects.create(
        application=application,
        department=department("tax"),
        question="?",
        sent_by=office_user(),
        result=ConsultationResult.ADVERSE,
        details="d",
    )
    client.force_login(other_programme_office())
    url = reverse("applications:office_waive", args=[application.pk, consultation.pk])
    assert client.post(url, {"reason": "不适用"}).status_code == 404
    consultation.refresh_from_db()
    assert consultation.adverse_waiver_reason == ""


def test_waiver_url_with_another_applications_consultation_is_404(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    application, other = submitted_application(round), submitted_application(round)
    consultation = Consultation.objects.create(
        application=other, department=department("tax"), question="?", sent_by=office_user()
    )
    client.force_login(_office(round))
    url = reverse("applications:office_waive", args=[application.pk, consultation.pk])
    assert client.post(url, {"reason": "x"}).status_code == 404


# --- list ------------------------------------------------------------------------------------


def test_office_list_shows_the_rounds_applications_with_their_columns(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    unit = RecommenderFactory()
    application = submitted_application(round, recommender=unit)
    submitted_application(eligibility_round())  # another round
    client.force_login(office_user())
    response = client.get(reverse("applications:office_list", args=[round.pk]))
    assert [a.pk for a in response.context["applications"]] == [application.pk]
    body = response.content.decode()
    for text in (application.organisation.name, "章贡区", "Manufacturing", "Submitted", unit.name):
        assert text in body
    assert timezone.localtime(application.submitted_at).strftime("%Y-%m-%d %H:%M") in body


def test_office_list_filters_by_status(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    submitted_application(round)
    eligible = submitted_application(round, status=ApplicationStatus.ELIGIBLE)
    client.force_login(office_user())
    response = client.get(
        reverse("applications:office_list", args=[round.pk]), {"status": "eligible"}
    )
    assert [a.pk for a in response.context["applications"]] == [eligible.pk]


def test_office_list_with_an_unknown_status_shows_all_and_says_so(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    submitted_application(round)
    submitted_application(round, status=ApplicationStatus.ELIGIBLE)
    client.force_login(office_user())
    response = client.get(reverse("applications:office_list", args=[round.pk]), {"status": "zzz"})
    assert len(response.context["applications"]) == 2
    assert "Unknown status; showing all applications." in response.content.decode()


def test_office_list_query_count_is_the_same_for_1_and_5_applications(
    client, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    submitted_application(round, recommender=RecommenderFactory())
    client.force_login(office_user())
    url = reverse("applications:office_list", args=[round.pk])
    client.get(url)
    with django_assert_num_queries(8) as one:
        client.get(url)
    for n in range(4):
        submitted_application(
            round,
            recommender=RecommenderFactory(name=f"推荐单位{n}"),
            status=ApplicationStatus.ELIGIBLE if n % 2 else ApplicationStatus.SUBMITTED,
        )
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert len(response.context["applications"]) == 5


# --- detail: commitment first (R12) ---------------------------------------------------------


def test_office_detail_before_signing_redirects_to_the_commitment_r12(client) -> None:  # type: ignore[no-untyped-def]
    application = submitted_application(eligibility_round())
    client.force_login(office_user())
    url = reverse("applications:office_detail", args=[application.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("awards:sign_commitment", args=[application.round_id])
        + f"?next=%2Foffice%2Fapplications%2F{application.pk}%2F"
    )


def test_office_action_before_signing_redirects_and_changes_nothing_r12(client) -> None:  # type: ignore[no-untyped-def]
    application = submitted_application(eligibility_round())
    client.force_login(office_user())
    response = client.post(
        reverse("applications:office_check", args=[application.pk]),
        {"condition": "c1", "met": "yes", "evidence": "营业执照"},
    )
    assert response.status_code == 302
    assert "commitment" in response["Location"]
    assert EligibilityCheck.objects.count() == 0


# --- detail -------------------------------------------------------------------------------


def test_office_detail_shows_the_dossier_as_submitted_and_its_attachments(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    application = submitted_application(round, main_products="现在的产品", tag_digital_economy=True)
    attachment = Attachment(
        application=application,
        kind="form",
        original_name="申报表（盖章）.pdf",
        content_type="application/pdf",
        size=1234,
        sha256="0" * 64,
    )
    attachment.file.save("x.pdf", ContentFile(b"%PDF-1.4"), save=True)
    DossierVersion.objects.create(
        application=application,
        number=1,
        data={**application.dossier_snapshot(), "main_products": "提交时的产品"},
    )
    client.force_login(_office(round))
    response = client.get(reverse("applications:office_detail", args=[application.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "提交时的产品" in body and "现在的产品" not in body  # R13: as submitted
    assert "Digital-economy organisation" in body
    assert reverse("applications:attachment_download", args=[attachment.pk]) in body
    assert "申报表（盖章）.pdf" in body
    # Art. 13(4): a business is checked on profits, not on the non-profit row; a round without
    # a registration area has no row of it (R5 / Art. 13(1)); R5 / Art. 8: an organisation's
    # application has no individual nominee's rows.
    assert len(response.context["conditions"]) == (
        len(EligibilityCondition) - 2 - len(INDIVIDUAL_ONLY_CONDITIONS)
    )


def test_record_condition_post_saves_it(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    application = submitted_application(round)
    client.force_login(_office(round))
    response = client.post(
        reverse("applications:office_check", args=[application.pk]),
        {"condition": "c3", "met": "yes", "evidence": "ISO 9001 自 2015 年"},
    )
    assert response.status_code == 302
    check = EligibilityCheck.objects.get()
    assert (check.condition, check.met, check.evidence) == ("c3", True, "ISO 9001 自 2015 年")


def test_record_condition_not_met_without_evidence_shows_the_error(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    application = submitted_application(round)
    client.force_login(_office(round))
    response = client.post(
        reverse("applications:office_check", args=[application.pk]),
        {"condition": "c2", "met": "no", "evidence": ""},
    )
    assert response.status_code == 200
    assert "Say why the condition is not met." in response.content.decode()
    assert EligibilityCheck.objects.count() == 0


def test_send_consultation_post_creates_it(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    application = submitted_application(round)
    client.force_login(_office(round))
    response = client.post(
        reverse("applications:office_consult", args=[application.pk]),
        {
            "department": department("emergency").pk,
            "question": "近三年有无生产安全事故?",
            "due_on": (timezone.localdate() + timedelta(days=10)).isoformat(),
        },
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert (consultation.department.code, consultation.question) == (
        "emergency",
        "近三年有无生产安全事故?",
    )


def test_send_consultation_with_a_past_due_date_shows_the_error(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    application = submitted_application(round)
    client.force_login(_office(round))
    response = client.post(
        reverse("applications:office_consult", args=[application.pk]),
        {
            "department": department("tax").pk,
            "question": "?",
            "due_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "The reply date is in the past." in response.content.decode()
    assert Consultation.objects.count() == 0


def test_waiver_post_records_the_reason(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    office = _office(round)
    application = submitted_application(round)
    consultation = Consultation.objects.create(
        application=application,
        department=department("tax"),
        question="?",
        sent_by=office,
        result=ConsultationResult.ADVERSE,
        details="2021年罚款",
    )
    client.force_login(office)
    response = client.post(
        reverse("applications:office_waive", args=[application.pk, consultation.pk]),
        {"reason": "已超过三年"},
    )
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.adverse_waiver_reason == "已超过三年"


def test_decide_eligible_post_with_everything_met_marks_it_eligible(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    office = _office(round)
    application = submitted_application(
        round,
        recommender=RecommenderFactory(),
        recommendation_opinion="同意",
        recommended_at=timezone.now(),
    )
    check_all_conditions(application, office)
    client.force_login(office)
    response = client.post(
        reverse("applications:office_decide", args=[application.pk]),
        {"decision": "eligible", "sector": "manufacturing", "reason": "符合条件"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.sector_confirmed) == ("eligible", True)


def test_decide_eligible_with_blockers_shows_them_and_changes_nothing_r5(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    application = submitted_application(round)
    client.force_login(_office(round))
    response = client.post(
        reverse("applications:office_decide", args=[application.pk]),
        {"decision": "eligible", "sector": "manufacturing"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Not yet checked: (1) Registered in the city" in body
    assert "(Art. 13 of the Measures)" in body
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_decide_not_eligible_without_a_reason_shows_the_field_error(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    application = submitted_application(round)
    client.force_login(_office(round))
    response = client.post(
        reverse("applications:office_decide", args=[application.pk]), {"decision": "ineligible"}
    )
    assert response.status_code == 200
    assert "Give the reason why the application is not eligible." in response.content.decode()


def test_decision_form_is_absent_before_the_window_closes(client) -> None:  # type: ignore[no-untyped-def]
    round = RoundFactory()
    application = submitted_application(round)
    client.force_login(_office(round))
    response = client.get(reverse("applications:office_detail", args=[application.pk]))
    assert response.context["decision_form"] is None


def test_disqualify_post_with_reason_and_confirmation_disqualifies_r8(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    application = submitted_application(round)
    client.force_login(_office(round))
    response = client.post(
        reverse("applications:disqualify", args=[application.pk]),
        {"reason": "伪造检测报告", "confirm": "on"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DISQUALIFIED


def test_disqualify_a_closed_application_shows_the_refusal(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    application = submitted_application(round, status=ApplicationStatus.INELIGIBLE)
    client.force_login(_office(round))
    response = client.post(
        reverse("applications:disqualify", args=[application.pk]),
        {"reason": "伪造", "confirm": "on"},
    )
    assert response.status_code == 200
    assert "cannot move from" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INELIGIBLE


def test_office_sees_a_draft_without_any_eligibility_form(client) -> None:  # type: ignore[no-untyped-def]
    round = RoundFactory()
    application = ApplicationFactory(round=round)
    client.force_login(_office(round))
    response = client.get(reverse("applications:office_detail", args=[application.pk]))
    assert response.status_code == 200
    assert [row["form"] for row in response.context["conditions"]] == [None] * len(
        applicable_conditions(application)
    )
    assert response.context["consult_form"] is None
