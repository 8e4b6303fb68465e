"""R12: a conflict of interest recorded after the expert scored the application. Its reviews
leave the official scores:

- while material review is open nothing is stored yet: the stage's close leaves them out
  (``stage_progress`` counts assignments in good standing only); the exclusion is logged;
- once the material score is stored (site review, or an application not selected), it is
  recomputed at once without them, in the conflict's transaction, and logged with the reason;
- once the composite evaluation is complete (the candidate list made, or before the leading
  group), the change is not silent: the office decides it, with its reason, through
  :func:`recompute_composite`, which recomputes the scores and re-ranks the round;
- once the leading group has decided on the list (its plenary recorded, or a voting session
  open), the portal does not re-rank behind it: the conflict is logged for the leading group,
  and the office must take it there (Art. 21: the list is the leading group's decision).

Also the composite ranking shared with ``review.complete_composite_evaluation``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import is_office_of
from applications.enums import ApplicationStatus
from applications.models import Application
from applications.selectors.office import office_users_of_programme
from applications.services.application import transition_application
from awards.enums import RoundStage
from awards.models import Round
from common import page_cache
from common.measures import RULE_ARTICLES, cite_articles
from decisionlog.services import record_decision
from decisionlog.workflow import DomainError
from experts.models import ExpertProfile
from notifications.services import notify
from reviews import hooks
from reviews.enums import ConflictScoreEffect, ReviewStage, ReviewStatus
from reviews.models import ConflictDeclaration, Review
from reviews.permissions import conflict_exists
from reviews.rules.scoring import (
    Entry,
    Placement,
    Quotas,
    composite_score,
    fill_places,
    mean_score,
    rank,
    sector_ranks,
    tie_breaks,
    tilt_bonus,
)
from reviews.selectors.defence import defence_scores
from reviews.selectors.progress import REVIEW_HUB_SCOPE
from reviews.selectors.review import leading_group_users, repeat_prize_winner_ids, stage_progress

# The round stages after the composite evaluation in which the office may still re-rank
# (the list made, or submitted and not yet taken up by the leading group).
RECOMPUTE_STAGES = (RoundStage.COMPOSITE, RoundStage.DELIBERATION)
# What the composite evaluation placed, before the leading group decides.
RANKED_STATUSES = (ApplicationStatus.CANDIDATE, ApplicationStatus.NOT_CANDIDATE)
# What the leading group decided (the plenary) or the government after it.
DECIDED_STATUSES = (
    ApplicationStatus.PROPOSED,
    ApplicationStatus.NOT_PROPOSED,
    ApplicationStatus.AWARDED,
    ApplicationStatus.NOT_AWARDED,
)


def conflict_article() -> str:
    """The article a late conflict's reason cites (R12: impartial review, Art. 31)."""
    return cite_articles(RULE_ARTICLES["R12"])


# --- scores ---------------------------------------------------------------------------------


def official_score(application: Application, stage: str) -> Decimal | None:
    """The score of ``stage`` as closing the stage computes it now: the group's submitted
    consensus where there is one (unless its author is conflicted), else the mean of the
    submitted reviews of experts in good standing (R12); None when no review counts."""
    consensus = (
        Review.all_reviews.filter(
            application_id=application.pk,
            stage=stage,
            is_consensus=True,
            status=ReviewStatus.SUBMITTED,
        )
        .filter(~conflict_exists())
        .values_list("total", flat=True)
        .first()
    )
    if consensus is not None:
        return consensus
    totals = stage_progress([application], stage).totals[application.pk]
    return mean_score(totals) if totals else None


@dataclass
class Ranking:
    """The composite of each application, its rank in its sector and its place (R2, R6, R7)."""

    entries: dict[int, Entry]
    placements: dict[int, Placement]
    ranks: dict[int, int]
    quotas: Quotas


def rank_applications(
    round: Round,
    applications: list[Application],
    material: dict[int, Decimal],
    site: dict[int, Decimal],
) -> Ranking:
    """Art. 20: composite = material x weight (+ question-and-defence x weight when the round
    holds the stage, R1) + site x weight (+ R6 bonus), ranked within each sector, places
    filled within the quotas (R2; R7 repeat prize winners outside them). A round weighing the
    defence stage needs each application's defence score."""
    repeat = repeat_prize_winner_ids(round, [a.organisation_id for a in applications])
    defence = required_defence_scores(round, applications)
    entries = {
        app.pk: Entry(
            key=app.pk,
            name=app.nominee_label,
            # R4: a person ranks among the people nominated, for the individual award's places.
            sector=app.quota_sector,
            composite=composite_score(
                material[app.pk],
                site[app.pk],
                material_weight=round.material_weight,
                site_weight=round.site_weight,
                tilt_rule=round.tilt_rule,
                bonus_per_tag=round.tilt_bonus_points,
                tags=app.tilt_count,
                defence=defence.get(app.pk, Decimal(0)),
                defence_weight=round.defence_weight,
            ),
            material=material[app.pk],
            tags=app.tilt_count,
            # R7: the repeat rules are the organisations'.
            is_repeat=not app.is_individual and app.organisation_id in repeat,
        )
        for app in applications
    }
    quotas = Quotas.from_round(round)
    return Ranking(
        entries=entries,
        placements=fill_places(entries.values(), quotas, round.tilt_rule),
        ranks=sector_ranks(entries.values(), round.tilt_rule),
        quotas=quotas,
    )


def required_defence_scores(round: Round, applications: list[Application]) -> dict[int, Decimal]:
    """R1 / Art. 20: each application's question-and-defence score when the round weighs the
    stage (none otherwise); refused, naming the organisation, when one has none."""
    if not round.defence_weight:
        return {}
    scores = defence_scores(app.pk for app in applications)
    for app in applications:
        if app.pk not in scores:
            raise DomainError(
                _("%(org)s has no question-and-defence score.") % {"org": app.organisation.name},
                rule="R1",
                articles=(20,),
            )
    return scores


def ranking_data(round: Round, ranking: Ranking, site: dict[int, Decimal]) -> dict[str, Any]:
    """The decision log's record of a ranking: weights, thresholds, every place, tie-breaks."""
    defence_data = {"defence_weight": str(round.defence_weight)} if round.defence_weight else {}
    return {
        **defence_data,
        "weights": [str(round.material_weight), str(round.site_weight)],
        "tilt_rule": round.tilt_rule,
        "tilt_bonus_points": str(round.tilt_bonus_points),
        "thresholds": [str(ranking.quotas.prize_min), str(ranking.quotas.nomination_min)],
        "ranking": [
            {
                "application": e.key,
                "name": e.name,
                "sector": e.sector,
                "rank": ranking.ranks[e.key],
                "material": str(e.material),
                "site": str(site[e.key]),
                "composite": str(e.composite),
                "bonus": str(tilt_bonus(round.tilt_rule, round.tilt_bonus_points, e.tags)),
                "tags": e.tags,
                "repeat": e.is_repeat,
                "level": ranking.placements[e.key].level,
                "outside_quota": ranking.placements[e.key].outside_quota,
            }
            for e in rank(ranking.entries.values(), round.tilt_rule)
        ],
        "tie_breaks": tie_breaks(ranking.entries.values(), round.tilt_rule),
    }


# --- the late conflict ------------------------------------------------------------------------


def recompute_refusal(round: Round) -> str | None:
    """Why the office may not re-rank ``round`` after a late conflict (None: it may).

    Decided: once the leading group has taken up the candidate list (a plenary recorded or a
    voting session open, asked of publicity through ``reviews.hooks``), or decided it, the
    portal does not re-rank behind it: the list is the leading group's decision (Art. 21), so
    the office takes the conflict to the leading group, which may decide the list again."""
    decided = Application.objects.filter(round=round, status__in=DECIDED_STATUSES).exists()
    if round.stage not in RECOMPUTE_STAGES or decided:
        return _(
            "The leading group has decided on the candidate list: the composite is no longer "
            "recomputed in the portal. Take the conflict of interest to the leading group, "
            "which decides whether the list changes (%(article)s)."
        ) % {"article": conflict_article()}
    for refusal in hooks.composite_recompute_refusals:
        text = refusal(round)
        if text:
            return text
    return None


def exclude_scored_reviews(
    application: Application,
    expert: ExpertProfile,
    declaration: ConflictDeclaration,
    *,
    actor: User,
) -> str:
    """R12: a conflict was just recorded (``declaration``); if the expert had submitted reviews
    of the application, take them out of its official scores as the stage allows (see the
    module's docstring) and log it with the reason. Returns the effect stored on the
    declaration ("" when the expert had submitted nothing).

    Runs in the conflict's transaction; the caller has locked the round, then the application.
    """
    reviews = list(
        Review.all_reviews.filter(
            application_id=application.pk, expert_id=expert.pk, status=ReviewStatus.SUBMITTED
        ).order_by("stage", "is_consensus")
    )
    if not reviews:
        return ""
    round = application.round
    names = {"expert": expert.name, "article": conflict_article()}
    data: dict[str, Any] = {
        "declaration": declaration.pk,
        "expert": expert.pk,
        "expert_name": expert.name,
        "reviews": [
            {"review": r.pk, "stage": r.stage, "consensus": r.is_consensus, "total": str(r.total)}
            for r in reviews
        ],
    }
    status = application.status
    if status in RANKED_STATUSES and recompute_refusal(round) is None:
        effect = ConflictScoreEffect.PENDING
        reason = (
            _(
                "A conflict of interest of %(expert)s was recorded after the composite "
                "evaluation (%(article)s): the expert's reviews must no longer count. The "
                "office must recompute the composite, giving its reason."
            )
            % names
        )
        notify(
            office_users_of_programme(round.programme_id),
            subject=_("Conflict of interest after the composite evaluation"),
            body=reason,
            url=reverse("applications:office_detail", args=[application.pk]) + "#conflicts",
            programme_id=round.programme_id,
        )
    elif status in RANKED_STATUSES or status in DECIDED_STATUSES:
        effect = ConflictScoreEffect.LEADING_GROUP
        reason = (
            _(
                "A conflict of interest of %(expert)s was recorded after the leading group "
                "took up the candidate list (%(article)s): the scores stay as recorded; the "
                "office must take the conflict to the leading group."
            )
            % names
        )
    elif (
        status in (ApplicationStatus.SITE_REVIEW, ApplicationStatus.NOT_SELECTED)
        and application.material_score is not None
    ):
        effect = ConflictScoreEffect.EXCLUDED
        before = application.material_score
        after = official_score(application, ReviewStage.MATERIAL)
        # Not a status move: the score the closed material review stored, corrected.
        Application.objects.filter(pk=application.pk).update(material_score=after)
        page_cache.changed(REVIEW_HUB_SCOPE)  # an update() sends no signal
        application.material_score = after
        data |= {
            "material_before": str(before),
            "material_after": None if after is None else str(after),
        }
        reason = _(
            "%(expert)s has a conflict of interest (%(article)s): the expert's reviews no longer "
            "count. The material score was recomputed without them (%(before)s → %(after)s); "
            "the selection for site review stands."
        ) % (names | {"before": before, "after": "—" if after is None else after})
    else:
        effect = ConflictScoreEffect.EXCLUDED
        reason = (
            _(
                "%(expert)s has a conflict of interest (%(article)s): the expert's reviews no "
                "longer count and are left out when the stage's score is computed."
            )
            % names
        )
    ConflictDeclaration.objects.filter(pk=declaration.pk).update(score_effect=effect)
    declaration.score_effect = effect
    record_decision(
        actor=actor,
        action=(
            "review.conflict_after_close"
            if effect == ConflictScoreEffect.PENDING
            else "review.conflict_after_decision"
            if effect == ConflictScoreEffect.LEADING_GROUP
            else "review.conflict_exclude"
        ),
        obj=application,
        reason=reason,
        data=data,
    )
    return effect


def recompute_composite(round: Round, *, actor: User, reason: str) -> Round:
    """R12, Art. 20: the office recomputes the round's composite after a conflict of interest
    recorded once the composite evaluation was complete.

    Preconditions: the actor is office staff of the programme; a reason; the round's composite
    evaluation complete and the leading group not yet on the list (:func:`recompute_refusal`);
    a conflict awaiting the recomputation.
    Steps: each application with such a conflict gets its material and site scores again from
    the reviews that count (:func:`official_score`); the others keep theirs; then the composite,
    the ranks and the places of every ranked application, as the composite evaluation does.
    Side effects (one transaction, the round locked): the scores, ranks and levels; an
    application crossing the candidate line moves (CANDIDATE <-> NOT_CANDIDATE, logged); the
    conflicts marked excluded; a decision-log row with the reason, the conflicts, every change
    and the new ranking; in deliberation, the leading group is told.
    """
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round.pk)
        if not is_office_of(actor, locked.programme_id):
            raise DomainError(_("Only the office of this programme can do this."))
        if not reason.strip():
            raise DomainError(_("Give the reason for recomputing the composite."))
        pending = list(
            ConflictDeclaration.objects.select_for_update(of=("self",))
            .filter(application__round=locked, score_effect=ConflictScoreEffect.PENDING)
            .select_related("expert")
            .order_by("pk")
        )
        if not pending:
            raise DomainError(
                _("No conflict of interest recorded after the composite evaluation awaits it.")
            )
        refusal = recompute_refusal(locked)
        if refusal is not None:
            raise DomainError(refusal, rule="R12")
        applications = list(
            Application.objects.select_for_update()
            .filter(round=locked, status__in=RANKED_STATUSES)
            .select_related("organisation")
            .order_by("organisation__name")
        )
        affected = {d.application_id for d in pending}
        material: dict[int, Decimal] = {}
        site: dict[int, Decimal] = {}
        for app in applications:
            for stage, scores, stored in (
                (ReviewStage.MATERIAL, material, app.material_score),
                (ReviewStage.SITE, site, app.site_score),
            ):
                value = official_score(app, stage) if app.pk in affected else stored
                if value is None:
                    raise DomainError(
                        _(
                            "%(org)s has no review left that counts in %(stage)s: the composite "
                            "cannot be recomputed; take the conflict to the leading group."
                        )
                        % {"org": app.organisation.name, "stage": ReviewStage(stage).label},
                        rule="R12",
                    )
                scores[app.pk] = value
        ranking = rank_applications(locked, applications, material, site)
        changes = []
        for app in applications:
            entry, placement = ranking.entries[app.pk], ranking.placements[app.pk]
            fields = {
                "material_score": material[app.pk],
                "site_score": site[app.pk],
                "composite_score": entry.composite,
                "sector_rank": ranking.ranks[app.pk],
                "proposed_level": placement.level,
            }
            before = {
                "status": app.status,
                "composite": str(app.composite_score),
                "rank": app.sector_rank,
                "level": app.proposed_level,
            }
            to = ApplicationStatus.CANDIDATE if placement.level else ApplicationStatus.NOT_CANDIDATE
            if to != app.status:
                transition_application(app, to, actor=actor, reason=reason, **fields)
            else:
                Application.objects.filter(pk=app.pk).update(**fields)
                page_cache.changed(REVIEW_HUB_SCOPE)  # an update() sends no signal
            after = {
                "status": str(to),
                "composite": str(entry.composite),
                "rank": ranking.ranks[app.pk],
                "level": placement.level,
            }
            if after != before or app.pk in affected:
                changes.append({"application": app.pk, "before": before, "after": after})
        ConflictDeclaration.objects.filter(pk__in=[d.pk for d in pending]).update(
            score_effect=ConflictScoreEffect.EXCLUDED,
            recomputed_at=timezone.now(),
            recomputed_by=actor,
        )
        record_decision(
            actor=actor,
            action="review.composite_recompute",
            obj=locked,
            reason=reason,
            data={
                "conflicts": [
                    {
                        "declaration": d.pk,
                        "application": d.application_id,
                        "expert": d.expert_id,
                        "expert_name": d.expert.name,
                    }
                    for d in pending
                ],
                "changes": changes,
                **ranking_data(locked, ranking, site),
            },
        )
        if locked.stage == RoundStage.DELIBERATION:
            notify(
                leading_group_users(locked),
                subject=_("Candidate list recomputed"),
                body=_(
                    "The office recomputed the composite evaluation of %(round)s after a "
                    "conflict of interest (%(article)s): %(reason)s"
                )
                % {"round": locked, "article": conflict_article(), "reason": reason},
                url=reverse("reviews:composite_report", args=[locked.pk]),
                programme_id=locked.programme_id,
            )
    return locked
