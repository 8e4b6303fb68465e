"""Who may download the application form PDF (R12 for the office): the
organisation's users and the committed office; everyone else gets a 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from awards.services import sign_commitment
from tests.factories import (
    ApplicationFactory,
    OrganisationFactory,
    applicant_user,
    expert_user,
    office_user,
)

pytestmark = pytest.mark.django_db


def _url(application) -> str:  # type: ignore[no-untyped-def]
    return reverse("applications:form_pdf", args=[application.pk])


def test_organisation_user_downloads_the_form_as_pdf(client) -> None:  # type: ignore[no-untyped-def]
    application = ApplicationFactory()
    client.force_login(applicant_user(application.organisation))
    response = client.get(_url(application))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.getvalue().startswith(b"%PDF-")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"


def test_applicant_of_another_organisation_gets_404(client) -> None:  # type: ignore[no-untyped-def]
    application = ApplicationFactory()
    client.force_login(applicant_user(OrganisationFactory()))
    assert client.get(_url(application)).status_code == 404


def test_office_before_commitment_gets_404_and_after_it_downloads(client) -> None:  # type: ignore[no-untyped-def]
    """R12: the office reads dossier contents only after signing the commitment."""
    application = ApplicationFactory()
    office = office_user()
    client.force_login(office)
    assert client.get(_url(application)).status_code == 404
    sign_commitment(application.round, user=office)
    assert client.get(_url(application)).status_code == 200


def test_expert_and_anonymous_get_404_or_login(client) -> None:  # type: ignore[no-untyped-def]
    application = ApplicationFactory()
    assert client.get(_url(application)).status_code == 302
    client.force_login(expert_user())
    assert client.get(_url(application)).status_code == 404


def test_unknown_application_is_404(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(applicant_user())
    assert client.get(reverse("applications:form_pdf", args=[999999])).status_code == 404


def test_edit_page_shows_required_checklist_and_form_link(client) -> None:  # type: ignore[no-untyped-def]
    application = ApplicationFactory()
    application.round.required_attachment_kinds = ["form", "licence"]
    application.round.save()
    client.force_login(applicant_user(application.organisation))
    response = client.get(reverse("applications:edit", args=[application.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="required-attachments"' in html
    assert _url(application) in html
    assert html.count("✗") == 2
