"""The throttles of the public account pages: password resets (per client address and per
e-mail address asked for) and registrations (per client address and per user name tried).
Counts are atomic and in fixed windows (common.ratelimit); the limits are settings."""

from __future__ import annotations

from django.conf import settings

from common.ratelimit import RateLimit

HOUR = 3600


def password_reset_by_address() -> RateLimit:
    return RateLimit("accounts:password-reset:address", settings.PASSWORD_RESET_RATE_LIMIT, HOUR)


def password_reset_by_account() -> RateLimit:
    """Links e-mailed for one address an hour; further requests send nothing but are
    answered alike, so the answer never tells whether the address has an account."""
    return RateLimit(
        "accounts:password-reset:account", settings.PASSWORD_RESET_ACCOUNT_RATE_LIMIT, HOUR
    )


def registration_by_address() -> RateLimit:
    return RateLimit("accounts:register:address", settings.REGISTRATION_RATE_LIMIT, HOUR)


def registration_by_username() -> RateLimit:
    return RateLimit("accounts:register:username", settings.REGISTRATION_USERNAME_RATE_LIMIT, HOUR)
