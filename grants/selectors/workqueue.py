"""The office's certificates whose rendering failed (R15), per round, in its work queue: one
query whatever the number of rounds and certificates."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.enums import Role
from accounts.models import User
from accounts.permissions import office_programme_ids
from accounts.workqueue import WorkItem
from grants.enums import CertificateRender
from grants.models import Certificate


def office_items(user: User) -> list[WorkItem]:
    rows = (
        Certificate.objects.filter(
            grant__round__programme_id__in=office_programme_ids(user),
            render_state=CertificateRender.FAILED,
            file="",
        )
        .values("grant__round_id", "grant__round__title", "grant__round__programme__name")
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
            % {"round": row["grant__round__title"], "n": row["n"]},
            on_whom=_("Award office"),
            url=reverse("awards:round_detail", args=[row["grant__round_id"]]),
            action=_("Render again"),
            programme=row["grant__round__programme__name"],
            count=row["n"],
        )
        for row in rows
    ]
