"""Every write of notifications: in-portal messages, the outbox and its delivery.

Two ways in:

* ``notify_event(event, users=..., addresses=..., context=...)`` renders the event's template
  (``notifications.events``) in each recipient's language, writes the in-portal Notification
  and one outbox row per channel address, and queues delivery after commit.
* ``notify(users, subject=..., body=..., url=..., programme_id=...)`` (the older call): the
  text is written by the caller; it goes through the same outbox as the template ``custom``.

Both require ``programme_id`` (keyword-only, no default), so a caller cannot forget it: the
outbox row belongs to that programme and its office sees it on ``notifications:outbox``. Pass
``None`` only for a message that truly belongs to no programme (then the programme is inferred
from the recipients when they name exactly one; otherwise only the admin's outbox lists it and
a warning is logged).

Delivery (``deliver``) claims a queued row with a conditional update, sends it through the
channel's adapter and records the result: sent, queued again with a later attempt (backoff),
or failed after ``OUTBOX_MAX_ATTEMPTS`` attempts, logged at ERROR. Nothing fails silently.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import ProgrammeRole, User
from accounts.permissions import is_office_of
from decisionlog.workflow import DomainError
from notifications import hooks
from notifications.channels import adapter_for
from notifications.enums import Channel, DeliveryState
from notifications.events import event as get_event
from notifications.models import Notification, NotificationPreference, OutboxMessage

logger = logging.getLogger(__name__)

SUBJECT_SEPARATOR = "\n---\n"


def max_attempts() -> int:
    return int(getattr(settings, "OUTBOX_MAX_ATTEMPTS", 5))


def backoff(attempts: int) -> timedelta:
    """Wait before the next attempt: 1, 2, 4, 8... minutes, at most an hour."""
    base = int(getattr(settings, "OUTBOX_BACKOFF_SECONDS", 60))
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 3600))


# --- Language and rendering -----------------------------------------------------------------


def default_language() -> str:
    return str(settings.LANGUAGE_CODE)


def languages_of(users: Iterable[User]) -> dict[int, str]:
    """Each user's message language: Chinese unless the user chose English (one query)."""
    pks = [u.pk for u in users]
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=pks).values_list("user_id", "language")
    )
    return {pk: chosen.get(pk, default_language()) for pk in pks}


def message_language(user: User) -> str:
    return languages_of([user])[user.pk]


def set_message_language(user: User, language: str) -> NotificationPreference:
    if language not in dict(settings.LANGUAGES):
        raise DomainError(_("Unknown language."))
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"language": language}
    )
    return preference


def render_message(event_key: str, context: Mapping[str, Any], language: str) -> tuple[str, str]:
    """The event's subject and body in ``language``."""
    ev = get_event(event_key)
    with translation.override(language):
        text = render_to_string(ev.template_name, dict(context))
    subject, sep, body = text.partition(SUBJECT_SEPARATOR)
    if not sep:
        raise ValueError(f"{ev.template_name} has no subject separator line '---'")
    return " ".join(subject.split())[:300], body.strip()


# --- Writing messages -----------------------------------------------------------------------


def _programme_of(users: list[User]) -> int | None:
    """The programme a message without one belongs to, when its recipients name exactly one
    (their roles, or what ``hooks.programme_sources`` find: the rounds their organisation
    applied to); else None (admin only)."""
    pks = [u.pk for u in users]
    ids = set(
        ProgrammeRole.objects.filter(user_id__in=pks, active=True).values_list(
            "programme_id", flat=True
        )
    )
    for source in hooks.programme_sources:
        ids |= set(source(pks))
    return ids.pop() if len(ids) == 1 else None


def _queue(messages: list[OutboxMessage]) -> None:
    if not messages:
        return
    # Celery task module: notifications.tasks imports this module for the work it queues.
    from notifications.tasks import deliver_message

    for message in messages:
        transaction.on_commit(partial(deliver_message.delay, message.pk))


def _unique_users(users: Iterable[User | None]) -> list[User]:
    return list({u.pk: u for u in users if u is not None}.values())


def _write(
    event_key: str,
    *,
    users: Iterable[User | None],
    addresses: Iterable[str],
    context: Mapping[str, Any],
    url: str,
    programme_id: int | None,
    in_portal: bool,
    address_language: str | None,
) -> tuple[list[Notification], list[OutboxMessage]]:
    get_event(event_key)  # an unknown event is a programming error: fail now
    recipients = _unique_users(users)
    if programme_id is None and recipients:
        programme_id = _programme_of(recipients)
    languages = languages_of(recipients)
    by_language: dict[str, list[User]] = defaultdict(list)
    for user in recipients:
        by_language[languages[user.pk]].append(user)
    now = timezone.now()
    notifications: list[Notification] = []
    outbox: list[OutboxMessage] = []

    def row(address: str, language: str, subject: str, body: str, **extra: Any) -> OutboxMessage:
        return OutboxMessage(
            channel=Channel.EMAIL,
            address=address,
            event=event_key,
            language=language,
            subject=subject,
            body=body,
            url=url,
            programme_id=programme_id,
            next_attempt_at=now,
            created_at=now,
            **extra,
        )

    for language, group in by_language.items():
        subject, body = render_message(event_key, context, language)
        for user in group:
            notification = None
            if in_portal:
                notification = Notification.objects.create(
                    user=user, subject=subject[:200], body=body, url=url
                )
                notifications.append(notification)
            if user.email:
                outbox.append(
                    row(
                        user.email,
                        language,
                        subject,
                        body,
                        recipient=user,
                        notification=notification,
                    )
                )
    bare = sorted({a.strip() for a in addresses if a and a.strip()})
    if bare:
        language = address_language or translation.get_language() or default_language()
        subject, body = render_message(event_key, context, language)
        outbox += [row(address, language, subject, body) for address in bare]
    if outbox and programme_id is None:
        # Sent all the same; only the admin's outbox lists it (no programme's office can).
        logger.warning("outbox messages %r belong to no programme", event_key)
    for message in outbox:
        message.save()
    _queue(outbox)
    return notifications, outbox


def notify_event(
    event_key: str,
    *,
    users: Iterable[User | None] = (),
    addresses: Iterable[str] = (),
    context: Mapping[str, Any],
    url: str = "",
    programme_id: int | None,
    in_portal: bool = True,
    address_language: str | None = None,
) -> list[OutboxMessage]:
    """Tell ``users`` (in the portal and by e-mail) and bare ``addresses`` (e-mail only, e.g.
    an objector) about an event, each in its language.

    Call it inside the transaction of the change it reports: the rows commit with it and
    delivery is queued after commit. ``address_language`` defaults to the language active now
    (the visitor's). ``programme_id`` (required) scopes the rows to that programme's office;
    ``None`` only for a message of no programme (then inferred from the recipients when they
    name one programme). Returns the outbox rows written.
    """
    return _write(
        event_key,
        users=users,
        addresses=addresses,
        context=context,
        url=url,
        programme_id=programme_id,
        in_portal=in_portal,
        address_language=address_language,
    )[1]


def notify(
    users: Iterable[User | None],
    *,
    subject: str,
    body: str,
    url: str = "",
    programme_id: int | None,
) -> list[Notification]:
    """In-portal notifications written by the caller; their e-mail copies go through the
    outbox (template ``custom``) after commit.

    ``programme_id`` (required) is the programme of the object the message is about: its
    office sees the rows on ``notifications:outbox``. ``None`` only for a message that belongs
    to no programme (then inferred from the recipients when they name exactly one)."""
    return _write(
        "custom",
        users=users,
        addresses=(),
        context={"subject": subject, "body": body},
        url=url,
        programme_id=programme_id,
        in_portal=True,
        address_language=None,
    )[0]


# --- Delivery -------------------------------------------------------------------------------


def deliver(message_id: int, *, now: datetime | None = None) -> bool:
    """Send one queued message whose attempt is due. Safe to run twice: the conditional update
    claims it (a second run, or a second worker, finds nothing to claim and returns False).
    Returns True if this call sent it."""
    now = now or timezone.now()
    # A first attempt is always due (it is queued at commit); a retry waits for its backoff.
    claimed = OutboxMessage.objects.filter(
        Q(attempts=0) | Q(next_attempt_at__lte=now), pk=message_id, state=DeliveryState.QUEUED
    ).update(state=DeliveryState.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return False
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        adapter_for(message.channel).send(message)
    except Exception as exc:  # every failure is recorded, whatever the adapter raised
        error = f"{type(exc).__name__}: {exc}"[:2000]
        if message.attempts >= max_attempts():
            OutboxMessage.objects.filter(pk=message_id).update(
                state=DeliveryState.FAILED, claimed_at=None, last_error=error
            )
            logger.error(
                "outbox message %s to %s failed for good after %s attempts: %s",
                message_id,
                message.address,
                message.attempts,
                error,
            )
        else:
            OutboxMessage.objects.filter(pk=message_id).update(
                state=DeliveryState.QUEUED,
                claimed_at=None,
                last_error=error,
                next_attempt_at=now + backoff(message.attempts),
            )
            logger.warning(
                "outbox message %s attempt %s failed, retrying: %s",
                message_id,
                message.attempts,
                error,
            )
        return False
    OutboxMessage.objects.filter(pk=message_id).update(
        state=DeliveryState.SENT, claimed_at=None, sent_at=now, last_error=""
    )
    if message.notification_id:
        Notification.objects.filter(pk=message.notification_id, emailed_at__isnull=True).update(
            emailed_at=now
        )
    return True


def due_message_ids(now: datetime | None = None) -> list[int]:
    """Queued messages whose next attempt is due, oldest first."""
    now = now or timezone.now()
    return list(
        OutboxMessage.objects.filter(state=DeliveryState.QUEUED, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:500]
    )


def release_stale(now: datetime | None = None) -> int:
    """A worker that died while sending leaves its claim: after ``OUTBOX_STALE_SECONDS`` the
    message is queued again (at-least-once delivery)."""
    now = now or timezone.now()
    stale = timedelta(seconds=int(getattr(settings, "OUTBOX_STALE_SECONDS", 600)))
    return OutboxMessage.objects.filter(
        state=DeliveryState.SENDING, claimed_at__lt=now - stale
    ).update(state=DeliveryState.QUEUED, claimed_at=None, next_attempt_at=now)


def retry_message(message: OutboxMessage, *, actor: User) -> OutboxMessage:
    """The office sends a failed message again (Art. 21 practice: nothing fails silently).

    Preconditions: the actor is the office of the message's programme; the message failed.
    Side effects: FAILED -> QUEUED due now, attempts counted afresh; delivery queued."""
    if message.programme_id is None or not is_office_of(actor, message.programme_id):
        raise DomainError(_("Only the programme's office can send its messages again."))
    with transaction.atomic():
        updated = OutboxMessage.objects.filter(pk=message.pk, state=DeliveryState.FAILED).update(
            state=DeliveryState.QUEUED, attempts=0, next_attempt_at=timezone.now(), claimed_at=None
        )
        if not updated:
            raise DomainError(_("Only a failed message can be sent again."))
        fresh = OutboxMessage.objects.get(pk=message.pk)
        _queue([fresh])
    return fresh


def retry_failed_of_programme(programme_id: int, *, actor: User) -> int:
    """The office sends every failed message of its programme again; returns how many."""
    if not is_office_of(actor, programme_id):
        raise DomainError(_("Only the programme's office can send its messages again."))
    with transaction.atomic():
        ids = list(
            OutboxMessage.objects.select_for_update()
            .filter(programme_id=programme_id, state=DeliveryState.FAILED)
            .values_list("pk", flat=True)
        )
        OutboxMessage.objects.filter(pk__in=ids).update(
            state=DeliveryState.QUEUED, attempts=0, next_attempt_at=timezone.now(), claimed_at=None
        )
        _queue(list(OutboxMessage.objects.filter(pk__in=ids)))
    return len(ids)


def mark_read(user: User, ids: Iterable[int]) -> int:
    """The messages the user has just been shown in the inbox are read (the top bar's unread
    count drops); returns how many were unread. Messages of other users are untouched."""
    return Notification.objects.filter(user=user, pk__in=list(ids), read_at__isnull=True).update(
        read_at=timezone.now()
    )
