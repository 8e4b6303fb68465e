"""The Baldrige-style consensus after the independent review ("How reviews are run" in
docs/rules.md) and the release of the feedback report: every write here (R12, R14).

The group leader (组长) of a review group the application is assigned through records one
consensus percentage per item with a rationale, and the group's strengths and opportunities
for improvement per category. The submitted consensus total replaces the mean of the
members' totals as the application's material or site score.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import is_office_of
from applications.models import Application
from awards.enums import RoundStage
from awards.models import Round, ScoringCategory, ScoringItem
from decisionlog.models import DecisionLogEntry
from decisionlog.services import record_decision
from decisionlog.workflow import DomainError
from reviews.enums import ReviewStatus
from reviews.models import Review
from reviews.permissions import STAGE_STATES
from reviews.rules.scoring import is_valid_percent
from reviews.selectors.feedback import FEEDBACK_RELEASE_ACTION, consensus_group, group_progress
from reviews.services.review import Feedback, Scores, transition_review, write_scores


@transaction.atomic
def save_consensus(
    application: Application,
    stage: str,
    *,
    actor: User,
    scores: Scores,
    feedback: Feedback | None = None,
    summary: str = "",
    submit: bool = False,
) -> Review:
    """Record the group's consensus for one application at one stage (material or site).

    ``scores`` maps item ids to (percentage, rationale); ``feedback`` maps category ids to
    (strengths, opportunities for improvement): the group's report for the feedback report.
    Preconditions: the actor leads a review group the application is assigned through, signed
    the round's commitment and declared no conflict (R12); the round and the application are
    in that stage; every member of the group submitted its independent review; items of the
    round's scheme, percentages in steps of 5; on ``submit`` every item scored; a submitted
    consensus never changes.
    Side effects (one transaction): the consensus review (Review, is_consensus, expert = the
    leader) with its item scores and feedback, total computed; a decision-log row; on submit
    the review -> submitted with every percentage logged (R14).
    """
    app = Application.objects.select_related("round", "organisation").get(pk=application.pk)
    group = consensus_group(actor, app)
    if group is None or group.leader is None:
        raise DomainError(
            _("Only the leader of the application's review group records the consensus."),
            rule="R12",
        )
    if stage not in STAGE_STATES:
        raise DomainError(_("Unknown review stage."))
    status, round_stage = STAGE_STATES[stage]
    if app.round.stage != round_stage or app.status != status:
        raise DomainError(_("This application is not in this review stage now."), rule="R1")
    progress = group_progress(app, group, stage)
    if progress.missing:
        raise DomainError(
            _("Every member submits an independent review first; missing: %(names)s.")
            % {"names": "、".join(progress.missing)}
        )
    items = {i.pk: i for i in ScoringItem.objects.filter(category__scheme_id=app.scheme_in_use_id)}
    unknown = sorted(set(scores) - set(items))
    if unknown:
        raise DomainError(
            _("These items are not in the round's scoring scheme: %(ids)s.")
            % {"ids": ", ".join(map(str, unknown))}
        )
    bad = [items[i].code for i, (percent, _c) in scores.items() if not is_valid_percent(percent)]
    if bad:
        raise DomainError(
            _("Percentages go in steps of 5 from 0 to 100; not allowed: %(items)s.")
            % {"items": "、".join(sorted(bad))}
        )
    if feedback is not None:
        categories = set(
            ScoringCategory.objects.filter(scheme_id=app.scheme_in_use_id).values_list(
                "pk", flat=True
            )
        )
        if set(feedback) - categories:
            raise DomainError(_("These categories are not in the round's scoring scheme."))
    if submit:
        missing = sorted(items[i].code for i in set(items) - set(scores))
        if missing:
            raise DomainError(
                _("Score every item before submitting; missing: %(items)s.")
                % {"items": "、".join(missing)}
            )
    review, _created = Review.all_reviews.get_or_create(
        application=app, stage=stage, is_consensus=True, defaults={"expert": group.leader}
    )
    review = Review.all_reviews.select_for_update().get(pk=review.pk)
    if review.status != ReviewStatus.DRAFT:
        raise DomainError(_("The consensus was submitted and can no longer change."))
    write_scores(review, items, scores=scores, feedback=feedback, summary=summary)
    review.expert = group.leader
    review.save(update_fields=["total", "summary", "expert", "updated_at"])
    record_decision(
        actor=actor,
        action="review.consensus_save",
        obj=app,
        data={"review": review.pk, "stage": stage, "group": group.pk, "total": str(review.total)},
    )
    if not submit:
        return review
    return transition_review(
        review,
        ReviewStatus.SUBMITTED,
        actor=actor,
        reason=_("Group consensus."),
        submitted_at=timezone.now(),
        data={
            "stage": stage,
            "consensus": True,
            "group": group.pk,
            "total": str(review.total),
            "percent": {items[i].code: p for i, (p, _c) in scores.items()},
        },
    )


@transaction.atomic
def release_feedback(round: Round, *, actor: User, note: str = "") -> DecisionLogEntry:
    """Release the feedback report to the applicants before the winners are published.

    Preconditions: the actor is office staff of the programme; material review has started
    and the winners are not yet published (from then on it is released anyway).
    Side effects: the release is a decision-log row on the round (R14), which is what
    selectors_feedback.feedback_released reads. Releasing twice returns the first release.
    """
    locked = Round.objects.select_for_update().get(pk=round.pk)
    if not is_office_of(actor, locked.programme_id):
        raise DomainError(_("Only the award office of the programme can do this."))
    early = (RoundStage.DRAFT, RoundStage.APPLICATION, RoundStage.ELIGIBILITY)
    if locked.stage in early:
        raise DomainError(_("The feedback report exists only once material review started."))
    if locked.stage == RoundStage.PUBLISHED:
        raise DomainError(_("The winners are published: the feedback report is already out."))
    earlier = (
        DecisionLogEntry.objects.filter(action=FEEDBACK_RELEASE_ACTION, round_id=locked.pk)
        .order_by("created_at", "id")
        .first()
    )
    if earlier is not None:
        return earlier
    return record_decision(
        actor=actor, action=FEEDBACK_RELEASE_ACTION, obj=locked, reason=note.strip()
    )
