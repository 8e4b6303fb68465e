"""No Excel export the portal offers holds a live formula, whatever its users typed.

Every free-text column of the demo world (organisation, user, expert, round, consultation,
objection, decision, grant... names and notes) is overwritten with a text a spreadsheet would
read as a formula (``=HYPERLINK(...)``, ``+1``, ``-1``, ``@SUM(1)``, a leading tab or carriage
return); then each workbook is downloaded as its reader would and every cell read back: none is
a formula and none starts with a formula character unescaped (common.sheets.escape_cell puts an
apostrophe in front). The control: each export with rows does hold escaped hostile text.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from itertools import cycle
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models.functions import Cast, Concat, Left
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from common.sheets import FORMULA_PREFIXES
from tests.security.world import World

pytestmark = pytest.mark.django_db

HOSTILE = ('=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(1)", "\tTAB", "\rCR")

# Text columns left as they are: the code compares them with constants or uses them as keys
# (the log-in's password hash, a programme's slug, a department's code, a stored file's
# content type), so a hostile value would break the page rather than reach a sheet.
KEPT = {"password", "slug", "code", "content_type", "programme_slug"}
# The decision log's rows cannot be changed (R14: database triggers refuse it).
KEPT_APPS = {"decisionlog", "demo"}

# The workbooks each role downloads: (role, URL name, kwargs; "{round}" is the round's id).
EXPORTS: list[tuple[str, str, dict[str, object]]] = [
    ("office", "applications:eligible_list_export", {"round_pk": "{round}", "fmt": "xlsx"}),
    ("office", "reviews:export_scores", {"pk": "{round}"}),
    ("office", "reviews:export_material_report", {"pk": "{round}", "fmt": "xlsx"}),
    ("office", "reviews:export_composite_report", {"pk": "{round}"}),
    ("leader", "reviews:export_composite_report", {"pk": "{round}"}),
    ("liaison", "applications:liaison_reply_sheet", {}),
    ("office", "experts:pool_template", {}),
    ("office", "grants:history_template", {}),
]
# Templates hold a header and an example row, no user's text.
TEMPLATES = {"experts:pool_template", "grants:history_template"}
# The modules that write a workbook (``Workbook(``), each covered above or by the archive.
WRITERS = {
    "applications/exports.py",
    "applications/services/consultation_sheet.py",
    "archives/sheets.py",
    # The import templates (the expert pool's, the history's): common.sheets.template_workbook.
    "common/sheets.py",
    "reviews/exports.py",
}
# Writes the demo's own import file: not something the portal hands out.
NOT_EXPORTS = {"demo/records.py"}


def _text_fields(model: type[models.Model]) -> list[models.Field]:  # type: ignore[type-arg]
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
        and not f.choices
        and not f.primary_key
        and f.name not in KEPT
        and not isinstance(f, models.SlugField)
    ]


def _make_hostile() -> int:
    """Overwrite every free-text column of the project's tables; the number of columns."""
    hostile = cycle(HOSTILE)
    columns = 0
    for config in apps.get_app_configs():
        path = Path(config.path)
        # The project's own apps: a virtual environment inside the checkout holds the others.
        if (
            not path.is_relative_to(settings.BASE_DIR)
            or "site-packages" in path.parts
            or config.label in KEPT_APPS
        ):
            continue
        for model in config.get_models():
            if model._meta.proxy or not model._meta.managed:
                continue
            values = {}
            for field in _text_fields(model):
                text = next(hostile)
                # The row's id keeps unique columns unique; cut to the column's length.
                limit = field.max_length or 10_000
                value = Concat(
                    models.Value(text[: max(1, limit - 10)]),
                    Cast("pk", models.CharField()),
                    output_field=models.TextField(),
                )
                values[field.name] = Left(value, limit)
                columns += 1
            if values:
                model._default_manager.all().update(**values)
    return columns


def _cells(content: bytes) -> Iterator[tuple[str, object, str]]:
    """(sheet!coordinate, value, data type) of every cell of the workbook."""
    book = load_workbook(io.BytesIO(content))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield f"{sheet.title}!{cell.coordinate}", cell.value, cell.data_type


def _live_formulas(content: bytes) -> list[tuple[str, object]]:
    return [
        (where, value)
        for where, value, data_type in _cells(content)
        if data_type == "f" or (isinstance(value, str) and value.startswith(FORMULA_PREFIXES))
    ]


def _escaped_hostile(content: bytes) -> int:
    return sum(
        1
        for _where, value, _type in _cells(content)
        if isinstance(value, str) and value[:1] == "'" and value[1:].startswith(FORMULA_PREFIXES)
    )


def _has_rows(content: bytes) -> bool:
    return any(sheet.max_row > 1 for sheet in load_workbook(io.BytesIO(content)).worksheets)


def _body(response) -> bytes:  # type: ignore[no-untyped-def]
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return bytes(response.content)


@pytest.fixture(scope="module")
def hostile_world(
    world: tuple[World, dict[str, Client]], django_db_blocker
) -> tuple[World, dict[str, Client]]:  # type: ignore[no-untyped-def]
    """The demo world (rolled back after the module) with a pending consultation for the
    liaison's sheet, then every text column made hostile."""
    from accounts.models import User
    from applications.models import Application, Consultation
    from awards.services import sign_commitment
    from organisations.models import Department

    the_world, clients = world
    with django_db_blocker.unblock():
        pending = (
            Application.objects.filter(round__programme__slug="ganzhou-mayor", status="submitted")
            .exclude(consultations__department__code="tax")
            .order_by("pk")
            .first()
        )
        assert pending is not None
        Consultation.objects.create(
            application=pending,
            department=Department.objects.get(code="tax"),
            question="请核实纳税信用等级",
            sent_by=User.objects.get(username="office"),
        )
        sign_commitment(pending.round, user=User.objects.get(username="liaison"))
        # User names become hostile too: the office is found again by its id.
        the_world.ids["office_user"] = User.objects.get(username="office").pk
        assert _make_hostile() > 50, "control: the free-text columns were found"
    return the_world, clients


@pytest.mark.parametrize(
    ("role", "name", "kwargs"),
    EXPORTS,
    ids=[f"{role}-{name}" for role, name, _kwargs in EXPORTS],
)
def test_an_export_holds_no_live_formula(
    role: str,
    name: str,
    kwargs: dict[str, object],
    hostile_world: tuple[World, dict[str, Client]],
) -> None:
    the_world, clients = hostile_world
    round_id = the_world.ids["round"]
    resolved = {k: round_id if v == "{round}" else v for k, v in kwargs.items()}
    response = clients[role].get(reverse(name, kwargs=resolved))
    assert response.status_code == 200, (name, response.status_code)
    content = _body(response)
    assert content.startswith(b"PK"), f"{name} is not a workbook"
    assert not _live_formulas(content), f"{name}: cells read as formulas"
    if name not in TEMPLATES:
        assert _escaped_hostile(content), f"control: {name} holds the hostile names, escaped"


def test_the_round_archives_sheets_hold_no_live_formula(
    hostile_world: tuple[World, dict[str, Client]],
) -> None:
    from accounts.models import User
    from archives.models import RoundArchive
    from archives.services.archive import build_archive, request_archive
    from awards.models import Round

    the_world, clients = hostile_world
    round = Round.objects.get(pk=the_world.ids["round"])
    archive = request_archive(round, actor=User.objects.get(pk=the_world.ids["office_user"]))
    build_archive(round.pk)
    archive = RoundArchive.objects.get(pk=archive.pk)
    response = clients["office"].get(reverse("archives:download", kwargs={"pk": archive.pk}))
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(_body(response))) as zipped:
        sheets = [n for n in zipped.namelist() if n.endswith(".xlsx")]
        assert len(sheets) >= 6, sheets
        for member in sheets:
            content = zipped.read(member)
            assert not _live_formulas(content), f"{member}: cells read as formulas"
        # Sheets with rows (this round has no grant yet: that sheet is its header alone).
        escaped = {m: _escaped_hostile(zipped.read(m)) for m in sheets if _has_rows(zipped.read(m))}
    assert len(escaped) >= 5, escaped
    assert all(escaped.values()), f"control: every sheet holds hostile names, escaped: {escaped}"


def test_every_module_writing_a_workbook_is_covered_here() -> None:
    """A new export joins EXPORTS (or the archive) above: found by its ``Workbook(`` call."""
    root = Path(settings.BASE_DIR)
    writers = {
        str(path.relative_to(root))
        for path in root.glob("*/**/*.py")
        if path.parts[len(root.parts)] not in {".venv", "node_modules", "tests"}
        and re.search(r"\bWorkbook\(", path.read_text(encoding="utf-8"))
    }
    assert writers - NOT_EXPORTS == WRITERS
