"""Long work (rendering, watermarks, workbooks, e-mail) refuses to run inside a write
transaction (common.transactions): on SQLite it would hold the one write lock for its length.
The atomic blocks a Django test case wraps each test in do not count."""

from __future__ import annotations

import io
import logging
from datetime import date

import pytest
from django.db import transaction
from django.test import override_settings

from applications.watermark import stream_xlsx, watermark_image
from common.documents import DenyByDefaultFetcher, render_pdf
from common.sheets import template_workbook
from common.transactions import (
    LongWorkInTransaction,
    ensure_outside_transaction,
    open_transactions,
)
from grants.enums import CertificateRender
from grants.models import Certificate
from grants.services import certificates as certificate_services
from grants.services.approval import record_approval
from notifications.channels import EmailAdapter
from notifications.models import OutboxMessage
from tests.factories import office_user
from tests.publicity.helpers import approval_round, proposed

pytestmark = pytest.mark.django_db


def test_the_test_cases_own_blocks_do_not_count() -> None:
    assert open_transactions() == 0
    ensure_outside_transaction("work")
    with transaction.atomic():
        assert open_transactions() == 1
        with pytest.raises(LongWorkInTransaction, match="outside a database transaction"):
            ensure_outside_transaction("work")


@override_settings(LONG_WORK_IN_TRANSACTION="log")
def test_the_guard_can_log_instead_of_refusing(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR), transaction.atomic():
        ensure_outside_transaction("rendering a PDF")
    assert "rendering a PDF must run outside" in caplog.text


@pytest.mark.parametrize(
    "work",
    [
        pytest.param(lambda: render_pdf("<p>x</p>"), id="render_pdf"),
        pytest.param(DenyByDefaultFetcher, id="weasyprint-fetcher"),
        pytest.param(lambda: template_workbook(("A", [("a", "A", "a")], ["x"])), id="workbook"),
        pytest.param(lambda: watermark_image(b"", "x"), id="image-watermark"),
        pytest.param(lambda: stream_xlsx(io.BytesIO(), io.BytesIO(), "x"), id="xlsx-watermark"),
        pytest.param(
            lambda: EmailAdapter().send(OutboxMessage(subject="s", body="b", address="a@b.cn")),
            id="e-mail",
        ),
    ],
)
def test_every_entry_point_refuses_inside_a_transaction(work) -> None:
    with transaction.atomic(), pytest.raises(LongWorkInTransaction):
        work()


def _certificate() -> Certificate:
    round, _ = approval_round(n_prize=0, year=2033)
    app = proposed(round)
    record_approval(
        round,
        actor=office_user(),
        approved_on=date(2034, 1, 15),
        meeting="市政府第12次常务会议",
        document_number="赣市府字〔2034〕3号",
    )
    return Certificate.objects.get(grant__application=app)


def test_the_certificate_renders_outside_any_transaction(monkeypatch) -> None:
    """R15: the render held the certificate's row lock (and SQLite's write lock) for the whole
    WeasyPrint run; it now runs between two short transactions."""
    seen: list[int] = []

    def fake_render(html: str) -> bytes:
        seen.append(open_transactions())
        return b"%PDF-1.7 fake"

    monkeypatch.setattr(certificate_services, "render_pdf", fake_render)
    certificate = _certificate()
    assert certificate.render_state == CertificateRender.QUEUED
    assert certificate_services.render_certificate_pdf(certificate) is True
    assert seen == [0]
    certificate.refresh_from_db()
    assert certificate.render_state == CertificateRender.DONE
    assert certificate.render_attempts == 1
    assert certificate.file.name == f"certificates/{certificate.number}.pdf"
    # A second run (a redelivered task) renders nothing.
    assert certificate_services.render_certificate_pdf(certificate) is False
    assert seen == [0]


def test_the_real_renderer_refuses_when_called_inside_a_transaction() -> None:
    certificate = _certificate()
    with transaction.atomic(), pytest.raises(LongWorkInTransaction):
        certificate_services.render_certificate_pdf(certificate)
