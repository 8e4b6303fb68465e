"""The department liaison (Art. 17, R12): its dashboard lists its department's consultations;
it signs the round's commitment, then answers. Another department's liaison gets 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.enums import Role
from applications.enums import ConsultationResult
from applications.models import Consultation
from tests.awards.helpers import (
    eligibility_round,
    in_english,  # noqa: F401  (autouse: messages in English)
    other_programme,
    role_user,
    signed,
    submitted_application,
)
from tests.factories import (
    applicant_user,
    department,
    expert_user,
    liaison_user,
    office_user,
    recommender_user,
)

pytestmark = pytest.mark.django_db


def _consultation(dept_code: str = "tax", **kwargs):  # type: ignore[no-untyped-def]
    application = kwargs.pop("application", None) or submitted_application(eligibility_round())
    return Consultation.objects.create(
        application=application,
        department=department(dept_code),
        question="近三年有无重大税收违法失信行为?",
        sent_by=office_user(),
        **kwargs,
    )


@pytest.mark.parametrize(
    "make_user",
    [
        lambda: liaison_user(department("ecology")),
        lambda: role_user(Role.LIAISON, prog=other_programme(), department=department("tax")),
        office_user,
        expert_user,
        recommender_user,
        applicant_user,
    ],
    ids=[
        "liaison_of_another_department",
        "tax_liaison_of_another_programme",
        "office",
        "expert",
        "recommender",
        "applicant",
    ],
)
def test_answer_page_is_404_for_anyone_but_the_departments_liaison(client, make_user) -> None:  # type: ignore[no-untyped-def]
    consultation = _consultation("tax")
    user = make_user()
    signed(user, consultation.application.round)
    client.force_login(user)
    url = reverse("applications:consultation_answer", args=[consultation.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"result": "no_adverse"}).status_code == 404
    consultation.refresh_from_db()
    assert consultation.result == ConsultationResult.PENDING


def test_answer_page_before_signing_redirects_to_the_commitment_r12(client) -> None:  # type: ignore[no-untyped-def]
    consultation = _consultation()
    client.force_login(liaison_user(department("tax")))
    url = reverse("applications:consultation_answer", args=[consultation.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(
        reverse("awards:sign_commitment", args=[consultation.application.round_id])
    )
    response = client.post(url, {"result": "no_adverse"})
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.result == ConsultationResult.PENDING


def test_answer_page_shows_the_question_and_the_form(client) -> None:  # type: ignore[no-untyped-def]
    consultation = _consultation()
    liaison = signed(liaison_user(department("tax")), consultation.application.round)
    client.force_login(liaison)
    response = client.get(reverse("applications:consultation_answer", args=[consultation.pk]))
    assert response.status_code == 200
    assert "近三年有无重大税收违法失信行为?" in response.content.decode()
    assert response.context["can_answer"] is True


def test_answer_post_no_adverse_record_saves_it(client) -> None:  # type: ignore[no-untyped-def]
    consultation = _consultation()
    liaison = signed(liaison_user(department("tax")), consultation.application.round)
    client.force_login(liaison)
    response = client.post(
        reverse("applications:consultation_answer", args=[consultation.pk]),
        {"result": "no_adverse", "details": ""},
    )
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert (consultation.result, consultation.answered_by) == ("no_adverse", liaison)


def test_answer_post_adverse_without_details_shows_the_error(client) -> None:  # type: ignore[no-untyped-def]
    consultation = _consultation()
    liaison = signed(liaison_user(department("tax")), consultation.application.round)
    client.force_login(liaison)
    response = client.post(
        reverse("applications:consultation_answer", args=[consultation.pk]),
        {"result": "adverse", "details": ""},
    )
    assert response.status_code == 200
    assert "Describe the adverse record." in response.content.decode()
    consultation.refresh_from_db()
    assert consultation.result == ConsultationResult.PENDING


def test_answer_post_to_an_answered_consultation_shows_the_refusal(client) -> None:  # type: ignore[no-untyped-def]
    consultation = _consultation(result=ConsultationResult.NO_ADVERSE)
    liaison = signed(liaison_user(department("tax")), consultation.application.round)
    client.force_login(liaison)
    url = reverse("applications:consultation_answer", args=[consultation.pk])
    assert client.get(url).context["can_answer"] is False
    response = client.post(url, {"result": "adverse", "details": "x"})
    assert "This consultation has already been answered." in response.content.decode()
    consultation.refresh_from_db()
    assert consultation.result == ConsultationResult.NO_ADVERSE


def test_liaison_dashboard_lists_only_its_departments_consultations(client) -> None:  # type: ignore[no-untyped-def]
    mine = _consultation("tax")
    other = _consultation("ecology")
    client.force_login(liaison_user(department("tax")))
    body = client.get(reverse("accounts:dashboard")).content.decode()
    assert reverse("applications:consultation_answer", args=[mine.pk]) in body
    assert reverse("applications:consultation_answer", args=[other.pk]) not in body


def test_liaison_dashboard_query_count_is_the_same_for_1_and_5_consultations(
    client, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    _consultation("tax")
    client.force_login(liaison_user(department("tax")))
    url = reverse("accounts:dashboard")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # Other dashboard sections of the liaison (e.g. incident reports) add their own queries:
    # what matters here is that the count does not grow with the consultations.
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(4):
        _consultation("tax", result=ConsultationResult.NO_ADVERSE if n % 2 else "pending")
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    (section,) = [s for s in response.context["sections"] if "pending" in s["context"]]
    assert len(section["context"]["pending"]) + len(section["context"]["answered"]) == 5
