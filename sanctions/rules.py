"""R8: whether an organisation is barred on a day, from the portal's bans and the bans imported
from before the portal (Art. 34, ``grants.PastBan``). The stages below ask it through
``awards.history``, which this module fills (``sanctions.registrations``), so every step
agrees."""

from __future__ import annotations

from datetime import date

from awards.history import PortalBar
from grants.models import PastBan
from organisations.models import Organisation
from sanctions.models import Ban


def ban_until(organisation: Organisation, on: date) -> date | None:
    """R8: the last day of the longest bar in force on ``on``, from a revocation in the portal
    or from the imported history (Art. 34: also bars under the 2017 measures). One query."""
    portal = Ban.objects.filter(
        organisation=organisation, starts_on__lte=on, ends_on__gte=on
    ).values_list("ends_on", flat=True)
    past = PastBan.objects.filter(
        credit_code=organisation.credit_code, starts_on__lte=on, ends_on__gte=on
    ).values_list("ends_on", flat=True)
    ends = list(portal.order_by().union(past.order_by()))
    return max(ends) if ends else None


def portal_bar_in_force(organisation_id: int, on: date) -> PortalBar | None:
    """R8: the organisation's longest portal bar in force on ``on``, with its reason and note
    (shown to the organisation); imported bars are covered by :func:`ban_until`."""
    ban = (
        Ban.objects.filter(organisation_id=organisation_id, starts_on__lte=on, ends_on__gte=on)
        .order_by("-ends_on")
        .first()
    )
    if ban is None:
        return None
    return PortalBar(ends_on=ban.ends_on, reason=ban.get_reason_display(), note=ban.note)
