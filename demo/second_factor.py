"""The demo authenticator: the demo users whose role requires a second factor (office staff,
experts, the operator) get a confirmed TOTP device with one known key, so whoever runs `make run` logs in by
adding that key to an authenticator app, or by reading the current code from
``manage.py demo_otp_codes``. A real deployment never shares a key."""

from __future__ import annotations

from base64 import b32encode

from django.db import transaction
from django.db.models import Q
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.second_factor import TOTP_DEVICE_NAME, required_roles

DEMO_TOTP_KEY = b"ganzhou-award-demo-k"  # 20 bytes, as django-otp generates
DEMO_TOTP_HEX = DEMO_TOTP_KEY.hex()
DEMO_TOTP_SECRET = b32encode(DEMO_TOTP_KEY).decode()


def demo_users_needing_a_code() -> list[User]:
    """Holders of a role in OTP_REQUIRED_ROLES and the operator (staff), whether or not the
    step is switched on now."""
    return list(
        User.objects.filter(
            Q(programme_roles__role__in=required_roles(), programme_roles__active=True)
            | Q(is_staff=True)
        )
        .distinct()
        .order_by("username")
    )


@transaction.atomic
def enrol_demo_second_factors() -> int:
    """Give every demo user who must use a second factor the demo authenticator (idempotent);
    returns how many this call enrolled."""
    enrolled = 0
    for user in demo_users_needing_a_code():
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            continue
        TOTPDevice.objects.create(
            user=user, name=TOTP_DEVICE_NAME, key=DEMO_TOTP_HEX, confirmed=True
        )
        enrolled += 1
    return enrolled


def current_demo_code() -> str:
    device = TOTPDevice(key=DEMO_TOTP_HEX)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"
