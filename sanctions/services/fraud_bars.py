"""R8 / Art. 28: fraud found before an award (at screening, in review, from an objection)
disqualifies the application; whether a bar follows is decided and recorded here.

The office states, when it disqualifies, whether the ground is fraud; for fraud a case opens
(``open_fraud_bar_case``, called by ``applications.services.application.disqualify_application`` in the
same transaction). The office then records either "no bar" with its reason, or proposes a bar;
a proposed bar is decided by the municipal government (date and document number), which
creates a Ban from the decision date for the round's fraud bar (``fraud_bar_years``) and
stops the organisation's other applications in progress (``sanctions.services.bans``). Every step is in the decision log (R14).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import is_office_of
from applications.models import Application
from applications.selectors.application import users_of_organisation
from common.dates import day_text
from decisionlog.services import record_decision
from decisionlog.workflow import DomainError, transition_state
from notifications.services import notify
from sanctions.enums import FRAUD_BAR_TRANSITIONS, FraudBarStatus, RevocationGround
from sanctions.models import Ban, FraudBarCase
from sanctions.services.bans import stop_applications_of_barred
from sanctions.services.revocation import create_ban


def open_fraud_bar_case(application: Application, *, actor: User, reason: str) -> FraudBarCase:
    """R8: a disqualification for fraud opens the bar decision (idempotent: one per
    application). Called inside the disqualification's transaction."""
    case, created = FraudBarCase.objects.get_or_create(application=application)
    if created:
        record_decision(
            actor=actor,
            action="fraud_bar.open",
            obj=case,
            to_state=FraudBarStatus.PENDING,
            reason=reason,
            round_id=application.round_id,
            data={"application_id": application.pk, "organisation_id": application.organisation_id},
        )
    return case


def _lock(case: FraudBarCase, actor: User) -> FraudBarCase:
    locked = (
        FraudBarCase.objects.select_for_update(of=("self",))
        .select_related("application__round", "application__organisation")
        .get(pk=case.pk)
    )
    if not is_office_of(actor, locked.application.round.programme_id):
        raise DomainError(_("Only the programme's office records the bar decision."))
    return locked


def decide_no_bar(case: FraudBarCase, *, actor: User, reason: str) -> FraudBarCase:
    """R8: no bar follows the fraud (the office's finding, or the government's decision on a
    proposed bar), with the reason. Logged ``fraud_bar.no_bar``."""
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Give the reason why no bar follows."), rule="R8")
    with transaction.atomic():
        locked = _lock(case, actor)
        if locked.status not in (FraudBarStatus.PENDING, FraudBarStatus.PROPOSED):
            raise DomainError(_("The bar decision on this application is already recorded."))
        return transition_state(
            locked,
            FraudBarStatus.NO_BAR,
            table=FRAUD_BAR_TRANSITIONS,
            actor=actor,
            action="fraud_bar.no_bar",
            reason=reason,
            extra={"reason": reason},
            data={"application_id": locked.application_id},
        )


def propose_bar(case: FraudBarCase, *, actor: User, reason: str = "") -> FraudBarCase:
    """R8: the office proposes a bar to the municipal government. Logged
    ``fraud_bar.proposed``."""
    with transaction.atomic():
        locked = _lock(case, actor)
        if locked.status != FraudBarStatus.PENDING:
            raise DomainError(_("A bar can be proposed only while the bar is to be decided."))
        return transition_state(
            locked,
            FraudBarStatus.PROPOSED,
            table=FRAUD_BAR_TRANSITIONS,
            actor=actor,
            action="fraud_bar.proposed",
            reason=reason.strip(),
            extra={"reason": reason.strip()},
            data={"application_id": locked.application_id},
        )


def record_bar_decision(
    case: FraudBarCase, *, actor: User, decided_on: date, document_number: str
) -> Ban:
    """R8: the municipal government barred the organisation (Art. 28): a Ban of the round's
    ``fraud_bar_years`` (the 2022 measures: 10) from the decision date, logged ``fraud_bar.barred`` and
    ``ban.create``; the organisation's other applications in progress are stopped and its
    users told, in the same transaction."""
    document_number = document_number.strip()
    if not document_number:
        raise DomainError(_("Give the document number of the government's decision."), rule="R8")
    if decided_on is None:
        raise DomainError(_("Give the date of the government's decision."), rule="R8")
    if decided_on > timezone.localdate():
        raise DomainError(_("The decision date cannot be in the future."))
    with transaction.atomic():
        locked = _lock(case, actor)
        if locked.status != FraudBarStatus.PROPOSED:
            raise DomainError(_("The government decides only on a proposed bar."))
        if decided_on < timezone.localdate(locked.created_at):
            raise DomainError(_("The decision cannot predate the disqualification."))
        application = locked.application
        organisation = application.organisation
        reason = _("Barred for fraud by the municipal government on %(date)s (%(doc)s).") % {
            "date": decided_on.isoformat(),
            "doc": document_number,
        }
        decided = transition_state(
            locked,
            FraudBarStatus.BARRED,
            table=FRAUD_BAR_TRANSITIONS,
            actor=actor,
            action="fraud_bar.barred",
            reason=reason,
            extra={"decided_on": decided_on, "document_number": document_number},
            data={"application_id": application.pk, "document_number": document_number},
        )
        # R8 / Art. 28: the round's fraud bar (10 years) from the government's decision.
        ban = create_ban(
            decided,
            RevocationGround.FRAUD,
            organisation_id=organisation.pk,
            decided_on=decided_on,
            note=reason,
            actor=actor,
            round_id=application.round_id,
        )

        stop_applications_of_barred(
            [organisation.credit_code], actor=actor, on=timezone.localdate()
        )
        notify(
            users_of_organisation(organisation.pk),
            subject=_("Barred from applying until and including %(until)s")
            % {"until": day_text(ban.ends_on)},
            body=reason,
            url=reverse("accounts:dashboard"),
            programme_id=application.round.programme_id,
        )
    return ban
