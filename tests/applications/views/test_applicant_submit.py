"""applications:submit: the review page, the declaration (R13, Art. 28), errors shown."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from applications.enums import ApplicationStatus
from applications.models import DossierVersion
from applications.services.application import add_attachment, declaration_text
from tests.applications.factories import FullFormApplicationFactory
from tests.factories import ApplicationFactory, RecommenderFactory, RoundFactory, applicant_user

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
def complete():
    application = FullFormApplicationFactory(round=RoundFactory(), recommender=RecommenderFactory())
    user = applicant_user(application.organisation)
    add_attachment(
        application,
        actor=user,
        upload=SimpleUploadedFile("申报书.pdf", PDF),
        kind="form",
        is_secret=True,
    )
    return application, user


def test_review_page_lists_what_will_be_submitted_and_the_declaration(complete) -> None:
    application, user = complete
    response = english(user).get(reverse("applications:submit", args=[application.pk]))
    assert response.status_code == 200
    assert response.context["blockers"] == []
    body = response.content.decode()
    assert "申报书.pdf" in body
    assert "Business/technical secret" in body
    assert "稀土永磁材料" in body
    assert escape(declaration_text()) in body
    assert "Art. 28" in body


def test_review_page_lists_every_gap_and_disables_the_button() -> None:
    application = FullFormApplicationFactory(round=RoundFactory(), quality_summary="")
    user = applicant_user(application.organisation)
    response = english(user).get(reverse("applications:submit", args=[application.pk]))
    assert response.context["blockers"] == [
        "Fill in “summary of quality achievements”.",
        "Attach at least one file: the signed and sealed application form.",
        "Choose the recommending unit.",
    ]
    assert 'type="submit" disabled' in response.content.decode()


def test_submit_with_the_declaration_keeps_version_1_r13(complete) -> None:
    application, user = complete
    response = english(user).post(
        reverse("applications:submit", args=[application.pk]), {"declaration": "on"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:detail", args=[application.pk])
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert list(DossierVersion.objects.values_list("application_id", "number")) == [
        (application.pk, 1)
    ]


def test_submit_without_the_declaration_is_a_form_error_r13(complete) -> None:
    application, user = complete
    response = english(user).post(reverse("applications:submit", args=[application.pk]), {})
    assert response.status_code == 200
    assert response.context["form"].errors["declaration"] == [
        "Submission needs the declaration that the dossier is true and complete."
    ]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_submit_incomplete_dossier_shows_what_is_missing() -> None:
    application = FullFormApplicationFactory(round=RoundFactory(), main_products="")
    user = applicant_user(application.organisation)
    response = english(user).post(
        reverse("applications:submit", args=[application.pk]), {"declaration": "on"}
    )
    assert response.context["form"].non_field_errors() == [
        "Fill in “main products or services”. Attach at least one file: the signed and sealed "
        "application form. Choose the recommending unit."
    ]
    assert "The application was not submitted:" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_submit_after_the_deadline_says_the_window_is_closed_r1(complete) -> None:
    application, user = complete
    with time_machine.travel(application.round.applications_close_at, tick=False):
        response = english(user).post(
            reverse("applications:submit", args=[application.pk]), {"declaration": "on"}
        )
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 1
    assert errors[0].startswith(f"The application window of {application.round.title} is not open")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert DossierVersion.objects.count() == 0


def test_review_page_of_a_submitted_application_goes_to_the_detail() -> None:
    application = ApplicationFactory(status=ApplicationStatus.SUBMITTED)
    user = applicant_user(application.organisation)
    response = english(user).get(reverse("applications:submit", args=[application.pk]))
    assert response["Location"] == reverse("applications:detail", args=[application.pk])


def test_deadline_just_passed_shows_it_before_posting_r1(complete) -> None:
    application, user = complete
    with time_machine.travel(application.round.applications_close_at + timedelta(minutes=1)):
        response = english(user).get(reverse("applications:submit", args=[application.pk]))
    assert len(response.context["blockers"]) == 1
    assert "is not open" in response.context["blockers"][0]
