"""The round's printable documents, rendered like the certificate and the meeting packet
(common.documents.render_pdf: escaped templates, CJK fonts, a fetcher that fetches
nothing). The templates live in archives/templates/archives/pdf/: never served."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from applications.models import Application
from awards.models import Round, WorkPlan
from awards.selectors import plan_progress, plan_sections, with_round
from common.documents import render_pdf
from grants.models import ApprovalDecision, AwardGrant
from publicity.models import PlenaryDecision, PlenaryMeeting, PlenaryRecusal
from reviews.selectors.feedback import feedback_released, feedback_report
from reviews.selectors.review import REVIEWED_STATUSES, composite_report


def base_context(round: Round) -> dict[str, Any]:
    return {
        "font_family": settings.CERTIFICATE_FONT_FAMILY,
        "round": round,
        "exported_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
    }


def composite_context(round: Round) -> dict[str, Any]:
    return {"report": composite_report(round)}


def candidates_context(round: Round) -> dict[str, Any]:
    """Every application the composite evaluation proposed for a prize, with the plenary's
    latest decision on it and what became of it."""
    applications = with_round(
        Application.objects.filter(round=round)
        .exclude(proposed_level="")
        .select_related("organisation")
        .order_by("proposed_level", "sector", "sector_rank", "organisation__name", "pk"),
        round,
    )
    decisions: dict[int, PlenaryDecision] = {}
    for decision in (
        PlenaryDecision.objects.filter(meeting__round=round)
        .select_related("meeting__round__programme")
        .order_by("meeting__held_on", "meeting_id")
    ):
        decisions[decision.application_id] = decision
    return {
        "candidates": [{"application": a, "decision": decisions.get(a.pk)} for a in applications]
    }


def plenary_context(round: Round) -> dict[str, Any]:
    meetings = (
        PlenaryMeeting.objects.filter(round=round)
        .select_related("recorded_by", "round__programme")
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=PlenaryDecision.objects.select_related("application__organisation"),
            ),
            Prefetch(
                "recusals",
                queryset=PlenaryRecusal.objects.select_related(
                    "member", "application__organisation"
                ),
            ),
        )
        .order_by("held_on", "pk")
    )
    return {"meetings": list(meetings)}


def approval_context(round: Round) -> dict[str, Any]:
    approvals = (
        ApprovalDecision.objects.filter(round=round)
        .select_related("recorded_by")
        .prefetch_related(
            Prefetch(
                "grants",
                queryset=AwardGrant.objects.select_related(
                    "organisation", "certificate", "round__programme"
                ).order_by("level", "organisation__name"),
            )
        )
        .order_by("approved_on", "pk")
    )
    return {"approvals": list(approvals)}


# (member name, template, context builder, description) of the round's documents.
DOCUMENTS: list[tuple[str, str, Callable[[Round], dict[str, Any]]]] = [
    ("pdf/01-composite-report.pdf", "archives/pdf/composite_report.html", composite_context),
    ("pdf/02-candidate-list.pdf", "archives/pdf/candidate_list.html", candidates_context),
    ("pdf/03-plenary-record.pdf", "archives/pdf/plenary_record.html", plenary_context),
    ("pdf/04-approval.pdf", "archives/pdf/approval.html", approval_context),
]


def render_document(
    round: Round, template: str, context: Callable[[Round], dict[str, Any]]
) -> bytes:
    return render_pdf(render_to_string(template, {**base_context(round), **context(round)}))


def feedback_applications(round: Round) -> list[Application]:
    """The applications whose feedback report is out (R12: no reviewer named in it)."""
    if not feedback_released(round):
        return []
    return list(
        Application.objects.filter(round=round, status__in=REVIEWED_STATUSES)
        .select_related("organisation", "round__programme")
        .order_by("organisation__name", "pk")
    )


def render_feedback(application: Application) -> bytes:
    context = {
        **base_context(application.round),
        "application": application,
        "sections": feedback_report(application),
    }
    return render_pdf(render_to_string("archives/pdf/feedback_report.html", context))


def render_work_plan(round: Round, plan: WorkPlan) -> bytes:
    """Art. 11(3): the year's work plan as the leading group approved it, with its progress."""
    context = {
        **base_context(round),
        "plan": plan,
        "progress": plan_progress(plan),
        **plan_sections(plan),
    }
    return render_pdf(render_to_string("archives/pdf/work_plan.html", context))
