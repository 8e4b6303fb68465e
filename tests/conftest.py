"""Shared fixtures. Tests that need a real service skip with a visible reason when it is not
configured, unless REQUIRE_SERVICES=1 (set by .ci/run), which turns that skip into a failure."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from captcha.conf import settings as captcha_settings
from django.conf import settings

CHROMIUM = "/usr/bin/chromium"
NGINX = "/usr/sbin/nginx"


def _redis_reachable() -> bool:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        return False
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except Exception:
        return False


def _service_missing_reason(marker: str) -> str | None:
    if (
        marker == "postgres"
        and settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql"
    ):
        return "needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/award_portal"
    if marker == "redis" and not _redis_reachable():
        return "needs Redis: set REDIS_URL=redis://127.0.0.1:6379/0 with Redis running"
    if marker == "browser" and not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        return "needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)"
    if marker == "nginx" and not (Path(NGINX).exists() or shutil.which("nginx")):
        return "needs Debian's nginx at /usr/sbin/nginx (apt-get install nginx-light)"
    if marker == "java" and not (shutil.which("javac") and shutil.which("java")):
        return "needs a JDK's javac and java (apt-get install openjdk-17-jdk-headless)"
    return None


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker in ("postgres", "redis", "browser", "nginx", "java"):
        if item.get_closest_marker(marker) is None:
            continue
        reason = _service_missing_reason(marker)
        if reason is None:
            continue
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"REQUIRE_SERVICES=1 but this test {reason}", pytrace=False)
        pytest.skip(reason)


def _commits_data(item: pytest.Item) -> bool:
    """A test whose data is committed (transactional, or served by the live server)."""
    marker = item.get_closest_marker("django_db")
    transactional = marker is not None and bool(
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
    )
    fixtures = set(getattr(item, "fixturenames", ()))
    return transactional or bool(fixtures & {"transactional_db", "live_server"})


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the tests that commit after those that roll back, as pytest-django orders them.

    A transactional test ends by flushing every table, the data migrations' rows included
    (programme, GB/T 19580, divisions), which the tests after it need. pytest regroups tests
    by session-scoped parameters (pytest-playwright's browser) after pytest-django has ordered
    them, so the order is set again here, last; the sort is stable.
    """
    items.sort(key=_commits_data)


@pytest.fixture(autouse=True, scope="session")
def _flush_lifts_log_triggers() -> Iterator[None]:
    """The decision log's triggers refuse the flush after each transactional test (R14);
    only the test harness lifts them, inside the flush (tests/decisionlog/harness.py)."""
    from tests.decisionlog.harness import flush_lifts_log_triggers

    with flush_lifts_log_triggers():
        yield


@pytest.fixture(autouse=True)
def _captcha_test_mode(settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The public forms' captcha (django-simple-captcha) takes the answer "PASSED" in the tests
    only: the library reads the setting once, at import, so its copy is patched too."""
    settings.CAPTCHA_TEST_MODE = True
    monkeypatch.setattr(captcha_settings, "CAPTCHA_TEST_MODE", True)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path: Path) -> Iterator[None]:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "private"
    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Each test starts with an empty private cache (rate limits), even when REDIS_URL is set.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"test-{tmp_path.name}",
        }
    }
    # Rate limits count in the test's own database rows (rolled back), never a shared Redis;
    # tests/security/test_rate_limits.py points them at Redis itself.
    settings.RATE_LIMIT_REDIS_URL = ""
    # Logged-in pages are kept (common.kept_pages) as in production, with or without REDIS_URL:
    # every test that reads a page after a change checks that the change shows.
    settings.KEPT_PAGES = True
    settings.LANGUAGE_CODE = "zh-hans"
    # Each test signs the decision log's checkpoints with its own key (generated on first use).
    settings.DECISION_LOG_SIGNING_KEY_FILE = tmp_path / "decisionlog" / "signing-key.pem"
    settings.DECISION_LOG_PUBLIC_KEYS_DIR = tmp_path / "decisionlog" / "public-keys"
    # Argon2 is the production hasher; tests hash thousands of passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests log users in with force_login/client.login; the second-factor step is tested in
    # tests/accounts/test_second_factor.py, which turns it on.
    settings.OTP_ENFORCED = False
    # Query-count tests count the session read: keep sessions in the database whether or not
    # REDIS_URL is set (production reads them through the cache; tests/accounts checks that).
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    # and the user's row on every request (tests/accounts/test_cached_user.py turns the
    # cache on).
    settings.AUTH_USER_CACHE_SECONDS = 0
    yield


@pytest.fixture(autouse=True)
def _celery_eager() -> Iterator[None]:
    """Most tests run tasks in-process; tests/integration runs a real worker instead."""
    from config.celery import app

    old = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = old
