"""R10 / Art. 26: the fund-use check results of an organisation's earlier grants, shown on its
later applications (``{% include "monitoring/_fund_use_history.html" %}``)."""

from __future__ import annotations

from typing import Any

from django import template

from monitoring.selectors.monitoring import fund_checks_of_organisation, report_attachments

register = template.Library()


@register.simple_tag
def fund_checks_for(application: Any) -> list[Any]:
    if application is None:
        return []
    return fund_checks_of_organisation(
        application.organisation_id, before_year=application.round.year
    )


@register.simple_tag
def attachments_of(report: Any) -> list[Any]:
    """Art. 24: the documents attached to an annual report."""
    return report_attachments(report.pk)
