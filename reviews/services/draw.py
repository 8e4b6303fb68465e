"""Writes of the assignment suggestion and random draw (随机抽取): propose a draw (logged with
its seed, candidate pool and result, R14), accept it as drawn or edited by the office (each
assignment through services.assign_expert, which enforces R12 again), or discard it."""

from __future__ import annotations

import secrets
from collections.abc import Mapping

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.models import User
from applications.models import Application
from awards.enums import RoundStage
from awards.models import Round
from decisionlog.services import record_decision
from decisionlog.workflow import DomainError, transition_state
from experts.models import ExpertProfile
from notifications.services import notify
from reviews.enums import DRAW_TRANSITIONS, DrawMethod, DrawStatus, ReviewStatus
from reviews.models import Assignment, AssignmentDraw, Review, ReviewGroup
from reviews.permissions import standing_assignments
from reviews.rules.draw import (
    MAX_PER_APPLICATION,
    MAX_SEED,
    DrawInputs,
    draw,
    result_from_json,
    result_to_json,
    shortfalls,
)
from reviews.selectors.draw import draw_inputs
from reviews.services.review import assign_expert, end_assignment, require_office

# R1: reviewers are drawn for the material review, and for the site review while the
# question-and-defence stage runs (when held) and during it.
DRAW_STAGES = (RoundStage.MATERIAL_REVIEW, RoundStage.DEFENCE, RoundStage.SITE_REVIEW)


def new_seed() -> int:
    """A fresh seed when the office gives none (recorded, so the draw can be re-run)."""
    return secrets.randbelow(10**9) + 1


def replay(draw_: AssignmentDraw) -> dict[int, list[int]]:
    """Run the recorded draw again from its recorded inputs and seed."""
    return draw(DrawInputs.from_json(draw_.inputs), seed=draw_.seed, method=draw_.method)


def is_reproduced(draw_: AssignmentDraw) -> bool:
    """Whether re-running the draw with its seed gives the recorded result."""
    return replay(draw_) == result_from_json(draw_.result)


@transaction.atomic
def propose_draw(
    round: Round,
    *,
    actor: User,
    method: str,
    per_application: int,
    group: ReviewGroup | None = None,
    seed: int | None = None,
) -> AssignmentDraw:
    """Draw reviewers for the round's applications in review (or one group's sector, from its
    members) and keep the draw for the office to accept or edit.

    Preconditions: the actor is office staff of the programme; the round is in material or
    site review; 1 to MAX_PER_APPLICATION reviewers per application; a seed from 1 to
    MAX_SEED (a fresh one when None); some application still needs reviewers.
    Side effects: the AssignmentDraw (inputs, seed, result) and a decision-log row with the
    seed, the candidate pool, the exclusions and the result. No assignment yet.
    """
    locked = Round.objects.select_for_update().get(pk=round.pk)
    require_office(actor, locked)
    return _create_draw(
        locked,
        actor=actor,
        method=method,
        per_application=per_application,
        group=group,
        seed=seed,
    )


def _create_draw(
    locked: Round,
    *,
    actor: User,
    method: str,
    per_application: int,
    group: ReviewGroup | None,
    seed: int | None,
    application_ids: list[int] | None = None,
    replacement_for: int | None = None,
) -> AssignmentDraw:
    if locked.stage not in DRAW_STAGES:
        raise DomainError(
            _(
                "Reviewers are drawn while the round is in material review, "
                "question-and-defence or site review."
            )
        )
    if method not in DrawMethod.values:
        raise DomainError(_("Choose how to draw the reviewers."))
    if not 1 <= per_application <= MAX_PER_APPLICATION:
        raise DomainError(
            _("Between 1 and %(max)d reviewers per application.") % {"max": MAX_PER_APPLICATION}
        )
    if group is not None and group.round_id != locked.pk:
        raise DomainError(_("The group belongs to another round."))
    if seed is None:
        seed = new_seed()
    if not 1 <= seed <= MAX_SEED:
        raise DomainError(_("The seed is a whole number from 1 to %(max)d.") % {"max": MAX_SEED})
    inputs, _applications, _experts = draw_inputs(
        locked, per_application=per_application, group=group, application_ids=application_ids
    )
    if not inputs.needed:
        raise DomainError(
            _("Every application in review already has %(n)d reviewers.") % {"n": per_application}
        )
    if not inputs.pool:
        raise DomainError(_("No expert of the active pool can be drawn."))
    result = draw(inputs, seed=seed, method=method)
    created = AssignmentDraw.objects.create(
        round=locked,
        group=group,
        method=method,
        seed=seed,
        per_application=per_application,
        inputs=inputs.to_json(),
        result=result_to_json(result),
        created_by=actor,
    )
    record_decision(
        actor=actor,
        action="review.draw",
        obj=locked,
        data={
            "draw": created.pk,
            "method": method,
            "seed": seed,
            "per_application": per_application,
            "group": group.pk if group else None,
            "replacement_for": replacement_for,
            "inputs": created.inputs,
            "result": created.result,
            "shortfalls": {str(k): v for k, v in shortfalls(inputs, result).items()},
        },
    )
    return created


def decline_assignment(
    application: Application, expert: ExpertProfile, *, actor: User, reason: str
) -> AssignmentDraw | None:
    """The assigned expert declines the assignment, with a reason; a replacement is drawn the
    same way (the method of the last accepted draw for the application, else the suggestion;
    a fresh seed; this application only, from the assignment's group when it had one) for the
    office to accept.

    Preconditions: the actor is the expert; an active assignment; a reason; no review of the
    expert for this application submitted.
    Side effects (one transaction): the assignment withdrawn; a decision-log row; the
    replacement draw (logged like any draw; None when the round is no longer in review or no
    candidate is left); a notification to the programme's office.
    """
    with transaction.atomic():
        app = (
            Application.objects.select_for_update(of=("self",))
            .select_related("round", "organisation")
            .get(pk=application.pk)
        )
        if expert.user_id is None or actor.pk != expert.user_id:
            raise DomainError(_("Only the expert can decline its assignment."))
        assignment = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("expert__user", "application", "group")
            .filter(application=app, expert=expert, withdrawn_at__isnull=True)
            .first()
        )
        if assignment is None:
            raise DomainError(
                _("%(expert)s is not assigned to this application.") % {"expert": expert.name}
            )
        if not reason.strip():
            raise DomainError(_("Give the reason for declining."))
        if Review.objects.filter(
            application=app, expert=expert, status=ReviewStatus.SUBMITTED
        ).exists():
            raise DomainError(_("You submitted a review of this application; ask the office."))
        before = standing_assignments().filter(application_id=app.pk).count()
        end_assignment(
            assignment, reason=_("Declined by the expert: %(reason)s") % {"reason": reason.strip()}
        )
        record_decision(
            actor=actor,
            action="review.decline",
            obj=app,
            reason=reason.strip(),
            data={"assignment": assignment.pk, "expert": expert.pk},
        )
        locked = Round.objects.select_for_update().get(pk=app.round_id)
        last = (
            AssignmentDraw.objects.filter(round=locked, status=DrawStatus.ACCEPTED)
            .filter(accepted__has_key=str(app.pk))
            .order_by("-pk")
            .first()
        )
        replacement: AssignmentDraw | None = None
        if locked.stage in DRAW_STAGES:
            try:
                with transaction.atomic():
                    replacement = _create_draw(
                        locked,
                        actor=actor,
                        method=last.method if last else DrawMethod.SUGGESTION,
                        per_application=min(max(before, 1), MAX_PER_APPLICATION),
                        group=assignment.group,
                        seed=None,
                        application_ids=[app.pk],
                        replacement_for=assignment.pk,
                    )
            except DomainError:
                replacement = None

        notify(
            office_users(locked.programme_id),
            subject=_("An expert declined an assignment"),
            body=_("%(expert)s declined to review %(org)s: %(reason)s")
            % {"expert": expert.name, "org": app.organisation.name, "reason": reason.strip()},
            url=reverse("reviews:draw_detail", args=[replacement.pk])
            if replacement
            else reverse("reviews:round_review", args=[locked.pk]),
            programme_id=locked.programme_id,
        )
    return replacement


def accept_draw(
    draw_: AssignmentDraw,
    *,
    actor: User,
    chosen: Mapping[int, list[int]] | None = None,
    reason: str = "",
) -> AssignmentDraw:
    """Accept a proposed draw: assign the experts drawn, or the office's edited choice.

    ``chosen`` maps application ids of the draw to expert ids (None: exactly as drawn); an
    expert not among the application's candidates of the draw is refused, and every
    assignment goes through services.assign_expert (R12 checked again). An edited choice
    needs a reason. All or nothing: one refusal assigns no one.
    Side effects (one transaction): the assignments and their notifications; the draw ->
    ACCEPTED with what was accepted; a decision-log row with the accepted assignments and the
    changes from the draw.
    """
    with transaction.atomic():
        locked = (
            AssignmentDraw.objects.select_for_update(of=("self",))
            .select_related("round", "group")
            .get(pk=draw_.pk)
        )
        require_office(actor, locked.round)
        if locked.status != DrawStatus.PROPOSED:
            raise DomainError(_("This draw was already accepted or discarded."))
        if locked.round.stage not in DRAW_STAGES:
            raise DomainError(
                _(
                    "Reviewers are drawn while the round is in material review, "
                    "question-and-defence or site review."
                )
            )
        inputs = DrawInputs.from_json(locked.inputs)
        result = result_from_json(locked.result)
        picked = {int(k): list(v) for k, v in (chosen if chosen is not None else result).items()}
        unknown = set(picked) - set(inputs.needed)
        if unknown:
            raise DomainError(_("Only applications of this draw can be assigned here."))
        for app_id, expert_ids in picked.items():
            allowed = set(inputs.candidates(app_id))
            if set(expert_ids) - allowed:
                raise DomainError(
                    _("Pick only experts among the candidates of the draw."), rule="R12"
                )
            if len(set(expert_ids)) != len(expert_ids):
                raise DomainError(_("An expert is picked twice for the same application."))
        changes = {
            str(app_id): {
                "added": sorted(set(picked.get(app_id, [])) - set(result.get(app_id, []))),
                "removed": sorted(set(result.get(app_id, [])) - set(picked.get(app_id, []))),
            }
            for app_id in sorted(set(result) | set(picked))
            if set(picked.get(app_id, [])) != set(result.get(app_id, []))
        }
        if changes and not reason.strip():
            raise DomainError(_("Give the reason for changing the draw."))
        applications = {
            a.pk: a for a in Application.objects.filter(pk__in=list(picked)).order_by("pk")
        }
        experts = {
            e.pk: e
            for e in ExpertProfile.objects.filter(
                pk__in={e for ids in picked.values() for e in ids}
            )
        }
        assignments = []
        for app_id in sorted(picked):
            for expert_id in picked[app_id]:
                assignments.append(
                    assign_expert(
                        applications[app_id], experts[expert_id], actor=actor, group=locked.group
                    ).pk
                )
        accepted = {k: v for k, v in picked.items() if v}
        return transition_state(
            locked,
            DrawStatus.ACCEPTED,
            table=DRAW_TRANSITIONS,
            actor=actor,
            action="review.draw_accept",
            reason=reason.strip(),
            extra={
                "accepted": result_to_json(accepted),
                "decided_by": actor,
                "decided_at": timezone.now(),
            },
            data={
                "draw": locked.pk,
                "seed": locked.seed,
                "accepted": result_to_json(accepted),
                "changes": changes,
                "assignments": assignments,
            },
        )


def discard_draw(draw_: AssignmentDraw, *, actor: User, reason: str = "") -> AssignmentDraw:
    """The office discards a proposed draw (nothing assigned); logged with the reason."""
    with transaction.atomic():
        locked = AssignmentDraw.objects.select_related("round").get(pk=draw_.pk)
        require_office(actor, locked.round)
        return transition_state(
            locked,
            DrawStatus.DISCARDED,
            table=DRAW_TRANSITIONS,
            actor=actor,
            action="review.draw_discard",
            reason=reason.strip(),
            extra={"decided_by": actor, "decided_at": timezone.now()},
            data={"draw": locked.pk, "seed": locked.seed},
        )


def office_users(programme_id: int) -> list[User]:
    return list(
        User.objects.filter(
            programme_roles__programme_id=programme_id,
            programme_roles__role=Role.OFFICE,
            programme_roles__active=True,
            is_active=True,
        ).distinct()
    )
