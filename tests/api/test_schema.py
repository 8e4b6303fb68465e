"""The OpenAPI schema: generated without a warning, valid, equal to the committed copy
(docs/api/openapi.yaml: regenerate with the command below and review the diff); the
reference page works offline (Swagger UI from the installed package, nothing from a CDN)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import translation

COMMITTED = Path(settings.BASE_DIR) / "docs" / "api" / "openapi.yaml"
REGENERATE = (
    "DATABASE_URL=postgres://... .venv/bin/python manage.py spectacular "
    "--file docs/api/openapi.yaml --validate"
)
# The committed schema is generated on PostgreSQL, the production database: the bounds of an
# integer field come from the database (SQLite states 64-bit bounds for every integer field).
# On another database those bounds are left out of the comparison.
DATABASE_BOUNDS = re.compile(r"^\s*(?:(?:maximum|minimum): -?\d{5,}|format: int64)\n", re.M)


def _comparable(schema: str) -> str:
    return schema if connection.vendor == "postgresql" else DATABASE_BOUNDS.sub("", schema)


def test_the_schema_has_no_warning_and_equals_the_committed_one(tmp_path: Path) -> None:
    generated = tmp_path / "openapi.yaml"
    with translation.override(settings.LANGUAGE_CODE):
        call_command("spectacular", "--file", str(generated), "--validate", "--fail-on-warn")
    assert _comparable(generated.read_text(encoding="utf-8")) == _comparable(
        COMMITTED.read_text(encoding="utf-8")
    ), f"The API changed: run `{REGENERATE}` and review the diff of docs/api/openapi.yaml."


def test_the_schema_is_served(client: Client) -> None:
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/department/consultations/{id}/answer/" in paths


@pytest.mark.django_db
def test_the_reference_page_loads_nothing_from_elsewhere(client: Client) -> None:
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "http://" not in html and "https://" not in html
    assert "<style" not in html and "<script>" not in html  # the CSP allows files only
    assets = [part.split('"')[0] for part in html.replace("href=", "src=").split('src="')[1:]]
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    script = client.get(next(a for a in assets if "script=" in a).replace("&amp;", "&"))
    assert script.status_code == 200
    assert "/api/schema/" in script.content.decode()
