"""Reads about organisations and their users."""

from __future__ import annotations

import hashlib

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.permissions import AnyUser

from .models import Division, Organisation, OrganisationInvitation, OrganisationMembership
from .validators import normalise_credit_code


def organisation_of(user: AnyUser) -> Organisation | None:
    """The organisation an applicant user belongs to (one query), or None."""
    if not user.is_authenticated:
        return None
    membership = (
        OrganisationMembership.objects.filter(user=user)
        .select_related("organisation__division")
        .first()
    )
    return membership.organisation if membership else None


def credit_code_is_registered(code: str) -> bool:
    """One code, one organisation: has this unified social credit code an account already?"""
    return Organisation.objects.filter(credit_code=normalise_credit_code(code)).exists()


def username_is_taken(username: str) -> bool:
    return User.objects.filter(username__iexact=username.strip()).exists()


def divisions() -> QuerySet[Division]:
    """Ganzhou's 18 county-level divisions and the 2 zones, in their official order."""
    return Division.objects.order_by("order", "code")


def members_of(organisation: Organisation) -> QuerySet[OrganisationMembership]:
    """The organisation's users, the first (inviting) user first (one query)."""
    return (
        OrganisationMembership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("-is_admin", "joined_at", "pk")
    )


def open_invitations(organisation: Organisation) -> QuerySet[OrganisationInvitation]:
    """Invitations not yet used and not expired (one query)."""
    return (
        OrganisationInvitation.objects.filter(
            organisation=organisation, accepted_at__isnull=True, expires_at__gt=timezone.now()
        )
        .select_related("invited_by")
        .order_by("-created_at")
    )


def token_hash(token: str) -> str:
    """What is stored of an invitation's one-time token: its SHA-256."""
    return hashlib.sha256(token.encode()).hexdigest()


def pending_invitation(token: str) -> OrganisationInvitation | None:
    """The invitation a link's token names, if it is unused and not expired."""
    invitation = (
        OrganisationInvitation.objects.select_related("organisation")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if invitation is None or invitation.accepted_at or invitation.expires_at <= timezone.now():
        return None
    return invitation
