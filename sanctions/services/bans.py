"""R8: a bar that arises while an organisation has an application in progress stops it, with
the reason, logged, and the organisation told. Called in the transaction that creates the
bar (a revocation decided, history imported)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from applications.enums import OPEN_STATUSES, ApplicationStatus
from applications.models import Application
from applications.selectors.application import users_of_organisation
from applications.services.application import transition_application
from awards.rulesets import barring_programme_ids
from common.dates import day_text
from grants.models import PastBan
from notifications.services import notify
from sanctions.models import Ban
from sanctions.rules import ban_until

# A draft is withdrawn (it was never submitted); a submitted application is disqualified.
IN_PROGRESS = frozenset({ApplicationStatus.DRAFT, *OPEN_STATUSES})


def stop_applications_of_barred(
    credit_codes: Iterable[str], *, actor: User | None, on: date
) -> list[Application]:
    """Stop every application in progress of the registered organisations with these credit
    codes that are barred on ``on`` (portal bans and imported history). Returns those
    stopped; an organisation not barred on that day (a bar that has ended or not begun) is
    left alone."""
    stopped: list[Application] = []
    applications = (
        Application.objects.select_for_update()
        .filter(organisation__credit_code__in=list(credit_codes), status__in=IN_PROGRESS)
        .select_related("organisation", "round__programme")
        .order_by("pk")
    )
    # Art. 28, 30: a bar stops the applications to the programmes it keeps the organisation
    # out of (the deciding programme's and those honouring its bars), not every programme's.
    # The bars a round honours are those its rules kept.
    until_by_org: dict[tuple[int, int], date | None] = {}
    for application in applications:
        org = application.organisation
        key = (org.pk, application.round_id)
        if key not in until_by_org:
            until_by_org[key] = ban_until(
                org, on, barring_programme_ids(application.round.programme, application.round)
            )
        until = until_by_org[key]
        if until is None:
            continue
        reason = _(
            "%(org)s is barred from applying until and including %(until)s (Art. 28 and 30 of "
            "the Measures); the application is stopped."
        ) % {"org": org.name, "until": day_text(until)}
        to = (
            ApplicationStatus.WITHDRAWN
            if application.status == ApplicationStatus.DRAFT
            else ApplicationStatus.DISQUALIFIED
        )
        stopped.append(transition_application(application, to, actor=actor, reason=reason))
        notify(
            users_of_organisation(org.pk),
            subject=_("Application stopped: %(round)s") % {"round": application.round},
            body=reason,
            url=reverse("accounts:dashboard"),
            programme_id=application.round.programme_id,
        )
    return stopped


def sweep_begun_bans() -> int:
    """R8, daily effect: a bar that begins later than it was recorded (an imported ban with a
    future start date) stops the applications in progress on its first day. Called by the
    deadline sweep (awards.tasks.sweep_deadlines); idempotent, since a stopped application is
    no longer in progress, and it also catches up on days the sweep did not run. One query
    when nothing is due."""
    today = timezone.localdate()
    portal = Ban.objects.filter(
        organisation=OuterRef("organisation"), starts_on__lte=today, ends_on__gte=today
    )
    past = PastBan.objects.filter(
        credit_code=OuterRef("organisation__credit_code"), starts_on__lte=today, ends_on__gte=today
    )
    codes = set(
        Application.objects.filter(status__in=IN_PROGRESS)
        .filter(Q(Exists(portal)) | Q(Exists(past)))
        .values_list("organisation__credit_code", flat=True)
    )
    if not codes:
        return 0
    with transaction.atomic():
        stopped = stop_applications_of_barred(sorted(codes), actor=None, on=today)
    return len(stopped)
