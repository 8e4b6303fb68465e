"""Browser-side protections: the Content Security Policy without inline script,
no inline script/handler/style in the templates, CSRF on every POST including htmx, and
``check --deploy`` clean under the production settings."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from csp.utils import build_policy
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from applications.models import Attachment
from common.csp import CSPMiddleware
from tests.factories import ApplicationFactory, RoundFactory, applicant_user, office_user

pytestmark = pytest.mark.django_db

TEMPLATES_DIR = Path(settings.BASE_DIR) / "templates"
# Rendered to PDF by WeasyPrint, never served to a browser.
NOT_SERVED = {
    "grants/certificate_pdf.html",
    "publicity/meeting_packet_pdf.html",
    "applications/application_form_pdf.html",
}


def csp_directives(response) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    header = response["Content-Security-Policy"]
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/accounts/password/reset/"])
def test_csp_header_allows_only_own_scripts(client, url: str) -> None:
    directives = csp_directives(client.get(url))
    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    header = client.get(url)["Content-Security-Policy"]
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header


def test_logged_in_pages_carry_the_csp_header_too(client) -> None:
    client.force_login(office_user())
    response = client.get(reverse("accounts:dashboard"))
    assert csp_directives(response)["script-src"] == ["'self'"]


def test_htmx_does_not_inject_its_indicator_style(client) -> None:
    page = client.get("/").content.decode()
    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false}\'>' in page
    css = (Path(settings.BASE_DIR) / "static" / "css" / "portal.css").read_text()
    assert ".htmx-request .htmx-indicator" in css


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"\s(on[a-z]+|hx-on[:\-][\w:\-]*)\s*=", re.IGNORECASE)
INLINE_STYLE = re.compile(r"(\sstyle\s*=|<style)", re.IGNORECASE)
JS_URL = re.compile(r"href\s*=\s*[\"']\s*javascript:", re.IGNORECASE)


def served_templates() -> list[Path]:
    return [
        path
        for path in sorted(TEMPLATES_DIR.rglob("*.html"))
        if path.relative_to(TEMPLATES_DIR).as_posix() not in NOT_SERVED
    ]


def test_no_template_has_inline_script_handlers_or_style() -> None:
    offenders = []
    for path in served_templates():
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, HANDLER, INLINE_STYLE, JS_URL):
            for match in pattern.finditer(text):
                offenders.append(f"{path.relative_to(TEMPLATES_DIR)}: {match.group(0).strip()}")
    assert offenders == []


def test_the_template_scan_finds_what_it_looks_for() -> None:
    sample = '<script>alert(1)</script><a onclick="x()" style="color:red" href="javascript:x">'
    assert INLINE_SCRIPT.search(sample)
    assert HANDLER.search(sample)
    assert INLINE_STYLE.search(sample)
    assert JS_URL.search(sample)
    assert not INLINE_SCRIPT.search('<script src="/static/x.js" defer></script>')


def test_rendered_office_dashboard_has_no_inline_style(client) -> None:
    """The round progress bar uses classes (portal-w-N), not style="width: N%"."""
    office = office_user()
    RoundFactory()
    client.force_login(office)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert "portal-w-" in page
    assert not INLINE_STYLE.search(page)
    assert not INLINE_SCRIPT.search(page)


# --- CSRF on every POST, htmx included ------------------------------------------------------


def strict_client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def csrf_token(client: Client, url: str) -> str:
    client.get(url)
    return client.cookies[settings.CSRF_COOKIE_NAME].value


def test_logout_without_the_csrf_token_is_refused() -> None:
    client = strict_client(office_user())
    assert client.post(reverse("accounts:logout")).status_code == 403
    assert client.get(reverse("accounts:dashboard")).status_code == 200
    token = csrf_token(client, reverse("accounts:dashboard"))
    assert client.post(reverse("accounts:logout"), HTTP_X_CSRFTOKEN=token).status_code == 302


def _upload() -> SimpleUploadedFile:
    pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    return SimpleUploadedFile("证明.pdf", pdf, content_type="application/pdf")


def test_htmx_attachment_upload_without_the_csrf_token_is_refused() -> None:
    application = ApplicationFactory(round=RoundFactory())
    client = strict_client(applicant_user(application.organisation))
    url = reverse("applications:attachment_add", args=[application.pk])
    response = client.post(
        url, {"attachment-kind": "licence", "attachment-file": _upload()}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 403
    assert Attachment.objects.filter(application=application).count() == 0


def test_htmx_attachment_upload_with_the_header_token_passes_the_csrf_check() -> None:
    """The control: htmx sends the token in X-CSRFToken (hx-headers on <body>)."""
    application = ApplicationFactory(round=RoundFactory())
    client = strict_client(applicant_user(application.organisation))
    token = csrf_token(client, reverse("applications:edit", args=[application.pk]))
    page = client.get(reverse("applications:edit", args=[application.pk])).content.decode()
    assert 'hx-headers=\'{"X-CSRFToken": "' in page
    url = reverse("applications:attachment_add", args=[application.pk])
    response = client.post(
        url,
        {"attachment-kind": "licence", "attachment-file": _upload()},
        HTTP_HX_REQUEST="true",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 200
    assert Attachment.objects.filter(application=application).count() == 1


def test_office_action_without_the_csrf_token_is_refused() -> None:
    round = RoundFactory()
    client = strict_client(office_user())
    url = reverse("awards:extend_deadline", args=[round.pk])
    response = client.post(url, {"new_close_at": "2031-01-01T10:00", "reason": "延期"})
    assert response.status_code == 403
    round.refresh_from_db()
    assert round.applications_close_at is not None
    token = csrf_token(client, url)
    assert client.post(url, {}, HTTP_X_CSRFTOKEN=token).status_code == 200


def test_login_form_without_the_csrf_token_is_refused() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403


# --- Production settings --------------------------------------------------------------------


def _deployment_environ() -> dict[str, str]:
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for this process; a deployment does not.
    return {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}


def test_check_deploy_is_clean_under_production_settings() -> None:
    env = {
        **_deployment_environ(),
        "DJANGO_SETTINGS_MODULE": "config.settings_production",
        "SECRET_KEY": "x" * 20 + "-production-check-7f3a9c2e1b5d8e4f6a0b",
        "ALLOWED_HOSTS": "a.b",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_harden_cookies_and_transport() -> None:
    env = {
        **_deployment_environ(),
        "DJANGO_SETTINGS_MODULE": "config.settings_production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "a.b",
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_CONTENT_TYPE_NOSNIFF, s.SECURE_REFERRER_POLICY, "
        "s.SESSION_COOKIE_HTTPONLY, s.X_FRAME_OPTIONS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "True",
        "31536000",
        "True",
        "True",
        "same-origin",
        "True",
        "DENY",
    ]


def test_the_csp_header_is_django_csps_own_policy(client, settings) -> None:  # type: ignore[no-untyped-def]
    """Built once per process (common.csp), the header is the text django-csp builds from the
    settings, and follows them when they change."""
    assert client.get("/")["Content-Security-Policy"] == build_policy()
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    assert client.get("/")["Content-Security-Policy"] == "default-src 'none'"


def test_a_view_that_changes_the_policy_goes_through_django_csp() -> None:
    request = RequestFactory().get("/")
    middleware = CSPMiddleware(lambda request: HttpResponse())
    middleware.process_request(request)
    response = HttpResponse()
    response._csp_update = {"img-src": ["https://tiles.example.org"]}  # type: ignore[attr-defined]
    header = middleware.process_response(request, response)["Content-Security-Policy"]
    assert "img-src 'self' data: https://tiles.example.org" in header
