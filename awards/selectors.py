from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.models import ProgrammeRole, User
from accounts.permissions import AnyUser, office_programme_ids
from accounts.workqueue import WorkItem
from awards import hooks
from awards.enums import CalendarDayKind, NoticeKind, PrizeLevel, RoundStage, WorkPlanStatus
from awards.models import (
    AwardProgramme,
    ConfidentialityCommitment,
    GuidanceDocument,
    HolidayCalendarDay,
    LeadingIndustry,
    PublicationOutlet,
    Round,
    WorkPlan,
    WorkPlanMilestone,
)
from awards.permissions import (
    can_approve_programme_rules,
    can_create_guided_programme,
    can_edit_programme_rules,
    can_guide_programmes,
    can_preview_programme_documents,
    can_read_guidance,
)
from awards.rules import industry_code_covers
from awards.rulesets import RULE_SETTING_FIELDS, programme_rule_settings, round_rule_settings
from awards.stages import next_steps, progress_percent, stage_guide
from common.dates import HolidayCalendar
from common.public_list import ListChoices

_Row = TypeVar("_Row")


def with_round(rows: Iterable[_Row], round: Round) -> list[_Row]:
    """``rows`` (applications, review groups: anything with a ``round``) of ``round``, each
    given that one loaded round: what a row shows from its round's rules (its sector bucket's
    name, Round.sector_labels) is then worked out once for the list, and without a query."""
    rows = list(rows)
    for row in rows:
        if getattr(row, "round_id", None) == round.pk:
            setattr(row, "round", round)  # noqa: B010  # any model with a round
    return rows


def prize_first(field: str = "level") -> Case:
    """An ordering that lists the prize before the nomination prize (the stored values sort
    the other way), as every list of winners and candidates reads."""
    return Case(
        When(**{field: PrizeLevel.PRIZE}, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )


# The public list of call notices (common.page_cache): rendered once per change of a round or
# programme (awards.registrations).
CALLS_SCOPE = "calls"


def public_rounds(programme_id: int | None = None, year: int | None = None) -> QuerySet[Round]:
    """Rounds whose call notice has been published, newest first; of one programme and one
    year when given."""
    rounds = Round.objects.exclude(stage=RoundStage.DRAFT)
    if programme_id is not None:
        rounds = rounds.filter(programme_id=programme_id)
    if year is not None:
        rounds = rounds.filter(year=year)
    return rounds.select_related("programme").order_by("-year", "-pk")


def public_call_choices() -> ListChoices:
    """The programmes and years the public list of call notices can be narrowed to (those
    with a published call), with their numbers of calls. One query, no model instance."""
    rows = (
        Round.objects.exclude(stage=RoundStage.DRAFT)
        .values_list("programme_id", "programme__name", "year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return ListChoices.from_rows(rows)


def _office_rounds(user: AnyUser) -> QuerySet[Round]:
    """The rounds of the programmes the user is office staff of, with their programme."""
    if not user.is_authenticated:
        return Round.objects.none()
    programme_ids = ProgrammeRole.objects.filter(user=user, role=Role.OFFICE, active=True).values(
        "programme_id"
    )
    return Round.objects.filter(programme_id__in=programme_ids).select_related("programme")


def rounds_for_office(user: AnyUser) -> QuerySet[Round]:
    """:func:`_office_rounds` with their numbers of applications, all and submitted."""
    return (
        _office_rounds(user)
        .annotate(
            n_applications=Count("applications", distinct=True),
            n_submitted=Count(
                "applications", filter=~Q(applications__status="draft"), distinct=True
            ),
        )
        .order_by("-year")
    )


def rounds_for_leading_group(user: AnyUser) -> QuerySet[Round]:
    if not user.is_authenticated:
        return Round.objects.none()
    programme_ids = ProgrammeRole.objects.filter(
        user=user, role=Role.LEADING_GROUP, active=True
    ).values("programme_id")
    return (
        Round.objects.filter(programme_id__in=programme_ids)
        .select_related("programme")
        .order_by("-year", "-pk")
    )


def public_round(pk: int) -> Round | None:
    """A round whose call notice is public; None for a draft or an unknown id."""
    return public_rounds().filter(pk=pk).first()


def call_outlets(round: Round) -> QuerySet[PublicationOutlet]:
    """Art. 16: where else the call notice was published."""
    return round.outlets.filter(notice=NoticeKind.CALL).order_by("published_on", "pk")


def office_round(user: AnyUser, pk: int) -> Round | None:
    """A round of a programme the user is office staff of (others: None, so a 404)."""
    # Without rounds_for_office's counts: a round's pages do not show them, and counting a
    # thousand applications grouped by every column of the round was most of the query.
    return _office_rounds(user).select_related("rules_approved_by", "scheme").filter(pk=pk).first()


def leading_group_round(user: AnyUser, pk: int) -> Round | None:
    """A round of a programme the user is a leading-group member of."""
    return rounds_for_leading_group(user).select_related("rules_approved_by").filter(pk=pk).first()


def commitment_of(user: AnyUser, round: Round) -> ConfidentialityCommitment | None:
    if not user.is_authenticated:
        return None
    return ConfidentialityCommitment.objects.filter(round=round, user=user).first()


# What the office's dashboard and work queue read of a round and its programme (the items,
# stage_guide, next_steps, progress_percent; a draft's stages follow its programme's rules):
# every column of both, twice, was most of the cost of the dashboard.
_OFFICE_ROUND_FIELDS = (
    "programme_id",
    "year",
    "title",
    "stage",
    "call_published_at",
    "applications_close_at",
    "rules_approved_at",
    "rule_settings",
    "created_at",
    "programme__name",
    *(f"programme__{name}" for name in RULE_SETTING_FIELDS),
)


def office_rounds_of_request(user: User) -> list[Round]:
    """Every round of the user's office programmes (:data:`_OFFICE_ROUND_FIELDS`), oldest
    first, with whether the user has signed its commitment; read once for the request's
    user: the dashboard's section and the work queue's providers of every app read them.
    One query."""
    rounds: list[Round] | None = getattr(user, "_office_rounds", None)
    if rounds is None:
        # The programmes' ids as read for the request (the other sections ask for them too),
        # not a subquery of the roles.
        rounds = list(
            Round.objects.filter(programme_id__in=office_programme_ids(user))
            .select_related("programme")
            .only(*_OFFICE_ROUND_FIELDS)
            .annotate(
                signed=Exists(
                    ConfidentialityCommitment.objects.filter(round=OuterRef("pk"), user_id=user.pk)
                )
            )
            .order_by("year", "pk")
        )
        user._office_rounds = rounds  # type: ignore[attr-defined]
    return rounds


def dashboard_office(user: User) -> dict[str, Any]:
    """Each round of the user's programmes, newest year first, with what happens now, the
    next steps and its numbers of applications, all and submitted. Two queries (one with the
    work queue's)."""
    rounds = sorted(office_rounds_of_request(user), key=lambda round: -round.year)
    counts = (
        {
            row["pk"]: row
            for row in Round.objects.filter(pk__in=[round.pk for round in rounds])
            .values("pk")
            .annotate(
                n=Count("applications"),
                n_submitted=Count("applications", filter=~Q(applications__status="draft")),
            )
            .order_by()
        }
        if rounds
        else {}
    )
    # Each round's page (linked twice a round), reversed once for the section.
    slot = 987654321
    head, tail = reverse("awards:round_detail", args=[slot]).split(str(slot))
    for round in rounds:
        round.url = f"{head}{round.pk}{tail}"  # type: ignore[attr-defined]
        row = counts[round.pk]
        round.n_applications = row["n"]  # type: ignore[attr-defined]
        round.n_submitted = row["n_submitted"]  # type: ignore[attr-defined]
        round.guide = stage_guide(round)  # type: ignore[attr-defined]
        round.next_steps = next_steps(round)  # type: ignore[attr-defined]
        round.progress = progress_percent(round)  # type: ignore[attr-defined]
    return {"rounds": rounds}


def leading_group_programmes(user: User) -> list[AwardProgramme]:
    """The programmes whose leading group ``user`` belongs to, by name."""
    ids = ProgrammeRole.objects.filter(user=user, role=Role.LEADING_GROUP, active=True).values(
        "programme_id"
    )
    return list(AwardProgramme.objects.filter(pk__in=ids).order_by("name"))


def dashboard_leading_group(user: User) -> dict[str, Any]:
    rounds = list(rounds_for_leading_group(user))
    # Art. 11(3): the work plans submitted to or approved by the leading group (one query).
    plans = WorkPlan.objects.filter(
        programme_id__in=ProgrammeRole.objects.filter(
            user=user, role=Role.LEADING_GROUP, active=True
        ).values("programme_id")
    ).exclude(status=WorkPlanStatus.DRAFT)
    return {
        "work_plans": list(plans.order_by("-year", "pk")[:5]),
        "programmes": leading_group_programmes(user),
        "rules_to_approve": [
            r
            for r in rounds
            if not r.rules_approved
            and r.stage in (RoundStage.DRAFT, RoundStage.APPLICATION, RoundStage.ELIGIBILITY)
        ],
        "rounds": rounds,
    }


# Stages in which a round's review is under way: whoever takes part signs its commitment (R12).
COMMITMENT_STAGES = (
    RoundStage.APPLICATION,
    RoundStage.ELIGIBILITY,
    RoundStage.MATERIAL_REVIEW,
    RoundStage.DEFENCE,
    RoundStage.SITE_REVIEW,
    RoundStage.COMPOSITE,
    RoundStage.DELIBERATION,
    RoundStage.PUBLICITY,
    RoundStage.APPROVAL,
)
# Art. 10: the leading group approves the review rules before material review starts.
RULES_STAGES = (RoundStage.DRAFT, RoundStage.APPLICATION, RoundStage.ELIGIBILITY)


def _rules_item(round: Round, role: str, url: str, action: str) -> WorkItem:
    return WorkItem(
        role=role,
        what=_("%(round)s: the review rules are not yet approved by the leading group.")
        % {"round": round.title},
        on_whom=_("Leading group"),
        url=url,
        action=action,
        programme=round.programme.name,
        since=timezone.localdate(round.created_at),
        reason=_("Material review cannot start before the rules are approved (Art. 10).")
        if round.stage == RoundStage.ELIGIBILITY
        else "",
    )


def commitment_work_item(
    *,
    role: str,
    round_id: int,
    what: str,
    programme: str = "",
    since: date | None = None,
    then: str = "",
) -> WorkItem:
    """R12, Art. 31: the round's confidentiality commitment waiting for the user, in any
    role's queue, linking to the signing page (and back to ``then`` once signed)."""
    url = reverse("awards:sign_commitment", args=[round_id])
    return WorkItem(
        role=role,
        what=what,
        on_whom=_("You"),
        url=f"{url}?{urlencode({'next': then})}" if then else url,
        action=_("Sign the commitment"),
        programme=programme,
        since=since,
    )


def workqueue_office(user: User) -> list[WorkItem]:
    """The office's own commitment for each round under way (R12), the rounds whose review
    rules the leading group has still to approve (Art. 10), and the rounds in their
    question-and-defence stage (R1). One query (none more with the dashboard's section)."""
    items = []
    for round in office_rounds_of_request(user):
        if round.stage in COMMITMENT_STAGES and not round.signed:  # type: ignore[attr-defined]
            items.append(
                commitment_work_item(
                    role=Role.OFFICE,
                    round_id=round.pk,
                    what=_(
                        "%(round)s: sign your confidentiality commitment before you see any"
                        " dossier (Art. 31)."
                    )
                    % {"round": round.title},
                    programme=round.programme.name,
                    since=timezone.localdate(round.call_published_at)
                    if round.call_published_at
                    else None,
                )
            )
        if round.stage in RULES_STAGES and not round.rules_approved:
            items.append(
                _rules_item(
                    round,
                    Role.OFFICE,
                    reverse("awards:round_detail", args=[round.pk]),
                    _("Open the round"),
                )
            )
        if round.stage == RoundStage.DEFENCE:
            # R1: the office records the panel's scores, then starts the site review (from
            # the round page's question-and-defence section, which names who is missing).
            items.append(
                WorkItem(
                    role=Role.OFFICE,
                    what=_(
                        "%(round)s: the question-and-defence stage is open: record each "
                        "organisation's score, then start the site review."
                    )
                    % {"round": round.title},
                    on_whom=_("Award office"),
                    url=reverse("awards:round_detail", args=[round.pk]) + "#round-hub-defence",
                    action=_("Record the scores"),
                    programme=round.programme.name,
                )
            )
    return items


def workqueue_leading_group(user: User) -> list[WorkItem]:
    """Art. 10: the review rules the leading group has still to approve. One query."""
    rounds = rounds_for_leading_group(user).filter(
        stage__in=RULES_STAGES, rules_approved_at__isnull=True
    )
    return [
        _rules_item(
            round,
            Role.LEADING_GROUP,
            reverse("awards:approve_rules", args=[round.pk]),
            _("Approve the rules"),
        )
        for round in rounds
    ]


# A number the office typed before a line ("1. ", "2、", "(3)", "（4）"): the list numbers itself.
_LIST_NUMBER = re.compile(r"^(?:\d+\s*[.、．)）]|[(（]\d+[)）])\s*")


def required_document_list(round: Round) -> list[str]:
    """The call notice's required documents, one a line, without the numbers the office may
    have typed (the page shows them as a numbered list, which would number them twice)."""
    lines = (line.strip() for line in round.required_documents.splitlines())
    return [_LIST_NUMBER.sub("", line) for line in lines if line]


def holiday_calendar(programme_id: int) -> HolidayCalendar:
    """R1 / Art. 21: the programme's holiday calendar as its office keeps it."""
    holidays: set[date] = set()
    working_days: set[date] = set()
    for day, kind in HolidayCalendarDay.objects.filter(programme_id=programme_id).values_list(
        "day", "kind"
    ):
        (holidays if kind == CalendarDayKind.HOLIDAY else working_days).add(day)
    return HolidayCalendar(frozenset(holidays), frozenset(working_days))


def calendar_days(programme: AwardProgramme) -> QuerySet[HolidayCalendarDay]:
    """The programme's calendar entries, in date order."""
    return HolidayCalendarDay.objects.filter(programme=programme).order_by("day")


def leading_industries(programme_id: int) -> QuerySet[LeadingIndustry]:
    """R6 / Art. 15: the programme's list of the city's leading industries, by name."""
    return LeadingIndustry.objects.filter(programme_id=programme_id).order_by("name")


def leading_industries_covering(programme_id: int, industry_class: str) -> list[LeadingIndustry]:
    """R6 / Art. 15: the leading industries of the programme whose GB/T 4754 codes cover an
    organisation's industry class (none when the class is not given)."""
    return [
        industry
        for industry in leading_industries(programme_id)
        if any(industry_code_covers(code, industry_class) for code in industry.class_codes)
    ]


def office_programme(user: AnyUser, pk: int) -> AwardProgramme | None:
    """The programme ``pk`` if ``user`` is of its office, else None (its pages are 404)."""
    programme = AwardProgramme.objects.filter(pk=pk).first()
    if programme is None or not can_edit_programme_rules(user, programme):
        return None
    return programme


def leading_group_programme(user: AnyUser, pk: int) -> AwardProgramme | None:
    """The programme ``pk`` if ``user`` is of its leading group, else None."""
    programme = AwardProgramme.objects.filter(pk=pk).first()
    if programme is None or not can_approve_programme_rules(user, programme):
        return None
    return programme


# --- The annual work plan (Art. 11(3)) -----------------------------------------------------

_STAGE_ORDER = {stage: index for index, stage in enumerate(RoundStage.values)}


def milestone_done(milestone: WorkPlanMilestone) -> bool:
    """Done when the office says so, or, for a milestone naming a round's stage, once the
    round has reached that stage."""
    if milestone.done_on is not None:
        return True
    if milestone.round is None or not milestone.stage:
        return False
    return _STAGE_ORDER[milestone.round.stage] >= _STAGE_ORDER[milestone.stage]


def _plans() -> QuerySet[WorkPlan]:
    return WorkPlan.objects.select_related("programme", "approved_by").prefetch_related(
        Prefetch(
            "milestones",
            queryset=WorkPlanMilestone.objects.select_related("round__programme").order_by(
                "due_on", "pk"
            ),
        )
    )


def work_plans_for_office(user: AnyUser) -> QuerySet[WorkPlan]:
    """The work plans of the programmes ``user`` is office staff of, newest year first."""
    return _plans().filter(programme_id__in=office_programme_ids(user)).order_by("-year", "pk")


def work_plans_for_leading_group(user: AnyUser) -> QuerySet[WorkPlan]:
    """The plans submitted to or approved by the leading groups ``user`` belongs to."""
    if not user.is_authenticated:
        return WorkPlan.objects.none()
    ids = ProgrammeRole.objects.filter(user=user, role=Role.LEADING_GROUP, active=True).values(
        "programme_id"
    )
    return (
        _plans()
        .filter(programme_id__in=ids)
        .exclude(status=WorkPlanStatus.DRAFT)
        .order_by("-year", "pk")
    )


def office_work_plan(user: AnyUser, pk: int) -> WorkPlan | None:
    """A plan of the user's office (others: None, so a 404)."""
    return work_plans_for_office(user).filter(pk=pk).first()


def leading_group_work_plan(user: AnyUser, pk: int) -> WorkPlan | None:
    """A submitted or approved plan of the user's leading group (a draft is the office's)."""
    return work_plans_for_leading_group(user).filter(pk=pk).first()


def plan_progress(plan: WorkPlan, today: date | None = None) -> dict[str, Any]:
    """Art. 11(3): progress against the plan: its milestones done, overdue (not done and the
    due day has ended) and still to come, the next one. Reads the prefetched milestones."""
    today = today or timezone.localdate()
    rows = []
    for milestone in plan.milestones.all():
        done = milestone_done(milestone)
        rows.append(
            {
                "milestone": milestone,
                "done": done,
                "overdue": not done and milestone.due_on < today,
            }
        )
    total = len(rows)
    done_count = sum(1 for row in rows if row["done"])
    return {
        "rows": rows,
        "total": total,
        "done": done_count,
        "overdue": sum(1 for row in rows if row["overdue"]),
        "percent": int(100 * done_count / total + 0.5) if total else 0,
        "next": next((row["milestone"] for row in rows if not row["done"]), None),
    }


def plan_sections(plan: WorkPlan) -> dict[str, Any]:
    """What the plan's pages show besides its milestones: training, budget (with its total),
    research. Four queries."""
    budget = list(plan.budget_lines.order_by("pk"))
    return {
        "trainings": list(plan.trainings.order_by("planned_on", "pk")),
        "budget_lines": budget,
        "budget_total": plan.budget_lines.aggregate(total=Sum("amount"))["total"] or 0,
        "research_notes": list(plan.research_notes.order_by("pk")),
    }


def approved_plan_for_round(round: Round) -> WorkPlan | None:
    """The approved work plan of the round's programme for the round's year (the archive)."""
    return (
        _plans()
        .filter(programme_id=round.programme_id, year=round.year, status=WorkPlanStatus.APPROVED)
        .first()
    )


def _office_plans_of_request(user: User) -> list[WorkPlan]:
    """The plans :func:`work_plans_for_office` lists, with their milestones, read once for
    the request's user: the dashboard's section and its work queue both show them."""
    plans: list[WorkPlan] | None = getattr(user, "_office_work_plans", None)
    if plans is None:
        # The columns the section and the queue show and plan_progress reads: every column
        # of the plan, its programme and its approver was most of the query.
        milestones = (
            WorkPlanMilestone.objects.select_related("round")
            .only("plan", "title", "due_on", "done_on", "stage", "round__stage")
            .order_by("due_on", "pk")
        )
        plans = list(
            WorkPlan.objects.filter(programme_id__in=office_programme_ids(user))
            .select_related("programme")
            .only("programme", "year", "title", "status", "programme__name")
            .prefetch_related(Prefetch("milestones", queryset=milestones))
            .order_by("-year", "pk")
        )
        user._office_work_plans = plans  # type: ignore[attr-defined]
    return plans


def dashboard_work_plans(user: User) -> dict[str, Any]:
    """The office's dashboard: each programme's latest plan and its progress. Two queries
    (none more with the work queue's)."""
    latest: dict[int, WorkPlan] = {}
    for plan in _office_plans_of_request(user):
        latest.setdefault(plan.programme_id, plan)
    today = timezone.localdate()
    return {
        "plans": [(plan, plan_progress(plan, today)) for plan in latest.values()],
        "year": today.year,
    }


def work_plan_items_office(user: User) -> list[WorkItem]:
    """Art. 11(3): the overdue milestones of each plan, one line per plan. Two queries (none
    more with the dashboard's section)."""
    today = timezone.localdate()
    items = []
    for plan in _office_plans_of_request(user):
        progress = plan_progress(plan, today)
        if not progress["overdue"]:
            continue
        first = next(row["milestone"] for row in progress["rows"] if row["overdue"])
        items.append(
            WorkItem(
                role=Role.OFFICE,
                what=_("%(plan)s: %(n)d milestones overdue.")
                % {"plan": plan.title, "n": progress["overdue"]},
                on_whom=_("You"),
                url=reverse("awards:work_plan_detail", args=[plan.pk]),
                action=_("Open the work plan"),
                programme=plan.programme.name,
                until=first.due_on,
                overdue=True,
                count=progress["overdue"],
            )
        )
    return items


def work_plan_items_leading_group(user: User) -> list[WorkItem]:
    """Art. 11(3): the work plans submitted and waiting for the leading group. One query."""
    plans = (
        work_plans_for_leading_group(user)
        .filter(status=WorkPlanStatus.SUBMITTED)
        # The queue needs no milestone.
        .prefetch_related(None)
    )
    return [
        WorkItem(
            role=Role.LEADING_GROUP,
            what=_("%(plan)s: the office submitted it for your approval.") % {"plan": plan.title},
            on_whom=_("Leading group"),
            url=reverse("awards:approve_work_plan", args=[plan.pk]),
            action=_("Read and approve"),
            programme=plan.programme.name,
            since=timezone.localdate(plan.submitted_at) if plan.submitted_at else None,
        )
        for plan in plans
    ]


# --- Guiding the county and zone awards (Art. 11(9)) ----------------------------------------


def guiding_programme(user: AnyUser, pk: int) -> AwardProgramme | None:
    """The programme ``pk`` if ``user`` is of its office and it guides other programmes on the
    portal (a county's office: None, so a 404)."""
    programme = AwardProgramme.objects.filter(pk=pk).first()
    if programme is None or not can_guide_programmes(user, programme):
        return None
    if not programme.guided_programmes.exists():
        return None
    return programme


def founding_programme(user: AnyUser, pk: int) -> AwardProgramme | None:
    """The programme ``pk`` if ``user``'s office may set up programmes it guides (a city
    programme's office), else None (the page is a 404)."""
    programme = AwardProgramme.objects.filter(pk=pk).first()
    if programme is None or not can_create_guided_programme(user, programme):
        return None
    return programme


def guiding_programmes_of(user: AnyUser) -> list[AwardProgramme]:
    """The user's office programmes that guide county or zone programmes (the links)."""
    return list(
        AwardProgramme.objects.filter(
            pk__in=office_programme_ids(user), guided_programmes__isnull=False
        )
        .only("name")  # the links name the programme
        .distinct()
        .order_by("name")
    )


def guided_overview(programme: AwardProgramme) -> dict[str, Any]:
    """Art. 11(9): every programme ``programme`` guides, each round with its stage and its
    numbers (applications, winners, revocations: ``hooks.oversight_counts``), counted by
    aggregate queries without opening a dossier. Two queries and one per number."""
    guided = list(programme.guided_programmes.order_by("name"))
    rounds = list(
        Round.objects.filter(programme__guided_by=programme).order_by("programme_id", "-year")
    )
    ids = [round.pk for round in rounds]
    columns = list(hooks.oversight_counts)
    counts = {column.key: column.count(ids) if ids else {} for column in columns}
    per_programme: dict[int, list[dict[str, Any]]] = {p.pk: [] for p in guided}
    for round in rounds:
        per_programme[round.programme_id].append(
            {
                "round": round,
                "numbers": [counts[column.key].get(round.pk, 0) for column in columns],
            }
        )
    return {
        "columns": [column.label for column in columns],
        "programmes": [(p, per_programme[p.pk]) for p in guided],
    }


def guidance_published_by(programme: AwardProgramme) -> QuerySet[GuidanceDocument]:
    return GuidanceDocument.objects.filter(programme=programme).select_related("published_by")


def guidance_for_office(user: AnyUser) -> QuerySet[GuidanceDocument]:
    """Art. 11(9): the guidance the city office published to the user's county or zone
    programmes, newest first."""
    guiding = AwardProgramme.objects.filter(pk__in=office_programme_ids(user)).values(
        "guided_by_id"
    )
    return GuidanceDocument.objects.filter(programme_id__in=guiding).select_related("programme")


def readable_guidance(user: AnyUser, pk: int) -> GuidanceDocument | None:
    """A guidance document the user may read (its publisher's office, the guided offices)."""
    document = GuidanceDocument.objects.select_related("programme").filter(pk=pk).first()
    if document is None or not can_read_guidance(user, document):
        return None
    return document


def dashboard_guidance(user: User) -> dict[str, Any]:
    """The office's dashboard: the guidance received (a county or zone office) and the
    oversight pages (the city office). Three queries."""
    # The columns the section shows (templates/awards/_dashboard_guidance.html).
    received = guidance_for_office(user).only(
        "pk", "title", "published_at", "programme__office_name"
    )
    return {"received": list(received[:10]), "guiding": guiding_programmes_of(user)}


def hosted_programmes() -> QuerySet[AwardProgramme]:
    """Every programme the installation hosts, for its operator's list: the guiding programme's
    name and the number of its office's active users in the same query."""
    return (
        AwardProgramme.objects.select_related("guided_by")
        .annotate(
            office_users=Count(
                "roles", filter=Q(roles__role=Role.OFFICE, roles__active=True), distinct=True
            ),
            leading_group_users=Count(
                "roles",
                filter=Q(roles__role=Role.LEADING_GROUP, roles__active=True),
                distinct=True,
            ),
        )
        .order_by("name", "pk")
    )


def previewable_programme(user: AnyUser, pk: int) -> AwardProgramme | None:
    """The programme ``pk`` if ``user`` may see the specimens of its rules (its office and
    leading group), else None (the page is a 404)."""
    programme = AwardProgramme.objects.filter(pk=pk).first()
    if programme is None or not can_preview_programme_documents(user, programme):
        return None
    return programme


def sector_bucket_codes(rounds: QuerySet[Round], programmes: QuerySet[AwardProgramme]) -> list[str]:
    """R2: the codes of the sector buckets of ``rounds``' rules (each the copy it kept, a
    draft its programme's) and of ``programmes``' current rules, each once, in their order."""
    codes: dict[str, None] = {}
    for round in rounds.select_related("programme"):
        codes.update(dict.fromkeys(b.code for b in round_rule_settings(round).buckets()))
    for programme in programmes:
        codes.update(dict.fromkeys(b.code for b in programme_rule_settings(programme).buckets()))
    return list(codes)
