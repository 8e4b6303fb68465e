"""Exports name no row their reader may not see: every file the portal hands out
(Excel, PDF, Word, the round's ZIP archive) is read back as text and checked row by row.

- A round's exports (eligibility list, score sheets, material and composite reports, meeting
  packet, the round archive) name only the organisations that applied in that round: never one
  of another round or of the county programme.
- Score sheets hold no row pairing a reviewer with a dossier it declared a conflict on (R12).
- The liaison's reply sheet lists only its own department's pending consultations.
- Each check has its control: the export does name the round's own organisations, so a blank
  or unreadable file fails instead of passing.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

import pytest
from django.test import Client
from django.urls import reverse

from tests.security.world import World

pytestmark = pytest.mark.django_db


# --- reading a file back as text ------------------------------------------------------------


def file_text(content: bytes, name: str = "") -> str:
    """All the text a person could read in the file (cells, headers, paragraphs, pages)."""
    if content.startswith(b"%PDF"):
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
    if content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.namelist()
            if "word/document.xml" in members:
                return _docx_text(content)
            if "xl/workbook.xml" in members:
                return "\n".join(" | ".join(row) for row in xlsx_rows(content))
            return "\n".join(
                file_text(archive.read(member), member)
                for member in members
                if not member.endswith("/")
            )
    return content.decode("utf-8", errors="replace")


def xlsx_rows(content: bytes) -> list[list[str]]:
    """Every row of every sheet as its cells' text (header and footer lines included)."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=False)
    rows: list[list[str]] = []
    for sheet in book.worksheets:
        rows.append([sheet.title])
        for part in (sheet.oddHeader, sheet.oddFooter):
            rows.append(
                [str(part.left.text or ""), str(part.center.text or ""), str(part.right.text or "")]
            )
        for row in sheet.iter_rows(values_only=True):
            rows.append(["" if value is None else str(value) for value in row])
    return rows


def _docx_text(content: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _body(response) -> bytes:  # type: ignore[no-untyped-def]
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return bytes(response.content)


# --- who may be named --------------------------------------------------------------------


def _names_in_round(round_id: int) -> set[str]:
    from applications.models import Application

    return set(
        Application.objects.filter(round_id=round_id).values_list("organisation__name", flat=True)
    )


def _names_elsewhere(allowed: set[str]) -> set[str]:
    from organisations.models import Organisation

    outside = set(Organisation.objects.values_list("name", flat=True)) - allowed
    assert outside, "control: some organisation did not apply in the round"
    return outside


def named_outsiders(text: str, allowed: Iterable[str], forbidden: Iterable[str]) -> list[str]:
    """The forbidden names the text contains, once every allowed name is blanked out (an
    allowed name may contain a forbidden one)."""
    for name in sorted(allowed, key=len, reverse=True):
        text = text.replace(name, "□")
    return sorted(name for name in forbidden if name in text)


ROUND_EXPORTS: list[tuple[str, str, dict[str, str]]] = [
    # (role, URL name, extra kwargs): the round's id is added as ``pk`` or ``round_pk``.
    ("office", "applications:eligible_list_export", {"fmt": "xlsx"}),
    ("office", "applications:eligible_list_export", {"fmt": "pdf"}),
    ("office", "reviews:export_scores", {}),
    ("office", "reviews:export_material_report", {"fmt": "xlsx"}),
    ("office", "reviews:export_material_report", {"fmt": "pdf"}),
    ("office", "reviews:export_composite_report", {}),
    ("leader", "reviews:export_composite_report", {}),
    ("office", "publicity:meeting_packet", {}),
    ("leader", "publicity:meeting_packet", {}),
]
ROUND_PK_NAMES = {
    "applications:eligible_list_export",
    "publicity:meeting_packet",
}


@pytest.mark.parametrize(
    ("role", "name", "extra"),
    ROUND_EXPORTS,
    ids=[f"{role}-{name}-{extra.get('fmt', '')}" for role, name, extra in ROUND_EXPORTS],
)
def test_round_exports_name_only_the_rounds_organisations(
    role: str, name: str, extra: dict[str, str], world: tuple[World, dict[str, Client]]
) -> None:
    the_world, clients = world
    round_id = the_world.ids["round"]  # the mayor's 2024 round: reviewed, ranked, voted
    key = "round_pk" if name in ROUND_PK_NAMES else "pk"
    response = clients[role].get(reverse(name, kwargs={key: round_id, **extra}))
    assert response.status_code == 200, (name, response.status_code)
    text = file_text(_body(response))
    allowed = _names_in_round(round_id)
    assert any(n in text for n in allowed), f"{name}: names none of the round's organisations"
    leaks = named_outsiders(text, allowed, _names_elsewhere(allowed))
    assert not leaks, f"{name} ({role}) names organisations outside the round: {leaks}"


def test_the_round_archive_names_only_the_rounds_organisations(
    world: tuple[World, dict[str, Client]],
) -> None:
    """The ZIP for the government's files: every PDF, sheet and the log's JSON inside it."""
    from accounts.models import User
    from archives.models import RoundArchive
    from archives.services.archive import build_archive, request_archive
    from awards.models import Round

    the_world, clients = world
    round = Round.objects.get(pk=the_world.ids["round"])
    archive = request_archive(round, actor=User.objects.get(username="office"))
    build_archive(round.pk)
    archive = RoundArchive.objects.get(pk=archive.pk)
    response = clients["office"].get(reverse("archives:download", kwargs={"pk": archive.pk}))
    assert response.status_code == 200
    content = _body(response)
    with zipfile.ZipFile(io.BytesIO(content)) as zipped:
        assert len(zipped.namelist()) > 3
    text = file_text(content)
    allowed = _names_in_round(round.pk)
    assert any(n in text for n in allowed)
    leaks = named_outsiders(text, allowed, _names_elsewhere(allowed))
    assert not leaks, f"the round archive names organisations outside the round: {leaks}"


def test_score_sheets_hold_no_row_of_a_conflicted_reviewer(
    world: tuple[World, dict[str, Client]],
) -> None:
    """R12: once expert1 declared a conflict on a dossier, no score row pairs the two."""
    from applications.models import Application
    from experts.models import ExpertProfile

    the_world, clients = world
    conflicted = Application.objects.select_related("organisation", "round").get(
        pk=the_world.ids["app_conflicted"]
    )
    expert = ExpertProfile.objects.get(user__username="expert1")
    response = clients["office"].get(
        reverse("reviews:export_scores", kwargs={"pk": conflicted.round_id})
    )
    assert response.status_code == 200
    rows = [" ".join(row) for row in xlsx_rows(_body(response))]
    assert any(expert.name in row for row in rows), "control: expert1's other reviews are listed"
    paired = [row for row in rows if expert.name in row and conflicted.organisation.name in row]
    assert not paired, f"score rows pair a reviewer with its conflicted dossier: {paired}"


def test_the_liaison_sheet_lists_only_its_departments_pending_consultations(
    world: tuple[World, dict[str, Client]],
) -> None:
    from accounts.models import User
    from applications.enums import ConsultationResult
    from applications.models import Application, Consultation
    from awards.services import sign_commitment
    from organisations.models import Department

    _, clients = world
    # The demo's tax consultations are all answered: one more is sent, still pending.
    unconsulted = (
        Application.objects.filter(round__programme__slug="ganzhou-mayor", status="submitted")
        .exclude(consultations__department__code="tax")
        .order_by("pk")
        .first()
    )
    assert unconsulted is not None
    Consultation.objects.create(
        application=unconsulted,
        department=Department.objects.get(code="tax"),
        question="请核实纳税信用等级",
        sent_by=User.objects.get(username="office"),
    )
    # R12: the sheet holds rounds whose commitment the liaison signed.
    sign_commitment(unconsulted.round, user=User.objects.get(username="liaison"))
    response = clients["liaison"].get(reverse("applications:liaison_reply_sheet"))
    assert response.status_code == 200
    text = file_text(_body(response))
    pending = Consultation.objects.filter(result=ConsultationResult.PENDING)
    own = set(
        pending.filter(department__code="tax").values_list(
            "application__organisation__name", flat=True
        )
    )
    assert own and all(name in text for name in own), "control: its own consultations are listed"
    others = (
        set(
            Consultation.objects.exclude(department__code="tax").values_list(
                "application__organisation__name", flat=True
            )
        )
        - own
    )
    leaks = named_outsiders(text, own, others)
    assert not leaks, f"the liaison's sheet names other departments' consultations: {leaks}"
