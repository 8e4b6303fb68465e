"""Reads of the assignment suggestion and random draw: the inputs of a draw taken from the
database (pool, R12 exclusions, industry matches, loads) and the office's view of a draw.
Each is built in a fixed number of queries, whatever the size of the round or the pool."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import translation

from applications.models import Application
from awards.models import Round
from awards.selectors import with_round
from experts.models import ExpertFormerEmployer, ExpertProfile
from organisations.enums import IndustrySection, Sector
from reviews.models import Assignment, AssignmentDraw, ConflictDeclaration, ReviewGroup
from reviews.permissions import pool_of, standing_assignments
from reviews.rules.draw import (
    DrawInputs,
    industry_matches,
    industry_tokens,
    result_from_json,
    shortfalls,
)
from reviews.rules.scoring import former_employer_cutoff
from reviews.selectors.review import assignable_applications


def draw_pool(round: Round, group: ReviewGroup | None = None) -> QuerySet[ExpertProfile]:
    """The experts a draw may pick: the programme's active pool (R12, Art. 32: disqualified
    experts are inactive), with a log-in, and the group's members when a group is given."""
    experts = pool_of(round.programme_id).filter(user__isnull=False, user__is_active=True)
    if group is not None:
        experts = experts.filter(pk__in=group.members.values("pk"))
    return experts.order_by("pk")


def draw_applications(
    round: Round, group: ReviewGroup | None = None, application_ids: list[int] | None = None
) -> QuerySet[Application]:
    """The applications a draw serves: those in material or site review (of the group's
    sector when a group is given; only those named when ``application_ids`` is given)."""
    applications = assignable_applications(round)
    if group is not None:
        applications = applications.filter(sector=group.sector)
    if application_ids is not None:
        applications = applications.filter(pk__in=application_ids)
    return applications


def _descriptors(application: Application) -> list[str]:
    """The applicant's industry as words in both languages (section letter, section, class,
    sector), for matching the expert's industries."""
    org = application.organisation
    words = [org.industry_section, org.industry_class]
    for language in ("zh-hans", "en"):
        with translation.override(language):
            if org.industry_section in IndustrySection.values:
                label = str(IndustrySection(org.industry_section).label)
                words += [label, label.split(" ", 1)[-1]]
            if application.sector in Sector.values:
                words.append(str(Sector(application.sector).label))
    return [w for w in words if w]


def draw_inputs(
    round: Round,
    *,
    per_application: int,
    group: ReviewGroup | None = None,
    application_ids: list[int] | None = None,
) -> tuple[DrawInputs, list[Application], list[ExpertProfile]]:
    """The inputs of a draw for the round (or one group): how many reviewers each application
    still needs (``per_application`` less its standing assignments), the candidates, and for
    each application the experts excluded under R12 and the like:

    - a conflict on record with the applicant organisation, of any kind and source (declared
      by the expert, named by the applicant, recorded by the office, for any of its
      applications);
    - detected conflicts: the expert's employer is the applicant, or a former employer within
      three years;
    - an assignment to the application, active or withdrawn (never drawn twice, nor again
      after the office took the expert off).

    Seven queries whatever the number of applications and experts."""
    applications = list(draw_applications(round, group, application_ids))
    experts = list(draw_pool(round, group))
    pool_ids = {e.pk for e in experts}
    app_ids = [a.pk for a in applications]
    org_ids = {a.organisation_id for a in applications}
    standing = dict(
        standing_assignments()
        .filter(application_id__in=app_ids)
        .values("application_id")
        .annotate(n=Count("pk"))
        .values_list("application_id", "n")
    )
    assigned: dict[int, set[int]] = defaultdict(set)
    for app_id, expert_id in Assignment.objects.filter(application_id__in=app_ids).values_list(
        "application_id", "expert_id"
    ):
        assigned[app_id].add(expert_id)
    conflicted: dict[int, set[int]] = defaultdict(set)  # organisation -> experts
    for org_id, expert_id in ConflictDeclaration.objects.filter(
        application__organisation_id__in=org_ids, has_conflict=True
    ).values_list("application__organisation_id", "expert_id"):
        conflicted[org_id].add(expert_id)
    former: dict[str, set[int]] = defaultdict(set)  # credit code -> experts
    for code, expert_id in ExpertFormerEmployer.objects.filter(
        expert_id__in=pool_ids, to_date__gte=former_employer_cutoff()
    ).values_list("credit_code", "expert_id"):
        if code and code.strip():
            former[code.strip().upper()].add(expert_id)
    load = dict(
        Assignment.objects.filter(
            application__round=round, withdrawn_at__isnull=True, expert_id__in=pool_ids
        )
        .values("expert_id")
        .annotate(n=Count("pk"))
        .values_list("expert_id", "n")
    )
    employer_of = {e.pk: (e.employer_credit_code or "").strip().upper() for e in experts}
    tokens = {e.pk: industry_tokens(e.industries) for e in experts}
    needed: dict[int, int] = {}
    excluded: dict[int, frozenset[int]] = {}
    matches: dict[int, frozenset[int]] = {}
    for app in applications:
        need = per_application - standing.get(app.pk, 0)
        if need <= 0:
            continue
        code = (app.organisation.credit_code or "").strip().upper()
        out = set(assigned[app.pk]) | conflicted[app.organisation_id] | former.get(code, set())
        out |= {pk for pk, employer in employer_of.items() if code and employer == code}
        needed[app.pk] = need
        excluded[app.pk] = frozenset(out & pool_ids)
        descriptors = _descriptors(app)
        matches[app.pk] = frozenset(
            pk for pk in pool_ids - out if industry_matches(tokens[pk], descriptors)
        )
    inputs = DrawInputs(
        pool=tuple(sorted(pool_ids)),
        needed=needed,
        excluded=excluded,
        matches=matches,
        load={pk: n for pk, n in load.items() if n},
    )
    return inputs, applications, experts


# --- the office's view of draws --------------------------------------------------------------


def round_draws(round: Round) -> list[AssignmentDraw]:
    """The round's draws, newest first, for the review hub. One query."""
    return list(
        AssignmentDraw.objects.filter(round=round)
        .select_related("group", "created_by", "decided_by")
        .order_by("-created_at", "-pk")
    )


# The further candidates offered per application (industry first, then the lightest load).
OTHER_CANDIDATES = 50


@dataclass
class DrawRow:
    application: Application
    needed: int
    drawn: list[ExpertProfile]
    others: list[ExpertProfile]  # further candidates the office may pick instead
    accepted: list[ExpertProfile]
    matches: frozenset[int]
    missing: int


def draw_detail(draw: AssignmentDraw) -> dict[str, Any]:
    """One draw with, per application, the experts drawn, the other candidates, what was
    accepted and any shortfall; each expert's load before the draw. Two queries."""
    inputs = DrawInputs.from_json(draw.inputs)
    result = result_from_json(draw.result)
    accepted = result_from_json(draw.accepted or {})
    applications = {
        a.pk: a
        for a in with_round(
            Application.objects.filter(pk__in=list(inputs.needed)).select_related("organisation"),
            draw.round,
        )
    }
    experts = {e.pk: e for e in ExpertProfile.objects.filter(pk__in=inputs.pool)}
    missing = shortfalls(inputs, result)
    rows = []
    present = [pk for pk in inputs.needed if pk in applications]
    for pk in sorted(present, key=lambda k: (applications[k].sector, k)):
        drawn = [experts[e] for e in result.get(pk, []) if e in experts]
        drawn_ids = {e.pk for e in drawn}
        matches = inputs.matches.get(pk, frozenset())
        others = sorted(
            (experts[e] for e in inputs.candidates(pk) if e in experts and e not in drawn_ids),
            key=lambda x: (x.pk not in matches, inputs.load.get(x.pk, 0), x.name, x.pk),
        )[:OTHER_CANDIDATES]
        rows.append(
            DrawRow(
                application=applications[pk],
                needed=inputs.needed[pk],
                drawn=drawn,
                others=others,
                accepted=[experts[e] for e in accepted.get(pk, []) if e in experts],
                matches=matches,
                missing=missing.get(pk, 0),
            )
        )
    return {
        "rows": rows,
        "load": dict(inputs.load),
        "pool_size": len(inputs.pool),
        "shortfall": sum(missing.values()),
    }


def draw_for_office(pk: int) -> AssignmentDraw | None:
    return (
        AssignmentDraw.objects.select_related(
            "round__programme", "group", "created_by", "decided_by"
        )
        .filter(pk=pk)
        .first()
    )
