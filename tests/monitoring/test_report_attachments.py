"""Art. 24: the annual report is a form plus attachments; the winner attaches documents while
it may file the report; the winner and its office download them, nobody else."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from monitoring.models import AnnualReportAttachment
from monitoring.services import annual_reports as obligations
from monitoring.services import monitoring as services
from monitoring.services.annual_reports import schedule_annual_reports
from tests.factories import applicant_user, office_user
from tests.monitoring.helpers import grant_on, other_office, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def report():  # type: ignore[no-untyped-def]
    grant = grant_on(timezone.localdate() - timedelta(days=300))
    schedule_annual_reports(grant)
    return grant.annual_reports.order_by("due_on").first()


@pytest.fixture
def winner(report):  # type: ignore[no-untyped-def]
    return applicant_user(report.grant.organisation)


def test_attach_then_frozen_after_filing(report, winner) -> None:
    attachment = services.add_report_attachment(report, actor=winner, upload=pdf("质量报告.pdf"))
    assert attachment.original_name == "质量报告.pdf"
    assert attachment.file.name.startswith(f"annual-reports/{report.pk}/")
    assert DecisionLogEntry.objects.filter(action="annual_report.attach").count() == 1
    obligations.file_annual_report(
        report, actor=winner, key_indicators="合格率", improvements="", body="报告"
    )
    report.refresh_from_db()
    with pytest.raises(DomainError):
        services.add_report_attachment(report, actor=winner, upload=pdf())
    with pytest.raises(DomainError):
        services.remove_report_attachment(attachment, actor=winner)


def test_refused_file_stores_nothing(report, winner) -> None:
    bad = SimpleUploadedFile("报告.pdf", b"<html>not a pdf</html>")
    with pytest.raises(DomainError):
        services.add_report_attachment(report, actor=winner, upload=bad)
    assert not AnnualReportAttachment.objects.exists()


def test_another_winner_cannot_attach(report) -> None:
    with pytest.raises(DomainError):
        services.add_report_attachment(report, actor=applicant_user(), upload=pdf())


def test_pages_attach_download_and_outsiders(client, report, winner) -> None:
    client.force_login(winner)
    page = reverse("monitoring:annual_report_file", args=[report.pk])
    assert 'id="report-attachment-form"' in client.get(page).content.decode()
    response = client.post(
        reverse("monitoring:report_attachment_add", args=[report.pk]), {"file": pdf("附件.pdf")}
    )
    assert response.status_code == 302
    attachment = AnnualReportAttachment.objects.get()
    download = reverse("monitoring:report_attachment_download", args=[attachment.pk])
    assert download in client.get(page).content.decode()
    assert client.get(download).status_code == 200
    office = office_user()
    client.force_login(office)
    review = client.get(
        reverse("monitoring:annual_report_review", args=[report.pk])
    ).content.decode()
    assert download in review and 'id="report-attachment-form"' not in review
    assert client.get(download).status_code == 200
    remove = reverse("monitoring:report_attachment_remove", args=[attachment.pk])
    for outsider in (applicant_user(), other_office()):
        client.force_login(outsider)
        assert client.get(download).status_code == 404
        assert (
            client.post(
                reverse("monitoring:report_attachment_add", args=[report.pk]), {"file": pdf()}
            ).status_code
            == 404
        )
        assert client.post(remove).status_code == 404
    client.force_login(office)
    assert client.post(remove).status_code == 404  # only the winner removes
    client.force_login(winner)
    assert client.post(remove).status_code == 302
    assert not AnnualReportAttachment.objects.exists()
