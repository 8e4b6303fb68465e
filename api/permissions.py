"""Who may manage a programme's API keys, and what a key may still do."""

from __future__ import annotations

from accounts.enums import Role
from accounts.models import ProgrammeRole
from accounts.permissions import AnyUser, is_office_of
from api.enums import KeyAccess, KeyScope
from api.models import ApiKey


def can_manage_keys(user: AnyUser, programme_id: int) -> bool:
    """The programme's office creates and revokes its keys (a county's office only its own)."""
    return is_office_of(user, programme_id)


def key_role_in_force(key: ApiKey) -> bool:
    """The account the key acts as still holds the key's role in the key's programme (and,
    for a department key, for the key's department): a key never outlives the person's role."""
    if not key.acts_as.is_active:
        return False
    if key.scope == KeyScope.OFFICE:
        return is_office_of(key.acts_as, key.programme_id)
    if key.department_id is None:
        return False
    return ProgrammeRole.objects.filter(
        user_id=key.acts_as_id,
        role=Role.LIAISON,
        programme_id=key.programme_id,
        department_id=key.department_id,
        active=True,
    ).exists()


def key_may_write(key: ApiKey) -> bool:
    return key.access == KeyAccess.WRITE
