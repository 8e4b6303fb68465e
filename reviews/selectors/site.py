"""Reads of the site review (Art. 19): one organisation's visit with its team (assignments in
good standing only, R12), the issues carried from the material consensus, the team's notes,
the site scores; the organisation's view (dates and agenda only). Constant queries."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from applications.enums import ApplicationStatus
from applications.models import Application
from applications.permissions.application import organisation_id_of
from reviews.enums import ReviewStage, ReviewStatus
from reviews.models import CategoryFeedback, Review, SiteVisit
from reviews.permissions import standing_assignments

# Applications that went on to site review (and what became of them later).
SITE_STATUSES = (
    ApplicationStatus.SITE_REVIEW,
    ApplicationStatus.CANDIDATE,
    ApplicationStatus.NOT_CANDIDATE,
    ApplicationStatus.PROPOSED,
    ApplicationStatus.NOT_PROPOSED,
    ApplicationStatus.AWARDED,
    ApplicationStatus.NOT_AWARDED,
)


def visit_of(application: Application) -> SiteVisit | None:
    return SiteVisit.objects.filter(application=application).select_related("updated_by").first()


def issues_from_consensus(application: Application) -> str:
    """What the team verifies on site, carried from the submitted material consensus: the
    group's opportunities for improvement per category, then the items whose rationale the
    group wrote (the points it discussed). Empty when there is no consensus."""
    consensus = (
        Review.all_reviews.filter(
            application=application,
            stage=ReviewStage.MATERIAL,
            is_consensus=True,
            status=ReviewStatus.SUBMITTED,
        )
        .order_by("pk")
        .first()
    )
    if consensus is None:
        return ""
    lines = [
        f"{f.category.code} {f.category.name}：{f.opportunities}"
        for f in CategoryFeedback.objects.filter(review=consensus)
        .select_related("category")
        .order_by("category__order")
        if f.opportunities.strip()
    ]
    lines += [
        f"{s.item.code} {s.item.name}（{s.percent}%）：{s.comment}"
        for s in consensus.item_scores.select_related("item__category").order_by(
            "item__category__order", "item__order"
        )
        if s.comment.strip()
    ]
    return "\n".join(lines)


def site_team(application: Application) -> list[Any]:
    """The site-review team: the application's assignments in good standing (R12)."""
    return list(
        standing_assignments()
        .filter(application_id=application.pk)
        .select_related("expert", "group__leader")
        .order_by("expert__name")
    )


def site_visit_page(application: Application) -> dict[str, Any]:
    visit = visit_of(application)
    team = site_team(application)
    members = {a.expert_id for a in team}
    reviews = [
        r
        for r in Review.all_reviews.filter(application=application, stage=ReviewStage.SITE)
        .select_related("expert")
        .order_by("is_consensus", "expert__name")
        if r.expert_id in members
    ]
    return {
        "visit": visit,
        "team": team,
        "leaders": {a.group.leader_id for a in team if a.group_id and a.group.leader_id},
        "notes": list(visit.notes.select_related("author").order_by("created_at", "pk"))
        if visit
        else [],
        "reviews": [r for r in reviews if not r.is_consensus],
        "consensus": next((r for r in reviews if r.is_consensus), None),
    }


def dashboard_applicant(user: User) -> dict[str, Any]:
    """The applicant dashboard's section: its applications' site visits (dates and agenda;
    never the team's notes or scores). One query."""
    organisation_id = organisation_id_of(user)
    if organisation_id is None:
        return {"visits": []}
    return {
        "visits": list(
            SiteVisit.objects.filter(
                application__organisation_id=organisation_id,
                application__status=ApplicationStatus.SITE_REVIEW,
            )
            # What the section shows: the dates and the round's title.
            .select_related("application__round")
            .only("application_id", "starts_on", "ends_on", "application__round__title")
            .order_by("starts_on")
        )
    }
