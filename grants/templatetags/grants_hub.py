from __future__ import annotations

from django import template

from awards.models import Round
from grants.models import Certificate
from grants.selectors.approval import certificate_counts, failed_certificates

register = template.Library()


@register.simple_tag
def certificate_status(round: Round) -> dict[str, int]:
    """Queued / rendering / failed / done certificates of a round, for the office round hub."""
    return certificate_counts(round)


@register.simple_tag
def certificates_failed(round: Round) -> list[Certificate]:
    """The round's certificates whose render failed, for the office round hub."""
    return list(failed_certificates(round))
