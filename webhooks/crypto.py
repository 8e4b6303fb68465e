"""The subscriptions' signing secrets: generated, shown once, kept encrypted at rest.

Signing needs the secret itself (a hash would not do), so the portal keeps it, encrypted with
Fernet (AES-128-CBC and HMAC-SHA256, from ``cryptography``) under ``WEBHOOK_ENCRYPTION_KEY``,
or under a key derived from ``SECRET_KEY`` when that setting is empty. A database dump alone
does not give the secrets away."""

from __future__ import annotations

import base64
import secrets

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

SECRET_PREFIX = "whsec_"


def generate_secret() -> str:
    """A new signing secret: 32 random bytes, URL-safe, with a recognisable prefix."""
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def _fernet() -> Fernet:
    configured = str(getattr(settings, "WEBHOOK_ENCRYPTION_KEY", "") or "")
    if configured:
        return Fernet(configured.encode())
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"award-portal webhook secrets"
    ).derive(str(settings.SECRET_KEY).encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def encrypt_secret(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def decrypt_secret(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()
