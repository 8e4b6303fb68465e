"""Every write about what follows the government's approval, apart from obligations and
revocation: the scanned approval document (Art. 22), prize payments (R4, Art. 9), plaques and
trophies (Art. 8) and the outlets where the approved list was published (Art. 22)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.permissions import is_office_of
from awards.enums import RoundStage
from awards.models import Round
from common.uploads import UploadRefused, check_upload, removed_on_failure
from decisionlog.services import record_decision
from decisionlog.workflow import DomainError
from grants.enums import PlaqueKind
from grants.models import ApprovalDecision, AwardGrant, PlaqueIssue, PrizePayment, WinnersOutlet

# Art. 22: the decision document is a scan or an electronic official document.
APPROVAL_DOCUMENT_KINDS = frozenset({"pdf", "ofd", "jpg", "png"})


def check_approval_document(upload: UploadedFile) -> None:
    """The uploads.py rules (type sniffed from content, size limits), and a document kind."""
    checked = check_upload(upload)
    if checked.kind not in APPROVAL_DOCUMENT_KINDS:
        raise UploadRefused(
            _("The decision document must be a PDF or OFD file, or a scan (JPG, PNG).")
        )


def attach_approval_document(
    approval: ApprovalDecision, *, actor: User, upload: UploadedFile
) -> ApprovalDecision:
    """Art. 22: store the scanned decision of the executive meeting with its approval.

    Preconditions: the actor is the office of the round's programme; the upload passes the
    uploads.py checks and is a PDF, OFD, JPG or PNG. A later upload replaces the earlier one
    (both are in the decision log with their SHA-256).

    Side effects: the file stored under ``approvals/<round>/<uuid><suffix>``, the original
    name kept for display; an ``approval.document`` log row. A refused upload stores nothing.
    """
    if not is_office_of(actor, approval.round.programme_id):
        raise DomainError(_("Only the programme's office records the government's approval."))
    checked = check_upload(upload)
    if checked.kind not in APPROVAL_DOCUMENT_KINDS:
        raise UploadRefused(
            _("The decision document must be a PDF or OFD file, or a scan (JPG, PNG).")
        )
    with transaction.atomic():
        locked = ApprovalDecision.objects.select_for_update().get(pk=approval.pk)
        replaced = locked.document_name
        with removed_on_failure() as stored:
            stored.store(locked.document, f"upload{checked.suffix}", upload)
            locked.document_name = checked.original_name
            locked.document_content_type = checked.content_type
            locked.document_uploaded_at = timezone.now()
            locked.save(
                update_fields=[
                    "document",
                    "document_name",
                    "document_content_type",
                    "document_uploaded_at",
                ]
            )
            record_decision(
                actor=actor,
                action="approval.document",
                obj=locked,
                round_id=locked.round_id,
                data={
                    "original_name": checked.original_name,
                    "sha256": checked.sha256,
                    "size": checked.size,
                    "replaced": replaced,
                },
            )
    return locked


def _check_office(actor: User, grant: AwardGrant) -> None:
    if not is_office_of(actor, grant.round.programme_id):
        raise DomainError(_("Only the programme's office keeps these records."))


@dataclass(frozen=True)
class Handover:
    """What the office is told when a handover cannot be recorded."""

    already: str | Promise
    future: str | Promise
    early: str | Promise
    missing: str | Promise


HANDOVERS: dict[type[PrizePayment | PlaqueIssue], Handover] = {
    PrizePayment: Handover(
        already=gettext_lazy("The payment of this prize is already recorded."),
        future=gettext_lazy("The payment date cannot be in the future."),
        early=gettext_lazy("The payment cannot predate the approval."),
        missing=gettext_lazy("Give the payment reference."),
    ),
    PlaqueIssue: Handover(
        already=gettext_lazy("The plaque or trophy of this award is already recorded."),
        future=gettext_lazy("The date cannot be in the future."),
        early=gettext_lazy("The plaque cannot be issued before the approval."),
        missing=gettext_lazy("Give the name of the person who received it."),
    ),
}


def _check_not_recorded(model: type[PrizePayment | PlaqueIssue], grant: AwardGrant) -> None:
    """A grant has one payment and one plaque at most."""
    if model.objects.filter(grant=grant).exists():
        raise DomainError(str(HANDOVERS[model].already))


def _check_handover(
    model: type[PrizePayment | PlaqueIssue], day: date, grant: AwardGrant, text: str
) -> None:
    """A handover's date (not in the future, not before the approval) and its text given."""
    messages = HANDOVERS[model]
    if day > timezone.localdate():
        raise DomainError(str(messages.future))
    if day < grant.approved_on:
        raise DomainError(str(messages.early))
    if not text:
        raise DomainError(str(messages.missing))


H = TypeVar("H", PrizePayment, PlaqueIssue)

# Art. 27 (R7): a repeat winner is given only the certificate and the honorary title.
REPEAT_WIN_HONOUR_ONLY = gettext_lazy(
    "A repeat win is given only the certificate and the honorary title (Art. 27): no plaque"
    " or trophy is recorded for it."
)


def _create_logged(
    model: type[H], grant: AwardGrant, actor: User, *, action: str, **fields: Any
) -> H:
    """Create the handover recorded on ``grant`` and its log row (dates and amounts as text)."""
    record = model.objects.create(grant=grant, **fields, recorded_by=actor)
    data = {k: v.isoformat() if isinstance(v, date) else str(v) for k, v in fields.items()}
    record_decision(
        actor=actor,
        action=action,
        obj=record,
        round_id=grant.round_id,
        data={"grant_id": grant.pk, **data},
    )
    return record


def record_payment(
    grant: AwardGrant,
    *,
    actor: User,
    amount: Decimal,
    paid_on: date,
    reference: str,
) -> PrizePayment:
    """R4 / Art. 9: record that the prize money due on a grant was paid.

    Preconditions: the office of the programme; money is due on the grant (a first-time
    prize: R4; a nomination prize and a repeat win, R7, get none); not yet recorded; the
    amount is the amount due; the date is not in the future nor before the approval; a
    payment reference is given.

    Side effects: one PrizePayment; a ``prize.paid`` log row.
    """
    _check_office(actor, grant)
    reference = reference.strip()
    with transaction.atomic():
        locked = AwardGrant.objects.select_for_update().get(pk=grant.pk)
        if locked.amount <= 0:
            raise DomainError(
                _(
                    "No prize money is due on this award: a nomination prize and a repeat win "
                    "get none."
                ),
                rule="R4",
            )
        _check_not_recorded(PrizePayment, locked)
        if amount != locked.amount:
            raise DomainError(
                _("The amount paid must be the amount due (%(due)s CNY).")
                % {"due": f"{locked.amount:.2f}"},
                rule="R4",
            )
        _check_handover(PrizePayment, paid_on, locked, reference)
        return _create_logged(
            PrizePayment,
            locked,
            actor,
            action="prize.paid",
            amount=amount,
            paid_on=paid_on,
            reference=reference,
        )


def record_plaque(
    grant: AwardGrant,
    *,
    actor: User,
    kind: str,
    issued_on: date,
    received_by: str,
) -> PlaqueIssue:
    """Art. 8, 22: the plaque or trophy of a winner of either level was handed over.

    Preconditions: the office of the programme; not a repeat win (Art. 27, R7: only the
    certificate and the honorary title); not yet recorded; a kind; the date is not in the
    future nor before the approval; the name of the person who received it.

    Side effects: one PlaqueIssue; a ``plaque.issued`` log row.
    """
    _check_office(actor, grant)
    received_by = received_by.strip()
    if kind not in PlaqueKind.values:
        raise DomainError(_("Choose plaque or trophy."))
    with transaction.atomic():
        locked = AwardGrant.objects.select_for_update().get(pk=grant.pk)
        if locked.is_repeat:
            raise DomainError(str(REPEAT_WIN_HONOUR_ONLY))
        _check_not_recorded(PlaqueIssue, locked)
        _check_handover(PlaqueIssue, issued_on, locked, received_by)
        return _create_logged(
            PlaqueIssue,
            locked,
            actor,
            action="plaque.issued",
            kind=kind,
            issued_on=issued_on,
            received_by=received_by,
        )


def add_winners_outlet(
    round: Round, *, actor: User, outlet: str, published_on: date, url: str = ""
) -> WinnersOutlet:
    """Art. 22: record where the approved list was published (outlet, date, link).

    Preconditions: the office of the programme; the round's winners are published; an
    outlet; the date is not in the future nor before the approval.

    Side effects: one WinnersOutlet; a ``winners.outlet`` log row.
    """
    if not is_office_of(actor, round.programme_id):
        raise DomainError(_("Only the programme's office records where the list was published."))
    outlet = outlet.strip()
    if not outlet:
        raise DomainError(_("Name the outlet."))
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round.pk)
        approval = ApprovalDecision.objects.filter(round=locked).order_by("approved_on").first()
        if locked.stage != RoundStage.PUBLISHED or approval is None:
            raise DomainError(_("The winners are published only after the approval."), rule="R1")
        if published_on > timezone.localdate():
            raise DomainError(_("The date cannot be in the future."))
        if published_on < approval.approved_on:
            raise DomainError(_("The list cannot be published before the approval."))
        entry = WinnersOutlet.objects.create(
            round=locked, outlet=outlet, published_on=published_on, url=url, recorded_by=actor
        )
        record_decision(
            actor=actor,
            action="winners.outlet",
            obj=entry,
            round_id=locked.pk,
            data={"outlet": outlet, "published_on": published_on.isoformat(), "url": url},
        )
    return entry
