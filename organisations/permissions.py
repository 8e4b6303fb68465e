"""Who may do what within an organisation."""

from __future__ import annotations

from accounts.permissions import AnyUser

from .models import Organisation, OrganisationMembership


def membership_of(user: AnyUser) -> OrganisationMembership | None:
    if not user.is_authenticated:
        return None
    return OrganisationMembership.objects.filter(user=user).first()


def can_invite(user: AnyUser, organisation: Organisation) -> bool:
    """Issue 3: the organisation's inviting user (its first user) invites colleagues; nobody
    from another organisation can."""
    membership = membership_of(user)
    return (
        membership is not None
        and membership.organisation_id == organisation.pk
        and membership.is_admin
    )


def email_is_verified(user: AnyUser) -> bool:
    """Issue 3: a self-registered user has followed the verification link (invited colleagues
    and users created by the office count as verified)."""
    membership = membership_of(user)
    return membership is None or membership.email_verified
