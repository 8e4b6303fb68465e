"""The menu bar fits the screen: at 1280 pixels, in English (the longer words) as in Chinese,
the office's menu stays on one line and the language switch stays on the screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.cycle_steps import login
from tests.factories import RoundFactory, office_user, programme

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("language", ["English", "中文"])
def test_the_office_menu_fits_1280_pixels_with_the_language_switch(
    page: Page, language: str
) -> None:
    office = office_user()
    RoundFactory(programme=programme())
    page.set_viewport_size({"width": 1280, "height": 800})
    login(page, office.username)
    switch = page.locator('[data-testid="language"]')
    if switch.inner_text() == language:
        switch.click()
        page.wait_for_load_state()
    switch = page.locator('[data-testid="language"]')
    expect(switch).to_be_visible()
    assert switch.inner_text() != language  # the other language is offered: this one is shown
    box = switch.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 1280
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow == 0
    menu = page.locator("#portal-nav")
    menu_box = menu.bounding_box()
    assert menu_box is not None and menu_box["height"] < 60, "the menu wraps to a second line"
