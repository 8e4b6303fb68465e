"""Reads about organisations and their users."""

from __future__ import annotations

import hashlib
from typing import TypeVar

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from accounts.enums import Role
from accounts.models import ProgrammeRole, User
from accounts.permissions import AnyUser, office_programme_ids
from organisations.models import (
    Division,
    Organisation,
    OrganisationInvitation,
    OrganisationMembership,
    Programme,
    ProgrammeInvitation,
    Recommender,
)
from organisations.permissions import can_invite_programme_users
from organisations.validators import normalise_credit_code


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


def pending_invitations(organisation: Organisation) -> QuerySet[OrganisationInvitation]:
    """The organisation's invitations of colleagues neither used nor cancelled, newest first:
    those still open and those expired, which its administrator may send again (one query)."""
    return _pending(OrganisationInvitation.objects.filter(organisation=organisation))


def colleague_invitation(organisation: Organisation, pk: int) -> OrganisationInvitation | None:
    """One of ``pending_invitations``, or None (the page says 404)."""
    return pending_invitations(organisation).filter(pk=pk).first()


_Pending = TypeVar("_Pending", OrganisationInvitation, ProgrammeInvitation)


def _pending(invitations: QuerySet[_Pending]) -> QuerySet[_Pending]:
    return (
        invitations.filter(accepted_at__isnull=True, cancelled_at__isnull=True)
        .select_related("invited_by")
        .order_by("-created_at", "-pk")
    )


def token_hash(token: str) -> str:
    """What is stored of an invitation's one-time token: its SHA-256."""
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_for_link(token: str) -> OrganisationInvitation | None:
    """The invitation a link's token names, in whatever state (``is_open`` says whether the
    link still works), or None."""
    return (
        OrganisationInvitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=token_hash(token))
        .first()
    )


# --- recommending units (推荐单位), managed by the office of each programme ------------------


def office_programme(user: AnyUser, programme_id: int | None = None) -> Programme | None:
    """The programme whose recommending units the office user manages: the one asked for
    (?programme=<id>) if the user is its office, else the user's first; None otherwise."""
    ids = office_programme_ids(user)
    if programme_id is not None:
        if programme_id not in ids:
            return None
        ids = [programme_id]
    # The programmes a unit serves are awards' model, reached through the relation.
    programmes: type[Programme] = Recommender.programmes.rel.model
    return programmes._default_manager.filter(pk__in=ids).order_by("pk").first()


def _has_recommended() -> Exists:
    """Per unit: some application (of any programme) names it with its opinion written (read
    through the applications' relation to the unit: applications sit above organisations)."""
    return Exists(
        Recommender.objects.filter(pk=OuterRef("pk"), application__recommended_at__isnull=False)
    )


def _serves_another_programme(programme: Programme) -> Exists:
    return Exists(
        Recommender.programmes.through.objects.filter(recommender_id=OuterRef("pk")).exclude(
            awardprogramme_id=programme.pk
        )
    )


def _programme_users(programme: Programme) -> Prefetch:
    return Prefetch(
        "programmerole_set",
        queryset=ProgrammeRole.objects.filter(
            programme=programme.pk, role=Role.RECOMMENDER, active=True
        )
        .select_related("user")
        .order_by("user__username"),
        to_attr="programme_users",
    )


def programme_recommenders(programme: Programme) -> QuerySet[Recommender]:
    """The programme's recommending units, county/district governments and zones first,
    each with ``programme_users`` (its active recommender roles in the programme, with the
    user), ``has_recommended`` and ``shared`` (also serves another programme). Two queries
    whatever the number of units."""
    return (
        Recommender.objects.filter(programmes=programme.pk)
        .select_related("division")
        .annotate(has_recommended=_has_recommended(), shared=_serves_another_programme(programme))
        .prefetch_related(_programme_users(programme))
        .order_by("-active", "kind", "division__order", "name")
    )


def programme_recommender(programme: Programme, pk: int) -> Recommender | None:
    """One unit of the programme (None when it is not the programme's: the page says 404)."""
    return programme_recommenders(programme).filter(pk=pk).first()


def recommender_name_is_taken(name: str, *, exclude_pk: int | None = None) -> bool:
    """Unit names are unique across programmes (compared without case or outer spaces)."""
    units = Recommender.objects.filter(name__iexact=name.strip())
    if exclude_pk is not None:
        units = units.exclude(pk=exclude_pk)
    return units.exists()


def accounts_matching(identifier: str) -> list[User]:
    """The active accounts whose user name, or else e-mail address, is ``identifier``
    (case-insensitive). More than one only for an e-mail address several accounts share."""
    text = identifier.strip()
    if not text:
        return []
    by_name = list(User.objects.filter(username__iexact=text, is_active=True)[:1])
    if by_name:
        return by_name
    return list(User.objects.filter(email__iexact=text, is_active=True).order_by("pk")[:2])


# --- a programme's first accounts ---------------------------------------------------------------


def invitable_programme(user: AnyUser, pk: int) -> Programme | None:
    """The programme ``pk`` if ``user`` may invite its office and leading group, else None (the
    page is a 404: a city office does not learn of programmes it does not guide)."""
    programmes: type[Programme] = Recommender.programmes.rel.model
    programme = programmes._default_manager.filter(pk=pk).first()
    if programme is None or not can_invite_programme_users(user, programme):
        return None
    return programme


def programme_role_holders(programme: Programme) -> QuerySet[ProgrammeRole]:
    """The programme's office users and leading-group members (one query)."""
    return (
        ProgrammeRole.objects.filter(
            programme_id=programme.pk, role__in=(Role.OFFICE, Role.LEADING_GROUP), active=True
        )
        .select_related("user")
        .order_by("role", "user__username")
    )


def open_programme_invitations(programme: Programme) -> QuerySet[ProgrammeInvitation]:
    """The programme's invitations neither used nor cancelled, newest first: those still open
    and those expired, which their inviter may send again (one query)."""
    return _pending(ProgrammeInvitation.objects.filter(programme_id=programme.pk))


def programme_invitation(programme: Programme, pk: int) -> ProgrammeInvitation | None:
    """One of ``open_programme_invitations``, or None (the page says 404)."""
    return open_programme_invitations(programme).filter(pk=pk).first()


def programme_invitation_for_link(token: str) -> ProgrammeInvitation | None:
    """The programme invitation a link's token names, in whatever state, or None."""
    return (
        ProgrammeInvitation.objects.select_related("programme", "invited_by")
        .filter(token_hash=token_hash(token))
        .first()
    )
