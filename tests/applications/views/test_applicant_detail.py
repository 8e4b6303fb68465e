"""applications:detail (the organisation's own view) and applications:withdraw."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from applications.enums import ApplicationStatus, EligibilityCondition
from applications.services.application import (
    add_attachment,
    record_eligibility_check,
    submit_application,
    transition_application,
)
from decisionlog.models import DecisionLogEntry
from tests.applications.factories import FullFormApplicationFactory
from tests.factories import (
    ApplicationFactory,
    RecommenderFactory,
    RoundFactory,
    applicant_user,
    office_user,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def english(user=None) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def submitted():
    application = FullFormApplicationFactory(round=RoundFactory(), recommender=RecommenderFactory())
    user = applicant_user(application.organisation, full_name="企业联系人刘敏")
    add_attachment(
        application,
        actor=user,
        upload=SimpleUploadedFile("质量技术秘密.pdf", PDF),
        kind="form",
        is_secret=True,
    )
    submit_application(application, actor=user, declaration=True)
    application.refresh_from_db()
    return application, user


def test_draft_detail_offers_the_dossier_and_submission() -> None:
    application = ApplicationFactory(round=RoundFactory())
    user = applicant_user(application.organisation)
    response = english(user).get(reverse("applications:detail", args=[application.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert reverse("applications:edit", args=[application.pk]) in body
    assert reverse("applications:submit", args=[application.pk]) in body
    assert response.context["version"] is None


def test_submitted_detail_shows_version_1_attachments_and_the_secret_mark(submitted) -> None:
    application, user = submitted
    application.main_products = "changed in memory only"
    response = english(user).get(reverse("applications:detail", args=[application.pk]))
    assert response.context["version"].number == 1
    body = response.content.decode()
    assert "The dossier as submitted (version 1," in body
    assert "稀土永磁材料" in body
    assert "质量技术秘密.pdf" in body
    assert "Business/technical secret" in body
    assert reverse("applications:edit", args=[application.pk]) not in body
    assert [(r["action"], r["from"], r["to"], r["by"]) for r in response.context["timeline"]] == [
        ("Status changed", "Draft", "Submitted", "Your organisation")
    ]


def test_eligibility_reason_and_timeline_never_name_office_staff(submitted) -> None:
    application, _user = submitted
    office = office_user(full_name="办公室王科长", username="wangkezhang")
    transition_application(
        application,
        ApplicationStatus.INELIGIBLE,
        actor=office,
        reason="经营未满三年",
        eligibility_reason="经营未满三年,不符合第十三条第(一)项。",
    )
    user = application.organisation.memberships.get().user
    response = english(user).get(reverse("applications:detail", args=[application.pk]))
    body = response.content.decode()
    assert "经营未满三年,不符合第十三条第(一)项。" in body
    assert "办公室王科长" not in body
    assert "wangkezhang" not in body
    assert response.context["timeline"][-1] == {
        "at": DecisionLogEntry.objects.get(action="application.ineligible").created_at,
        "action": "Status changed",
        "from": "Submitted",
        "to": "Not eligible",
        "by": "The award office and its reviewers",
        "details": [],
    }


def test_conditions_checked_in_one_sitting_are_one_line_with_the_conditions_folded(
    submitted,
) -> None:
    application, user = submitted
    office = office_user()
    conditions = ["c1", "c2", "c3"]
    for condition in conditions:
        record_eligibility_check(
            application, actor=office, condition=condition, met=True, evidence="核实"
        )
    response = english(user).get(reverse("applications:detail", args=[application.pk]))
    checked = [r for r in response.context["timeline"] if r["details"]]
    assert len(checked) == 1
    assert checked[0]["details"] == [
        str(EligibilityCondition(condition).label) for condition in conditions
    ]
    body = response.content.decode()
    assert body.count("Eligibility condition checked") == 1 and "(3 items)" in body


def test_withdraw_with_a_reason(submitted) -> None:
    application, user = submitted
    response = english(user).post(
        reverse("applications:withdraw", args=[application.pk]),
        {"withdraw-reason": "企业战略调整"},
    )
    assert response["Location"] == reverse("applications:detail", args=[application.pk])
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert DecisionLogEntry.objects.get(action="application.withdrawn").reason == "企业战略调整"


def test_withdraw_without_a_reason_is_refused_with_a_message(submitted) -> None:
    application, user = submitted
    response = english(user).post(
        reverse("applications:withdraw", args=[application.pk]), {}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == ["Give the reason for the withdrawal."]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_withdraw_of_a_decided_application_is_refused_with_a_message() -> None:
    application = ApplicationFactory(status=ApplicationStatus.INELIGIBLE)
    user = applicant_user(application.organisation)
    response = english(user).post(
        reverse("applications:withdraw", args=[application.pk]),
        {"withdraw-reason": "不想要了"},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "This application can no longer be withdrawn."
    ]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INELIGIBLE
    assert "Withdraw the application" not in response.content.decode()


def _detail_queries(size: int) -> int:
    application = FullFormApplicationFactory(round=RoundFactory(), recommender=RecommenderFactory())
    user = applicant_user(application.organisation)
    for n in range(size):
        add_attachment(
            application,
            actor=user,
            upload=SimpleUploadedFile(f"证据{n}.pdf", PDF),
            kind="form",
        )
    submit_application(application, actor=user, declaration=True)
    client = english(user)
    url = reverse("applications:detail", args=[application.pk])
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["attachments"]) == size
    return len(queries)


def test_detail_query_count_does_not_grow_with_attachments() -> None:
    # session, user, application+round+organisation, membership (read once, kept on the user),
    # version, attachments, the organisation's users and the log (timeline), and the roles of
    # the navigation's context processor.
    assert (_detail_queries(1), _detail_queries(5)) == (11, 11)
