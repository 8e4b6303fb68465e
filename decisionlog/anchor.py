"""The keys that sign the decision log's checkpoints (R14, docs/security.md).

The private key is an Ed25519 key in a PEM file named by ``DECISION_LOG_SIGNING_KEY_FILE``,
outside the database: whoever can rewrite the log's table cannot sign a checkpoint. Embedded
(``make run``, tests) the file is generated on first use when ``DECISION_LOG_GENERATE_KEY`` is
on; production installs it (``manage.py rotate_decision_log_key`` writes a new one).

A key is named by its id, the first 16 hex digits of the SHA-256 of its raw public key. Verify
trusts the signing key's public key and every ``<key id>.pem`` in
``DECISION_LOG_PUBLIC_KEYS_DIR``; rotation leaves the old public key there, so checkpoints
signed before stay verifiable. The directory is not in the database either: a public key put
into a table could be the attacker's own.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def key_id(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def public_pem(public_key: Ed25519PublicKey) -> str:
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def _private_pem(private_key: Ed25519PrivateKey) -> bytes:
    return private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _key_file() -> Path:
    return Path(settings.DECISION_LOG_SIGNING_KEY_FILE)


def _keys_dir() -> Path:
    return Path(settings.DECISION_LOG_PUBLIC_KEYS_DIR)


def _write_new(path: Path, data: bytes, *, replace: bool) -> bool:
    """Write ``data`` to ``path`` readable by the owner alone. Without ``replace``, a file that
    appeared meanwhile (another process generated the key first) wins: False."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    if replace:
        temporary.replace(path)
        return True
    try:
        os.link(temporary, path)
    except FileExistsError:
        return False
    finally:
        temporary.unlink()
    return True


def keep_public_key(public_key: Ed25519PublicKey) -> Path:
    """Put ``public_key`` among the trusted keys (``<key id>.pem``)."""
    path = _keys_dir() / f"{key_id(public_key)}.pem"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(public_pem(public_key))
    return path


def signing_key() -> Ed25519PrivateKey:
    """The key that signs new checkpoints; generated on first use where allowed."""
    path = _key_file()
    if not path.exists():
        if not settings.DECISION_LOG_GENERATE_KEY:
            raise ImproperlyConfigured(
                f"the decision log's signing key {path} is missing (docs/security.md)"
            )
        _write_new(path, _private_pem(Ed25519PrivateKey.generate()), replace=False)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured(f"{path} does not hold an Ed25519 private key")
    keep_public_key(key.public_key())
    return key


def trusted_keys() -> dict[str, Ed25519PublicKey]:
    """Every public key verify accepts, by key id: the kept ones and the signing key's own."""
    keys: dict[str, Ed25519PublicKey] = {}
    if _keys_dir().is_dir():
        for path in sorted(_keys_dir().glob("*.pem")):
            key = serialization.load_pem_public_key(path.read_bytes())
            if isinstance(key, Ed25519PublicKey):
                keys[key_id(key)] = key
    if _key_file().exists():
        public = signing_key().public_key()
        keys[key_id(public)] = public
    return keys


def rotate_signing_key() -> tuple[str, str]:
    """Keep the current public key among the trusted ones, then replace the signing key with
    a new one. Returns the old and the new key id."""
    old = signing_key().public_key()
    keep_public_key(old)
    new = Ed25519PrivateKey.generate()
    _write_new(_key_file(), _private_pem(new), replace=True)
    keep_public_key(new.public_key())
    return key_id(old), key_id(new.public_key())
