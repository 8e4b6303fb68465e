"""R1 / Art. 18-20: the question-and-defence stage (问询答辩) a programme may hold between
material and site review, as a stage of the round (RoundStage.DEFENCE): the office opens it by
closing the material review, records the defence panel's score of each application going on
during it, and starts the site review once every score is recorded."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from applications.enums import ApplicationStatus
from applications.models import Application
from awards.enums import RoundStage
from awards.models import Round
from awards.services import transition_round
from decisionlog.services import record_decision
from decisionlog.workflow import DomainError
from reviews.models import DefenceScore
from reviews.selectors.defence import missing_defence_scores
from reviews.services.review import require_office, select_for_site_review

DEFENCE_SCORE_MAX = Decimal(1000)


@transaction.atomic
def record_defence_score(
    application: Application,
    *,
    actor: User,
    score: Decimal,
    panel: str,
    held_on: date,
    reason: str = "",
) -> DefenceScore:
    """Record (or correct) the defence panel's score of ``application``.

    Preconditions: ``actor`` is office staff of the programme; the round holds a
    question-and-defence stage (its kept rules) and is in it (stage DEFENCE: R1, the scores
    are fixed once the site review starts) and the application goes on after the material
    review; the score is from 0 to 1000 (the scale of the material and site reviews); the
    panel's members are named. Side effects (one transaction): the application's one
    DefenceScore written or corrected; a "review.defence_score" decision with the score, the
    panel, the date and the score it replaced.
    """
    round = application.round
    require_office(actor, round)
    locked = Application.objects.select_for_update().select_related("round").get(pk=application.pk)
    round = locked.round
    if not round.holds_defence_stage:
        raise DomainError(
            _("This round holds no question-and-defence stage."), rule="R1", articles=(20,)
        )
    if round.stage != RoundStage.DEFENCE or locked.status != ApplicationStatus.SITE_REVIEW:
        raise DomainError(
            _(
                "A question-and-defence score is recorded while the round is in its "
                "question-and-defence stage, for an application going on after the material "
                "review."
            ),
            rule="R1",
            articles=(18, 20),
        )
    if not Decimal(0) <= score <= DEFENCE_SCORE_MAX:
        raise DomainError(_("The question-and-defence score is from 0 to 1000."), rule="R1")
    if not panel.strip():
        raise DomainError(_("Name the members of the question-and-defence panel."), rule="R1")
    score = score.quantize(Decimal("0.1"))
    previous = DefenceScore.objects.filter(application=locked).first()
    recorded, _created = DefenceScore.objects.update_or_create(
        application=locked,
        defaults={
            "score": score,
            "panel": panel.strip(),
            "held_on": held_on,
            "recorded_by": actor,
        },
    )
    record_decision(
        actor=actor,
        action="review.defence_score",
        obj=locked,
        reason=reason,
        data={
            "score": str(score),
            "panel": panel.strip(),
            "held_on": held_on.isoformat(),
            "replaced": str(previous.score) if previous is not None else None,
        },
    )
    return recorded


def _holding_defence(round: Round) -> None:
    """R1: the refusal for a round whose rules hold no question-and-defence stage."""
    if not round.holds_defence_stage:
        raise DomainError(
            _("This round holds no question-and-defence stage."), rule="R1", articles=(20,)
        )


def open_defence_stage(round: Round, *, actor: User) -> Round:
    """R1 / Art. 18: close the material review and open the question-and-defence stage, from
    the round's page.

    Preconditions: ``actor`` is office staff of the programme; the round's rules hold the
    stage; the round is in material review with every material review submitted (the refusal
    lists what is missing). Side effects: those of :func:`select_for_site_review` with the
    round's threshold (the office selecting by hand does it from the review page): the list
    going on fixed and logged, the round -> DEFENCE.
    """
    require_office(actor, round)
    _holding_defence(round)
    return select_for_site_review(round, actor=actor)


def start_site_review(round: Round, *, actor: User) -> Round:
    """R1 / Art. 19: close the question-and-defence stage and start the site review.

    Preconditions: ``actor`` is office staff of the programme; the round is in its
    question-and-defence stage; every application going on has its defence score (the refusal
    names those without one). Side effects (one transaction): the round -> SITE_REVIEW,
    logged with the scores it goes on with; the scores are fixed from then on.
    """
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round.pk)
        require_office(actor, locked)
        _holding_defence(locked)
        if locked.stage != RoundStage.DEFENCE:
            raise DomainError(
                _("The site review starts from the question-and-defence stage."),
                rule="R1",
                articles=(19,),
            )
        missing = missing_defence_scores(locked)
        if missing:
            raise DomainError(
                _(
                    "The question-and-defence stage is not complete: no score is recorded yet "
                    "for %(organisations)s."
                )
                % {"organisations": "、".join(missing)},
                rule="R1",
                articles=(19,),
            )
        return transition_round(
            locked,
            RoundStage.SITE_REVIEW,
            actor=actor,
            reason=_("Every question-and-defence score is recorded."),
        )
