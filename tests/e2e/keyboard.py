"""Keyboard-only browser helpers: every action is a key press or typed text.

Nothing here clicks, fills or checks an element: the focus is moved with Tab / Shift+Tab, and
the page is read (which element has the focus, its value, its computed style) with JavaScript
that changes nothing. The direction of the Tab walk is chosen from the document order of the
focused element and the target, as a sighted keyboard user would."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

MAX_PRESSES = 400

_FOCUS_MATCHES = """s => { const a = document.activeElement;
  return !!a && a !== document.body && a.matches(s); }"""

_DIRECTION = """s => {
  const target = document.querySelector(s);
  if (!target) return 'missing';
  const active = document.activeElement;
  if (!active || active === document.body) return 'Tab';
  if (active.matches(s)) return 'here';
  return (active.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_PRECEDING)
    ? 'Shift+Tab' : 'Tab';
}"""

# The focus indicator: a drawn outline or a box shadow (Bootstrap's focus ring), on the element
# itself; checked on every Tab stop of a walk, not only on its target. Transitions are off (the context asks for reduced motion), so the style is final.
_FOCUS_VISIBLE = """() => {
  const a = document.activeElement;
  if (!a || a === document.body) return 'nothing focused';
  // Chromium's own calendar button inside a date input: the focus is in the input's closed
  // shadow tree, the input itself is not :focus, and the browser draws the button's ring.
  const picker = ['date', 'datetime-local', 'time', 'month', 'week'];
  if (a.tagName === 'INPUT' && picker.includes(a.type) && !a.matches(':focus')) return '';
  const s = getComputedStyle(a);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  const shadow = !!s.boxShadow && s.boxShadow !== 'none';
  return (outline || shadow) ? '' :
    `${a.tagName}#${a.id}[name=${a.getAttribute('name')}] has no visible focus indicator`;
}"""


def focused_matches(page: Page, selector: str) -> bool:
    return bool(page.evaluate(_FOCUS_MATCHES, selector))


def assert_focus_visible(page: Page) -> None:
    problem = page.evaluate(_FOCUS_VISIBLE)
    assert not problem, problem


def tab_to(page: Page, selector: str, *, check_visible: bool = True) -> None:
    """Move the focus with Tab (or Shift+Tab when the target comes earlier) until the
    element matching `selector` has it; fail if it never does (unreachable by keyboard)."""
    direction = page.evaluate(_DIRECTION, selector)
    assert direction != "missing", f"{selector} is not on the page {page.url}"
    key = "Tab" if direction == "here" else direction
    for _ in range(MAX_PRESSES):
        if focused_matches(page, selector):
            if check_visible:
                assert_focus_visible(page)
            return
        page.keyboard.press(key)
        if check_visible and page.evaluate("() => document.activeElement !== document.body"):
            assert_focus_visible(page)  # every stop on the way, too
    raise AssertionError(f"{selector} cannot be reached with {key} on {page.url}")


def type_into(page: Page, selector: str, text: str) -> None:
    """Tab to a text input or textarea, select what it holds and type over it."""
    tab_to(page, selector)
    page.keyboard.press("Control+A")
    if text:
        page.keyboard.type(text)
    else:
        page.keyboard.press("Delete")
    value = page.evaluate("() => document.activeElement.value")
    assert value == text, f"{selector}: typed {text!r}, holds {value!r}"


def type_date(page: Page, selector: str, iso: str) -> None:
    """A date input: Chromium's segments take the digits typed and move on by themselves.
    Their order follows the browser's own locale (month/day/year under en-US, year/month/day
    under zh-CN), so each order is tried from the first segment until the value is right."""
    year, month, day = iso.split("-")
    for digits in (month + day + year, year + month + day, day + month + year):
        tab_to(page, selector)
        # Back out of the input and re-enter it: the focus lands on its first segment.
        for _ in range(4):
            if not focused_matches(page, selector):
                break
            page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")
        page.keyboard.type(digits)
        if page.evaluate("s => document.querySelector(s).value", selector) == iso:
            return
    raise AssertionError(f"{selector}: {iso} could not be typed")


def choose(page: Page, selector: str, value: str) -> None:
    """A closed <select>: Home, then ArrowDown until the option with `value` is selected."""
    tab_to(page, selector)
    page.keyboard.press("Home")
    count = page.evaluate("() => document.activeElement.options.length")
    for _ in range(count):
        if page.evaluate("() => document.activeElement.value") == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{selector}: no option {value!r} reachable with the arrow keys")


def tick(page: Page, selector: str) -> None:
    """A checkbox: Space, if it is not ticked yet."""
    tab_to(page, selector)
    if not page.evaluate("() => document.activeElement.checked"):
        page.keyboard.press("Space")
    assert page.evaluate("() => document.activeElement.checked"), f"{selector} not ticked"


def pick_radio(page: Page, name: str, value: str) -> None:
    """A radio group: Tab into it, the arrow keys move (and check) within it."""
    tab_to(page, f'input[type=radio][name="{name}"]')
    wanted = f'input[name="{name}"][value="{value}"]'
    for _ in range(20):
        if focused_matches(page, wanted):
            page.keyboard.press("Space")
            assert page.evaluate("() => document.activeElement.checked")
            assert_focus_visible(page)
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"radio {name}={value} not reachable with the arrow keys")


def activate(page: Page, selector: str, *, navigates: bool = True) -> None:
    """Tab to a link or button and press Enter (waiting for the page it loads)."""
    tab_to(page, selector)
    if navigates:
        with page.expect_navigation():
            page.keyboard.press("Enter")
    else:
        page.keyboard.press("Enter")


def choose_file(page: Page, selector: str, path: Path) -> None:
    """A file input: Space opens the file chooser (answered by the test, as the OS dialog)."""
    tab_to(page, selector)
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(path))


def keyboard_login(page: Page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    type_into(page, "#id_username", username)
    type_into(page, "#id_password", password)
    with page.expect_navigation():
        page.keyboard.press("Enter")  # Enter in a field submits its form
