"""A certificate whose render fails says so (R15): a failed attempt goes back to the queue with
its error, the last one marks it failed and tells the office, which sees the error on the round
page and renders it again (logged); the winner sees "being prepared" only while it is queued or
rendering. Claims are short: a live claim is left alone, a dead one is taken again."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from awards.models import AwardProgramme
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from grants import tasks
from grants.enums import CertificateRender
from grants.models import Certificate
from grants.services import certificates as certificate_services
from grants.services.approval import record_approval
from notifications.models import Notification
from tests.factories import UserFactory, applicant_user, grant_role, office_user
from tests.publicity.helpers import approval_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_queue(monkeypatch) -> list[int]:
    queued: list[int] = []
    monkeypatch.setattr(tasks.render_certificate, "delay", queued.append)
    return queued


@pytest.fixture
def broken_renderer(monkeypatch) -> None:
    def fail(html: str) -> bytes:
        raise OSError("no font for 𠀾")

    monkeypatch.setattr(certificate_services, "render_pdf", fail)


def _certificate(office=None) -> Certificate:
    round, _apps = approval_round(n_prize=1)
    record_approval(
        round,
        actor=office or office_user(),
        approved_on=date(2026, 1, 15),
        meeting="市政府第12次常务会议",
        document_number="赣市府字〔2026〕3号",
    )
    return Certificate.objects.select_related("grant__round", "grant__organisation").get(
        grant__round=round
    )


def _failed(office=None) -> Certificate:
    certificate = _certificate(office)
    certificate_services.fail_render(certificate.pk, "OSError: no font")
    certificate.refresh_from_db()
    return certificate


def test_a_failed_attempt_goes_back_to_the_queue_with_its_error(broken_renderer) -> None:
    certificate = _certificate()
    with pytest.raises(OSError):
        tasks.render_certificate(certificate.pk)
    certificate.refresh_from_db()
    assert certificate.render_state == CertificateRender.QUEUED
    assert certificate.render_attempts == 1
    assert "no font" in certificate.render_error
    assert not certificate.file


def test_the_last_attempt_marks_it_failed_and_tells_the_office(
    broken_renderer, monkeypatch
) -> None:
    office = office_user()
    certificate = _certificate(office)
    monkeypatch.setattr(tasks, "MAX_RETRIES", 0)
    with pytest.raises(OSError):
        tasks.render_certificate(certificate.pk)
    certificate.refresh_from_db()
    assert certificate.render_state == CertificateRender.FAILED
    assert certificate.render_error.startswith("OSError: no font")
    (note,) = Notification.objects.filter(user=office, subject="证书未能生成")
    assert certificate.number in note.body
    # Marked once: a second failure report does not tell the office again.
    assert certificate_services.fail_render(certificate.pk, "again") is False
    assert Notification.objects.filter(user=office, subject="证书未能生成").count() == 1


def test_a_live_claim_is_left_alone_and_a_dead_one_taken_again(monkeypatch) -> None:
    monkeypatch.setattr(certificate_services, "render_pdf", lambda html: b"%PDF-1.7 fake")
    certificate = _certificate()
    claimed = certificate_services.claim_render(certificate.pk)
    assert claimed is not None and claimed.render_state == CertificateRender.RENDERING
    # Another worker (a redelivery) finds the live claim and does nothing.
    assert certificate_services.render_certificate_pdf(certificate) is False
    # The first worker died: after the stale time its claim is taken again.
    Certificate.objects.filter(pk=certificate.pk).update(
        render_claimed_at=timezone.now() - timedelta(hours=1)
    )
    assert certificate_services.render_certificate_pdf(certificate) is True
    certificate.refresh_from_db()
    assert certificate.render_state == CertificateRender.DONE
    assert certificate.render_attempts == 2


def test_the_same_tasks_message_delivered_again_takes_its_claim_over(monkeypatch) -> None:
    """acks_late: a message comes back only when the worker running it died, so its claim is
    dead at once; another task's message leaves a live claim alone."""
    monkeypatch.setattr(certificate_services, "render_pdf", lambda html: b"%PDF-1.7 fake")
    certificate = _certificate()
    assert certificate_services.claim_render(certificate.pk, "task-1") is not None
    assert certificate_services.render_certificate_pdf(certificate, task_id="task-2") is False
    assert certificate_services.render_certificate_pdf(certificate, task_id="task-1") is True
    certificate.refresh_from_db()
    assert certificate.render_state == CertificateRender.DONE
    assert certificate.render_task_id == ""


def test_a_run_whose_claim_was_taken_over_records_nothing(monkeypatch) -> None:
    certificate = _certificate()

    def taken_over(html: str) -> bytes:
        # While this run renders, it is thought dead and another run claims the render.
        Certificate.objects.filter(pk=certificate.pk).update(render_attempts=5)
        return b"%PDF-1.7 fake"

    monkeypatch.setattr(certificate_services, "render_pdf", taken_over)
    assert certificate_services.render_certificate_pdf(certificate) is False
    certificate.refresh_from_db()
    assert certificate.render_state == CertificateRender.RENDERING and not certificate.file


def test_the_office_renders_a_failed_certificate_again(
    no_queue, django_capture_on_commit_callbacks
) -> None:
    office = office_user()
    certificate = _failed(office)
    with django_capture_on_commit_callbacks(execute=True):
        certificate_services.render_again(certificate, actor=office)
    certificate.refresh_from_db()
    assert certificate.render_state == CertificateRender.QUEUED
    assert no_queue == [certificate.pk]
    entry = DecisionLogEntry.objects.get(action="certificate.render_again")
    assert (entry.from_state, entry.to_state) == ("failed", "queued")
    assert entry.data["number"] == certificate.number
    # Only a failed certificate is rendered again.
    with pytest.raises(DomainError):
        certificate_services.render_again(certificate, actor=office)


def test_another_programmes_office_cannot_render_again(no_queue) -> None:
    certificate = _failed()
    county = AwardProgramme.objects.create(
        name="章贡区区长质量奖", slug="zhanggong", awarding_body="章贡区人民政府"
    )
    outsider = grant_role(UserFactory(), Role.OFFICE, prog=county)
    with pytest.raises(DomainError):
        certificate_services.render_again(certificate, actor=outsider)
    certificate.refresh_from_db()
    assert certificate.render_state == CertificateRender.FAILED
    assert not DecisionLogEntry.objects.filter(action="certificate.render_again").exists()


# --- pages ------------------------------------------------------------------------------


def _again(certificate: Certificate) -> str:
    return reverse("grants:certificate_render_again", kwargs={"pk": certificate.pk})


def test_the_round_page_counts_certificates_and_shows_the_failed_with_its_error(
    client,
) -> None:
    office = office_user()
    certificate = _failed(office)
    client.force_login(office)
    page = client.get(
        reverse("awards:round_detail", kwargs={"pk": certificate.grant.round_id})
    ).content.decode()
    assert "证书：排队中0份，正在生成0份，生成失败1份，已生成0份。" in page
    assert f'id="certificate-failed-{certificate.pk}"' in page
    assert "OSError: no font" in page
    assert _again(certificate) in page


def test_render_again_view_is_office_only_and_post_only(client, no_queue) -> None:
    office = office_user()
    certificate = _failed(office)
    county = AwardProgramme.objects.create(
        name="章贡区区长质量奖", slug="zhanggong", awarding_body="章贡区人民政府"
    )
    client.force_login(grant_role(UserFactory(), Role.OFFICE, prog=county))
    assert client.post(_again(certificate)).status_code == 404
    client.force_login(applicant_user(certificate.grant.organisation))
    assert client.post(_again(certificate)).status_code == 404
    client.force_login(office)
    assert client.get(_again(certificate)).status_code == 405
    response = client.post(_again(certificate))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "awards:round_detail", kwargs={"pk": certificate.grant.round_id}
    )
    certificate.refresh_from_db()
    assert certificate.render_state == CertificateRender.QUEUED


def test_the_winner_sees_being_prepared_until_it_failed(client) -> None:
    certificate = _certificate()
    client.force_login(applicant_user(certificate.grant.organisation))
    dashboard = reverse("accounts:dashboard")
    page = client.get(dashboard).content.decode()
    assert "生成中" in page and "证书生成失败" not in page
    certificate_services.fail_render(certificate.pk, "OSError: no font")
    page = client.get(dashboard).content.decode()
    assert f'id="certificate-failed-{certificate.grant_id}"' in page
    assert "证书生成失败。已通知领导小组办公室，办公室将重新生成。" in page
    # The error itself is for the office, not the winner.
    assert "no font" not in page
