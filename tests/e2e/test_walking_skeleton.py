"""The walking skeleton in a real browser: one round of the award from the call notice to
the verified certificate, each step done on its page by the role that owns it, each role
logging in through the login page and landing on its own dashboard.

The cycle and the rules each step enforces are those of tests/test_full_cycle.py (done there
through the services). The two time-driven moves are made due by moving the deadline into the
past in the database and then running the same sweep that beat runs. The steps themselves are
in tests/e2e/cycle_steps.py, shared with tests/e2e/test_full_cycle_with_second_factor.py.
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from awards.models import Round
from awards.tasks import sweep_deadlines
from organisations.models import Organisation
from publicity.models import PublicityPeriod
from tests.e2e.cycle_steps import (
    ACTION_TIMEOUT_MS,
    Applicant,
    AwardCycle,
    login,
)

pytestmark = [
    pytest.mark.browser,
    # The live server answers from its own thread, so the data must be committed; the
    # serialized rollback gives the data migrations (programme, GB/T 19580, divisions) back
    # after an earlier transactional test flushed them.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

expect.set_options(timeout=ACTION_TIMEOUT_MS)

APPLICANT = Applicant(
    name="赣州鑫力稀土新材料股份有限公司",
    username="xinli_admin",
    password="Xinli-Quality-2026!",
)


@pytest.fixture
def page(page: Page) -> Page:
    page.set_default_timeout(ACTION_TIMEOUT_MS)
    page.set_default_navigation_timeout(ACTION_TIMEOUT_MS)
    return page


def close_window(round: Round) -> None:
    """3. The application deadline is moved into the past."""
    Round.objects.filter(pk=round.pk).update(
        applications_close_at=timezone.now() - timedelta(minutes=1)
    )


def begin_publicity(period: PublicityPeriod) -> None:
    """9. Instead of waiting for tomorrow, the period begins now."""
    period.starts_at = timezone.now() - timedelta(hours=1)
    period.save(update_fields=["starts_at"])  # saved: the public notice is rendered again


def end_publicity(period: PublicityPeriod) -> None:
    """10. The period's end is moved into the past; the sweep closes it."""
    period.refresh_from_db()
    period.ends_at = timezone.now() - timedelta(minutes=1)
    period.save(update_fields=["ends_at"])
    assert sweep_deadlines()["publicities_closed"] == 1


def test_one_round_from_call_notice_to_verified_certificate(page: Page, tmp_path: Path) -> None:
    cycle = AwardCycle(page, tmp_path, login=partial(login, page), applicant=APPLICANT)
    cycle.publish_call()  # 1
    cycle.register_and_apply()  # 2
    cycle.window_closes(close_window)  # 3
    cycle.review_to_plenary()  # 4 to 8
    cycle.publicity(begin=begin_publicity)  # 9
    cycle.publicity_closes(end_publicity)  # 10
    cycle.approval_and_certificate()  # 11
    assert Organisation.objects.filter(name=APPLICANT.name).count() == 1
