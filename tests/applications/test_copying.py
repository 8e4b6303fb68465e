"""Starting a dossier as a copy of the organisation's previous one: independent
files, the signed form left out, the start checks of R1/R7/R8 kept."""

from __future__ import annotations

from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.copying import start_application_from_copy
from applications.models import Application, Attachment
from applications.services.application import add_attachment
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from tests.factories import ApplicationFactory, RoundFactory, applicant_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _earlier_dossier():  # type: ignore[no-untyped-def]
    """An earlier round's dossier with a licence, a secret evidence file and the signed form."""
    source = ApplicationFactory(
        main_products="稀土永磁", quality_summary="成效", tag_sme_innovation=True
    )
    user = applicant_user(source.organisation)
    add_attachment(
        source, actor=user, upload=SimpleUploadedFile("营业执照.pdf", PDF), kind="licence"
    )
    add_attachment(
        source,
        actor=user,
        upload=SimpleUploadedFile("证据.png", PNG),
        kind="evidence",
        is_secret=True,
    )
    add_attachment(source, actor=user, upload=SimpleUploadedFile("申报表.pdf", PDF), kind="form")
    new_round = RoundFactory(year=source.round.year + 2)
    return source, user, new_round


def test_copy_takes_fields_tags_and_attachments_as_independent_files() -> None:
    source, user, new_round = _earlier_dossier()
    copy = start_application_from_copy(new_round, source.organisation, actor=user, source=source)
    assert copy.round == new_round
    assert (copy.main_products, copy.quality_summary, copy.self_assessment) == (
        "稀土永磁",
        "成效",
        source.self_assessment,
    )
    assert (copy.tag_sme_innovation, copy.tag_digital_economy) == (True, False)
    copied = list(copy.attachments.order_by("kind"))
    originals = {a.kind: a for a in source.attachments.all()}
    assert [(a.kind, a.original_name, a.is_secret) for a in copied] == [
        ("evidence", "证据.png", True),
        ("licence", "营业执照.pdf", False),
    ]
    for attachment in copied:
        original = originals[attachment.kind]
        assert attachment.file.name != original.file.name
        assert attachment.file.name.startswith(f"attachments/{copy.pk}/")
        assert attachment.sha256 == original.sha256
        stored = Path(settings.MEDIA_ROOT) / attachment.file.name
        assert stored.read_bytes() == (Path(settings.MEDIA_ROOT) / original.file.name).read_bytes()
    # Independent: deleting a copy's file leaves the original's in place.
    copied[0].file.storage.delete(copied[0].file.name)
    assert (Path(settings.MEDIA_ROOT) / originals["evidence"].file.name).exists()


def test_copy_skips_the_signed_application_form() -> None:
    source, user, new_round = _earlier_dossier()
    copy = start_application_from_copy(new_round, source.organisation, actor=user, source=source)
    assert not copy.attachments.filter(kind="form").exists()
    assert source.attachments.filter(kind="form").count() == 1


def test_copy_is_logged_with_its_source() -> None:
    source, user, new_round = _earlier_dossier()
    copy = start_application_from_copy(new_round, source.organisation, actor=user, source=source)
    entry = DecisionLogEntry.objects.get(action="application.copy")
    assert entry.data["source_application"] == source.pk
    assert sorted(a["id"] for a in entry.data["attachments"]) == sorted(
        copy.attachments.values_list("pk", flat=True)
    )
    started = DecisionLogEntry.objects.get(action="application.start")
    assert started.object_id == str(copy.pk)


def test_copy_refused_when_the_window_is_closed_and_nothing_is_written() -> None:
    """R1: no dossier starts after the deadline, copied or not."""
    source, user, new_round = _earlier_dossier()
    files_before = sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())
    with (
        time_machine.travel(new_round.applications_close_at, tick=False),
        pytest.raises(DomainError),
    ):
        start_application_from_copy(new_round, source.organisation, actor=user, source=source)
    assert not Application.objects.filter(round=new_round).exists()
    assert Attachment.objects.count() == 3
    files_after = sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())
    assert files_after == files_before


def test_copy_of_another_organisations_dossier_is_refused() -> None:
    source, _user, new_round = _earlier_dossier()
    outsider = applicant_user()
    organisation = outsider.organisation_membership.organisation
    with pytest.raises(DomainError):
        start_application_from_copy(new_round, organisation, actor=outsider, source=source)
    assert not Application.objects.filter(round=new_round).exists()


def test_copy_refused_when_an_application_to_the_round_exists() -> None:
    source, user, new_round = _earlier_dossier()
    ApplicationFactory(round=new_round, organisation=source.organisation)
    with pytest.raises(DomainError):
        start_application_from_copy(new_round, source.organisation, actor=user, source=source)
    assert Attachment.objects.filter(application__round=new_round).count() == 0


def test_dashboard_offers_the_copy_and_the_view_starts_it(client) -> None:  # type: ignore[no-untyped-def]
    source, user, new_round = _earlier_dossier()
    client.force_login(user)
    html = client.get(reverse("accounts:dashboard")).content.decode()
    url = reverse("applications:start_copy", args=[new_round.pk, source.pk])
    assert url in html
    response = client.post(url)
    copy = Application.objects.get(round=new_round)
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:edit", args=[copy.pk])
    assert copy.attachments.count() == 2


def test_copy_view_with_another_organisations_dossier_is_404(client) -> None:  # type: ignore[no-untyped-def]
    source, _user, new_round = _earlier_dossier()
    client.force_login(applicant_user())
    response = client.post(reverse("applications:start_copy", args=[new_round.pk, source.pk]))
    assert response.status_code == 404
    assert not Application.objects.filter(round=new_round).exists()
