"""Waiting work of deliberation and publicity (Art. 21) in the roles' work queues: objections
the office has still to decide, and what holds a round in publicity after its period ended;
the leading group's open votes. A fixed number of queries whatever the number of rounds."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.enums import Role
from accounts.models import ProgrammeRole, User
from accounts.workqueue import WorkItem
from awards.enums import RoundStage
from awards.selectors import office_rounds_of_request
from publicity.enums import OPEN_OBJECTION_STATUSES, ObjectionStatus
from publicity.models import Objection, PlenaryMeeting, PlenaryRecusal, PlenaryVote
from publicity.rules import last_day_of, period_end_text


def office_items(user: User) -> list[WorkItem]:
    """Per round, the objections received and not yet decided; when the round's publicity has
    ended, the item says the stage cannot move on because of them (Art. 21)."""
    # The office's rounds as read for the request (awards.selectors): the objections of
    # each without joining the round and its programme.
    rounds = {round.pk: round for round in office_rounds_of_request(user)}
    if not rounds:
        return []
    now = timezone.now()
    rows = (
        Objection.objects.filter(
            publicity__round_id__in=list(rounds), status__in=OPEN_OBJECTION_STATUSES
        )
        .values("pk", "receipt_number", "received_at", "publicity__ends_at", "publicity__round_id")
        .order_by("publicity__round_id", "received_at", "pk")
    )
    by_round: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        by_round.setdefault(row["publicity__round_id"], []).append(dict(row))
    items = []
    for round_id, objections in by_round.items():
        first = objections[0]
        round = rounds[round_id]
        ended = [o["publicity__ends_at"] for o in objections if o["publicity__ends_at"] <= now]
        reason = ""
        if ended and round.stage == RoundStage.PUBLICITY:
            reason = _(
                "Publicity ended on %(end)s; objection %(receipts)s is still open, so the round"
                " cannot go to the government's approval: decide it."
            ) % {
                "end": period_end_text(max(ended)),
                "receipts": "、".join(o["receipt_number"] for o in objections),
            }
        single = len(objections) == 1
        items.append(
            WorkItem(
                role=Role.OFFICE,
                what=ngettext(
                    "%(round)s: %(n)d objection received and not yet decided.",
                    "%(round)s: %(n)d objections received and not yet decided.",
                    len(objections),
                )
                % {"round": round.title, "n": len(objections)},
                on_whom=_("Award office"),
                url=reverse("publicity:objection_handle", args=[first["pk"]])
                if single
                else reverse("publicity:office_objections", args=[round_id]),
                action=_("Decide the objection") if single else _("Decide the objections"),
                programme=round.programme.name,
                since=timezone.localdate(first["received_at"]),
                until=last_day_of(min(o["publicity__ends_at"] for o in objections)),
                overdue=bool(reason),
                count=len(objections),
                reason=reason,
            )
        )
    return items


def leading_group_items(user: User) -> list[WorkItem]:
    """Art. 21: the open voting sessions of the user's programmes in which the user has cast
    no ballot yet (a vote or a recusal), and the objections awaiting the group's decision.
    Two queries."""
    programme_ids = ProgrammeRole.objects.filter(
        user=user, role=Role.LEADING_GROUP, active=True
    ).values("programme_id")
    meetings = (
        PlenaryMeeting.objects.filter(round__programme_id__in=programme_ids, voting_open=True)
        .annotate(
            voted=Exists(PlenaryVote.objects.filter(meeting=OuterRef("pk"), member_id=user.pk)),
            recused=Exists(
                PlenaryRecusal.objects.filter(meeting=OuterRef("pk"), member_id=user.pk)
            ),
        )
        .filter(voted=False, recused=False)
        .select_related("round__programme")
        .order_by("held_on", "pk")
    )
    items = [
        WorkItem(
            role=Role.LEADING_GROUP,
            what=_("%(round)s: the vote on the candidates is open and your ballot is awaited.")
            % {"round": meeting.round.title},
            on_whom=_("Leading-group members"),
            url=reverse("publicity:vote", args=[meeting.round_id]),
            action=_("Vote"),
            programme=meeting.round.programme.name,
            since=timezone.localdate(meeting.voting_opened_at)
            if meeting.voting_opened_at
            else meeting.held_on,
        )
        for meeting in meetings
    ]
    # Art. 21: verified objections await the leading group's decision; an upheld one that took
    # a candidate off the list awaits its decision on the list.
    objections = (
        Objection.objects.filter(publicity__round__programme_id__in=programme_ids)
        .filter(
            Q(status=ObjectionStatus.VERIFYING)
            | Q(
                status=ObjectionStatus.UPHELD,
                removed_from_list=True,
                list_decision__isnull=True,
                publicity__round__stage=RoundStage.PUBLICITY,
            )
        )
        .select_related(
            "application__organisation", "application__nominee", "publicity__round__programme"
        )
        .order_by("received_at", "pk")
    )
    for objection in objections:
        verifying = objection.status == ObjectionStatus.VERIFYING
        items.append(
            WorkItem(
                role=Role.LEADING_GROUP,
                what=(
                    _("Objection %(receipt)s to %(organisation)s is verified: decide it.")
                    if verifying
                    else _(
                        "Objection %(receipt)s to %(organisation)s was upheld: confirm or amend"
                        " the proposed list."
                    )
                )
                % {
                    "receipt": objection.receipt_number,
                    "organisation": objection.application.organisation.name,
                },
                on_whom=_("Leading group"),
                url=reverse("publicity:objection_handle", args=[objection.pk]),
                action=_("Decide the objection") if verifying else _("Decide on the list"),
                programme=objection.publicity.round.programme.name,
                since=timezone.localdate(objection.received_at),
                until=last_day_of(objection.publicity.ends_at),
                overdue=objection.publicity.ends_at <= timezone.now(),
            )
        )
    return items
