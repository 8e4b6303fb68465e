"""Who hears about what applications notices rather than does (``notifications.hooks``,
connected in ``applications.registrations``): a call published (the decision log's
"round.application") and a supplement requested (a new SupplementRequest row)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from accounts.models import User
from applications.models import SupplementRequest
from applications.selectors.application import users_of_organisation
from awards.models import Round
from decisionlog.models import DecisionLogEntry
from notifications.hooks import guarded
from notifications.services import notify_event


def call_published(entry: DecisionLogEntry) -> None:
    """Art. 16: the call is published (round draft -> application)."""
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


def notify_organisation(event: str, subject: Any, url: str, **context: Any) -> None:
    """Tell the users of the subject's organisation of ``event``; the subject (an application,
    an award) has an organisation and a round, named first in the context."""
    notify_event(
        event,
        users=users_of_organisation(subject.organisation_id),
        context={"organisation": subject.organisation.name, "round": str(subject.round), **context},
        url=url,
        programme_id=subject.round.programme_id,
    )


def _supplement_requested(request_id: int) -> None:
    supplement = SupplementRequest.objects.select_related(
        "application__organisation", "application__round"
    ).get(pk=request_id)
    application = supplement.application
    notify_organisation(
        "supplement_requested",
        application,
        reverse("applications:supplement_answer", args=[application.pk, supplement.pk]),
        request=supplement.what,
        due=timezone.localtime(supplement.due_at).strftime("%Y-%m-%d %H:%M"),
    )


def on_supplement_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """Art. 17: the office asked the organisation for a supplement (a new request row)."""
    if created:
        guarded("supplement_requested", lambda: _supplement_requested(instance.pk))
