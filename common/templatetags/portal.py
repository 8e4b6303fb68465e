"""The portal's own name and who runs it (settings), in the active language. One installation
hosts a city's award and its counties' awards, so it is named for the place, not for one award:
a county's applicant never reads the Mayor's award in the header of its own award's pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from common.dates import day_text

register = template.Library()


def _english() -> bool:
    return not (get_language() or "zh-hans").startswith("zh")


@register.simple_tag
def portal_name() -> str:
    return settings.PORTAL_NAME_EN if _english() else settings.PORTAL_NAME


@register.simple_tag
def portal_operator() -> str:
    return settings.PORTAL_OPERATOR_EN if _english() else settings.PORTAL_OPERATOR


# The menu (components/_nav_links.html) rendered once per language, URL prefix and kind of user:
# its two dozen links reversed and translated on every page were a sixth of an office page.
_NAV_LINKS: dict[tuple[object, ...], str] = {}


@register.simple_tag(takes_context=True)
def nav_links(context: template.Context) -> SafeString:
    """The menu's links for the user of the page: what the menu shows depends only on whether
    the user is logged in, is office staff, a leading-group member or the installation's
    operator (a staff user), and on the language."""
    user = context.get("user")
    roles = context.get("user_roles") or ()
    authenticated = bool(user is not None and user.is_authenticated)
    staff = bool(authenticated and getattr(user, "is_staff", False))
    kind = (authenticated, "office" in roles, "leading_group" in roles, staff)
    key = (get_language(), get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF, *kind)
    html = _NAV_LINKS.get(key)
    if html is None:
        roles_shown = {
            r for r, on in zip(("office", "leading_group"), kind[1:3], strict=True) if on
        }
        html = render_to_string(
            "components/_nav_links.html",
            {
                "user": {"is_authenticated": authenticated, "is_staff": staff},
                "user_roles": roles_shown,
            },
        )
        _NAV_LINKS[key] = html
    return mark_safe(html)  # rendered by its template


@register.filter
def day(value: date | None) -> str:
    """A day as every page states it (``common.dates.day_text``): 2026年12月3日."""
    return day_text(value) if value else ""


@register.filter
def fields_in_error(form: Any) -> list[Any]:
    """The form's visible fields that have errors, in the form's order: the error summary
    above a form links to each (WCAG 3.3.1)."""
    return [field for field in form.visible_fields() if field.errors]
