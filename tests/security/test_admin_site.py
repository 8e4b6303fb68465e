"""The Django admin's log-in page is not public in production: under config.settings_production
there is no /django-admin/ unless ADMIN_ENABLED=1, and then its site (django-otp's
OTPAdminSite) asks for the second factor and admits no session that has not passed it.
Development (config.settings, `make run`) keeps the admin."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client
from django.urls import path, resolve
from django.utils.module_loading import import_string
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.admin_site import SecondFactorAdminConfig
from config.urls import urlpatterns as portal_urls
from tests.factories import UserFactory

# A request to the admin's log-in page in a fresh process under production settings (over
# HTTPS, to the allowed host); no database is needed for an anonymous visitor. The static files
# are not collected here (the image collects them): their plain storage stands in.
PROBE = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "from django.contrib import admin; from django.test import Client, override_settings; "
    "plain = {**s.STORAGES, 'staticfiles': "
    "{'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}}; "
    "o = override_settings(STORAGES=plain); o.enable(); "
    "r = Client().get('/django-admin/login/', secure=True, HTTP_HOST='award.example.gov.cn'); "
    "print(json.dumps({'status': r.status_code, 'site': admin.site.__class__.__name__, "
    "'otp_field': b'name=\"otp_token\"' in r.content, "
    "'portal_404': b'data-testid=\"error-page\"' in r.content}))"
)


def _production_admin(**extra: str) -> dict[str, object]:
    environ = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "ADMIN_ENABLED"} and not k.startswith("AWS_")
    }
    environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings_production",
            "SECRET_KEY": "s" * 20 + "-admin-probe-4c8e1f0a7b3d9e2c5a6f",
            "ALLOWED_HOSTS": "award.example.gov.cn",
            **extra,
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_production_serves_no_admin_log_in_page_by_default() -> None:
    out = _production_admin()
    assert out["status"] == 404
    assert out["portal_404"] is True


def test_production_admin_when_enabled_asks_for_the_second_factor() -> None:
    out = _production_admin(ADMIN_ENABLED="1")
    assert out["status"] == 200
    assert out["site"] == "OTPAdminSite"
    assert out["otp_field"] is True


def test_development_keeps_the_admin() -> None:
    assert settings.ADMIN_ENABLED is True
    assert resolve("/django-admin/").url_name == "index"


# --- the production site, here: a password alone does not open it ------------------------

site = import_string(SecondFactorAdminConfig.default_site)(name="second_factor_admin")
urlpatterns = [*portal_urls, path("second-factor-admin/", site.urls)]


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_superuser_without_the_second_factor_is_sent_to_the_log_in_page() -> None:
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(superuser)  # the password checked, no code given
    response = client.get("/second-factor-admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/second-factor-admin/login/")

    device = TOTPDevice.objects.create(user=superuser, name="authenticator", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id  # as django_otp.login() does
    session.save()
    assert client.get("/second-factor-admin/").status_code == 200
