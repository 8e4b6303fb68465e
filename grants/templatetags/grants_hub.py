from __future__ import annotations

from django import template

from awards.models import Round
from grants.selectors.approval import certificate_counts

register = template.Library()


@register.simple_tag
def certificate_status(round: Round) -> dict[str, int]:
    """Generated / pending certificates of a round, for the office round hub."""
    return certificate_counts(round)
