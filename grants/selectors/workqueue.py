"""The office's certificates whose rendering failed (R15), per round, in its work queue: one
query whatever the number of rounds and certificates."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.enums import Role
from accounts.models import User
from accounts.workqueue import WorkItem
from awards.selectors import office_rounds_of_request
from grants.enums import CertificateRender
from grants.models import Certificate


def office_items(user: User) -> list[WorkItem]:
    # The office's rounds as read for the request (awards.selectors): counted per round
    # without joining each round and its programme.
    rounds = {round.pk: round for round in office_rounds_of_request(user)}
    if not rounds:
        return []
    rows = (
        Certificate.objects.filter(
            grant__round_id__in=list(rounds), render_state=CertificateRender.FAILED, file=""
        )
        .values("grant__round_id")
        .annotate(n=Count("pk"))
        .order_by("grant__round_id")
    )
    return [
        WorkItem(
            role=Role.OFFICE,
            what=ngettext(
                "%(round)s: %(n)d certificate could not be rendered.",
                "%(round)s: %(n)d certificates could not be rendered.",
                row["n"],
            )
            % {"round": rounds[row["grant__round_id"]].title, "n": row["n"]},
            on_whom=_("Award office"),
            url=reverse("awards:round_detail", args=[row["grant__round_id"]]),
            action=_("Render again"),
            programme=rounds[row["grant__round_id"]].programme.name,
            count=row["n"],
        )
        for row in rows
    ]
