"""Every write about incidents concerning a winner (R11 / Art. 29, 30): reported by a
department's liaison, by the public, or found by the office; recorded against the grant; the
office closes it or opens a revocation case from it."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.models import ProgrammeRole, User
from accounts.permissions import is_office_of
from applications.enums import OPEN_STATUSES, AdverseSource
from applications.models import Application
from applications.selectors.office import office_users_of_programme
from applications.services.adverse import record_adverse_finding
from awards.models import AwardProgramme
from decisionlog.services import record_decision
from decisionlog.workflow import DomainError, transition_state
from grants.enums import GrantStatus
from grants.models import AwardGrant
from notifications.services import notify
from sanctions.enums import INCIDENT_TRANSITIONS, IncidentKind, IncidentSource, IncidentStatus
from sanctions.models import Incident, Revocation
from sanctions.services.revocation import open_revocation

RECEIPT_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def new_receipt_number() -> str:
    """SJ<Beijing date>-<6 random characters>, e.g. SJ20261128-7KQ4XM."""
    random_part = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(6))
    return f"SJ{timezone.localdate():%Y%m%d}-{random_part}"


def check_reportable(grant: AwardGrant, today: date) -> None:
    """R11: incidents are reported about a winner during the validity of its award."""
    if grant.status != GrantStatus.VALID or grant.valid_until < today:
        raise DomainError(
            _("Incidents are reported about awards that are still valid."), rule="R11"
        )


def _check_fields(kind: str, description: str, occurred_on: date | None, today: date) -> str:
    if kind not in IncidentKind.values:
        raise DomainError(_("Choose what kind of incident it is."))
    description = description.strip()
    if not description:
        raise DomainError(_("Describe what happened."))
    if occurred_on is not None and occurred_on > today:
        raise DomainError(_("The date cannot be in the future."))
    return description


def _office_users(programme_id: int) -> list[User]:
    return list(office_users_of_programme(programme_id))


def _create(
    grant: AwardGrant,
    *,
    source: str,
    kind: str,
    description: str,
    occurred_on: date | None,
    actor: User | None,
    **fields: Any,
) -> Incident:
    today = timezone.localdate()
    description = _check_fields(kind, description, occurred_on, today)
    with transaction.atomic():
        locked = (
            AwardGrant.objects.select_for_update()
            .select_related("round", "organisation")
            .get(pk=grant.pk)
        )
        check_reportable(locked, today)
        incident = Incident.objects.create(
            grant=locked,
            source=source,
            kind=kind,
            description=description,
            occurred_on=occurred_on,
            reported_by=actor,
            receipt_number=new_receipt_number(),
            **fields,
        )
        record_decision(
            actor=actor,
            actor_label="" if actor else _("Public report"),
            action="incident.report",
            obj=incident,
            to_state=IncidentStatus.RECEIVED,
            round_id=locked.round_id,
            data={
                "grant_id": locked.pk,
                "source": source,
                "kind": kind,
                "occurred_on": occurred_on.isoformat() if occurred_on else None,
                "department_id": getattr(fields.get("department"), "pk", None),
            },
        )
        if source != IncidentSource.OFFICE:
            notify(
                _office_users(locked.round.programme_id),
                subject=_("Incident reported: %(org)s") % {"org": locked.organisation.name},
                body=_("%(source)s: %(kind)s. Review it and decide whether to open a case.")
                % {
                    "source": incident.get_source_display(),
                    "kind": incident.get_kind_display(),
                },
                url=reverse("sanctions:incident_office", kwargs={"pk": incident.pk}),
                programme_id=locked.round.programme_id,
            )
        _block_open_applications(incident, locked, actor)
    return incident


def _block_open_applications(incident: Incident, grant: AwardGrant, actor: User | None) -> None:
    """R5 / Art. 13(6): an incident about an organisation that has an application in the
    running (in any programme) is an adverse record against that application, which waits for
    its office's review. The reporter's identity stays with the incident."""
    applications = Application.objects.filter(
        organisation_id=grant.organisation_id, status__in=OPEN_STATUSES
    ).select_related("round", "organisation")
    for application in applications:
        record_adverse_finding(
            application,
            source=AdverseSource.INCIDENT,
            reported_by=_("Incident report %(number)s (%(source)s)")
            % {"number": incident.receipt_number, "source": incident.get_source_display()},
            details=_("%(kind)s: %(description)s")
            % {"kind": incident.get_kind_display(), "description": incident.description},
            actor=actor,
            reference=incident.receipt_number,
        )


def report_by_liaison(
    grant: AwardGrant,
    *,
    actor: User,
    kind: str,
    description: str,
    occurred_on: date | None = None,
) -> Incident:
    """A department's liaison reports an incident (accident, penalty, failed spot check)
    about a winner of the programme it serves. The department is the liaison's own.

    Side effects: one Incident (RECEIVED) with the department; a log row; the office told.
    """
    role = (
        ProgrammeRole.objects.filter(
            user=actor,
            role=Role.LIAISON,
            programme_id=grant.round.programme_id,
            active=True,
            department__isnull=False,
        )
        .select_related("department")
        .first()
    )
    if role is None:
        raise DomainError(_("Only a department's liaison of this award reports here."))
    return _create(
        grant,
        source=IncidentSource.DEPARTMENT,
        kind=kind,
        description=description,
        occurred_on=occurred_on,
        actor=actor,
        department=role.department,
    )


def report_by_public(
    grant: AwardGrant,
    *,
    name: str,
    contact: str,
    kind: str,
    description: str,
    occurred_on: date | None = None,
    ip_address: str | None = None,
) -> Incident:
    """Anyone reports an incident about a winner (R11), or misuse of the title (Art. 33).
    The reporter's name and contact are seen by the office alone.

    Side effects: one Incident (RECEIVED) with a receipt number; a log row; the office told.
    """
    return _create(
        grant,
        source=IncidentSource.PUBLIC,
        kind=kind,
        description=description,
        occurred_on=occurred_on,
        actor=None,
        reporter_name=name.strip()[:100],
        reporter_contact=contact.strip()[:100],
        ip_address=ip_address,
    )


# Art. 33: what a report naming no winner can be about.
UNMATCHED_KINDS = (IncidentKind.FORGERY, IncidentKind.MISUSE, IncidentKind.OTHER)


def report_unmatched_by_public(
    programme: AwardProgramme,
    *,
    name: str,
    contact: str,
    kind: str,
    description: str,
    named_organisation: str = "",
    certificate_number: str = "",
    occurred_on: date | None = None,
    ip_address: str | None = None,
) -> Incident:
    """Art. 33: anyone reports a forged certificate or misuse of the award's title by an
    organisation that is not (or no longer) a winner: no grant matches, so the report names
    the organisation and/or the certificate number and belongs to the programme, whose office
    sees it in its incident list. The reporter's identity is seen by the office alone.

    Side effects: one Incident (RECEIVED, no grant) with a receipt number; a log row; the
    programme's office told.
    """
    today = timezone.localdate()
    if kind not in UNMATCHED_KINDS:
        raise DomainError(
            _("A report that names no winner is about a forged certificate or misuse of the title.")
        )
    description = _check_fields(kind, description, occurred_on, today)
    named_organisation = named_organisation.strip()[:200]
    certificate_number = certificate_number.strip()[:40]
    if not named_organisation and not certificate_number:
        raise DomainError(_("Name the organisation or give the certificate number."))
    if not name.strip() or not contact.strip():
        raise DomainError(_("Give your name and a phone number or e-mail address."))
    with transaction.atomic():
        incident = Incident.objects.create(
            grant=None,
            programme=programme,
            source=IncidentSource.PUBLIC,
            kind=kind,
            description=description,
            occurred_on=occurred_on,
            named_organisation=named_organisation,
            certificate_number=certificate_number,
            reporter_name=name.strip()[:100],
            reporter_contact=contact.strip()[:100],
            ip_address=ip_address,
            receipt_number=new_receipt_number(),
        )
        record_decision(
            actor=None,
            actor_label=_("Public report"),
            action="incident.report",
            obj=incident,
            to_state=IncidentStatus.RECEIVED,
            data={
                "grant_id": None,
                "programme_id": programme.pk,
                "source": IncidentSource.PUBLIC,
                "kind": kind,
                "named_organisation": named_organisation,
                "certificate_number": certificate_number,
                "occurred_on": occurred_on.isoformat() if occurred_on else None,
            },
        )
        notify(
            _office_users(programme.pk),
            subject=_("Report of forgery or misuse: %(name)s")
            % {"name": named_organisation or certificate_number},
            body=_("%(kind)s, naming no current winner. Review it.")
            % {"kind": incident.get_kind_display()},
            url=reverse("sanctions:incident_office", kwargs={"pk": incident.pk}),
            programme_id=programme.pk,
        )
    return incident


def record_by_office(
    grant: AwardGrant,
    *,
    actor: User,
    kind: str,
    description: str,
    occurred_on: date | None = None,
) -> Incident:
    """The office records its own finding about a winner (Art. 29: return visits, checks)."""
    if not is_office_of(actor, grant.round.programme_id):
        raise DomainError(_("Only the programme's office records its findings."))
    return _create(
        grant,
        source=IncidentSource.OFFICE,
        kind=kind,
        description=description,
        occurred_on=occurred_on,
        actor=actor,
    )


def incident_programme_id(incident: Incident) -> int:
    """The programme an incident belongs to: its grant's, or the one named (Art. 33)."""
    if incident.grant is not None:
        return incident.grant.round.programme_id
    assert incident.programme_id is not None  # database constraint: grant or programme
    return incident.programme_id


def _lock_for_office(incident: Incident, actor: User) -> Incident:
    # The grant is nullable (Art. 33 reports name no winner): lock the incident row only.
    locked = (
        Incident.objects.select_for_update(of=("self",))
        .select_related("grant__round", "grant__organisation")
        .get(pk=incident.pk)
    )
    if not is_office_of(actor, incident_programme_id(locked)):
        raise DomainError(_("Only the programme's office handles incidents."))
    if locked.status != IncidentStatus.RECEIVED:
        raise DomainError(_("This incident has already been handled."))
    return locked


def close_incident(incident: Incident, *, actor: User, note: str) -> Incident:
    """The office closes an incident without action, with its reason (logged)."""
    note = note.strip()
    if not note:
        raise DomainError(_("Give the reason for closing it without action."))
    with transaction.atomic():
        locked = _lock_for_office(incident, actor)
        return transition_state(
            locked,
            IncidentStatus.NO_ACTION,
            table=INCIDENT_TRANSITIONS,
            actor=actor,
            action="incident.no_action",
            reason=note,
            extra={"office_note": note},
        )


def open_case_from_incident(
    incident: Incident,
    *,
    actor: User,
    ground: str,
    evidence: str,
    accident_grade: str = "",
    occurred_on: date | None = None,
) -> Revocation:
    """The office opens a revocation case on the incident's grant (sanctions.services.revocation rules:
    ground, accident grade, validity) and links the incident to it, in one transaction. The
    date of the event is the one given, else the incident's (R11: Art. 30 checks the event,
    not the day the case is opened)."""
    with transaction.atomic():
        locked = _lock_for_office(incident, actor)
        if locked.grant is None:
            raise DomainError(
                _("This report names no winner: there is no award to revoke."), rule="R11"
            )
        case = open_revocation(
            locked.grant,
            actor=actor,
            ground=ground,
            evidence=evidence,
            accident_grade=accident_grade,
            occurred_on=occurred_on or locked.occurred_on,
        )
        transition_state(
            locked,
            IncidentStatus.CASE_OPENED,
            table=INCIDENT_TRANSITIONS,
            actor=actor,
            action="incident.case_opened",
            reason=_("Revocation case opened."),
            extra={"revocation": case},
            data={"revocation_id": case.pk},
        )
    return case
