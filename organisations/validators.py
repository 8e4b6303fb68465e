"""Unified social credit code (统一社会信用代码), GB 32100-2015."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from organisations.enums import IndustrySection

# GB 32100: the code alphabet leaves out I, O, Z, S, V.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_character(first17: str) -> str:
    total = sum(
        CREDIT_CODE_ALPHABET.index(ch) * weight
        for ch, weight in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def normalise_credit_code(value: str) -> str:
    return (value or "").strip().upper()


def validate_credit_code(value: str) -> None:
    code = normalise_credit_code(value)
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(n)d."),
            code="length",
            params={"n": len(code)},
        )
    bad = [ch for ch in code if ch not in CREDIT_CODE_ALPHABET]
    if bad:
        raise ValidationError(
            _("“%(ch)s” cannot appear in a unified social credit code."),
            code="alphabet",
            params={"ch": bad[0]},
        )
    expected = credit_code_check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _(
                "The check character of this unified social credit code is wrong "
                "(GB 32100): please check the code on the business licence."
            ),
            code="check",
        )


def validate_section_letters(value: str) -> None:
    """A recommending unit's industries: GB/T 4754 section letters, each once."""
    letters = value.strip().upper()
    unknown = [ch for ch in letters if ch not in IndustrySection.values]
    if unknown or len(set(letters)) != len(letters):
        raise ValidationError(
            _("Give each GB/T 4754 section letter (A to S) at most once, e.g. C or EM."),
            code="industry_sections",
        )
