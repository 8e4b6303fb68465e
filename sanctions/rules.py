"""R8: whether an organisation is barred on a day, from the portal's bans and the bans imported
from before the portal (Art. 34, ``grants.PastBan``). The stages below ask it through
``awards.history``, which this module fills (``sanctions.registrations``), so every step
agrees."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from django.db.models import BooleanField, Value
from django.utils.translation import gettext as _

from awards.history import BarInForce
from awards.models import AwardProgramme, Round
from grants.enums import BanReason
from grants.models import PastBan
from organisations.models import Organisation
from sanctions.models import Ban


def ban_until(organisation: Organisation, on: date, programme_ids: Collection[int]) -> date | None:
    """R8: the last day of the longest bar in force on ``on`` decided by one of
    ``programme_ids`` (Art. 28, 30: a programme and those whose bars its rules honour,
    ``awards.rulesets.barring_programme_ids``), from a revocation in the portal or from the
    imported history (Art. 34: also bars under the 2017 measures). Two queries."""
    programme_ids = list(programme_ids)
    portal = Ban.objects.filter(
        organisation=organisation,
        programme_id__in=programme_ids,
        starts_on__lte=on,
        ends_on__gte=on,
    ).values_list("ends_on", flat=True)
    past = PastBan.objects.filter(
        credit_code=organisation.credit_code,
        programme_id__in=programme_ids,
        starts_on__lte=on,
        ends_on__gte=on,
    ).values_list("ends_on", flat=True)
    ends = list(portal.order_by().union(past.order_by()))
    return max(ends) if ends else None


def barred_programme_ids(
    organisation: Organisation, on: date, deciding: Collection[int] | None = None
) -> set[int]:
    """R8: the programmes a bar in force on ``on`` keeps the organisation out of: each that
    decided one (portal or imported) and each whose rules honour its bars (Art. 28, 30): as
    the programme's current rules say, or as one of its rounds kept them (a superset of what
    ``ban_until`` finds for any one round). One query, three when there is a bar; ``deciding``
    (the programmes that decided the bars in force, as ``bars_in_force`` read them) spares the
    first."""
    if deciding is None:
        portal = Ban.objects.filter(
            organisation=organisation, starts_on__lte=on, ends_on__gte=on
        ).values_list("programme_id", flat=True)
        past = PastBan.objects.filter(
            credit_code=organisation.credit_code, starts_on__lte=on, ends_on__gte=on
        ).values_list("programme_id", flat=True)
        deciding = set(portal.order_by().union(past.order_by()))
    decided = set(deciding)
    if not decided:
        return set()
    honouring = {
        programme_id
        for programme_id, honoured in AwardProgramme.objects.values_list(
            "pk", "honoured_bar_programmes"
        )
        if decided & set(honoured or ())
    }
    kept = Round.objects.values_list("programme_id", "rule_settings__honoured_bar_programmes")
    honouring |= {
        programme_id
        for programme_id, honoured in kept
        if isinstance(honoured, list) and decided & set(honoured)
    }
    return decided | honouring


def bars_in_force(organisation: Organisation, on: date) -> list[BarInForce]:
    """R8: the organisation's bars in force on ``on``, the longest of each programme that
    decided one (portal bans and imported history), for its own page. One query."""
    fields = ("programme_id", "programme__name", "ends_on", "reason")
    portal = Ban.objects.filter(
        organisation=organisation, starts_on__lte=on, ends_on__gte=on
    ).values_list(*fields, "note", Value(False, output_field=BooleanField()))
    past = PastBan.objects.filter(
        credit_code=organisation.credit_code, starts_on__lte=on, ends_on__gte=on
    ).values_list(*fields, "document_number", Value(True, output_field=BooleanField()))
    reasons = dict(BanReason.choices)
    found: dict[int, BarInForce] = {}
    for programme_id, name, ends_on, reason, text, imported in portal.order_by().union(
        past.order_by(), all=True
    ):
        if imported:
            note = (
                _("A bar recorded before the portal (%(document)s)") % {"document": text}
                if text
                else _("A bar recorded before the portal")
            )
        else:
            note = text
        bar = BarInForce(name, ends_on, str(reasons.get(reason, reason)), note, programme_id)
        if programme_id not in found or bar.ends_on > found[programme_id].ends_on:
            found[programme_id] = bar
    return sorted(found.values(), key=lambda bar: (-bar.ends_on.toordinal(), bar.programme))
