"""A certificate that could not be rendered, in a real browser (R15): the office reads the
error on the round's page and renders it again with one button; the winner then downloads it.
(The render goes through Celery, eager here, on the live server's committed transaction.)"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from grants import tasks
from grants.enums import CertificateRender
from grants.models import Certificate
from grants.services import certificates as certificate_services
from tests.e2e.cycle_steps import login
from tests.factories import applicant_user, office_user
from tests.grants.test_certificate_failures import _certificate

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_office_renders_a_failed_certificate_again_and_the_winner_downloads_it(
    page: Page, monkeypatch: pytest.MonkeyPatch
) -> None:
    office = office_user()
    with monkeypatch.context() as held:
        # The approval's renders are held back, so that this one fails as a worker's would.
        held.setattr(tasks.render_certificate, "delay", lambda pk: None)
        certificate = _certificate(office)
    certificate_services.fail_render(certificate.pk, "OSError: no font for 𠀾")
    winner = applicant_user(certificate.grant.organisation)

    login(page, office.username)
    page.goto(f"/office/rounds/{certificate.grant.round_id}/")
    failed = page.locator(f"#certificate-failed-{certificate.pk}")
    expect(failed).to_contain_text("no font")
    expect(failed).to_contain_text(certificate.grant.organisation.name)
    with page.expect_navigation():
        failed.locator("button[type=submit]").click()
    expect(page.locator(f"#certificate-failed-{certificate.pk}")).to_have_count(0)
    certificate = Certificate.objects.get(pk=certificate.pk)
    assert certificate.render_state == CertificateRender.DONE
    assert certificate.file

    page.context.clear_cookies()
    login(page, winner.username)
    with page.expect_download() as download:
        page.click(f'a[href="/certificates/{certificate.grant_id}/download/"]')
    assert download.value.suggested_filename.endswith(".pdf")
