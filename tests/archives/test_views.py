"""The office reaches the archive from its round page, builds it and downloads the ZIP; nobody
else learns it exists (404), the programme's leading group sees it refused (403)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.enums import Role
from archives.enums import ArchiveState
from archives.models import RoundArchive
from archives.services import archive as services
from awards.models import AwardProgramme
from awards.services import sign_commitment
from tests.factories import (
    RoundFactory,
    UserFactory,
    applicant_user,
    expert_user,
    grant_role,
    leading_group_user,
    office_user,
)

pytestmark = pytest.mark.django_db

TINY_PDF = b"%PDF-1.4\n%tiny\n"


@pytest.fixture(autouse=True)
def _cheap_pdfs(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr("archives.documents.render_document", lambda *a: TINY_PDF)
    monkeypatch.setattr("archives.documents.render_feedback", lambda a: TINY_PDF)


def other_office() -> object:
    county = AwardProgramme.objects.create(
        name="南康区区长质量奖",
        slug="nankang",
        awarding_body="南康区人民政府",
        office_name="区质量办",
    )
    return grant_role(UserFactory(), Role.OFFICE, prog=county)


def _ready_archive(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    office = office_user()
    round = RoundFactory()
    sign_commitment(round, user=office)
    with django_capture_on_commit_callbacks(execute=True):
        archive = services.request_archive(round, actor=office)
    archive.refresh_from_db()
    assert archive.state == ArchiveState.READY
    return round, office, archive


def test_office_reaches_the_archive_from_the_round_page_and_downloads_it(
    client, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    office = office_user()
    round = RoundFactory()
    sign_commitment(round, user=office)
    client.force_login(office)
    page = client.get(reverse("awards:round_detail", args=[round.pk])).content.decode()
    url = reverse("archives:round_archives", args=[round.pk])
    assert f'href="{url}"' in page

    response = client.get(url)
    assert response.status_code == 200
    assert 'id="no-archive"' in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    archive = RoundArchive.objects.get(round=round)
    assert archive.state == ArchiveState.READY
    assert archive.requested_by == office

    body = client.get(url).content.decode()
    download = reverse("archives:download", args=[archive.pk])
    assert download in body and archive.sha256 in body
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    data = b"".join(response.streaming_content)
    assert "manifest.json" in zipfile.ZipFile(io.BytesIO(data)).namelist()


def test_office_must_sign_the_commitment_first(client) -> None:  # type: ignore[no-untyped-def]
    round = RoundFactory()
    client.force_login(office_user())
    response = client.post(reverse("archives:round_archives", args=[round.pk]))
    assert response.status_code == 302
    assert reverse("awards:sign_commitment", args=[round.pk]) in response["Location"]
    assert not RoundArchive.objects.exists()


def test_a_pending_archive_shows_its_progress_and_blocks_a_second_request(
    client, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(services, "_queue_build", lambda round_id: None)
    office = office_user()
    round = RoundFactory()
    sign_commitment(round, user=office)
    client.force_login(office)
    url = reverse("archives:round_archives", args=[round.pk])
    client.post(url)
    client.post(url)
    assert RoundArchive.objects.filter(round=round).count() == 1
    archive = services.claim_archive(round.pk)
    assert archive is not None
    services.report_progress(
        archive, members_total=10, members_done=4, current_member="sheets/scores.xlsx"
    )
    body = client.get(url).content.decode()
    assert "40%" in body and "sheets/scores.xlsx" in body
    assert 'hx-trigger="every 3s"' in body
    assert 'id="request-archive" disabled' in body


@pytest.mark.parametrize(
    "make_user",
    [other_office, applicant_user, expert_user],
    ids=["other-office", "applicant", "expert"],
)
def test_outsiders_get_404_for_the_page_and_the_download(
    client, django_capture_on_commit_callbacks, make_user
) -> None:  # type: ignore[no-untyped-def]
    round, _office, archive = _ready_archive(django_capture_on_commit_callbacks)
    client.force_login(make_user())
    page = reverse("archives:round_archives", args=[round.pk])
    assert client.get(page).status_code == 404
    assert client.post(page).status_code == 404
    assert client.get(reverse("archives:download", args=[archive.pk])).status_code == 404
    assert RoundArchive.objects.count() == 1


def test_leading_group_of_the_programme_is_refused_with_403(
    client, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    round, _office, archive = _ready_archive(django_capture_on_commit_callbacks)
    client.force_login(leading_group_user())
    page = reverse("archives:round_archives", args=[round.pk])
    assert client.get(page).status_code == 403
    assert client.post(page).status_code == 403
    assert client.get(reverse("archives:download", args=[archive.pk])).status_code == 404


def test_anonymous_is_sent_to_login(client) -> None:  # type: ignore[no-untyped-def]
    round = RoundFactory()
    response = client.get(reverse("archives:round_archives", args=[round.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_unknown_round_and_unfinished_archive_are_404(client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(services, "_queue_build", lambda round_id: None)
    office = office_user()
    client.force_login(office)
    assert client.get(reverse("archives:round_archives", args=[999999])).status_code == 404
    archive = services.request_archive(RoundFactory(), actor=office)
    assert client.get(reverse("archives:download", args=[archive.pk])).status_code == 404


def test_the_archive_list_costs_the_same_queries_at_2_and_12_rows(client) -> None:  # type: ignore[no-untyped-def]
    office = office_user()
    round = RoundFactory()
    sign_commitment(round, user=office)
    client.force_login(office)
    url = reverse("archives:round_archives", args=[round.pk])
    client.get(url)  # warm the session and the user's roles
    counts = []
    for n in (2, 12):
        for _ in range(n - RoundArchive.objects.filter(round=round).count()):
            RoundArchive.objects.create(
                round=round, requested_by=UserFactory(), state=ArchiveState.FAILED
            )
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert response.content.decode().count('class="archive-row"') == n
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_stalled_build_says_so_and_may_be_asked_again(client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from django.utils import timezone

    queued = []
    monkeypatch.setattr(services, "_queue_build", queued.append)
    office = office_user()
    round = RoundFactory()
    sign_commitment(round, user=office)
    client.force_login(office)
    url = reverse("archives:round_archives", args=[round.pk])
    client.post(url)
    archive = services.claim_archive(round.pk)
    assert archive is not None
    RoundArchive.objects.filter(pk=archive.pk).update(
        heartbeat_at=timezone.now() - services.STALE_AFTER - timedelta(seconds=1)
    )
    body = client.get(url).content.decode()
    assert 'class="small text-danger stalled"' in body
    assert 'id="request-archive" disabled' not in body
    assert 'hx-trigger="every' not in body  # no polling (the menu's badges load once)
    client.post(url)
    archive.refresh_from_db()
    assert archive.state == ArchiveState.QUEUED
    assert queued == [round.pk, round.pk]
