"""The office's waiting sanction decisions (R8, R11, Art. 28, 30) in its work queue: one query
per kind of case, whatever their number."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.models import User
from accounts.workqueue import WorkItem
from awards.selectors import office_rounds_of_request
from sanctions.enums import FraudBarStatus, RevocationStatus
from sanctions.models import FraudBarCase, Revocation


def office_items(user: User) -> list[WorkItem]:
    """Bars after fraud still to decide or awaiting the government, and revocation cases
    awaiting the government's decision."""
    # The office's rounds as read for the request (awards.selectors): the cases of each
    # without joining the round and its programme.
    rounds = {round.pk: round for round in office_rounds_of_request(user)}
    if not rounds:
        return []
    items: list[WorkItem] = []
    # Values, not model rows: the few columns the items show (a join of four models' every
    # column cost more to build than the rows themselves). The cases open_fraud_bar_cases
    # lists.
    cases = (
        FraudBarCase.objects.filter(
            status__in=[FraudBarStatus.PENDING, FraudBarStatus.PROPOSED],
            application__round_id__in=list(rounds),
        )
        .order_by("created_at", "pk")
        .values(
            "status",
            "created_at",
            "application_id",
            "application__organisation__name",
            "application__round_id",
        )
    )
    for case in cases:
        pending = case["status"] == FraudBarStatus.PENDING
        what = (
            _("%(organisation)s was disqualified for fraud: decide whether a bar follows.")
            if pending
            else _(
                "%(organisation)s: the proposed bar awaits the municipal government's"
                " decision; record it when it arrives."
            )
        ) % {"organisation": case["application__organisation__name"]}
        items.append(
            WorkItem(
                role=Role.OFFICE,
                what=what,
                on_whom=_("Award office") if pending else _("The municipal government"),
                # The decision's form is on the application's page (the action URL takes POST).
                url=reverse("applications:office_detail", args=[case["application_id"]])
                + "#fraud-bar",
                action=_("Decide the bar") if pending else _("Record the decision"),
                programme=rounds[case["application__round_id"]].programme.name,
                since=timezone.localdate(case["created_at"]),
            )
        )
    revocations = (
        Revocation.objects.filter(
            status=RevocationStatus.PROPOSED, grant__round_id__in=list(rounds)
        )
        .order_by("proposed_at", "pk")
        .values("pk", "proposed_at", "grant__organisation__name", "grant__round_id")
    )
    for revocation in revocations:
        items.append(
            WorkItem(
                role=Role.OFFICE,
                what=_(
                    "Revocation of the award of %(organisation)s awaits the municipal"
                    " government's decision; record it when it arrives."
                )
                % {"organisation": revocation["grant__organisation__name"]},
                on_whom=_("The municipal government"),
                url=reverse("sanctions:revocation_decide", args=[revocation["pk"]]),
                action=_("Record the decision"),
                programme=rounds[revocation["grant__round_id"]].programme.name,
                since=timezone.localdate(revocation["proposed_at"]),
            )
        )
    return items
