"""Reads for expert review: what an expert has to do, the office's assignment table, review
progress per stage, the composite report. Each list is built in a fixed number of queries."""

from __future__ import annotations

import threading
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch, QuerySet

from accounts.enums import Role
from accounts.models import User
from applications.enums import ApplicationStatus
from applications.models import Application
from awards import history
from awards.enums import NomineeKind, PrizeLevel, RoundStage, TiltRule
from awards.models import ConfidentialityCommitment, Round, ScoringCategory, ScoringItem
from awards.selectors import with_round
from common import kept_pages
from common.urls import id_urls
from experts.models import ExpertProfile
from reviews.enums import ReviewStage, ReviewStatus
from reviews.models import Assignment, ConflictDeclaration, Review, ReviewDeadline, ReviewGroup
from reviews.permissions import (
    STAGE_STATES,
    expert_profile_of,
    no_conflict_declared,
    pool_of,
    shaped_standing_assignments,
    standing_assignments,
)
from reviews.rules.scoring import Quotas, mean_score, quota_use, tilt_bonus

# Applications that reached expert review (the office's assignment table lists them).
REVIEWED_STATUSES = (
    ApplicationStatus.ELIGIBLE,
    ApplicationStatus.SITE_REVIEW,
    ApplicationStatus.NOT_SELECTED,
    ApplicationStatus.CANDIDATE,
    ApplicationStatus.NOT_CANDIDATE,
    ApplicationStatus.PROPOSED,
    ApplicationStatus.NOT_PROPOSED,
    ApplicationStatus.AWARDED,
    ApplicationStatus.NOT_AWARDED,
)
# Applications the composite evaluation placed (and what became of them later).
RANKED_STATUSES = REVIEWED_STATUSES[3:]


# --- the expert --------------------------------------------------------------------------


@dataclass
class ExpertTask:
    """One assignment on the expert's dashboard, with what to do next."""

    assignment: Assignment
    application: Application
    next_step: str  # sign | declare | score | submitted | wait
    stage: str = ""
    review: Review | None = None
    reviews: list[Review] = field(default_factory=list)
    due: ReviewDeadline | None = None  # the stage's due date, when set
    # The pages the dashboard and the work queue link to: declare, dossier, score, consensus.
    links: dict[str, str] = field(default_factory=dict)


TASK_COLUMNS = (
    "expert_id",
    "group_id",
    "assigned_at",
    "withdrawn_at",
    "application__status",
    "application__nominee_kind",
    "application__round__title",
    "application__round__stage",
    "application__round__year",
    "application__round__programme__name",
    "application__organisation__name",
)


def _task_shape(assignments: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """The assignments as :func:`expert_tasks` reads them (kept by
    reviews.permissions.shaped_standing_assignments)."""
    return (
        assignments.annotate(declared_no_conflict=no_conflict_declared())
        .select_related("application__round__programme", "application__organisation")
        # The columns the dashboard and the work queue show: the rows of a round, its
        # programme and the organisation are wide (texts, rules as JSON), and were most of
        # the dashboard's time.
        .only(*TASK_COLUMNS)
        .order_by("-application__round__year", "application__organisation__name")
    )


def expert_tasks(user: User, profile: ExpertProfile | None = None) -> list[ExpertTask]:
    """The user's assignments in good standing (conflicted ones left out, R12), newest round
    first, each with its next step. Four queries whatever the number of assignments."""
    profile = profile or expert_profile_of(user)
    if profile is None:
        return []
    assignments = list(shaped_standing_assignments(_task_shape).filter(expert=profile))
    app_ids = [a.application_id for a in assignments]
    reviews: dict[tuple[int, str], Review] = {
        (r.application_id, r.stage): r
        for r in Review.objects.filter(expert=profile, application_id__in=app_ids)
    }
    round_ids = {a.application.round_id for a in assignments}
    signed = set(
        ConfidentialityCommitment.objects.filter(user=user, round_id__in=round_ids).values_list(
            "round_id", flat=True
        )
    )
    tasks = []
    for assignment in assignments:
        application = assignment.application
        own = [
            reviews[(application.pk, s)]
            for s in ReviewStage.values
            if (application.pk, s) in reviews
        ]
        task = ExpertTask(assignment, application, "wait", reviews=own)
        if application.round_id not in signed:
            task.next_step = "sign"
        elif not assignment.declared_no_conflict:  # type: ignore[attr-defined]
            task.next_step = "declare"
        else:
            for stage, (status, round_stage) in STAGE_STATES.items():
                if application.status == status and application.round.stage == round_stage:
                    task.stage = stage
                    task.review = reviews.get((application.pk, stage))
                    submitted = task.review and task.review.status == ReviewStatus.SUBMITTED
                    task.next_step = "submitted" if submitted else "score"
        tasks.append(task)
    return tasks


def request_expert_tasks(user: User) -> tuple[ExpertProfile | None, list[ExpertTask]]:
    """The user's expert profile and :func:`expert_tasks`, cached on the user object for the
    request as ``roles_of`` and the work queue are: the dashboard's section and its work queue
    read the same tasks."""
    cached: tuple[ExpertProfile | None, list[ExpertTask]] | None = getattr(
        user, "_portal_expert_tasks", None
    )
    if cached is None:
        profile = expert_profile_of(user)
        cached = (profile, expert_tasks(user, profile) if profile else [])
        _add_links(cached[1])
        user._portal_expert_tasks = cached  # type: ignore[attr-defined]
    return cached


def _add_links(tasks: list[ExpertTask]) -> None:
    """Each task's links, every URL pattern reversed once for all the tasks."""
    if not tasks:
        return
    declare, dossier = id_urls("reviews:declare"), id_urls("reviews:dossier")
    score = {s: id_urls("reviews:score", tail=(s,)) for s in ReviewStage.values}
    consensus = {s: id_urls("reviews:consensus", tail=(s,)) for s in ReviewStage.values}
    for task in tasks:
        pk = task.application.pk
        task.links = {"declare": declare(pk), "dossier": dossier(pk)}
        if task.stage:
            task.links["score"] = score[task.stage](pk)
            task.links["consensus"] = consensus[task.stage](pk)


def dashboard_expert(user: User) -> dict[str, Any]:
    """The expert's dashboard section: per round, the assignments and the next step of each."""
    profile, tasks = request_expert_tasks(user)
    by_round: dict[int, dict[str, Any]] = {}
    for task in tasks:
        round = task.application.round
        entry = by_round.setdefault(round.pk, {"round": round, "must_sign": False, "tasks": []})
        entry["tasks"].append(task)
        entry["must_sign"] = entry["must_sign"] or task.next_step == "sign"
    deadlines = request_task_deadlines(user, tasks)
    for entry in by_round.values():
        for task in entry["tasks"]:
            task.due = deadlines.get((entry["round"].pk, task.stage))
    return {"rounds": list(by_round.values()), "is_expert": profile is not None, "profile": profile}


def request_task_deadlines(
    user: User, tasks: list[ExpertTask]
) -> dict[tuple[int, str], ReviewDeadline]:
    """The review due dates of the rounds of ``tasks`` (the user's :func:`request_expert_tasks`),
    read once a request for the dashboard's section and its work queue."""
    cached: dict[tuple[int, str], ReviewDeadline] | None = getattr(
        user, "_portal_task_deadlines", None
    )
    if cached is None:
        round_ids = list({task.application.round_id for task in tasks})
        cached = review_deadlines(round_ids) if round_ids else {}
        user._portal_task_deadlines = cached  # type: ignore[attr-defined]
    return cached


def own_reviews(user: User, application: Application) -> list[Review]:
    return list(
        Review.objects.filter(application=application, expert__user_id=user.pk).order_by("stage")
    )


def own_review(user: User, application: Application, stage: str) -> Review | None:
    return (
        Review.objects.filter(application=application, expert__user_id=user.pk, stage=stage)
        .prefetch_related("item_scores", "feedback")
        .first()
    )


# The scoring schemes as the scoring and consensus pages read them, per process: a scheme
# changes rarely (the admin, a data migration), and every save or deletion of a scheme, a
# category or an item moves the shared version (``forget_schemes``), so that every process
# reads the schemes again on its next page. A bulk ``QuerySet.update`` of those tables sends
# no signal: call ``forget_schemes`` after one.
SCHEME_VERSION_KEY = "reviews:scheme-version"
_schemes: dict[tuple[int, str], tuple[ScoringCategory, ...]] = {}
_schemes_lock = threading.Lock()


def forget_schemes(**kwargs: object) -> None:
    """Move the schemes' shared version on (a signal receiver: any arguments)."""
    cache.set(SCHEME_VERSION_KEY, uuid.uuid4().hex, None)
    transaction.on_commit(lambda: cache.set(SCHEME_VERSION_KEY, uuid.uuid4().hex, None))


def scheme_categories(round: Round, scheme_id: int | None = None) -> list[ScoringCategory]:
    """The round's scoring scheme (GB/T 19580 as data), or ``scheme_id``'s (an individual
    nominee's), categories with their items; read only (the objects are shared by the
    process's requests)."""
    wanted = scheme_id or round.scheme_id
    kept_pages.note_version(SCHEME_VERSION_KEY)  # read from this process's copy, not a query
    version = cache.get(SCHEME_VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(SCHEME_VERSION_KEY, version, None):
            version = cache.get(SCHEME_VERSION_KEY) or version
    key = (wanted, version)
    categories = _schemes.get(key)
    if categories is None:
        categories = tuple(
            ScoringCategory.objects.filter(scheme_id=wanted)
            .order_by("order")
            .prefetch_related(Prefetch("items", queryset=ScoringItem.objects.order_by("order")))
        )
        with _schemes_lock:
            for old in [k for k in _schemes if k[1] != version]:
                del _schemes[old]
            _schemes[key] = categories
    return list(categories)


def dossier_attachments(application: Application) -> QuerySet[Any]:
    return application.attachments.order_by("kind", "uploaded_at")


# --- progress of a review stage -------------------------------------------------------------


@dataclass
class StageProgress:
    """Per application: the counted totals (submitted reviews of experts in good standing) and
    what is still missing."""

    totals: dict[int, list[Decimal]]
    missing: dict[int, list[str]]

    def means(self) -> dict[int, Decimal]:
        return {pk: mean_score(totals) for pk, totals in self.totals.items() if totals}


def stage_progress(applications: list[Application], stage: str) -> StageProgress:
    """Every active assignment in good standing needs its submitted review of ``stage``;
    a conflicted expert's review is left out (R12). Two queries."""
    from django.utils.translation import gettext as _

    ids = [a.pk for a in applications]
    # Values, not instances: a page of fifty applications has some 250 assignments.
    assignments = list(
        standing_assignments()
        .filter(application_id__in=ids)
        .order_by("expert__name")
        .values_list("application_id", "expert_id", "expert__name")
    )
    submitted = {
        (application_id, expert_id): total
        for application_id, expert_id, total in Review.objects.filter(
            application_id__in=ids, stage=stage, status=ReviewStatus.SUBMITTED
        ).values_list("application_id", "expert_id", "total")
    }
    totals: dict[int, list[Decimal]] = {pk: [] for pk in ids}
    missing: dict[int, list[str]] = defaultdict(list)
    for application_id, expert_id, expert_name in assignments:
        key = (application_id, expert_id)
        if key in submitted:
            totals[application_id].append(submitted[key])
        else:
            missing[application_id].append(
                _("%(expert)s has not submitted") % {"expert": expert_name}
            )
    for pk in ids:
        if not totals[pk] and not missing[pk]:
            missing[pk].append(_("no reviewer assigned"))
    return StageProgress(totals=totals, missing=dict(missing))


# --- the office -------------------------------------------------------------------------------


def expert_pool(round: Round) -> QuerySet[ExpertProfile]:
    return pool_of(round.programme_id).order_by("name")


def review_groups(round: Round) -> list[ReviewGroup]:
    return with_round(
        ReviewGroup.objects.filter(round=round)
        .select_related("leader")
        .prefetch_related(Prefetch("members", queryset=ExpertProfile.objects.order_by("name")))
        .order_by("sector", "name"),
        round,
    )


def reviewed_applications(round: Round) -> QuerySet[Application]:
    return (
        Application.objects.filter(round=round, status__in=REVIEWED_STATUSES)
        .select_related("organisation", "round__programme")
        .order_by("sector", "organisation__name")
    )


# The statuses whose applications take new assignments.
ASSIGNABLE_STATUSES = (ApplicationStatus.ELIGIBLE, ApplicationStatus.SITE_REVIEW)


def assignable_applications(round: Round) -> QuerySet[Application]:
    return reviewed_applications(round).filter(status__in=ASSIGNABLE_STATUSES)


@dataclass
class AssignmentRow:
    assignment: Assignment
    declaration: ConflictDeclaration | None
    reviews: dict[str, Review]


def assignment_table(
    round: Round, applications: list[Application] | None = None
) -> list[dict[str, Any]]:
    """Each reviewed application (or those given: one page of them) with its experts (withdrawn
    ones too, with the reason), their declaration and their review per stage. Four queries
    whatever the size."""
    if applications is None:
        applications = list(reviewed_applications(round))
    ids = [a.pk for a in applications]
    assignments = list(
        Assignment.objects.filter(application_id__in=ids)
        .select_related("expert", "group")
        .order_by("withdrawn_at", "expert__name")
    )
    declarations: dict[tuple[int, int], ConflictDeclaration] = {}
    for d in ConflictDeclaration.objects.filter(application_id__in=ids).order_by("declared_at"):
        declarations[(d.application_id, d.expert_id)] = d  # the latest wins
    reviews: dict[tuple[int, int], dict[str, Review]] = defaultdict(dict)
    for r in Review.objects.filter(application_id__in=ids):
        reviews[(r.application_id, r.expert_id)][r.stage] = r
    rows: dict[int, list[AssignmentRow]] = defaultdict(list)
    for a in assignments:
        key = (a.application_id, a.expert_id)
        rows[a.application_id].append(AssignmentRow(a, declarations.get(key), reviews[key]))
    return [{"application": app, "rows": rows[app.pk]} for app in applications]


def leading_group_users(round: Round) -> QuerySet[User]:
    return User.objects.filter(
        programme_roles__programme_id=round.programme_id,
        programme_roles__role=Role.LEADING_GROUP,
        programme_roles__active=True,
        is_active=True,
    ).distinct()


def repeat_prize_winner_ids(round: Round, organisation_ids: list[int]) -> set[int]:
    """The batch form of applications.rules.is_repeat_prize_winner (R4/R7), same conditions:
    an earlier prize, in the portal or imported."""
    return history.prize_winner_ids_before(round, organisation_ids)


# What the composite report's web page shows of each ranked application.
COMPOSITE_PAGE_COLUMNS = (
    "sector",
    "sector_rank",
    "material_score",
    "site_score",
    "composite_score",
    "proposed_level",
    *Application.PRIORITY_TAG_FIELDS,
    "leader_tag_decision",
    "round_id",
    "organisation__name",
    # R4: an individual nominee ranks in the individual award's group, by name.
    "nominee_kind",
    "nominee__full_name",
)


@dataclass(frozen=True)
class BucketHeading:
    """R2: a sector bucket of the round's rules as the composite report heads it."""

    value: str
    label: str


def composite_report(
    round: Round, page: str | int | None = None, per_page: int | None = None
) -> dict[str, Any]:
    """Art. 20: ranking per sector with material, site and composite scores, priority tags
    (R6, and the bonus they added under a "bonus" rule), repeat winners (R7), proposed level
    and the use of each quota (R2). Three queries whatever the size.

    With ``per_page`` (the web page) the ranking rows are those of one page (``"page"`` in the
    result: a Paginator page) while the quota use is still counted over every application, from
    a light query of (sector, level, organisation) (four queries whatever the size)."""
    ranked = Application.objects.filter(
        round=round, status__in=RANKED_STATUSES, composite_score__isnull=False
    )
    ordered = ranked.select_related("organisation", "nominee").order_by(
        "sector", "sector_rank", "organisation__name", "pk"
    )
    paged = None
    if per_page:
        every = [
            # R4: a person's place is the individual award's, not its employer's sector's.
            (NomineeKind.INDIVIDUAL.value if kind == NomineeKind.INDIVIDUAL else sector, lvl, org)
            for sector, kind, lvl, org in ranked.values_list(
                "sector", "nominee_kind", "proposed_level", "organisation_id"
            )
        ]
        # Performance: the page's columns only (reviews/composite_report.html).
        paginator = Paginator(ordered.only(*COMPOSITE_PAGE_COLUMNS), per_page)
        paginator.count = len(every)  # known already: no COUNT query
        paged = paginator.get_page(page)
        applications = list(paged.object_list)
    else:
        applications = list(ordered)
        every = [(a.quota_sector, a.proposed_level, a.organisation_id) for a in applications]
    for app in applications:
        # Every row is of this round: its proposed level is named by the round's kept rules.
        app.round = round
    repeat = repeat_prize_winner_ids(round, [org for _s, _l, org in every])
    sector_totals = Counter(sector for sector, _l, _o in every)
    quotas = Quotas.from_round(round)
    sectors = []
    # R2: a block per sector bucket of the round's rules, in their order; R4: the people
    # nominated rank in a group of their own, for the individual award's places.
    groups = [BucketHeading(code, name) for code, name in quotas.sector_names.items()]
    if round.accepts_individuals():
        groups.append(
            BucketHeading(NomineeKind.INDIVIDUAL.value, str(NomineeKind.INDIVIDUAL.label))
        )
    for sector in groups:
        code = sector.value
        rows = []
        for app in applications:
            if app.quota_sector != code:
                continue
            is_repeat = app.organisation_id in repeat
            rows.append(
                {
                    "application": app,
                    "is_repeat": is_repeat,
                    "outside_quota": is_repeat
                    and app.proposed_level == PrizeLevel.PRIZE
                    and PrizeLevel.PRIZE in quotas.repeat_outside,
                    "bonus": tilt_bonus(round.tilt_rule, round.tilt_bonus_points, app.tilt_count),
                }
            )
        # A page shows the sectors of its rows (a sector with none at all: on the first page).
        if paged is None or rows or (paged.number == 1 and not sector_totals.get(code)):
            sectors.append({"sector": sector, "rows": rows})
    # R7: the repeat flag the composite knows is an earlier prize; it matters at prize level.
    selections = [
        (sector, level, level == PrizeLevel.PRIZE and org in repeat)
        for sector, level, org in every
        if level
    ]
    use = quota_use(selections, quotas)
    return {
        "computed": round.stage
        not in (
            RoundStage.DRAFT,
            RoundStage.APPLICATION,
            RoundStage.ELIGIBILITY,
            RoundStage.MATERIAL_REVIEW,
            RoundStage.DEFENCE,
            RoundStage.SITE_REVIEW,
        ),
        "sectors": sectors,
        "quota_use": [
            {
                "level": PrizeLevel(level),
                "total": data["total"],
                "total_quota": data["total_quota"],
                "outside_quota": data["outside_quota"],
                "sectors": [
                    {"sector": BucketHeading(s, quotas.sector_names[s]), **counts}
                    for s, counts in data["sectors"].items()
                ],
            }
            for level, data in use.items()
        ],
        "tilt_is_bonus": round.tilt_rule == TiltRule.BONUS_POINTS,
        "page": paged,
    }


def site_review_candidates(round: Round) -> list[dict[str, Any]]:
    """For the "select for site review" form: each application in material review with its
    current mean material score (None while reviews are missing) and whether it reaches the
    round's threshold."""
    return site_review_candidate_rows(round, list(site_review_applications(round)))


def site_review_applications(round: Round) -> QuerySet[Application]:
    """The applications in material review, in the order of the site-selection table."""
    return (
        Application.objects.filter(round=round, status=ApplicationStatus.ELIGIBLE)
        .select_related("organisation", "round__programme")
        .order_by("sector", "organisation__name", "pk")
    )


def site_review_candidate_rows(
    round: Round, applications: list[Application]
) -> list[dict[str, Any]]:
    """The rows of :func:`site_review_candidates` for the given applications only (the page
    shown: the means are computed for those rows, not for the whole round). Two queries."""
    progress = stage_progress(applications, ReviewStage.MATERIAL)
    means = progress.means()
    rows = []
    for app in applications:
        complete = app.pk not in progress.missing
        score = means.get(app.pk) if complete else None
        rows.append(
            {
                "application": app,
                "score": score,
                "missing": progress.missing.get(app.pk, []),
                "reaches": score is not None and score >= round.site_review_min_score,
            }
        )
    return rows


def review_deadlines(round_ids: list[int]) -> dict[tuple[int, str], ReviewDeadline]:
    """The review due dates of the rounds, by (round id, stage); one query."""
    return {(d.round_id, d.stage): d for d in ReviewDeadline.objects.filter(round_id__in=round_ids)}
