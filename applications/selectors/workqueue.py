"""The waiting work of applications (Art. 12, 17, 18) in the roles' work queues: one query per
kind of work, counted per round, whatever the number of rounds and dossiers."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Min, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.enums import Role
from accounts.models import User
from accounts.workqueue import WorkItem, last_day_before
from applications.enums import (
    OPEN_STATUSES,
    AdverseRecordStatus,
    ApplicationStatus,
    ConsultationResult,
)
from applications.models import AdverseRecord, Application, Consultation, SupplementRequest
from applications.selectors.application import consultations_for_liaison
from applications.selectors.office import recommender_applications
from awards.enums import RoundStage
from awards.models import Round
from awards.selectors import commitment_work_item, office_rounds_of_request


def _two_sentences(first: str, second: str) -> str:
    """Two sentences as the language writes them (Chinese puts no space between them)."""
    return _("%(first)s %(second)s") % {"first": first, "second": second}


def _per_round(requests: QuerySet[Any], *, overdue: Q, due: str, since: str) -> QuerySet[Any]:
    """The open requests of a dossier (consultations, supplements) counted per round: how
    many, how many overdue, the earliest due and the earliest sent. One query."""
    return (
        requests.values("application__round_id")
        .annotate(
            n=Count("pk"),
            n_overdue=Count("pk", filter=overdue),
            due=Min(due),
            since=Min(since),
        )
        .order_by("application__round_id")
    )


def _per_round_item(
    row: dict[str, Any],
    round: Round,
    what: str,
    overdue: str,
    *,
    on_whom: str,
    url_name: str,
    action: str,
    until: date | None,
) -> WorkItem:
    """One round's open requests (a row of :func:`_per_round`) as the office's work item:
    ``what`` and ``overdue`` are the sentences with their %(round)s and %(n)d."""
    text = what % {"round": round.title, "n": row["n"]}
    if row["n_overdue"]:
        text = _two_sentences(text, overdue % {"n": row["n_overdue"]})
    return WorkItem(
        role=Role.OFFICE,
        what=text,
        on_whom=on_whom,
        url=reverse(url_name, args=[round.pk]),
        action=action,
        programme=round.programme.name,
        since=timezone.localdate(row["since"]),
        until=until,
        overdue=bool(row["n_overdue"]),
        count=row["n"],
    )


def office_items(user: User) -> list[WorkItem]:
    """Dossiers awaiting the eligibility decision, consultations awaiting the departments'
    replies and supplements awaiting the applicants, per round of the office's programmes."""
    # The office's rounds, read once for the request (the awards section and queue read
    # them too): the queries below count per round without joining the round and its
    # programme, and none runs for a kind of work no round can have.
    rounds = {round.pk: round for round in office_rounds_of_request(user)}
    if not rounds:
        return []
    today = timezone.localdate()
    now = timezone.now()
    items: list[WorkItem] = []
    in_eligibility = [pk for pk, round in rounds.items() if round.stage == RoundStage.ELIGIBILITY]
    submitted = (
        Application.objects.filter(round_id__in=in_eligibility, status=ApplicationStatus.SUBMITTED)
        .values("round_id")
        .annotate(n=Count("pk"), since=Min("submitted_at"))
        .order_by("round_id")
        if in_eligibility
        else []
    )
    for row in submitted:
        round = rounds[row["round_id"]]
        items.append(
            WorkItem(
                role=Role.OFFICE,
                what=ngettext(
                    "%(round)s: %(n)d dossier awaits the eligibility decision.",
                    "%(round)s: %(n)d dossiers await the eligibility decision.",
                    row["n"],
                )
                % {"round": round.title, "n": row["n"]},
                on_whom=_("Award office"),
                url=reverse("applications:office_list", args=[round.pk])
                + f"?status={ApplicationStatus.SUBMITTED}",
                action=_("Check eligibility"),
                programme=round.programme.name,
                since=timezone.localdate(row["since"]) if row["since"] else None,
                count=row["n"],
            )
        )
    consultations = _per_round(
        Consultation.objects.filter(
            application__round_id__in=list(rounds), result=ConsultationResult.PENDING
        ),
        overdue=Q(due_on__lt=today),
        due="due_on",
        since="sent_at",
    )
    for row in consultations:
        what = ngettext(
            "%(round)s: %(n)d consultation awaits the department's reply.",
            "%(round)s: %(n)d consultations await the departments' replies.",
            row["n"],
        )
        overdue = _("%(n)d overdue: remind the departments.")
        items.append(
            _per_round_item(
                row,
                rounds[row["application__round_id"]],
                what,
                overdue,
                on_whom=_("Departments consulted"),
                url_name="applications:office_round_charts",
                action=_("Follow up"),
                until=row["due"],
            )
        )
    supplements = _per_round(
        SupplementRequest.objects.filter(
            application__round_id__in=list(rounds), answered_at__isnull=True
        ),
        overdue=Q(due_at__lt=now),
        due="due_at",
        since="requested_at",
    )
    for row in supplements:
        what = ngettext(
            "%(round)s: %(n)d supplement request awaits the applicant's answer.",
            "%(round)s: %(n)d supplement requests await the applicants' answers.",
            row["n"],
        )
        items.append(
            _per_round_item(
                row,
                rounds[row["application__round_id"]],
                what,
                _("%(n)d past the reply deadline."),
                on_whom=_("Applicants"),
                url_name="applications:office_list",
                action=_("Open the applications"),
                until=last_day_before(row["due"]),
            )
        )
    items.extend(_adverse_items(rounds))
    return items


def _adverse_items(rounds: dict[int, Round]) -> list[WorkItem]:
    """R5 / Art. 13, 17: adverse records received after the eligibility decision, awaiting the
    office's review, per round of ``rounds`` (one query); a single one links to its
    application's page."""
    rows = (
        AdverseRecord.objects.filter(
            application__round_id__in=list(rounds),
            application__status__in=OPEN_STATUSES,
            status=AdverseRecordStatus.UNRESOLVED,
        )
        .values("application__round_id")
        .annotate(
            n=Count("pk"),
            since=Min("received_at"),
            first_application=Min("application_id"),
            n_applications=Count("application_id", distinct=True),
        )
        .order_by("application__round_id")
    )
    items = []
    for row in rows:
        round = rounds[row["application__round_id"]]
        url = (
            reverse("applications:office_detail", args=[row["first_application"]])
            + "#adverse-records"
            if row["n_applications"] == 1
            else reverse("applications:office_list", args=[round.pk])
        )
        items.append(
            WorkItem(
                role=Role.OFFICE,
                what=ngettext(
                    "%(round)s: %(n)d adverse record received after the eligibility decision "
                    "blocks an application until you review it.",
                    "%(round)s: %(n)d adverse records received after the eligibility decision "
                    "block applications until you review them.",
                    row["n"],
                )
                % {"round": round.title, "n": row["n"]},
                on_whom=_("Award office"),
                url=url,
                action=_("Review the adverse record"),
                programme=round.programme.name,
                since=timezone.localdate(row["since"]),
                count=row["n"],
            )
        )
    return items


def recommender_items(user: User) -> list[WorkItem]:
    """Art. 12: the opinions the user's recommending units still have to write, and first the
    round's confidentiality commitment to sign before opening those dossiers (R12, Art. 31).
    Two queries."""
    awaiting = recommender_applications(user, awaiting_only=True)
    unsigned = (
        awaiting.exclude(round__commitments__user_id=user.pk)
        .order_by("round_id")
        .values("round_id", "round__title", "round__programme__name")
        .distinct()
    )
    items = [
        commitment_work_item(
            role=Role.RECOMMENDER,
            round_id=round["round_id"],
            what=_(
                "%(round)s: sign the confidentiality commitment before you open the dossiers"
                " and write the opinions (Art. 31)."
            )
            % {"round": round["round__title"]},
            programme=round["round__programme__name"],
            then=reverse("applications:recommender_list") + "?awaiting=1",
        )
        for round in unsigned
    ]
    row = awaiting.aggregate(n=Count("pk"), since=Min("submitted_at"))
    if not row["n"]:
        return items
    return [
        *items,
        WorkItem(
            role=Role.RECOMMENDER,
            what=ngettext(
                "%(n)d recommendation opinion to write.",
                "%(n)d recommendation opinions to write.",
                row["n"],
            )
            % {"n": row["n"]},
            on_whom=_("Recommending unit"),
            url=reverse("applications:recommender_list") + "?awaiting=1",
            action=_("Write the opinions"),
            since=timezone.localdate(row["since"]) if row["since"] else None,
            count=row["n"],
        ),
    ]


def liaison_items(user: User) -> list[WorkItem]:
    """Art. 17: the consultations the user's departments have still to answer, and the
    commitment to sign first for each round they belong to (R12). Two queries."""
    today = timezone.localdate()
    pending = consultations_for_liaison(user).filter(result=ConsultationResult.PENDING)
    unsigned = (
        pending.exclude(application__round__commitments__user_id=user.pk)
        .values("application__round_id", "application__round__title")
        .distinct()
        .order_by("application__round_id")
    )
    items = [
        commitment_work_item(
            role=Role.LIAISON,
            round_id=round["application__round_id"],
            what=_(
                "%(round)s: sign the confidentiality commitment before you read the dossiers"
                " and reply (Art. 31)."
            )
            % {"round": round["application__round__title"]},
        )
        for round in unsigned
    ]
    row = pending.aggregate(
        n=Count("pk"),
        n_overdue=Count("pk", filter=Q(due_on__lt=today)),
        due=Min("due_on"),
        since=Min("sent_at"),
    )
    if not row["n"]:
        return items
    what = ngettext(
        "%(n)d consultation reply due.", "%(n)d consultation replies due.", row["n"]
    ) % {"n": row["n"]}
    if row["n_overdue"]:
        what = _two_sentences(what, _("%(n)d overdue.") % {"n": row["n_overdue"]})
    return [
        *items,
        WorkItem(
            role=Role.LIAISON,
            what=what,
            on_whom=_("Your department"),
            url=reverse("applications:liaison_replies"),
            action=_("Reply"),
            since=timezone.localdate(row["since"]),
            until=row["due"],
            overdue=bool(row["n_overdue"]),
            count=row["n"],
        ),
    ]
