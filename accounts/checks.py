"""Deployment checks (``manage.py check --deploy``) for the second factor."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def second_factor_enforced(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """Office staff and experts must log in with a second factor in production."""
    problems = []
    if not getattr(settings, "OTP_ENFORCED", True):
        problems.append(
            Warning(
                "OTP_ENFORCED is off: office staff and experts log in without a second factor.",
                hint="Unset OTP_ENFORCED (it defaults to on) in production.",
                id="accounts.W001",
            )
        )
    required = set(getattr(settings, "OTP_REQUIRED_ROLES", ()))
    if not {"office", "expert"} <= required:
        problems.append(
            Warning(
                "OTP_REQUIRED_ROLES does not include both office and expert.",
                hint="Office staff and experts must use a second factor.",
                id="accounts.W002",
            )
        )
    return problems
