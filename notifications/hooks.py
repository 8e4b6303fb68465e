"""Events noticed centrally, so that the services that cause them need not call us.

* A decision-log row is written in the transaction of every decision (R14). For the actions
  in ``ACTION_HOOKS`` the matching messages are written in the same transaction (they commit
  or roll back with the decision) and delivered after commit.
* A certificate's PDF being stored (grants) tells the winner that it is ready.
* A supplement request (applications) tells the organisation what is missing and by when.

A hook never breaks the decision it reports: it runs in a savepoint and any error is logged
at ERROR level (so it is seen), the decision itself goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils import timezone

from decisionlog.models import DecisionLogEntry

logger = logging.getLogger(__name__)


def _call_published(entry: DecisionLogEntry) -> None:
    """Art. 16: the call is published (round draft -> application)."""
    from accounts.enums import Role
    from accounts.models import User
    from awards.models import Round
    from notifications.services import notify_event

    round = Round.objects.select_related("programme").get(pk=entry.object_id)
    users = User.objects.filter(is_active=True).filter(
        # Recommending units and department liaisons of the programme ...
        pk__in=User.objects.filter(
            programme_roles__programme_id=round.programme_id,
            programme_roles__role__in=[Role.RECOMMENDER, Role.LIAISON],
            programme_roles__active=True,
        ).values("pk")
    ) | User.objects.filter(
        is_active=True,
        # ... and the users of organisations that applied to an earlier round of it.
        organisation_membership__organisation__applications__round__programme_id=round.programme_id,
    )
    notify_event(
        "call_published",
        users=users.distinct(),
        context={
            "round": str(round),
            "deadline": timezone.localtime(round.applications_close_at).strftime("%Y-%m-%d %H:%M"),
        },
        url=reverse("awards:call_detail", args=[round.pk]),
        programme_id=round.programme_id,
    )


ACTION_HOOKS: dict[str, Callable[[DecisionLogEntry], None]] = {
    "round.application": _call_published,
}


def _guarded(name: str, hook: Callable[[], None]) -> None:
    try:
        with transaction.atomic():
            hook()
    except Exception:
        logger.exception("notification hook %s failed; the decision itself stands", name)


def on_decision_logged(
    sender: Any, instance: DecisionLogEntry, created: bool, **kwargs: Any
) -> None:
    hook = ACTION_HOOKS.get(instance.action) if created else None
    if hook is not None:
        _guarded(instance.action, lambda: hook(instance))


def _certificate_ready(certificate_id: int) -> None:
    from applications.selectors.application import users_of_organisation
    from grants.models import Certificate
    from notifications.services import notify_event

    certificate = Certificate.objects.select_related(
        "grant__organisation", "grant__round__programme"
    ).get(pk=certificate_id)
    grant = certificate.grant
    notify_event(
        "certificate_ready",
        users=users_of_organisation(grant.organisation_id),
        context={
            "organisation": grant.organisation.name,
            "round": str(grant.round),
            "number": certificate.number,
            "year": grant.round.year,
        },
        url=reverse("grants:certificate_download", args=[grant.pk]),
        programme_id=grant.round.programme_id,
    )


def on_certificate_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """R15: the PDF was stored (``render_certificate_pdf`` saves ``file``) for the first time."""
    update_fields = kwargs.get("update_fields") or ()
    if "file" in update_fields and instance.file:
        _guarded("certificate_ready", lambda: _certificate_ready(instance.pk))


def _supplement_requested(request_id: int) -> None:
    from applications.models import SupplementRequest
    from applications.selectors.application import users_of_organisation
    from notifications.services import notify_event

    supplement = SupplementRequest.objects.select_related(
        "application__organisation", "application__round"
    ).get(pk=request_id)
    application = supplement.application
    notify_event(
        "supplement_requested",
        users=users_of_organisation(application.organisation_id),
        context={
            "organisation": application.organisation.name,
            "round": str(application.round),
            "request": supplement.what,
            "due": timezone.localtime(supplement.due_at).strftime("%Y-%m-%d %H:%M"),
        },
        url=reverse("applications:supplement_answer", args=[application.pk, supplement.pk]),
        programme_id=application.round.programme_id,
    )


def on_supplement_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """Art. 17: the office asked the organisation for a supplement (a new request row)."""
    if created:
        _guarded("supplement_requested", lambda: _supplement_requested(instance.pk))


def connect() -> None:
    post_save.connect(
        on_decision_logged, sender=DecisionLogEntry, dispatch_uid="notifications.decisions"
    )
    post_save.connect(
        on_certificate_saved, sender="grants.Certificate", dispatch_uid="notifications.certs"
    )
    post_save.connect(
        on_supplement_saved,
        sender="applications.SupplementRequest",
        dispatch_uid="notifications.supplements",
    )
