"""Settings that only a fresh process can show: the object-store switch (django-storages, no
network needed to sign a URL) and the production password hashing and validators."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

PROBE = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "from django.core.files.storage import storages; d = storages['default']; "
    "out = {'backend': type(d).__module__ + '.' + type(d).__name__, "
    "'hashers': s.PASSWORD_HASHERS, "
    "'validators': [v['NAME'].rsplit('.', 1)[1] for v in s.AUTH_PASSWORD_VALIDATORS]}; "
    "out.update({'acl': d.default_acl, 'bucket': d.bucket_name, 'location': d.location, "
    "'url': d.url('applications/7/a.pdf'), 'overwrite': d.file_overwrite} "
    "if hasattr(d, 'bucket_name') else {'root': str(d.location)}); print(json.dumps(out))"
)


def _probe(module: str, code: str = PROBE, **extra: str) -> dict[str, object]:
    """Run ``code`` (which prints one JSON line last) under the settings ``module`` in a fresh
    process and return what it printed."""
    environ = {
        k: v
        for k, v in os.environ.items()
        if k != "DJANGO_ALLOW_ASYNC_UNSAFE" and not k.startswith(("AWS_", "WEBHOOK_"))
    }
    environ.update(
        {
            "DJANGO_SETTINGS_MODULE": module,
            "SECRET_KEY": "s" * 50,
            "ALLOWED_HOSTS": "a.b",
            # Credentials that exist nowhere: signing a URL needs no network.
            **extra,
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


S3_ENV = {
    "AWS_STORAGE_BUCKET_NAME": "award-files",
    "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
    "AWS_S3_REGION_NAME": "us-east-1",
    "AWS_ACCESS_KEY_ID": "test-access-key",
    "AWS_SECRET_ACCESS_KEY": "test-secret-key",
}


@pytest.mark.parametrize("module", ["config.settings", "config.settings_production"])
def test_files_stay_in_the_private_folder_without_a_bucket(module: str) -> None:
    out = _probe(module, PRIVATE_MEDIA_ROOT="/srv/award-private")
    assert out["backend"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert out["root"] == "/srv/award-private"


@pytest.mark.parametrize("module", ["config.settings", "config.settings_production"])
def test_a_bucket_sends_files_to_the_object_store_private_and_signed(module: str) -> None:
    out = _probe(module, **S3_ENV)
    assert out["backend"] == "storages.backends.s3.S3Storage"
    assert out["bucket"] == "award-files"
    assert out["acl"] == "private"
    assert out["overwrite"] is False
    assert out["location"] == "private"
    url = str(out["url"])
    # Path-style URL on the configured endpoint, signed (SigV4) and short-lived.
    assert url.startswith("http://127.0.0.1:9000/award-files/private/applications/7/a.pdf?")
    assert "X-Amz-Signature=" in url
    assert "X-Amz-Expires=300" in url
    assert "X-Amz-Credential=test-access-key" in url


def test_production_hashes_passwords_with_argon2_first_and_validates_them() -> None:
    out = _probe("config.settings_production")
    hashers = out["hashers"]
    assert isinstance(hashers, list)
    assert hashers[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert out["validators"] == [
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    ]


WEBHOOK_PROBE = (
    "import django, json; django.setup(); from webhooks.transport import check_url\n"
    "out = {}\n"
    "for url in ('http://example.cn/h', 'https://127.0.0.1/h', 'https://example.cn/h'):\n"
    "    try:\n"
    "        check_url(url); out[url] = 'allowed'\n"
    "    except Exception as exc:\n"
    "        out[url] = type(exc).__name__\n"
    "print(json.dumps(out))"
)


def test_production_webhooks_require_https_and_refuse_private_targets() -> None:
    assert _probe("config.settings_production", WEBHOOK_PROBE) == {
        "http://example.cn/h": "TargetRefused",
        "https://127.0.0.1/h": "TargetRefused",
        "https://example.cn/h": "allowed",
    }
    # Development posts to receivers on this machine over HTTP (tests/webhooks).
    assert set(_probe("config.settings", WEBHOOK_PROBE).values()) == {"allowed"}


def test_argon2_is_usable_here() -> None:
    from django.contrib.auth.hashers import Argon2PasswordHasher

    hasher = Argon2PasswordHasher()
    encoded = hasher.encode("Gz-quality-2031!", hasher.salt())
    assert encoded.startswith("argon2$argon2id$")
    assert hasher.verify("Gz-quality-2031!", encoded)
    assert not hasher.verify("Gz-quality-2031?", encoded)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1!", "This password is too short"),
        ("password123", "This password is too common"),
        ("8472916350184", "This password is entirely numeric"),
        ("zhangwei-award", "The password is too similar to the username"),
    ],
)
def test_weak_passwords_are_refused_with_the_validators_reason(password: str, message: str) -> None:
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from tests.factories import UserFactory

    user = UserFactory(username="zhangwei-award")
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        validate_password(password, user)
    assert any(m.startswith(message) for m in caught.value.messages), caught.value.messages


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


ROUND_TRIP = """
import json, urllib.request, urllib.error
import django
django.setup()
import boto3
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages

options = settings.STORAGES["default"]["OPTIONS"]
boto3.client(
    "s3", endpoint_url=options["endpoint_url"], region_name=options["region_name"],
    aws_access_key_id=options["access_key"], aws_secret_access_key=options["secret_key"],
).create_bucket(Bucket=options["bucket_name"])
storage = storages["default"]
name = storage.save("applications/7/自评报告.pdf", ContentFile(b"%PDF-1.4 test"))
again = storage.save("applications/7/自评报告.pdf", ContentFile(b"%PDF-1.4 other"))
with storage.open(name, "rb") as handle:
    body = handle.read()
signed = urllib.request.urlopen(storage.url(name)).read()
try:
    urllib.request.urlopen(storage.url(name).split("?")[0])
    unsigned = 200
except urllib.error.HTTPError as error:
    unsigned = error.code
print(json.dumps({"name": name, "again": again, "body": body.decode(), "signed": signed.decode(),
                  "unsigned": unsigned, "exists": storage.exists(name)}))
"""


def test_files_round_trip_through_an_s3_compatible_server_on_loopback() -> None:
    """moto's S3 server, started here on 127.0.0.1: a file saved through the storage API is
    read back, a second file of the same name does not overwrite it, the signed URL serves it
    and the bare URL is refused (the object is private)."""
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        environ = {
            k: v
            for k, v in os.environ.items()
            if k != "DJANGO_ALLOW_ASYNC_UNSAFE" and not k.startswith(("AWS_", "WEBHOOK_"))
        }
        environ.update(
            {
                **S3_ENV,
                "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{port}",
                "DJANGO_SETTINGS_MODULE": "config.settings",
                "NO_PROXY": "127.0.0.1",
            }
        )
        result = subprocess.run(
            [sys.executable, "-c", ROUND_TRIP],
            cwd=settings.BASE_DIR,
            env=environ,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        server.stop()
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["name"] == "applications/7/自评报告.pdf"
    assert out["again"] != out["name"]  # file_overwrite=False: a new name, the first kept
    assert out["body"] == "%PDF-1.4 test"
    assert out["signed"] == "%PDF-1.4 test"
    assert out["unsigned"] == 403
    assert out["exists"] is True


def test_check_deploy_warns_when_the_second_factor_is_switched_off(settings) -> None:  # type: ignore[no-untyped-def]
    from accounts.checks import second_factor_enforced

    settings.OTP_ENFORCED = True
    settings.OTP_REQUIRED_ROLES = ["office", "expert"]
    assert second_factor_enforced() == []
    settings.OTP_ENFORCED = False
    settings.OTP_REQUIRED_ROLES = ["office"]
    assert [w.id for w in second_factor_enforced()] == ["accounts.W001", "accounts.W002"]


SESSION_PROBE = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps({'engine': settings.SESSION_ENGINE, "
    "'cache': settings.CACHES['default']['BACKEND']}))"
)


@pytest.mark.parametrize(
    ("redis_url", "engine", "cache"),
    [
        (
            "redis://127.0.0.1:6379/0",
            "accounts.sessions",
            "common.redis_cache.RedisCache",
        ),
        (
            "",
            "accounts.sessions",
            "django.core.cache.backends.filebased.FileBasedCache",
        ),
    ],
)
def test_sessions_go_through_the_shared_cache_redis_when_it_is_configured(
    redis_url: str, engine: str, cache: str
) -> None:
    # Any web process serves any user; a Redis restart logs nobody out (written through).
    environ = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL",)}
    environ.update({"DJANGO_SETTINGS_MODULE": "config.settings", "REDIS_URL": redis_url})
    result = subprocess.run(
        [sys.executable, "-c", SESSION_PROBE],
        cwd=settings.BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert (out["engine"], out["cache"]) == (engine, cache)


BASE_URL_PROBE = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.PORTAL_BASE_URL); print(s.DATABASES['default'].get('OPTIONS', {}).get('timeout'))"
)


def _base_url(**extra: str) -> list[str]:
    environ = {
        k: v for k, v in os.environ.items() if k not in {"PORT", "PORTAL_BASE_URL", "DATABASE_URL"}
    }
    environ.update({"DJANGO_SETTINGS_MODULE": "config.settings", **extra})
    result = subprocess.run(
        [sys.executable, "-c", BASE_URL_PROBE],
        cwd=settings.BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-2:]


def test_the_portal_address_follows_port_unless_given() -> None:
    """`PORT=8123 make run` prints QR codes and e-mailed links to port 8123 (scripts/run.sh
    exports PORT); an explicit PORTAL_BASE_URL wins. The embedded database's busy timeout
    outlasts every write transaction the portal holds."""
    assert _base_url() == ["http://127.0.0.1:8000", "30"]
    assert _base_url(PORT="8123")[0] == "http://127.0.0.1:8123"
    assert (
        _base_url(PORT="8123", PORTAL_BASE_URL="https://award.example.cn")[0]
        == "https://award.example.cn"
    )
