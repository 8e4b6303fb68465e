"""Every write of API keys: creation (the secret shown once), revocation, the time of last use."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.enums import Role
from accounts.models import ProgrammeRole, User
from api.enums import KeyAccess, KeyScope
from api.keys import new_key, secret_sha256
from api.models import ApiKey
from api.permissions import can_manage_keys
from awards.models import AwardProgramme
from common.errors import DomainError
from decisionlog.services import record_decision

#: The longest a key may live; the office issues a new one to go on.
LONGEST_VALIDITY = datetime.timedelta(days=731)
#: last_used_at is written at most this often per key, not on every request.
USE_STAMP_INTERVAL = datetime.timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedKey:
    key: ApiKey
    #: The whole key, to show once; only its SHA-256 is stored.
    raw: str


def _end_of_day(day: datetime.date) -> datetime.datetime:
    start = datetime.datetime.combine(day, datetime.time.min)
    return timezone.make_aware(start) + datetime.timedelta(days=1)


OFFICE_KEYS_READ_ONLY = gettext_lazy(
    "An office key can only read: the office's decisions are taken on its pages. Write access "
    "is for a department's key (answering consultations, reporting incidents)."
)


@transaction.atomic
def create_api_key(
    programme: AwardProgramme,
    *,
    actor: User,
    name: str,
    scope: str,
    access: str,
    expires_on: datetime.date,
    liaison_role: ProgrammeRole | None = None,
) -> IssuedKey:
    """The office issues a key for one integration.

    Preconditions: ``actor`` is the programme's office; a name; an office key reads only; the expiry after today and
    within two years; a department key names an active liaison role of the programme (the key
    acts as that liaison, for that department). An office key acts as ``actor``.
    Side effects: the key stored with the SHA-256 of its secret; one decision logged (without
    the secret). Returns the key with its secret, to be shown once.
    """
    if not can_manage_keys(actor, programme.pk):
        raise DomainError(_("Only the programme's office can issue its API keys."))
    name = name.strip()
    if not name:
        raise DomainError(_("Give the key a name (the system that will use it)."))
    if scope not in KeyScope.values or access not in KeyAccess.values:
        raise DomainError(_("Choose the key's scope and access."))
    if scope == KeyScope.OFFICE and access == KeyAccess.WRITE:
        # The office's decisions are taken on its pages (checked, signed with the second
        # factor, each by a named officer); no endpoint writes for the office.
        raise DomainError(str(OFFICE_KEYS_READ_ONLY))
    expires_at = _end_of_day(expires_on)
    now = timezone.now()
    if expires_at <= now or expires_at - now > LONGEST_VALIDITY:
        raise DomainError(_("The key must expire after today and within two years."))
    department_id = None
    acts_as = actor
    if scope == KeyScope.DEPARTMENT:
        if (
            liaison_role is None
            or liaison_role.programme_id != programme.pk
            or liaison_role.role != Role.LIAISON
            or not liaison_role.active
            or liaison_role.department_id is None
        ):
            raise DomainError(_("Choose the liaison of the department whose system will use it."))
        department_id = liaison_role.department_id
        acts_as = liaison_role.user
    prefix, raw = new_key()
    key = ApiKey.objects.create(
        programme=programme,
        name=name,
        scope=scope,
        department_id=department_id,
        acts_as=acts_as,
        access=access,
        prefix=prefix,
        secret_sha256=secret_sha256(raw),
        created_by=actor,
        expires_at=expires_at,
    )
    record_decision(
        actor=actor,
        action="api_key.create",
        obj=key,
        data={
            "name": key.name,
            "prefix": prefix,
            "scope": scope,
            "department_id": department_id,
            "acts_as": acts_as.username,
            "access": access,
            "expires_at": expires_at.isoformat(),
        },
    )
    return IssuedKey(key=key, raw=raw)


@transaction.atomic
def revoke_api_key(key: ApiKey, *, actor: User, reason: str = "") -> ApiKey:
    """The office revokes a key at once (a leaked key, an integration ended).

    Preconditions: ``actor`` is the key's programme's office; the key is not revoked yet.
    Side effects: the key refused from the next request on; one decision logged.
    """
    locked = ApiKey.objects.select_for_update().get(pk=key.pk)
    if not can_manage_keys(actor, locked.programme_id):
        raise DomainError(_("Only the programme's office can revoke its API keys."))
    if locked.revoked_at is not None:
        raise DomainError(_("This key has already been revoked."))
    locked.revoked_at = timezone.now()
    locked.revoked_by = actor
    locked.save(update_fields=["revoked_at", "revoked_by"])
    record_decision(
        actor=actor,
        action="api_key.revoke",
        obj=locked,
        reason=reason,
        data={"name": locked.name, "prefix": locked.prefix},
    )
    return locked


def stamp_key_used(key: ApiKey) -> None:
    """Record the time of use, at most once a minute per key (a conditional update, so a
    busy integration does not write on every request)."""
    now = timezone.now()
    ApiKey.objects.filter(pk=key.pk).exclude(last_used_at__gt=now - USE_STAMP_INTERVAL).update(
        last_used_at=now
    )
