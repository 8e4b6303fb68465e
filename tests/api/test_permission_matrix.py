"""The API's permission matrix, generated from the committed schema: every operation asked
with no key, the right key, a key of the same role in another programme or department, and a
key of the other scope. Nothing answers a key that the same account could not see on its pages.

Every path argument names an object of the first programme and the tax bureau; "another's"
keys belong to the county programme's office and to the ecology bureau's liaison."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings
from django.test import Client

from api import urls as api_urls
from api.enums import KeyAccess, KeyScope
from applications.models import Consultation
from awards.enums import RoundStage
from tests.api.helpers import issue, keyed
from tests.api.objects import publicity, winner
from tests.awards.helpers import (
    eligibility_round,
    other_programme,
    other_programme_office,
    role_user,
    signed,
    submitted_application,
)
from tests.factories import RoundFactory, department, liaison_user, office_user

pytestmark = pytest.mark.django_db

SCHEMA = yaml.safe_load(
    (Path(settings.BASE_DIR) / "docs" / "api" / "openapi.yaml").read_text(encoding="utf-8")
)
OPERATIONS = [
    (method.upper(), path)
    for path, item in SCHEMA["paths"].items()
    for method in item
    if method in ("get", "post", "put", "patch", "delete")
]


@pytest.fixture
def world() -> dict[str, Any]:
    office = office_user()
    liaison = liaison_user(department("tax"))
    round = RoundFactory(stage=RoundStage.DELIBERATION)
    signed(office, round)
    application = submitted_application(eligibility_round())
    signed(liaison, application.round)
    consultation = Consultation.objects.create(
        application=application, department=department("tax"), question="?", sent_by=office
    )
    grant = winner(number="GZZLJ-2030-A-001-ABCD")
    period = publicity()
    county_office = other_programme_office()
    signed(county_office, round)  # signed, but of another programme: still not its to see
    ecology = role_user("liaison", department=department("ecology"))
    signed(ecology, application.round)
    clients = {
        "none": Client(),
        "office": keyed(issue(office, access=KeyAccess.READ)),
        "other_office": keyed(issue(county_office, access=KeyAccess.READ, prog=other_programme())),
        "department": keyed(
            issue(office, scope=KeyScope.DEPARTMENT, access=KeyAccess.WRITE, liaison=liaison)
        ),
        "other_department": keyed(
            issue(office, scope=KeyScope.DEPARTMENT, access=KeyAccess.WRITE, liaison=ecology)
        ),
    }
    ids = {
        "/rounds/{id}/call-notice/": round.pk,
        "/office/rounds/{id}/ranking/": round.pk,
        "/office/rounds/{id}/plenaries/": round.pk,
        "/office/rounds/{id}/objections/": round.pk,
        "/publicity/{id}/": period.pk,
        "/department/consultations/{id}/": consultation.pk,
        "/department/consultations/{id}/answer/": consultation.pk,
    }
    bodies = {
        "/api/v1/department/consultations/{id}/answer/": {"result": "no_adverse"},
        "/api/v1/department/incidents/": {
            "grant_id": grant.pk,
            "kind": "penalty",
            "description": "2030年因产品质量问题受行政处罚",
        },
    }
    return {"clients": clients, "ids": ids, "number": grant.certificate.number, "bodies": bodies}


def _url(path: str, world: dict[str, Any]) -> str:
    short = path.removeprefix("/api/v1")
    url = path.replace("{number}", world["number"])
    if "{id}" in url:
        url = url.replace("{id}", str(world["ids"][short]))
    assert not re.search(r"{\w+}", url), f"no object for {path}: add one to the world"
    return url


def _expected(path: str, who: str) -> set[int]:
    """The statuses each caller may get. Own: 200 (a POST may be refused by the rule: 409).
    Another programme's or department's key: 404 or an empty list. The other scope: 403."""
    if "/office/" in path:
        scope = "office"
    elif "/department/" in path:
        scope = "department"
    else:
        return {200}
    if who == "none":
        return {401}
    if who == scope:
        return {200, 201, 409}
    if who == f"other_{scope}":
        # 200 only with an empty list (checked below). Any liaison of the programme may report
        # an incident about any of its winners (Art. 29), as on the page: 201.
        return {200, 201} if path.endswith("/incidents/") else {200, 404}
    return {403}


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_every_operation_answers_only_its_own_scope(
    method: str, path: str, world: dict[str, Any]
) -> None:
    url = _url(path, world)
    for who, client in world["clients"].items():
        if method == "POST":
            response = client.post(url, world["bodies"][path], content_type="application/json")
        else:
            response = client.get(url)
        assert response.status_code in _expected(path, who), (who, url, response.content)
        if who.startswith("other_") and response.status_code == 200 and method == "GET":
            data = response.json()
            if f"/{who.removeprefix('other_')}/" in path:
                assert data.get("results") == [] or (
                    path.endswith("/bans/")  # every office lists every bar, as on its page
                ), (who, url, data)


def test_every_api_route_is_in_the_schema_and_so_in_the_matrix() -> None:
    """A route under /api/v1/ left out of the schema would escape the matrix above."""
    routes = {
        "/" + str(pattern.pattern).replace("<int:pk>", "{id}").replace("<str:number>", "{number}")
        for pattern in api_urls.urlpatterns
        if str(pattern.pattern).startswith("api/v1/")
    }
    assert routes == set(SCHEMA["paths"])
