"""Personal information under the Personal Information Protection Law (个人信息保护法): the
national ID number (居民身份证号码) of an individual nominee, checked, encrypted at rest and
shown masked.

The number is checked against GB 11643-1999 (18 characters, the last a check digit computed
with ISO 7064 MOD 11-2), kept encrypted with Fernet (AES-128-CBC and HMAC-SHA256, from
``cryptography``) under ``FIELD_ENCRYPTION_KEY`` (or a key derived from ``SECRET_KEY`` when that
setting is empty), with a keyed hash (HMAC-SHA256) to find the same person again without
decrypting, and a masked form (``110***********1234``) for every page but the office's own."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from datetime import date

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# GB 11643-1999: the weights of the first 17 digits and the check character of each
# remainder modulo 11.
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")


def id_check_character(first17: str) -> str:
    """GB 11643-1999: the check character of the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def normalise_national_id(value: str) -> str:
    """The number as stored: no spaces, an upper-case X."""
    return re.sub(r"\s+", "", value or "").upper()


def validate_national_id(value: str) -> str:
    """The checked, normalised 18-character number; a ValidationError in Chinese and English
    otherwise (wrong length, not digits, an impossible date of birth, a wrong check digit)."""
    number = normalise_national_id(value)
    if len(number) != 18:
        raise ValidationError(
            _("A national ID number has 18 characters; this one has %(n)d. 身份证号码应为18位。")
            % {"n": len(number)},
            code="length",
        )
    if not _SHAPE.match(number):
        raise ValidationError(
            _(
                "A national ID number is 17 digits and a final digit or X. "
                "身份证号码应为17位数字加1位数字或X。"
            ),
            code="characters",
        )
    try:
        date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(
            _(
                "The date of birth in this national ID number does not exist. 身份证号码中的出生日期无效。"
            ),
            code="birth_date",
        ) from None
    if id_check_character(number[:17]) != number[17]:
        raise ValidationError(
            _(
                "The last character of this national ID number does not match the others: "
                "check it for a typing error. 身份证号码校验位不正确，请核对。"
            ),
            code="check_digit",
        )
    return number


def mask_national_id(number: str) -> str:
    """The number as everyone but the office sees it: the region's first three digits and the
    last four (110***********1234)."""
    if len(number) < 8:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


def _key_material(purpose: bytes) -> bytes:
    configured = str(getattr(settings, "FIELD_ENCRYPTION_KEY", "") or "")
    secret = configured or str(settings.SECRET_KEY)
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(
        secret.encode()
    )


def _fernet() -> Fernet:
    configured = str(getattr(settings, "FIELD_ENCRYPTION_KEY", "") or "")
    if configured:
        return Fernet(configured.encode())
    return Fernet(base64.urlsafe_b64encode(_key_material(b"award-portal personal identifiers")))


def encrypt_identifier(number: str) -> str:
    """The number encrypted for the database (a Fernet token, never the number)."""
    return _fernet().encrypt(number.encode()).decode()


def decrypt_identifier(token: str) -> str:
    """The number back from its token; only the office's own page asks for it."""
    return _fernet().decrypt(token.encode()).decode() if token else ""


def identifier_digest(number: str) -> str:
    """A keyed hash of the number: the same person found again (one nomination per round)
    without decrypting; useless without the key."""
    return hmac.new(
        _key_material(b"award-portal identifier digest"), number.encode(), hashlib.sha256
    ).hexdigest()
