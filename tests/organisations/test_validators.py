import pytest
from django.core.exceptions import ValidationError

from organisations.validators import credit_code_check_character, validate_credit_code

# Public sample codes whose check characters follow GB 32100.
VALID_CODES = ["91360700MA35G4XH19", "91110000600037341L", "91440300708461136T"]


@pytest.mark.parametrize("code", VALID_CODES)
def test_valid_credit_codes_pass(code: str) -> None:
    validate_credit_code(code)
    assert credit_code_check_character(code[:17]) == code[17]


def test_wrong_check_character_is_refused_with_its_own_message() -> None:
    code = VALID_CODES[1]
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    with pytest.raises(ValidationError) as err:
        validate_credit_code(wrong)
    assert err.value.code == "check"


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("9111000060003734", "length"),
        ("91110000600037341LL", "length"),
        ("9111000060003734IL", "alphabet"),
    ],
)
def test_malformed_credit_codes_are_refused(code: str, error: str) -> None:
    with pytest.raises(ValidationError) as err:
        validate_credit_code(code)
    assert err.value.code == error
