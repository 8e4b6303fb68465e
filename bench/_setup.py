"""Shared set-up for the benchmark scripts: a throw-away database, migrated."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def django_with_fresh_database() -> None:
    sys.path.insert(0, str(ROOT))
    if "DATABASE_URL" not in os.environ:
        var = tempfile.mkdtemp(prefix="award-bench-")
        os.environ["VAR_DIR"] = var
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    # A fresh database starts with an empty cache: the seed writes in bulk (no signals move the
    # cached pages' versions on), so a shared cache kept from an earlier seed would serve its pages.
    from django.core.cache import cache

    cache.clear()


def verified_session(client: Any, user: Any) -> None:
    """Log ``client`` in as ``user`` as a person would be after both steps: with the second
    factor on (the default, OTP_ENFORCED), the user gets a confirmed authenticator and the
    session records it as django-otp's login does, so pages answer as they do in production
    instead of sending the user to enrol."""
    from django.conf import settings
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    if not getattr(settings, "OTP_ENFORCED", True):
        return
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
