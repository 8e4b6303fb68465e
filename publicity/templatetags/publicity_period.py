"""How every page, the office's and the public's, states the end of a publicity period."""

from __future__ import annotations

from datetime import datetime

from django import template

from publicity.rules import period_end_text

register = template.Library()


@register.filter
def period_end(ends_at: datetime | None) -> str:
    """``{{ period.ends_at|period_end }}``: "2026-12-10 24:00" (Civil Code Art. 203), never
    "2026-12-11 00:00"."""
    return period_end_text(ends_at) if ends_at else ""
