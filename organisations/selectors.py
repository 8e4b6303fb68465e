"""Reads about organisations and their users."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import User
from accounts.permissions import AnyUser

from .models import Division, Organisation, OrganisationMembership
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
