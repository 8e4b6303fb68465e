"""Review due dates per round and stage, and the reminders sent before and after.

The office sets a stage's due date (Beijing time) on the review hub; the periodic deadline sweep
(``awards.tasks.sweep_deadlines``) writes ``review_due`` to each expert whose review of that
stage is not submitted: once from three days before the due date, once when it is overdue.
Each reminder is claimed with a unique row (assignment, stage, kind), so a second sweep sends
nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import is_office_of
from awards.models import Round
from decisionlog.services import record_decision
from decisionlog.workflow import DomainError
from notifications.services import notify_event
from reviews.enums import ReviewStage, ReviewStatus
from reviews.models import Review, ReviewDeadline, ReviewReminder
from reviews.permissions import STAGE_STATES, standing_assignments

# The first reminder goes this many days before the due date.
REMIND_DAYS_BEFORE = 3


def set_review_deadline(
    round: Round, stage: str, due_on: dt.date, *, actor: User
) -> ReviewDeadline:
    """Set (or move) the due date of a stage's reviews in the round.

    Preconditions: the actor is office staff of the round's programme; a known stage.
    Side effects: the deadline row; a decision-log row.
    """
    if not is_office_of(actor, round.programme_id):
        raise DomainError(_("Only the office of this programme can do this."))
    if stage not in ReviewStage.values:
        raise DomainError(_("Choose a review stage."))
    with transaction.atomic():
        Round.objects.select_for_update().get(pk=round.pk)
        previous = ReviewDeadline.objects.filter(round=round, stage=stage).first()
        deadline, _created = ReviewDeadline.objects.update_or_create(
            round=round, stage=stage, defaults={"due_on": due_on, "set_by": actor}
        )
        record_decision(
            actor=actor,
            action="review.deadline",
            obj=round,
            round_id=round.pk,
            data={
                "stage": stage,
                "due_on": due_on.isoformat(),
                "previous": previous.due_on.isoformat() if previous else None,
            },
        )
    return deadline


def _reminder_kind(due_on: dt.date, today: dt.date) -> str | None:
    if today > due_on:
        return ReviewReminder.OVERDUE
    if today >= due_on - dt.timedelta(days=REMIND_DAYS_BEFORE):
        return ReviewReminder.SOON
    return None


def sweep_review_reminders(today: dt.date | None = None) -> int:
    """Send the due ``review_due`` reminders; returns how many were sent. Idempotent."""
    today = today or timezone.localdate()
    sent = 0
    deadlines = ReviewDeadline.objects.filter(
        due_on__lte=today + dt.timedelta(days=REMIND_DAYS_BEFORE)
    ).select_related("round")
    for deadline in deadlines:
        kind = _reminder_kind(deadline.due_on, today)
        status, round_stage = STAGE_STATES[deadline.stage]
        if kind is None or deadline.round.stage != round_stage:
            continue
        submitted = Review.objects.filter(
            stage=deadline.stage, status=ReviewStatus.SUBMITTED
        ).values_list("application_id", "expert_id")
        done = set(submitted.filter(application__round_id=deadline.round_id))
        assignments = (
            standing_assignments()
            .filter(
                application__round_id=deadline.round_id,
                application__status=status,
                expert__user__isnull=False,
            )
            .select_related("expert__user", "application__organisation")
        )
        for assignment in assignments:
            if (assignment.application_id, assignment.expert_id) in done:
                continue
            if ReviewReminder.objects.filter(
                assignment=assignment, stage=deadline.stage, kind=kind
            ).exists():
                continue
            try:
                with transaction.atomic():
                    ReviewReminder.objects.create(
                        assignment=assignment,
                        stage=deadline.stage,
                        kind=kind,
                        due_on=deadline.due_on,
                    )
                    notify_event(
                        "review_due",
                        users=[assignment.expert.user],
                        context={
                            "organisation": assignment.application.organisation.name,
                            "round": deadline.round.title,
                            "due": deadline.due_on.isoformat(),
                        },
                        url=reverse(
                            "reviews:score",
                            kwargs={"pk": assignment.application_id, "stage": deadline.stage},
                        ),
                        programme_id=deadline.round.programme_id,
                    )
            except IntegrityError:  # claimed by a concurrent sweep
                continue
            sent += 1
    return sent
