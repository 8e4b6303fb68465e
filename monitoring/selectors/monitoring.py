"""Reads about a winner's obligations after the award (Art. 24-26, 29, R9, R10): every
obligation of a grant with its due date and state, the office's overview and chart, the
re-assessment pool without conflicts, the opportunities for improvement of the feedback
report, and the fund-use check results shown on later applications."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import AnyUser, office_programme_ids
from applications.permissions.application import organisation_id_of
from awards.rulesets import RULE_SETTING_FIELDS
from common import page_cache
from experts.models import ExpertFormerEmployer, ExpertProfile
from grants.enums import GrantStatus
from grants.models import AwardGrant
from grants.rules.grant import grant_state
from monitoring import rules
from monitoring.enums import (
    ART26_PURPOSES,
    FundPurpose,
    FundReportStatus,
    ObligationState,
    ReassessmentResult,
    VisitStatus,
)
from monitoring.models import (
    AnnualReport,
    AnnualReportAttachment,
    FundUseCircular,
    FundUseItem,
    FundUseReport,
    ReAssessment,
    ReturnVisit,
)
from monitoring.permissions.annual_reports import (
    can_view_report_as_office,
    can_view_report_as_winner,
)
from monitoring.permissions.monitoring import (
    can_view_as_office,
    can_view_as_winner,
    has_prize_money,
)
from monitoring.selectors.annual_reports import report_state
from reviews.enums import ReviewStatus
from reviews.models import CategoryFeedback, ConflictDeclaration, Review
from reviews.permissions import pool_of, standing_assignments
from reviews.rules.scoring import former_employer_cutoff

# --- opportunities for improvement (the feedback report, Art. 24) --------------------------


@dataclass(frozen=True)
class Opportunity:
    key: str
    category_id: int | None
    category_name: str
    text: str


def opportunity_key(category_id: int | None, text: str) -> str:
    return hashlib.sha256(f"{category_id}|{text}".encode()).hexdigest()


def _split(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def opportunities_by_application(application_ids: list[int]) -> dict[int, list[Opportunity]]:
    """Application id -> the opportunities for improvement of its feedback report, as the
    report shows them (reviews.selectors.feedback.feedback_report): per stage the group's
    submitted consensus, otherwise the submitted independent reviews of experts in good
    standing; one line per opportunity, duplicates once. Two queries for any number."""
    if not application_ids:
        return {}
    standing = standing_assignments().filter(
        application_id=OuterRef("application_id"), expert_id=OuterRef("expert_id")
    )
    reviews = list(
        Review.all_reviews.filter(application_id__in=application_ids, status=ReviewStatus.SUBMITTED)
        .filter(Q(is_consensus=True) | Q(Exists(standing)))
        .prefetch_related(
            Prefetch(
                "feedback",
                queryset=CategoryFeedback.objects.select_related("category").order_by(
                    "category__order", "pk"
                ),
            )
        )
        .order_by("pk")
    )
    by_app_stage: dict[tuple[int, str], list[Review]] = defaultdict(list)
    for review in reviews:
        by_app_stage[(review.application_id, review.stage)].append(review)
    result: dict[int, list[Opportunity]] = {pk: [] for pk in application_ids}
    seen: dict[int, set[str]] = defaultdict(set)
    for (app_id, _stage), at_stage in sorted(by_app_stage.items()):
        consensus = [r for r in at_stage if r.is_consensus]
        used = consensus[:1] or at_stage
        notes = sorted(
            (f for r in used for f in r.feedback.all()),
            key=lambda f: (f.category.order, f.pk),
        )
        for note in notes:
            for line in _split(note.opportunities):
                key = opportunity_key(note.category_id, line)
                if key in seen[app_id]:
                    continue
                seen[app_id].add(key)
                result[app_id].append(
                    Opportunity(
                        key=key,
                        category_id=note.category_id,
                        category_name=note.category.name,
                        text=line,
                    )
                )
    return result


def opportunities_for(grant: AwardGrant) -> list[Opportunity]:
    return opportunities_by_application([grant.application_id])[grant.application_id]


# --- re-assessment team from the pool, conflicts enforced (R12) ---------------------------


def reassessment_pool(grant: AwardGrant) -> QuerySet[ExpertProfile]:
    """Art. 24, 29 + R12: the programme's active expert pool without anyone in conflict with
    the winner: a conflict declared or recorded on its application, employed by it, or
    employed by it within three years (as in reviews.permissions.standing_assignments)."""
    code = (grant.organisation.credit_code or "").strip().upper()
    pool = pool_of(grant.round.programme_id).exclude(
        Exists(
            ConflictDeclaration.objects.filter(
                expert_id=OuterRef("pk"), application_id=grant.application_id, has_conflict=True
            )
        )
    )
    if code:
        pool = pool.exclude(employer_credit_code__iexact=code).exclude(
            Exists(
                ExpertFormerEmployer.objects.filter(
                    expert_id=OuterRef("pk"),
                    credit_code__iexact=code,
                    to_date__gte=former_employer_cutoff(),
                )
            )
        )
    return pool.order_by("name", "pk")


# --- the obligations of a grant ---------------------------------------------------------------


@dataclass
class Obligation:
    kind: str
    label: str
    due_on: date | None
    state: str
    detail: str = ""
    # An annual report's row: the report to file or read from the winner's one page.
    report_id: int | None = None
    report_status: str = ""

    @property
    def state_label(self) -> str:
        return str(ObligationState(self.state).label)


@dataclass
class GrantObligations:
    grant: AwardGrant
    grant_state: str
    obligations: list[Obligation] = field(default_factory=list)
    opportunities: list[Opportunity] = field(default_factory=list)

    def count(self, *states: str) -> int:
        return sum(1 for o in self.obligations if o.state in states)

    @property
    def n_done(self) -> int:
        return self.count(ObligationState.DONE)

    @property
    def n_due(self) -> int:
        return self.count(ObligationState.DUE, ObligationState.PLANNED, ObligationState.AWAITING)

    @property
    def n_overdue(self) -> int:
        return self.count(ObligationState.OVERDUE, ObligationState.MISSING)


_REPORT_STATE = {
    "overdue": ObligationState.OVERDUE,
    "due": ObligationState.DUE,
    "returned": ObligationState.DUE,
    "submitted": ObligationState.AWAITING,
    "accepted": ObligationState.DONE,
}


def _obligations(
    grant: AwardGrant, opportunities: list[Opportunity], today: date
) -> list[Obligation]:
    out: list[Obligation] = []
    live = grant.status != GrantStatus.REVOKED
    for report in grant.annual_reports.all():
        state = _REPORT_STATE[report_state(report.status, report.due_on, today)]
        if not live and state != ObligationState.DONE:
            state = ObligationState.NOT_APPLICABLE
        out.append(
            Obligation(
                "annual_report",
                _("Annual quality performance report %(year)d") % {"year": report.year},
                report.due_on,
                state,
                report_id=report.pk,
                report_status=report.status,
            )
        )
    assessments = list(grant.reassessments.all())
    out.append(
        Obligation(
            "reassessment",
            _("Re-assessment (at least one during validity)"),
            grant.valid_until,
            rules.reassessment_state(
                results=[a.result for a in assessments if a.result != ReassessmentResult.PENDING],
                planned_dates=[
                    a.scheduled_on for a in assessments if a.result == ReassessmentResult.PENDING
                ],
                valid_until=grant.valid_until,
                today=today,
            ),
        )
    )
    if has_prize_money(grant):
        fund: FundUseReport | None = getattr(grant, "fund_use_report", None)
        due = rules.fund_use_due_on(grant.approved_on)
        out.append(
            Obligation(
                "fund_use",
                _("Report on the use of the prize money"),
                due,
                rules.fund_use_state(status=fund.status if fund else None, due_on=due, today=today),
                detail=str(fund.get_check_result_display()) if fund and fund.check_result else "",
            )
        )
    actions = {a.key for a in grant.improvement_actions.all()}
    due = rules.improvement_due_on(grant.approved_on)
    out.append(
        Obligation(
            "improvement",
            _("Follow-up of the opportunities for improvement"),
            due,
            rules.improvement_state(
                n_opportunities=len(opportunities),
                n_recorded=sum(1 for o in opportunities if o.key in actions),
                due_on=due,
                today=today,
            ),
            detail=_("%(n)d of %(total)d recorded")
            % {
                "n": sum(1 for o in opportunities if o.key in actions),
                "total": len(opportunities),
            }
            if opportunities
            else "",
        )
    )
    due = rules.summary_due_on(grant.approved_on)
    out.append(
        Obligation(
            "summary",
            _("Summary of practice in the award year"),
            due,
            rules.summary_state(
                written=getattr(grant, "practice_summary", None) is not None,
                due_on=due,
                today=today,
            ),
        )
    )
    out.append(
        Obligation(
            "sharing",
            _("Experience-sharing activity (at least one during validity)"),
            grant.valid_until,
            rules.sharing_state(
                n_activities=len(grant.sharing_activities.all()),
                valid_until=grant.valid_until,
                today=today,
            ),
        )
    )
    visits = list(grant.return_visits.all())
    out.append(
        Obligation(
            "visit",
            _("Return visits by the office"),
            None,
            rules.visit_state(
                n_done=sum(1 for v in visits if v.status == VisitStatus.DONE),
                n_planned=sum(1 for v in visits if v.status == VisitStatus.PLANNED),
                expected=rules.visits_expected(grant.approved_on, grant.valid_until, today),
            ),
        )
    )
    if not live:
        for item in out:
            if item.state != ObligationState.DONE:
                item.state = ObligationState.NOT_APPLICABLE
    return out


# What the pages of grants read with each grant besides its obligations.
GRANT_RELATED = ("round__programme", "organisation")


def _grants_with_obligations(related: tuple[str, ...] = GRANT_RELATED) -> QuerySet[AwardGrant]:
    return AwardGrant.objects.select_related(
        *related, "fund_use_report", "practice_summary"
    ).prefetch_related(
        Prefetch("annual_reports", queryset=AnnualReport.objects.order_by("due_on", "year")),
        Prefetch("reassessments", queryset=ReAssessment.objects.order_by("scheduled_on", "pk")),
        "improvement_actions",
        "sharing_activities",
        "return_visits",
    )


def _build(grants: list[AwardGrant], today: date) -> list[GrantObligations]:
    opportunities = opportunities_by_application([g.application_id for g in grants])
    rows = []
    for grant in grants:
        opps = opportunities.get(grant.application_id, [])
        rows.append(
            GrantObligations(
                grant=grant,
                grant_state=grant_state(grant.status, grant.valid_until, today),
                obligations=_obligations(grant, opps, today),
                opportunities=opps,
            )
        )
    return rows


def winner_grants(
    user: AnyUser,
    today: date | None = None,
    *,
    related: tuple[str, ...] = GRANT_RELATED,
    columns: tuple[str, ...] = (),
) -> list[GrantObligations]:
    """Every grant of the user's organisation with every obligation, due date and state;
    ``related``: the rows read with each grant (select_related) besides its obligations';
    ``columns``: only these of them (all when empty)."""
    org_id = organisation_id_of(user)
    if org_id is None:
        return []
    today = today or timezone.localdate()
    grants = _grants_with_obligations(related).filter(organisation_id=org_id)
    if columns:
        grants = grants.only(*columns)
    return _build(list(grants.order_by("-approved_on", "pk")), today)


def office_grants(
    user: AnyUser, today: date | None = None, *, current_only: bool = False
) -> list[GrantObligations]:
    """All grants of the office's programmes with their obligations; flagged ones first.
    A fixed number of queries whatever the number of grants."""
    programme_ids = office_programme_ids(user)
    if not programme_ids:
        return []
    today = today or timezone.localdate()
    qs = _grants_with_obligations().filter(round__programme_id__in=programme_ids)
    if current_only:
        qs = qs.filter(status=GrantStatus.VALID)
    grants = list(qs.order_by("-round__year", "organisation__name", "pk"))
    rows = _build(grants, today)
    rows.sort(key=lambda row: row.n_overdue == 0)
    return rows


def grant_for_winner(user: AnyUser, pk: int, today: date | None = None) -> GrantObligations | None:
    grant = _grants_with_obligations().filter(pk=pk).first()
    if grant is None or not can_view_as_winner(user, grant):
        return None
    return _build([grant], today or timezone.localdate())[0]


def grant_for_office(user: AnyUser, pk: int, today: date | None = None) -> GrantObligations | None:
    grant = _grants_with_obligations().filter(pk=pk).first()
    if grant is None or not can_view_as_office(user, grant):
        return None
    return _build([grant], today or timezone.localdate())[0]


def chart_by_round(rows: list[GrantObligations]) -> dict[str, Any]:
    """Per round (year): obligations done, due and overdue, for the dashboard chart."""
    per: dict[int, dict[str, int]] = {}
    for row in rows:
        bucket = per.setdefault(row.grant.round.year, {"done": 0, "due": 0, "overdue": 0})
        bucket["done"] += row.n_done
        bucket["due"] += row.n_due
        bucket["overdue"] += row.n_overdue
    years = sorted(per)
    return {
        "labels": [str(y) for y in years],
        "done": [per[y]["done"] for y in years],
        "due": [per[y]["due"] for y in years],
        "overdue": [per[y]["overdue"] for y in years],
        "names": {"done": _("Done"), "due": _("Due"), "overdue": _("Overdue")},
    }


# The office dashboard's numbers of obligations (common.page_cache): counted once per change of
# what they count and per day (states follow the date). Saves and deletes of grants, their
# obligations' rows and the reviews their opportunities for improvement come from move it on
# (monitoring.registrations).
OBLIGATIONS_SCOPE = "obligations"


def dashboard_office(user: AnyUser) -> dict[str, Any]:
    """The office dashboard's section: current winners with flagged obligations."""
    programme_ids = sorted(office_programme_ids(user))
    if not programme_ids:
        return {
            "n_grants": 0,
            "n_flagged": 0,
            "n_overdue": 0,
            "n_awaiting": 0,
            "has_programme": False,
        }
    today = timezone.localdate()

    def build() -> tuple[dict[str, Any], None]:
        rows = office_grants(user, today, current_only=True)
        return {
            "n_grants": len(rows),
            "n_flagged": sum(1 for r in rows if r.n_overdue),
            "n_overdue": sum(r.n_overdue for r in rows),
            "n_awaiting": sum(r.count(ObligationState.AWAITING) for r in rows),
            "has_programme": True,
        }, None

    return page_cache.cached_value(
        "office-obligations", [OBLIGATIONS_SCOPE], [*programme_ids, today.isoformat()], build
    )


# What the winner's section reads of each grant: the columns its obligations' states and the
# section's lines read (a grant's round and programme have many more).
DASHBOARD_GRANT_COLUMNS = (
    "application_id",
    "level",
    "amount",
    "status",
    "approved_on",
    "valid_until",
    "round__year",
    "round__rule_settings",
    "round__programme__name",
    *(f"round__programme__{name}" for name in RULE_SETTING_FIELDS),
    "fund_use_report__status",
    "fund_use_report__check_result",
    "practice_summary__grant_id",
)


def dashboard_applicant(user: AnyUser) -> dict[str, Any]:
    """The winner's dashboard section: its grants' obligations still to do."""
    # The section names each grant by its round's year and level (the round's rules and its
    # programme name the level); the organisation's row is not shown.
    rows = winner_grants(user, related=("round__programme",), columns=DASHBOARD_GRANT_COLUMNS)
    return {"rows": rows, "n_open": sum(r.n_due + r.n_overdue for r in rows)}


# --- prize-fund use (R10) ---------------------------------------------------------------------


def fund_report_items(report: FundUseReport) -> list[FundUseItem]:
    return list(report.items.select_related("added_by").order_by("pk"))


def fund_totals(items: list[FundUseItem]) -> dict[str, Any]:
    """R10: the total reported and the amounts per purpose of Art. 26 (in the measures'
    order), with the share of uses outside those purposes."""
    total = sum((i.amount for i in items), Decimal(0))
    by_purpose = []
    for value, label in FundPurpose.choices:
        amount = sum((i.amount for i in items if i.purpose == value), Decimal(0))
        if amount:
            by_purpose.append({"purpose": value, "label": label, "amount": amount})
    other = sum((i.amount for i in items if i.purpose not in ART26_PURPOSES), Decimal(0))
    return {"total": total, "by_purpose": by_purpose, "outside_art26": other}


def fund_item_for(user: AnyUser, pk: int) -> FundUseItem | None:
    """The evidence item for the winner's users and the programme's office; else None."""
    item = (
        FundUseItem.objects.select_related("report__grant__round", "report__grant__organisation")
        .filter(pk=pk)
        .first()
    )
    if item is None:
        return None
    grant = item.report.grant
    if can_view_as_winner(user, grant) or can_view_as_office(user, grant):
        return item
    return None


def fund_report_for_office(user: AnyUser, pk: int) -> FundUseReport | None:
    report = (
        FundUseReport.objects.select_related(
            "grant__round__programme", "grant__organisation", "submitted_by", "checked_by"
        )
        .filter(pk=pk)
        .first()
    )
    if report is None or not can_view_as_office(user, report.grant):
        return None
    return report


def checked_reports_for_circular(programme_ids: list[int]) -> list[FundUseReport]:
    """R10: reports checked by the office and not yet in a circular."""
    return list(
        FundUseReport.objects.filter(
            grant__round__programme_id__in=programme_ids, status=FundReportStatus.CHECKED
        )
        .filter(circulars__isnull=True)
        .select_related("grant__organisation", "grant__round__programme")
        .order_by("grant__round__year", "grant__organisation__name")
    )


def circulars_for_office(user: AnyUser) -> list[FundUseCircular]:
    return list(
        FundUseCircular.objects.filter(programme_id__in=office_programme_ids(user))
        .select_related("programme")
        .order_by("-published_at", "-pk")
    )


def public_circulars() -> list[FundUseCircular]:
    return list(FundUseCircular.objects.select_related("programme").order_by("-published_at"))


def circular_rows(circular: FundUseCircular) -> list[dict[str, Any]]:
    reports = (
        circular.reports.select_related("grant__organisation", "grant__round__programme")
        .prefetch_related("items")
        .order_by("grant__round__year", "grant__organisation__name")
    )
    return [
        {
            "report": r,
            "total": sum((i.amount for i in r.items.all()), Decimal(0)),
        }
        for r in reports
    ]


def fund_checks_of_organisation(
    organisation_id: int, *, before_year: int | None = None
) -> list[FundUseReport]:
    """R10 / Art. 26: the office's fund-use check results of the organisation's earlier
    grants: "an important basis" when it applies again."""
    qs = FundUseReport.objects.filter(
        grant__organisation_id=organisation_id, status=FundReportStatus.CHECKED
    )
    if before_year is not None:
        qs = qs.filter(grant__round__year__lt=before_year)
    return list(qs.select_related("grant__round__programme").order_by("-grant__round__year"))


def visit_for_office(user: AnyUser, pk: int) -> ReturnVisit | None:
    visit = ReturnVisit.objects.select_related(
        "grant__round__programme", "grant__organisation"
    ).filter(pk=pk)
    found = visit.first()
    if found is None or not can_view_as_office(user, found.grant):
        return None
    return found


def reassessment_for_office(user: AnyUser, pk: int) -> ReAssessment | None:
    found = (
        ReAssessment.objects.select_related("grant__round__programme", "grant__organisation")
        .prefetch_related("team")
        .filter(pk=pk)
        .first()
    )
    if found is None or not can_view_as_office(user, found.grant):
        return None
    return found


# --- annual report attachments (Art. 24) ------------------------------------------------------


def report_attachments(report_id: int) -> list[AnnualReportAttachment]:
    return list(AnnualReportAttachment.objects.filter(report_id=report_id).order_by("pk"))


def report_attachment_for(user: AnyUser, pk: int) -> AnnualReportAttachment | None:
    """The attachment for the winner's users and the programme's office; else None (404)."""
    found = (
        AnnualReportAttachment.objects.select_related(
            "report__grant__round", "report__grant__organisation"
        )
        .filter(pk=pk)
        .first()
    )
    if found is None:
        return None
    if can_view_report_as_winner(user, found.report) or can_view_report_as_office(
        user, found.report
    ):
        return found
    return None


def current_grants_obligations(today: date) -> list[GrantObligations]:
    """Every valid grant of every programme with its obligations (for the flag sweep)."""
    grants = list(
        _grants_with_obligations().filter(status=GrantStatus.VALID).order_by("approved_on", "pk")
    )
    return _build(grants, today)


def dashboard_expert(user: AnyUser) -> dict[str, Any]:
    """The expert's dashboard: re-assessments it is on the team of, still to be recorded."""
    if not user.is_authenticated:
        return {"reassessments": []}
    return {
        "reassessments": list(
            ReAssessment.objects.filter(team__user_id=user.pk, result=ReassessmentResult.PENDING)
            .select_related("grant__organisation", "grant__round__programme")
            # The columns the section shows: the rows of a round and an organisation are wide.
            # The level's name is the round's kept rules' (a draft's: its programme's, read
            # whole).
            .only(
                "scheduled_on",
                "grant__level",
                "grant__organisation__name",
                "grant__round__year",
                "grant__round__rule_settings",
                "grant__round__programme",
            )
            .order_by("scheduled_on", "pk")
        )
    }
