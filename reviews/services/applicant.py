"""R12: the applicant names experts of the pool it considers conflicted.

The conflict is a ``ConflictDeclaration`` with ``source=applicant``: every review path already
enforces it (``permissions.conflict_exists``: not assigned, not drawn, no dossier, no score,
left out of lists and exports)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from applications.models import Application
from applications.permissions.application import is_applicant_of
from decisionlog.services import record_decision
from decisionlog.workflow import DomainError
from reviews.enums import ConflictKind, ConflictSource
from reviews.models import Assignment, ConflictDeclaration
from reviews.permissions import APPLICANT_NAMING_STATUSES, pool_of
from reviews.services.review import end_assignment

MAX_REASON = 1000


@transaction.atomic
def name_conflicted_expert(
    application: Application,
    expert_id: int,
    *,
    actor: User,
    kind: str,
    reason: str,
) -> ConflictDeclaration:
    """R12: the applicant names an expert of the round's programme pool as conflicted.

    Preconditions: ``actor`` is a user of the applicant organisation; the application is a
    draft or submitted (eligibility not yet decided); the expert is in the programme's
    active pool; a known kind and a reason; not named already.
    Side effects (one transaction): a conflict row (source "applicant", recorded by the actor)
    that keeps the expert away from the application; any active assignment withdrawn with its
    permission; ``review.conflict`` logged with the source.
    """
    app = (
        Application.objects.select_for_update(of=("self",))
        .select_related("round", "organisation")
        .get(pk=application.pk)
    )
    if not is_applicant_of(actor, app):
        raise DomainError(_("Only the applicant organisation can name conflicted experts."))
    if app.status not in APPLICANT_NAMING_STATUSES:
        raise DomainError(
            _(
                "Conflicted experts are named with the dossier, until the eligibility decision. "
                "Tell the award office about a conflict now."
            ),
            rule="R12",
        )
    expert = pool_of(app.round.programme_id).filter(pk=expert_id).first()
    if expert is None:
        raise DomainError(_("Choose an expert of the list."), rule="R12")
    if kind not in ConflictKind.values:
        raise DomainError(_("Choose the kind of conflict of interest."), rule="R12")
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Give the reason for the conflict of interest."), rule="R12")
    if len(reason) > MAX_REASON:
        raise DomainError(
            _("The reason is at most %(n)d characters.") % {"n": MAX_REASON}, rule="R12"
        )
    if ConflictDeclaration.objects.filter(
        expert=expert, application=app, has_conflict=True
    ).exists():
        raise DomainError(
            _("%(expert)s is already on record as conflicted with this application.")
            % {"expert": expert.name},
            rule="R12",
        )
    declaration = ConflictDeclaration.objects.create(
        expert=expert,
        application=app,
        has_conflict=True,
        kind=kind,
        source=ConflictSource.APPLICANT,
        note=reason,
        recorded_by=actor,
    )
    for assignment in Assignment.objects.select_related("expert__user", "application").filter(
        application=app, expert=expert, withdrawn_at__isnull=True
    ):
        end_assignment(
            assignment,
            reason=_("Named as conflicted by the applicant: %(kind)s")
            % {"kind": ConflictKind(kind).label},
        )
    record_decision(
        actor=actor,
        action="review.conflict",
        obj=app,
        reason=reason,
        data={
            "declaration": declaration.pk,
            "expert": expert.pk,
            "expert_name": expert.name,
            "kind": kind,
            "source": ConflictSource.APPLICANT.value,
        },
    )
    return declaration
