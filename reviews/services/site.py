"""Writes of the site review (Art. 19): the office fixes the visit (dates, agenda, issues to
verify, carried from the material consensus when left empty); a member of the team adds notes.
The team itself is the application's assignments (services.assign_expert, R12). Each write
records the decision log in its transaction (R14)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from applications.enums import ApplicationStatus
from applications.models import Application
from decisionlog.services import record_decision
from decisionlog.workflow import DomainError
from reviews.models import SiteVisit, SiteVisitNote
from reviews.permissions import can_open_dossier, expert_profile_of
from reviews.selectors.site import issues_from_consensus
from reviews.services.review import require_office


@transaction.atomic
def save_site_visit(
    application: Application,
    *,
    actor: User,
    starts_on: date,
    ends_on: date,
    agenda: str = "",
    issues: str = "",
) -> SiteVisit:
    """Fix or change the site visit of an application in site review.

    Preconditions: office of the programme; the application in site review; the dates in
    order. ``issues`` left empty takes the material consensus's (selectors_site.
    issues_from_consensus).
    Side effects: the visit; a decision-log row with the dates."""
    app = (
        Application.objects.select_for_update(of=("self",))
        .select_related("round", "organisation")
        .get(pk=application.pk)
    )
    require_office(actor, app.round)
    if app.status != ApplicationStatus.SITE_REVIEW:
        raise DomainError(
            _("A site visit is planned for an application in site review."), rule="R1"
        )
    if ends_on < starts_on:
        raise DomainError(_("The visit ends before it starts."))
    issues = issues.strip() or issues_from_consensus(app)
    visit, created = SiteVisit.objects.update_or_create(
        application=app,
        defaults={
            "starts_on": starts_on,
            "ends_on": ends_on,
            "agenda": agenda.strip(),
            "issues": issues,
            "updated_by": actor,
        },
    )
    record_decision(
        actor=actor,
        action="review.site_visit_create" if created else "review.site_visit_update",
        obj=app,
        data={
            "visit": visit.pk,
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat(),
        },
    )
    return visit


@transaction.atomic
def add_site_note(application: Application, *, actor: User, text: str) -> SiteVisitNote:
    """A member of the site-review team records a note (append-only).

    Preconditions: the actor is an assigned expert who may open the dossier (R12: no
    conflict, declared, commitment signed); the visit is planned; a text.
    Side effects: the note; a decision-log row."""
    app = Application.objects.select_related("round").get(pk=application.pk)
    if not can_open_dossier(actor, app):
        raise DomainError(_("Only a member of the site-review team adds notes."), rule="R12")
    profile = expert_profile_of(actor)
    assert profile is not None
    visit = SiteVisit.objects.select_for_update().filter(application=app).first()
    if visit is None:
        raise DomainError(_("The office has not planned the site visit yet."))
    if not text.strip():
        raise DomainError(_("Write the note."))
    note = SiteVisitNote.objects.create(visit=visit, author=profile, text=text.strip())
    record_decision(
        actor=actor,
        action="review.site_note",
        obj=app,
        data={"visit": visit.pk, "note": note.pk},
    )
    return note
