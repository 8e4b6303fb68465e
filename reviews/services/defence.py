"""R1 / Art. 18-20: the question-and-defence stage (问询答辩) a programme may hold between
material and site review: the office records the defence panel's score of each application
going on after the material review."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from applications.enums import ApplicationStatus
from applications.models import Application
from awards.enums import RoundStage
from decisionlog.services import record_decision
from decisionlog.workflow import DomainError
from reviews.models import DefenceScore
from reviews.services.review import require_office

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
    question-and-defence stage (its kept rules); the round is between the material review's
    selection and the composite evaluation (stage SITE_REVIEW) and the application goes on to
    site review; the score is from 0 to 1000 (the scale of the material and site reviews); the
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
    if round.stage != RoundStage.SITE_REVIEW or locked.status != ApplicationStatus.SITE_REVIEW:
        raise DomainError(
            _(
                "A question-and-defence score is recorded after the material review, for an "
                "application going on to site review, until the composite evaluation."
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
