"""Every applicant page with an object id, GET and POST: an applicant of another organisation
(and other roles) gets 404 and changes nothing; anonymous is sent to log in. Walks
applications.urls.applicant so a new URL cannot escape the check."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.models import Application, Attachment, SupplementRequest
from applications.services.application import add_attachment
from applications.urls import applicant as urls_applicant
from tests.factories import (
    ApplicationFactory,
    OrganisationFactory,
    RoundFactory,
    UserFactory,
    applicant_user,
    expert_user,
    leading_group_user,
    office_user,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

# URL name -> which object its id names.
OBJECT_URLS = {
    "detail": "application",
    "edit": "application",
    "autosave": "application",
    "attachment_add": "application",
    "submit": "application",
    "withdraw": "application",
    "form_pdf": "application",
    # A person's application (its outsider with a nominee: test_individual_pages.py).
    "nominee_edit": "application",
    "attachment_remove": "attachment",
    "attachment_download": "attachment",
    "supplement_answer": "supplement",
}
# Pages of the applicant's own organisation: every other role gets 404 too.
OWN_ORGANISATION_ONLY = set(OBJECT_URLS)
ACCEPTS = {
    "detail": {"get"},
    "edit": {"get", "post"},
    "autosave": {"post"},
    "attachment_add": {"post"},
    "submit": {"get", "post"},
    "withdraw": {"post"},
    "form_pdf": {"get"},
    "nominee_edit": {"get", "post"},
    "attachment_remove": {"post"},
    "attachment_download": {"get"},
    "supplement_answer": {"get", "post"},
}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Many users per test: Argon2 would make this module take a minute.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_every_applicant_url_with_an_id_is_covered_here() -> None:
    with_id = {p.name for p in urls_applicant.urlpatterns if p.pattern.converters}
    # start, start_copy and nominate name a round (start_copy's source:
    # tests/applications/test_copying.py; nominate: tests/applications/views/test_individual_pages.py).
    assert with_id - {"start", "start_copy", "nominate"} == set(OBJECT_URLS)


@pytest.fixture
def target():
    application = ApplicationFactory(round=RoundFactory())
    owner = applicant_user(application.organisation)
    attachment = add_attachment(
        application, actor=owner, upload=SimpleUploadedFile("申报书.pdf", PDF), kind="form"
    )
    supplement = SupplementRequest.objects.create(
        application=application,
        what="请补充近三年纳税证明",
        due_at=timezone.now() + timedelta(days=5),
        requested_by=office_user(),
    )
    return {"application": application, "attachment": attachment, "supplement": supplement}


def url_of(name: str, target) -> str:
    if name == "supplement_answer":
        return reverse(
            "applications:supplement_answer",
            args=[target["application"].pk, target["supplement"].pk],
        )
    return reverse(f"applications:{name}", args=[target[OBJECT_URLS[name]].pk])


def post_data() -> dict:
    return {
        "main_products": "篡改",
        "declaration": "on",
        "withdraw-reason": "恶意撤回",
        "attachment-kind": "form",
        "attachment-file": SimpleUploadedFile("恶意.pdf", PDF),
        "answer": "恶意答复",
    }


def assert_unchanged(target) -> None:
    application = Application.objects.get(pk=target["application"].pk)
    assert application.status == ApplicationStatus.DRAFT
    assert application.main_products == "稀土永磁材料"
    assert list(Attachment.objects.values_list("pk", flat=True)) == [target["attachment"].pk]
    assert SupplementRequest.objects.get(pk=target["supplement"].pk).answered_at is None


OUTSIDERS = {
    "applicant of another organisation": lambda: applicant_user(OrganisationFactory()),
    "user without a role": UserFactory,
    "office staff without the commitment": office_user,
    "leading-group member without the commitment": leading_group_user,
    "unassigned expert": expert_user,
}


@pytest.mark.parametrize("who", list(OUTSIDERS))
@pytest.mark.parametrize("name", sorted(OWN_ORGANISATION_ONLY))
@pytest.mark.parametrize("method", ["get", "post"])
def test_outsider_gets_404_and_changes_nothing(target, who, name, method) -> None:
    """404 with the method the page accepts; the other method is refused (405) before any
    object is looked up, so it tells the outsider nothing either."""
    client = Client()
    client.force_login(OUTSIDERS[who]())
    response = getattr(client, method)(
        url_of(name, target), post_data() if method == "post" else None
    )
    assert response.status_code == (404 if method in ACCEPTS[name] else 405)
    assert_unchanged(target)


@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_is_sent_to_log_in(target, name, method) -> None:
    url = url_of(name, target)
    response = getattr(Client(), method)(url, post_data() if method == "post" else None)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"
    assert_unchanged(target)


def test_anonymous_start_is_sent_to_log_in() -> None:
    url = reverse("applications:start", args=[RoundFactory().pk])
    response = Client().post(url)
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"
    assert Application.objects.count() == 0


def test_the_owner_reaches_every_page(target) -> None:
    owner = target["application"].organisation.memberships.get().user
    client = Client()
    client.force_login(owner)
    for name in ("detail", "edit", "submit", "attachment_download", "supplement_answer"):
        assert client.get(url_of(name, target)).status_code == 200, name
