"""applications:attachment_download: served only through the permission check, as an
attachment under its original Chinese name, never sniffed; /media/ is never served."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from applications.services.application import add_attachment
from awards.services import sign_commitment
from tests.factories import (
    ApplicationFactory,
    OrganisationFactory,
    RecommenderFactory,
    RoundFactory,
    UserFactory,
    applicant_user,
    office_user,
    recommender_user,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def attachment():
    application = ApplicationFactory(round=RoundFactory(), recommender=RecommenderFactory())
    owner = applicant_user(application.organisation)
    return add_attachment(
        application,
        actor=owner,
        upload=SimpleUploadedFile("赣州市市长质量奖申报书.pdf", PDF),
        kind="form",
    )


def owner_of(attachment):
    return attachment.application.organisation.memberships.get().user


def url(attachment) -> str:
    return reverse("applications:attachment_download", args=[attachment.pk])


def test_owner_downloads_it_as_an_attachment_under_its_chinese_name(attachment) -> None:
    response = logged_in(owner_of(attachment)).get(url(attachment))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''" + quote("赣州市市长质量奖申报书.pdf")
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == PDF


def test_anonymous_is_sent_to_log_in(attachment) -> None:
    response = Client().get(url(attachment))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url(attachment)}"


def test_another_organisation_gets_404(attachment) -> None:
    response = logged_in(applicant_user(OrganisationFactory())).get(url(attachment))
    assert response.status_code == 404


def test_a_user_without_a_role_gets_404(attachment) -> None:
    assert logged_in(UserFactory()).get(url(attachment)).status_code == 404


def test_a_missing_attachment_is_404(attachment) -> None:
    missing = reverse("applications:attachment_download", args=[attachment.pk + 1000])
    assert logged_in(owner_of(attachment)).get(missing).status_code == 404


def test_the_recommending_unit_downloads_it_after_signing_the_commitment(attachment) -> None:
    """Art. 31: a recommending unit signs the round's commitment before it reads a file."""
    user = recommender_user(attachment.application.recommender)
    client = logged_in(user)
    assert client.get(url(attachment)).status_code == 404
    sign_commitment(attachment.application.round, user=user)
    assert client.get(url(attachment)).status_code == 200


def test_office_gets_404_until_it_signs_the_commitment_r12(attachment) -> None:
    office = office_user()
    client = logged_in(office)
    assert client.get(url(attachment)).status_code == 404
    sign_commitment(attachment.application.round, user=office)
    assert client.get(url(attachment)).status_code == 200


def test_direct_media_path_is_not_served(attachment) -> None:
    """Nothing under the media URL is public, not even to the owner (pitfall 6 in
    docs/architecture.md)."""
    path = f"{settings.MEDIA_URL}{attachment.file.name}"
    assert attachment.file.storage.exists(attachment.file.name)
    assert Client().get(path).status_code == 404
    assert logged_in(owner_of(attachment)).get(path).status_code == 404


def test_a_file_missing_from_storage_is_404_not_500(attachment) -> None:
    attachment.file.storage.delete(attachment.file.name)
    assert logged_in(owner_of(attachment)).get(url(attachment)).status_code == 404


def test_download_is_get_only(attachment) -> None:
    assert logged_in(owner_of(attachment)).post(url(attachment)).status_code == 405


# A PDF that is also a web page: a browser opening the saved file as .html runs the script.
POLYGLOT = (
    b"%PDF-1.4\n<html><body><script>alert(document.domain)</script></body></html>\n"
    b"1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def test_a_polyglot_named_html_downloads_under_the_suffix_of_its_sniffed_type() -> None:
    application = ApplicationFactory(round=RoundFactory(), recommender=RecommenderFactory())
    owner = applicant_user(application.organisation)
    polyglot = add_attachment(
        application,
        actor=owner,
        upload=SimpleUploadedFile("polyglot.html", POLYGLOT, content_type="text/html"),
        kind="form",
    )
    assert polyglot.content_type == "application/pdf"
    response = logged_in(owner).get(url(polyglot))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="polyglot.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
