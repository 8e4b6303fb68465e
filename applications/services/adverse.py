"""Adverse records that arrive after the eligibility decision (R5 / Art. 13(6), 17): a
department's reply stating an adverse finding, or an incident reported about the organisation,
blocks the application until the office reviews it. Resolving one (a waiver with its reason,
or the disqualification) is in :mod:`applications.services.application`, beside the
disqualification it may lead to."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from applications.enums import (
    ADVERSE_RECORD_TRANSITIONS,
    OPEN_STATUSES,
    AdverseRecordStatus,
    AdverseSource,
    ApplicationStatus,
)
from applications.models import AdverseRecord, Application, Consultation
from applications.selectors.office import office_users_of_programme
from decisionlog.services import record_decision
from decisionlog.workflow import DomainError, transition_logged
from notifications.services import notify

# R5: the statuses in which the eligibility has been decided and the application is still in
# the running: an adverse record arriving then is recorded against it. Before the decision a
# department's adverse reply is an eligibility blocker of its own (Consultation.blocks).
DECIDED_OPEN_STATUSES = frozenset(OPEN_STATUSES - {ApplicationStatus.SUBMITTED})


def transition_adverse_record(
    record: AdverseRecord, to: str, *, actor: User | None, reason: str = "", **extra: Any
) -> AdverseRecord:
    """The only way an adverse record's status changes (R5)."""
    return transition_logged(
        record,
        to,
        ADVERSE_RECORD_TRANSITIONS,
        actor,
        reason,
        extra,
        action=f"adverse_record.{to}",
    )


def record_adverse_finding(
    application: Application,
    *,
    source: str,
    reported_by: str,
    details: str,
    actor: User | None,
    consultation: Consultation | None = None,
    reference: str = "",
    notify_office: bool = True,
) -> AdverseRecord:
    """R5 / Art. 13(6), 17: an adverse record about the organisation arrived while its
    application is in the running; it blocks the application until the office resolves it.

    Preconditions: a known source and a description. Side effects, in the caller's transaction:
    one unresolved AdverseRecord, ``adverse_record.report`` logged on the application (its
    history shows it), and, unless the caller already told them, the office of the
    application's programme notified with a link to the application's page.
    """
    if source not in AdverseSource.values:
        raise DomainError(_("Unknown source of the adverse record."))
    details = details.strip()
    if not details:
        raise DomainError(_("Describe the adverse record."))
    with transaction.atomic():
        record = AdverseRecord.objects.create(
            application=application,
            source=source,
            consultation=consultation,
            reference=reference[:40],
            reported_by=reported_by[:200],
            details=details,
        )
        record_decision(
            actor=actor,
            action="adverse_record.report",
            obj=application,
            reason=details,
            to_state=AdverseRecordStatus.UNRESOLVED,
            data={
                "adverse_record_id": record.pk,
                "source": source,
                "reported_by": record.reported_by,
                "reference": record.reference,
                "application_status": application.status,
            },
        )
        if notify_office:
            notify(
                office_users_of_programme(application.round.programme_id),
                subject=_("Adverse record received: %(org)s") % {"org": application.organisation},
                body=_(
                    "%(who)s: %(details)s. The application is blocked until you record why "
                    "the adverse record does not apply, or disqualify the application."
                )
                % {"who": record.reported_by, "details": details},
                url=reverse("applications:office_detail", args=[application.pk]),
                programme_id=application.round.programme_id,
            )
    return record


def record_adverse_reply(consultation: Consultation, *, actor: User) -> AdverseRecord | None:
    """R5 / Art. 17: a department's reply stating an adverse record, answered after the
    eligibility decision while the application is in the running, becomes an adverse record
    blocking it (before the decision the reply itself blocks the decision). Called in the
    answer's transaction, with the consultation's application loaded; the answer has told the
    office already."""
    application = consultation.application
    if application.status not in DECIDED_OPEN_STATUSES:
        return None
    return record_adverse_finding(
        application,
        source=AdverseSource.CONSULTATION,
        reported_by=str(consultation.department),
        details=consultation.details,
        actor=actor,
        consultation=consultation,
        notify_office=False,
    )
