"""The expert's waiting work in the work queue: the commitment to sign per round (R12), the
conflict statements to declare and the reviews to score, with the stage's due date. Built on
``expert_tasks`` (the dashboard's own reading, read once a request), in a fixed number of
queries; their number (the menu's count) in one query of its own. The office's: the conflicts of interest recorded after the composite evaluation,
awaiting its recomputation (R12)."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.models import User
from accounts.workqueue import WorkItem
from awards.models import ConfidentialityCommitment
from awards.selectors import commitment_work_item, office_rounds_of_request
from reviews.enums import ConflictScoreEffect, ReviewStage, ReviewStatus
from reviews.models import ConflictDeclaration, Review
from reviews.permissions import STAGE_STATES, no_conflict_declared, standing_assignments
from reviews.selectors.review import request_expert_tasks, request_task_deadlines


def expert_items(user: User) -> list[WorkItem]:
    _profile, tasks = request_expert_tasks(user)
    if not tasks:
        return []
    today = timezone.localdate()
    deadlines = request_task_deadlines(user, tasks)
    items: list[WorkItem] = []
    must_sign: set[int] = set()
    for task in tasks:
        application = task.application
        round = application.round
        if task.next_step == "sign":
            if round.pk not in must_sign:
                must_sign.add(round.pk)
                items.append(
                    commitment_work_item(
                        role=Role.EXPERT,
                        round_id=round.pk,
                        what=_(
                            "%(round)s: sign the confidentiality commitment before you see"
                            " the dossiers assigned to you (Art. 31)."
                        )
                        % {"round": round.title},
                        programme=round.programme.name,
                    )
                )
        elif task.next_step == "declare":
            items.append(
                WorkItem(
                    role=Role.EXPERT,
                    what=_("%(organisation)s: declare whether you have a conflict of interest.")
                    % {"organisation": application.organisation.name},
                    on_whom=_("You"),
                    url=task.links["declare"],
                    action=_("Declare"),
                    programme=round.programme.name,
                    since=timezone.localdate(task.assignment.assigned_at),
                )
            )
        elif task.next_step == "score":
            deadline = deadlines.get((round.pk, task.stage))
            due = deadline.due_on if deadline else None
            what = (
                _("%(organisation)s: score the site review.")
                if task.stage == ReviewStage.SITE
                else _("%(organisation)s: score the material review.")
            ) % {"organisation": application.organisation.name}
            items.append(
                WorkItem(
                    role=Role.EXPERT,
                    what=what,
                    on_whom=_("You"),
                    url=task.links["score"],
                    action=_("Enter the scores"),
                    programme=round.programme.name,
                    until=due,
                    overdue=bool(due and due < today),
                )
            )
    return items


def expert_item_count(user: User) -> int:
    """How many items :func:`expert_items` lists, without building them: one query of the
    expert's assignments in good standing, each as three flags (its round's commitment
    signed, no conflict declared, a review of the current stage still to submit), no model
    instance, no URL, no sentence."""
    to_score = [
        Q(application__status=status, application__round__stage=round_stage)
        & ~Q(
            Exists(
                Review.objects.filter(
                    expert_id=OuterRef("expert_id"),
                    application_id=OuterRef("application_id"),
                    stage=stage,
                    status=ReviewStatus.SUBMITTED,
                )
            )
        )
        for stage, (status, round_stage) in STAGE_STATES.items()
    ]
    rows = (
        standing_assignments()
        .filter(expert__user_id=user.pk, expert__active=True)
        .annotate(
            signed=Exists(
                ConfidentialityCommitment.objects.filter(
                    user_id=user.pk, round_id=OuterRef("application__round_id")
                )
            ),
            declared=no_conflict_declared(),
            to_score=Case(When(reduce(or_, to_score), then=Value(True)), default=Value(False)),
        )
        .values_list("application__round_id", "signed", "declared", "to_score")
        .order_by()
    )
    to_sign: set[int] = set()
    n = 0
    for round_id, signed, declared, scoring in rows:
        if not signed:
            to_sign.add(round_id)  # one commitment a round, however many dossiers
        elif not declared or scoring:
            n += 1
    return n + len(to_sign)


def office_items(user: User) -> list[WorkItem]:
    """R12: each conflict of interest recorded after the composite evaluation of a round of
    the user's programmes, whose reviews still count until the office recomputes the
    composite. One query (two with the office's rounds, awards.selectors)."""
    # The office's rounds as read for the request: the declarations of each without joining
    # the round and its programme.
    rounds = {round.pk: round for round in office_rounds_of_request(user)}
    if not rounds:
        return []
    # Values, not model rows: the columns the items show.
    pending = (
        ConflictDeclaration.objects.filter(
            application__round_id__in=list(rounds), score_effect=ConflictScoreEffect.PENDING
        )
        .order_by("declared_at", "pk")
        .values(
            "declared_at",
            "application_id",
            "expert__name",
            "application__organisation__name",
            "application__round_id",
        )
    )
    return [
        WorkItem(
            role=Role.OFFICE,
            what=_(
                "%(organisation)s: a conflict of interest of %(expert)s was recorded after the "
                "composite evaluation; recompute the composite."
            )
            % {"organisation": d["application__organisation__name"], "expert": d["expert__name"]},
            on_whom=_("Award office"),
            url=reverse("applications:office_detail", args=[d["application_id"]]) + "#conflicts",
            action=_("Recompute the composite"),
            programme=rounds[d["application__round_id"]].programme.name,
            since=timezone.localdate(d["declared_at"]),
        )
        for d in pending
    ]
