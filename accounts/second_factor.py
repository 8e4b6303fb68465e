"""Second factor (TOTP via django-otp, with static backup codes): who must use one, and the
writes that enrol, verify and end it.

Who must: the roles in ``settings.OTP_REQUIRED_ROLES`` (office staff and experts by default) and
the leading-group members of a programme whose ``SecondFactorPolicy`` says so. Anyone else
(applicants, recommenders, liaisons) may enrol; once enrolled, every log-in asks for a code.
``settings.OTP_ENFORCED`` switches the whole step off (the test suite does, by default).
"""

from __future__ import annotations

import logging
import time
from typing import cast

from django.conf import settings
from django.db import transaction
from django.db.models import F, Model, Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.backends import forget_user
from accounts.enums import Role
from accounts.models import ProgrammeRole, SecondFactorPolicy, User
from accounts.permissions import (
    active_programme_ids,
    may_reset_second_factor,
    office_programme_ids,
)
from common.errors import DomainError
from decisionlog.services import record_decision

security_log = logging.getLogger("accounts.security")

TOTP_DEVICE_NAME = "authenticator"
BACKUP_DEVICE_NAME = "backup"
BACKUP_CODE_COUNT = 10


# When the session last passed the second factor (seconds since the epoch): a change of
# password asks for a code again once SECOND_FACTOR_FRESH_SECONDS have passed.
VERIFIED_AT_KEY = "_second_factor_verified_at"


# The device that verified this session and the user's second_factor_epoch at that moment: while
# both still match, the session stays verified without looking the device up again.
VERIFIED_EPOCH_KEY = "_second_factor_epoch"


@receiver(post_delete, sender=TOTPDevice)
@receiver(post_delete, sender=StaticDevice)
def _device_removed(
    sender: type[Model], instance: TOTPDevice | StaticDevice, **kwargs: object
) -> None:
    """A removed device (reset, re-enrolment, new backup codes, deleted in the admin) makes
    every session of its user look its own device up again on the next request."""
    User.objects.filter(pk=instance.user_id).update(
        second_factor_epoch=F("second_factor_epoch") + 1
    )
    forget_user(instance.user_id)


@receiver(post_save, sender=TOTPDevice)
@receiver(post_save, sender=StaticDevice)
def _device_unconfirmed(
    sender: type[Model], instance: TOTPDevice | StaticDevice, created: bool, **kwargs: object
) -> None:
    """An existing device switched back to unconfirmed no longer verifies anyone."""
    if not created and not instance.confirmed:
        _device_removed(sender, instance)


def enforced() -> bool:
    return bool(getattr(settings, "OTP_ENFORCED", True))


def required_roles() -> frozenset[str]:
    return frozenset(getattr(settings, "OTP_REQUIRED_ROLES", (Role.OFFICE, Role.EXPERT)))


def second_factor_required(user: User) -> bool:
    """Must this user use a second factor? The operator (staff) and roles in OTP_REQUIRED_ROLES
    always; a leading-group member when one of their programmes' policy says so."""
    if not enforced() or not user.is_authenticated:
        return False
    if user.is_staff:  # the installation's operator sets up programmes and their accounts
        return True
    # A role suspended by a reset of the second factor still asks for one: enrolling revives it.
    grants = ProgrammeRole.objects.filter(
        Q(active=True) | Q(suspended_for_second_factor=True), user=user
    )
    if grants.filter(role__in=required_roles()).exists():
        return True
    return grants.filter(
        role=Role.LEADING_GROUP, programme__second_factor_policy__leading_group_required=True
    ).exists()


def has_second_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def fresh_check_needed(request: HttpRequest, user: User) -> bool:
    """Must ``user`` pass the second factor again before a sensitive change (password)?
    Yes when they have one and this session has not passed it within
    SECOND_FACTOR_FRESH_SECONDS: a password alone (stolen) must not let anyone change it."""
    if not enforced() or not has_second_factor(user):
        return False
    verified_at = float(request.session.get(VERIFIED_AT_KEY, 0))
    fresh_for = float(getattr(settings, "SECOND_FACTOR_FRESH_SECONDS", 600))
    return time.time() - verified_at > fresh_for


def backup_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def pending_totp(user: User) -> TOTPDevice:
    """The unconfirmed authenticator being enrolled (created on first call, reused after, so
    reloading the page keeps the same QR code)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def _new_backup_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def confirm_enrolment(request: HttpRequest, user: User, code: str) -> list[str] | None:
    """Confirm the pending authenticator with a code it shows. On success the device replaces
    any earlier one, ten new backup codes are made (returned, to be shown once) and this
    session counts as verified. A wrong code returns None and changes nothing."""
    device = pending_totp(user)
    if not device.verify_token(code.strip().replace(" ", "")):
        security_log.warning("second factor enrolment: wrong code for user %s", user.pk)
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_backup_codes(user)
        _revive_suspended_roles(user)
    otp_login(request, device)
    request.session[VERIFIED_AT_KEY] = time.time()
    security_log.info("second factor enrolled for user %s", user.pk)
    return codes


def _revive_suspended_roles(user: User) -> None:
    """Switch on again the roles a reset of the second factor suspended (only those), logged."""
    suspended = ProgrammeRole.objects.filter(user=user, suspended_for_second_factor=True)
    role_ids = sorted(suspended.values_list("pk", flat=True))
    if not role_ids:
        return
    suspended.update(active=True, suspended_for_second_factor=False)
    record_decision(
        actor=user,
        action="security.second_factor_roles_revived",
        obj=user,
        data={"roles": role_ids},
    )


def verify(request: HttpRequest, user: User, code: str) -> bool:
    """Check a code from the authenticator or one backup code (used up); mark the session
    verified on success. django-otp throttles repeated failures per device."""
    device = match_token(user, code.strip().replace(" ", ""))
    if device is None:
        security_log.warning("second factor: wrong code for user %s", user.pk)
        return False
    otp_login(request, device)
    request.session[VERIFIED_AT_KEY] = time.time()
    security_log.info("second factor verified for user %s with %s", user.pk, type(device).__name__)
    return True


def regenerate_backup_codes(user: User) -> list[str]:
    """Replace every backup code (the old ones stop working)."""
    with transaction.atomic():
        codes = _new_backup_codes(user)
    security_log.info("backup codes regenerated for user %s", user.pk)
    return codes


class SecondFactorStillRequired(Exception):
    pass


def remove_second_factor(user: User) -> None:
    """An optional user turns the second factor off. Refused while their role requires it."""
    if second_factor_required(user):
        raise SecondFactorStillRequired
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
    security_log.info("second factor removed by user %s", user.pk)


def programmes(ids: list[int]) -> list[Model]:
    """The award programmes with these ids, in id order (awards' model, reached through the
    policy's relation: accounts sits below awards)."""
    programme_model = cast("type[Model]", SecondFactorPolicy.programme.field.related_model)
    return list(programme_model._default_manager.filter(pk__in=ids).order_by("pk"))


def set_leading_group_policy(*, programme_id: int, required: bool, actor: User) -> bool:
    """The office decides whether its programme's leading-group members must use a second
    factor. Logged in the decision log; returns whether anything changed."""
    with transaction.atomic():
        policy, _ = SecondFactorPolicy.objects.select_for_update().get_or_create(
            programme_id=programme_id
        )
        if policy.leading_group_required == required:
            return False
        before = "required" if policy.leading_group_required else "optional"
        policy.leading_group_required = required
        policy.updated_by = actor
        policy.save(update_fields=["leading_group_required", "updated_by", "updated_at"])
        record_decision(
            actor=actor,
            action="security.second_factor_policy",
            obj=policy,
            from_state=before,
            to_state="required" if required else "optional",
        )
    return True


def resettable_users(actor: User) -> list[User]:
    """Users an office (or an administrator) may find on the reset page: holders of an active
    role in a programme the office runs (every user, for an administrator), not itself, who
    have an authenticator. Whether each may be reset is ``may_reset_second_factor``'s answer."""
    users = User.objects.filter(totpdevice__confirmed=True)
    if not actor.is_superuser:
        programme_ids = office_programme_ids(actor)
        if not programme_ids:
            return []
        users = users.filter(
            programme_roles__programme_id__in=programme_ids, programme_roles__active=True
        )
    return list(users.exclude(pk=actor.pk).distinct().order_by("username"))


def reset_second_factor(*, actor: User, user: User) -> None:
    """Remove a user's authenticator and backup codes (a lost phone): the user sets up a new
    one at the next log-in.

    For an office of a programme the user belongs to alone, or an administrator (anyone else
    is refused). The user's roles outside the programmes the resetting office runs (all of
    them, for an administrator who runs none) are suspended until that new enrolment, so an
    account opened by one authority is of no use elsewhere in the meantime. Logged in the
    decision log; the user is told by e-mail (notifications hooks onto the logged action)."""
    if not may_reset_second_factor(actor, user):
        raise DomainError(
            _(
                "This user also holds roles in another award programme: only an "
                "administrator may reset their two-step verification."
            )
        )
    kept = set(office_programme_ids(actor))
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        suspended = ProgrammeRole.objects.filter(user=user, active=True).exclude(
            programme_id__in=kept
        )
        role_ids = sorted(suspended.values_list("pk", flat=True))
        suspended.update(active=False, suspended_for_second_factor=True)
        mine = sorted(active_programme_ids(user) & kept)
        record_decision(
            actor=actor,
            action="security.second_factor_reset",
            obj=user,
            reason="lost authenticator",
            data={
                "suspended_roles": role_ids,
                "programme_id": mine[0] if len(mine) == 1 else None,
            },
        )
    security_log.info(
        "second factor of user %s reset by user %s; roles suspended: %s",
        user.pk,
        actor.pk,
        role_ids,
    )
