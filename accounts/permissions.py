"""Who holds which role in which programme. Predicates only: no writes here."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist

from accounts.enums import APPLICANT, Role
from accounts.models import ProgrammeRole, User

AnyUser = User | AnonymousUser


def roles_of(user: AnyUser) -> frozenset[str]:
    """Every role a user holds (any programme); cached on the user object for the request."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_portal_roles", None)
    if cached is not None:
        return cached
    found = set(ProgrammeRole.objects.filter(user=user, active=True).values_list("role", flat=True))
    # The user belongs to an organisation (organisations sits above accounts: read through
    # the membership's relation to the user). Django keeps the membership, or its absence, on
    # the user object: the applicant's pages that ask for its organisation again pay nothing.
    try:
        user.organisation_membership  # noqa: B018
    except ObjectDoesNotExist:
        pass
    else:
        found.add(APPLICANT)
    result = frozenset(found)
    user._portal_roles = result  # type: ignore[union-attr,attr-defined]
    return result


def has_programme_role(user: AnyUser, programme_id: int, role: str) -> bool:
    if not user.is_authenticated:
        return False
    return ProgrammeRole.objects.filter(
        user=user, programme_id=programme_id, role=role, active=True
    ).exists()


def is_office_of(user: AnyUser, programme_id: int) -> bool:
    """Office staff act only in their own programme (a county's office sees only its own)."""
    return has_programme_role(user, programme_id, Role.OFFICE)


def is_leading_group_of(user: AnyUser, programme_id: int) -> bool:
    return has_programme_role(user, programme_id, Role.LEADING_GROUP)


def office_programme_ids(user: AnyUser) -> list[int]:
    """The programmes whose office the user works in; cached on the user object for the
    request (a dashboard's work queue asks once per kind of work)."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_office_programme_ids", None)
    if cached is None:
        cached = tuple(
            ProgrammeRole.objects.filter(user=user, role=Role.OFFICE, active=True).values_list(
                "programme_id", flat=True
            )
        )
        user._office_programme_ids = cached  # type: ignore[union-attr,attr-defined]
    return list(cached)


def is_portal_operator(user: AnyUser) -> bool:
    """The installation's operator (the portal administrator, a staff user): sets up the
    programmes the installation hosts and invites their first accounts. It decides nothing a
    programme's office or leading group decides and holds no role in any programme for this."""
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def active_programme_ids(user: AnyUser) -> set[int]:
    """The programmes in which the user holds an active role (any role)."""
    if not user.is_authenticated:
        return set()
    return set(
        ProgrammeRole.objects.filter(user=user, active=True).values_list("programme_id", flat=True)
    )


def may_reset_second_factor(actor: AnyUser, user: User) -> bool:
    """An administrator may reset anyone's second factor; an office only that of a user who
    belongs to its programmes alone (every active role of theirs is in a programme it runs), so
    that one programme's office cannot open an account another programme relies on."""
    if not actor.is_authenticated:
        return False
    if actor.is_superuser:
        return True
    if actor.pk == user.pk:
        return False
    theirs = active_programme_ids(user)
    return bool(theirs) and theirs <= set(office_programme_ids(actor))
