"""The portal's own name and who runs it (settings), in the active language. One installation
hosts a city's award and its counties' awards, so it is named for the place, not for one award:
a county's applicant never reads the Mayor's award in the header of its own award's pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template
from django.conf import settings
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


@register.filter
def day(value: date | None) -> str:
    """A day as every page states it (``common.dates.day_text``): 2026年12月3日."""
    return day_text(value) if value else ""


@register.filter
def fields_in_error(form: Any) -> list[Any]:
    """The form's visible fields that have errors, in the form's order: the error summary
    above a form links to each (WCAG 3.3.1)."""
    return [field for field in form.visible_fields() if field.errors]
