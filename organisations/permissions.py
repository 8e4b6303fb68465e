"""Who may do what within an organisation."""

from __future__ import annotations

from accounts.permissions import AnyUser, is_office_of, is_portal_operator
from organisations.models import Organisation, OrganisationMembership, Programme, Recommender


def membership_of(user: AnyUser) -> OrganisationMembership | None:
    if not user.is_authenticated:
        return None
    return OrganisationMembership.objects.filter(user=user).first()


def can_invite(user: AnyUser, organisation: Organisation) -> bool:
    """The organisation's inviting user (its first user) invites colleagues; nobody
    from another organisation can."""
    membership = membership_of(user)
    return (
        membership is not None
        and membership.organisation_id == organisation.pk
        and membership.is_admin
    )


def email_is_verified(user: AnyUser) -> bool:
    """A self-registered user has followed the verification link (invited colleagues
    and users created by the office count as verified)."""
    membership = membership_of(user)
    return membership is None or membership.email_verified


def can_manage_recommenders(user: AnyUser, programme: Programme) -> bool:
    """Art. 12, 28: the programme's office keeps its list of recommending units (推荐单位)
    and their users; nobody else, and no other programme's office."""
    return is_office_of(user, programme.pk)


def recommender_serves(unit: Recommender, programme: Programme) -> bool:
    """The unit is one of the programme's (its office may manage it and its users)."""
    return unit.programmes.filter(pk=programme.pk).exists()


def recommender_is_shared(unit: Recommender, programme: Programme) -> bool:
    """The unit also serves another programme: its name, kind, scope and active flag are
    then not one office's to change (each office still manages its own users of it)."""
    return unit.programmes.exclude(pk=programme.pk).exists()


def can_invite_programme_users(user: AnyUser, programme: Programme) -> bool:
    """A programme's first accounts: the installation's operator invites them for any
    programme; the city office for a programme it guides (Art. 11(9)), never for its own or
    another city's. Later colleagues too: nobody else opens office or leading-group accounts."""
    if is_portal_operator(user):
        return True
    guiding = getattr(programme, "guided_by_id", None)
    return guiding is not None and is_office_of(user, guiding)
