"""Long documents built in the background (common.built_documents): kept by their content,
served again without rendering, built again when their inputs change, a failure shown with
"build again", the progress page polled with htmx, and every answer behind the view's own
permission check (the application form of another organisation stays a 404)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.form_pdf import FORM_PDF
from applications.models import Application
from common import built_documents
from common.enums import BuildState
from common.models import BuiltDocument
from common.tasks import build_document
from common.transactions import LongWorkInTransaction
from tests.factories import (
    ApplicationFactory,
    OrganisationFactory,
    applicant_user,
    leading_group_user,
)
from tests.publicity.helpers import candidate, deliberation_round, signed

pytestmark = pytest.mark.django_db

FAKE_PDF = b"%PDF-1.7 fake"


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The HTML of every PDF rendered (WeasyPrint itself is replaced: it takes seconds)."""
    seen: list[str] = []

    def fake_render(html: str, fetcher: object = None, stylesheets: tuple[str, ...] = ()) -> bytes:
        seen.append(html)
        return FAKE_PDF

    monkeypatch.setattr(built_documents, "render_pdf", fake_render)
    return seen


def _form_url(application: Application) -> str:
    return reverse("applications:form_pdf", args=[application.pk])


def _own_client(application: Application) -> Client:
    client = Client()
    client.force_login(applicant_user(application.organisation))
    return client


def test_the_second_download_is_served_from_the_stored_file_without_rendering(
    renders: list[str],
) -> None:
    application = ApplicationFactory()
    client = _own_client(application)
    first = client.get(_form_url(application))
    assert first.status_code == 200
    assert first.getvalue() == FAKE_PDF
    assert first["Content-Type"] == "application/pdf"
    assert first["Cache-Control"] == "private, no-store"
    second = client.get(_form_url(application))
    assert second.status_code == 200
    assert second.getvalue() == FAKE_PDF
    assert len(renders) == 1
    stored = BuiltDocument.objects.get(kind="applications.form", object_id=application.pk)
    assert stored.state == BuildState.DONE
    assert (
        stored.document_name
        == f"{application.round.title}-申报表-{application.organisation.name}.pdf"
    )
    assert len(stored.content_key) == 64


def test_the_moment_of_printing_is_on_the_file_but_not_in_its_key(renders: list[str]) -> None:
    """The form prints "打印于 …": the build's moment, left out of the content key, so a download
    a minute later is still served from the stored file."""
    application = ApplicationFactory()
    client = _own_client(application)
    client.get(_form_url(application))
    assert f"打印于 {timezone.localtime():%Y-%m-%d}" in renders[0]
    source = built_documents.current_source(FORM_PDF, application.pk)
    assert source is not None and '打印于 "' in source.html


def test_a_changed_dossier_builds_the_form_again(renders: list[str]) -> None:
    application = ApplicationFactory(main_products="钕铁硼永磁体")
    client = _own_client(application)
    client.get(_form_url(application))
    first_key = BuiltDocument.objects.get(object_id=application.pk).content_key
    Application.objects.filter(pk=application.pk).update(main_products="稀土永磁电机")
    response = client.get(_form_url(application))
    assert response.getvalue() == FAKE_PDF
    assert len(renders) == 2
    assert "稀土永磁电机" in renders[1]
    stored = BuiltDocument.objects.get(object_id=application.pk)
    assert stored.content_key != first_key
    client.get(_form_url(application))
    assert len(renders) == 2


def test_a_stored_file_the_storage_lost_is_built_again(renders: list[str]) -> None:
    application = ApplicationFactory()
    client = _own_client(application)
    client.get(_form_url(application))
    stored = BuiltDocument.objects.get(object_id=application.pk)
    default_storage.delete(stored.document.name)
    assert client.get(_form_url(application)).getvalue() == FAKE_PDF
    assert len(renders) == 2


def test_a_failed_build_shows_the_error_and_builds_again_on_request(
    renders: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    application = ApplicationFactory()
    client = _own_client(application)

    def broken(html: str, fetcher: object = None, stylesheets: tuple[str, ...] = ()) -> bytes:
        raise ValueError("字体缺失")

    monkeypatch.setattr(built_documents, "render_pdf", broken)
    failed = client.get(_form_url(application))
    assert failed.status_code == 200
    page = failed.content.decode()
    assert 'data-state="failed"' in page
    assert "ValueError: 字体缺失" in page
    assert f'href="{_form_url(application)}?retry=1"' in page
    assert "every 2s" not in page  # a failure is not polled
    # Asked again without "build again": the same content is not rebuilt in a loop.
    assert 'data-state="failed"' in client.get(_form_url(application)).content.decode()
    monkeypatch.setattr(
        built_documents, "render_pdf", lambda html, fetcher=None, stylesheets=(): FAKE_PDF
    )
    again = client.get(_form_url(application) + "?retry=1")
    assert again.status_code == 200
    assert again.getvalue() == FAKE_PDF
    stored = BuiltDocument.objects.get(object_id=application.pk)
    assert (stored.state, stored.error, stored.attempts) == (BuildState.DONE, "", 2)


def test_another_applicant_cannot_fetch_a_built_form(renders: list[str]) -> None:
    application = ApplicationFactory()
    assert _own_client(application).get(_form_url(application)).status_code == 200
    outsider = Client()
    outsider.force_login(applicant_user(OrganisationFactory()))
    assert outsider.get(_form_url(application)).status_code == 404
    assert outsider.get(_form_url(application), HTTP_HX_REQUEST="true").status_code == 404
    assert outsider.get(_form_url(application) + "?retry=1").status_code == 404
    assert len(renders) == 1


def test_a_slow_build_shows_progress_polled_until_the_link_appears(
    renders: list[str], monkeypatch: pytest.MonkeyPatch, settings
) -> None:  # type: ignore[no-untyped-def]
    """No worker has taken the build yet: a page that asks again every two seconds (htmx);
    once built, the fragment holds the download link and the link serves the file."""
    settings.BUILT_DOCUMENT_WAIT_SECONDS = 0
    queued: list[int] = []
    monkeypatch.setattr(build_document, "delay", queued.append)
    application = ApplicationFactory()
    client = _own_client(application)
    url = _form_url(application)
    page = client.get(url)
    assert page.status_code == 202
    html = page.content.decode()
    assert f'hx-get="{url}"' in html and 'hx-trigger="every 2s"' in html
    assert 'data-state="queued"' in html
    polled = client.get(url, HTTP_HX_REQUEST="true")
    assert polled.status_code == 202
    assert "<html" not in polled.content.decode()  # the fragment only
    assert len(queued) == 1  # polling does not queue it again
    build_document(queued[0])
    ready = client.get(url, HTTP_HX_REQUEST="true")
    assert ready.status_code == 200
    fragment = ready.content.decode()
    assert 'data-state="ready"' in fragment and f'href="{url}"' in fragment
    assert "every 2s" not in fragment
    assert client.get(url).getvalue() == FAKE_PDF
    assert len(renders) == 1


def test_a_lost_build_is_queued_again_by_the_next_request(
    renders: list[str], monkeypatch: pytest.MonkeyPatch, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.BUILT_DOCUMENT_WAIT_SECONDS = 0
    queued: list[int] = []
    monkeypatch.setattr(build_document, "delay", queued.append)
    application = ApplicationFactory()
    client = _own_client(application)
    client.get(_form_url(application))
    client.get(_form_url(application))
    assert len(queued) == 1
    BuiltDocument.objects.filter(pk=queued[0]).update(
        requested_at=timezone.now() - built_documents.STALE_AFTER - timedelta(seconds=1)
    )
    client.get(_form_url(application))
    assert queued == [queued[0], queued[0]]


def test_a_build_run_twice_renders_once(renders: list[str]) -> None:
    application = ApplicationFactory()
    source = built_documents.current_source(FORM_PDF, application.pk)
    assert source is not None
    document, queue = built_documents.request_build(
        FORM_PDF, application.pk, built_documents.content_key(FORM_PDF, source)
    )
    assert queue
    build_document(document.pk)
    build_document(document.pk)
    assert len(renders) == 1


def test_the_render_refuses_to_run_inside_a_transaction() -> None:
    """Pitfall 17: claimed in one short transaction, rendered outside any."""
    application = ApplicationFactory()
    source = built_documents.current_source(FORM_PDF, application.pk)
    assert source is not None
    document, _ = built_documents.request_build(
        FORM_PDF, application.pk, built_documents.content_key(FORM_PDF, source)
    )
    with pytest.raises(LongWorkInTransaction), transaction.atomic():
        built_documents.build(document.pk)


def test_the_meeting_packet_is_kept_until_its_candidates_change(renders: list[str]) -> None:
    round = deliberation_round()
    candidate(round)
    client = Client()
    client.force_login(signed(leading_group_user(), round))
    url = reverse("publicity:meeting_packet", kwargs={"round_pk": round.pk})
    assert client.get(url).getvalue() == FAKE_PDF
    assert client.get(url).getvalue() == FAKE_PDF
    assert len(renders) == 1
    candidate(round)
    assert client.get(url).getvalue() == FAKE_PDF
    assert len(renders) == 2
