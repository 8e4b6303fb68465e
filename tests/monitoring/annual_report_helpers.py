"""Helpers for the obligation tests (Art. 24): a winning organisation with a scheduled grant."""

from __future__ import annotations

from itertools import count

from grants.models import AwardGrant
from monitoring.services.annual_reports import schedule_annual_reports
from tests.factories import OrganisationFactory
from tests.publicity.helpers import past_prize

_years = count(2101, 2)


def scheduled_grant(year: int | None = None, organisation=None) -> AwardGrant:  # type: ignore[no-untyped-def]
    """A prize approved on 10 January of ``year + 1`` with its three reports scheduled
    (due on 10 January of ``year + 2``, ``year + 3`` and ``year + 4``)."""
    grant = past_prize(organisation or OrganisationFactory(), year or next(_years))
    schedule_annual_reports(grant)
    return grant
