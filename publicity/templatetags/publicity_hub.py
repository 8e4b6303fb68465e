from __future__ import annotations

from typing import Any

from django import template

from awards.models import Round
from publicity.selectors.publicity import hub_summary

register = template.Library()


@register.simple_tag
def publicity_hub(round: Round) -> dict[str, Any]:
    """The publicity card's figures for the office round hub."""
    return hub_summary(round)
