"""Property-based tests of the API against its own OpenAPI schema (Schemathesis): generated
requests to every operation through the WSGI application, each with the key its scope needs;
no server error, every answer (status, headers, body) as the schema says."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from api.enums import KeyAccess, KeyScope
from applications.models import Consultation
from tests.api.helpers import issue
from tests.api.objects import publicity, winner
from tests.awards.helpers import eligibility_round, signed, submitted_application
from tests.factories import department, liaison_user, office_user


@pytest.fixture
def api_schema(db, settings) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    settings.API_PUBLIC_RATE_LIMIT = 1_000_000
    # The WSGI handler closes the database connection at the end of each request; inside the
    # test's transaction (PostgreSQL) that would end it. Django's test client keeps it open
    # the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture
def keys(db) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Something for every operation to find: a round, a winner with a certificate, an open
    publicity, a pending consultation of the tax bureau in a round its liaison signed for."""
    office = office_user()
    liaison = liaison_user(department("tax"))
    application = submitted_application(eligibility_round())
    signed(liaison, application.round)
    signed(office, application.round)
    Consultation.objects.create(
        application=application, department=department("tax"), question="?", sent_by=office
    )
    winner(number="GZZLJ-2030-A-001-ABCD")
    publicity()
    return {
        "office": issue(office, access=KeyAccess.READ),
        "department": issue(
            office, scope=KeyScope.DEPARTMENT, access=KeyAccess.WRITE, liaison=liaison
        ),
    }


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_as_its_schema_says(case: Any, keys: dict[str, str]) -> None:
    scope = next((s for s in ("office", "department") if f"/api/v1/{s}/" in case.path), None)
    headers = {"Authorization": f"Bearer {keys[scope]}"} if scope else {}
    # R2: which sector bucket codes are valid is data (the rules' buckets), which the schema
    # cannot list: a generated code is one of the data's; an unknown one's 400 is tested in
    # tests/api/test_sector_buckets.py.
    if case.query and "sector" in case.query:
        case.query["sector"] = "manufacturing"
    case.call_and_validate(headers=headers)
