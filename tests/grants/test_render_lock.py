"""A certificate renders while the portal goes on writing (R15; the embedded SQLite default).

The worker used to render inside the transaction that locked the certificate's row: on SQLite
that transaction held the database's one write lock for the whole WeasyPrint run, and every web
request that wrote waited, then failed with "database is locked". The render now runs between
two short transactions. Here the renderer waits until another connection's write has committed;
with the render inside a transaction that write could not commit (the renderer would time out
first, and the write fail or wait). Fast: the renderer is a stand-in.
"""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import F

from grants import tasks
from grants.enums import CertificateRender
from grants.models import Certificate
from grants.services import certificates as certificate_services
from grants.services.approval import record_approval
from organisations.models import Organisation
from tests.factories import office_user
from tests.publicity.helpers import approval_round

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# How long the stand-in renderer waits for the other connection's write.
RENDER_WAITS_SECONDS = 10


def test_a_write_commits_while_a_certificate_renders(monkeypatch) -> None:
    monkeypatch.setattr(tasks.render_certificate, "delay", lambda pk: None)
    round, _apps = approval_round(n_prize=1)
    record_approval(
        round,
        actor=office_user(),
        approved_on=date(2026, 1, 15),
        meeting="市政府第12次常务会议",
        document_number="赣市府字〔2026〕3号",
    )
    certificate = Certificate.objects.select_related("grant").get(grant__round=round)

    rendering = threading.Event()
    written = threading.Event()
    order: list[str] = []

    def slow_render(html: str) -> bytes:
        rendering.set()
        written.wait(RENDER_WAITS_SECONDS)
        order.append("render finished")
        return b"%PDF-1.7 stand-in"

    monkeypatch.setattr(certificate_services, "render_pdf", slow_render)
    results: list[object] = []

    def worker() -> None:
        try:
            results.append(tasks.render_certificate(certificate.pk))
        except Exception as error:  # reported by the assertions below
            results.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=worker)
    thread.start()
    write_error: DatabaseError | None = None
    try:
        assert rendering.wait(30), "the worker never started rendering"
        if connection.vendor == "sqlite":
            # Fail fast instead of waiting the full busy timeout behind a held write lock.
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA busy_timeout = 2000")
        # A web request writes: the winning organisation's record (a row the old render locked
        # on PostgreSQL too, through the certificate's select_related).
        with transaction.atomic():
            Organisation.objects.filter(pk=certificate.grant.organisation_id).update(name=F("name"))
        order.append("write committed")
    except DatabaseError as error:
        write_error = error
    finally:
        written.set()
        thread.join(60)
    assert write_error is None, f"the write was blocked by the render: {write_error}"
    assert order == ["write committed", "render finished"]
    assert results == [True]
    certificate.refresh_from_db()
    assert certificate.render_state == CertificateRender.DONE
