"""A real Celery worker on Redis renders a certificate (pitfall 9 in docs/architecture.md: eager
mode only emulates a worker). The approval queues ``grants.render_certificate`` on commit; a
worker thread consumes it from Redis and the PDF appears in storage with its verification
number."""

from __future__ import annotations

import io
import os
import time
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import close_old_connections, connection
from pypdf import PdfReader

from grants.models import Certificate
from grants.services.approval import record_approval
from tests.factories import office_user
from tests.publicity.helpers import approval_round, manufacturer, proposed

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TIMEOUT_SECONDS = 60


def _close_worker_connection(**_kwargs: Any) -> None:
    # The worker thread has its own database connection: close it after each task so the
    # test database can be flushed and dropped.
    connection.close()


@pytest.fixture
def redis_worker() -> Iterator[Any]:
    """The project's Celery app on the Redis broker, not eager, with a worker thread."""
    from config.celery import app

    keys = ("broker_url", "broker_transport_options", "task_always_eager", "task_eager_propagates")
    saved = {key: app.conf[key] for key in keys}
    # Overrides tests/conftest.py's autouse eager fixture for this test only.
    app.conf.broker_url = os.environ["REDIS_URL"]
    app.conf.broker_transport_options = {"visibility_timeout": 3600}
    app.conf.task_always_eager = False
    app.conf.task_eager_propagates = False
    app._pool = None  # a producer pool made for another broker must not be reused
    task_postrun.connect(_close_worker_connection, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING") as worker:
            yield worker
    finally:
        task_postrun.disconnect(_close_worker_connection)
        for key, value in saved.items():
            app.conf[key] = value
        app._pool = None
        close_old_connections()


def test_worker_renders_the_certificate_queued_by_the_approval(redis_worker) -> None:
    office = office_user()
    round, _ = approval_round(n_prize=0)
    app = proposed(round, organisation=manufacturer(name="赣州真实工作者稀土有限公司"))
    record_approval(
        round,
        actor=office,
        approved_on=date(2026, 1, 15),
        meeting="市政府第12次常务会议",
        document_number="赣市府字〔2026〕3号",
    )
    certificate = Certificate.objects.get(grant__application=app)
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while not certificate.file and time.monotonic() < deadline:
        time.sleep(0.25)
        certificate.refresh_from_db()
    assert certificate.file, f"the worker did not render the certificate within {TIMEOUT_SECONDS} s"
    assert certificate.file.name == f"certificates/{certificate.number}.pdf"
    assert certificate.file.storage.exists(certificate.file.name)
    with certificate.file.open("rb") as handle:
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)
    assert certificate.number in text
    assert "赣州真实工作者稀土有限公司" in text
