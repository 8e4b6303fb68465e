"""The sum a visitor solves on a public form without a login: the objection form (Art. 21,
publicity.forms.publicity.ObjectionForm) and the incident report (R11 / Art. 33,
grants.forms.records.PublicIncidentForm). Each form keeps the expected answer under its own
session key; the question is shown, the answer never leaves the server. The view asks a new
sum on every showing and drops it once a submission is accepted
(publicity.public_forms.public_form_response)."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.contrib.sessions.backends.base import SessionBase
from django.utils.translation import gettext_lazy as _


def new_sum(session: SessionBase, key: str) -> str:
    """Keep a new sum's answer in ``session[key]`` and return the question to show."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    session[key] = a + b
    return f"{a} + {b} = ?"


class CaptchaField(forms.IntegerField):
    """The visitor's answer to the sum."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Answer"))
        super().__init__(**kwargs)


class SumCaptchaForm(forms.Form):
    """Checks the ``captcha`` field (a :class:`CaptchaField` the subclass declares where it
    stands among its fields) against ``expected``, the answer the session keeps (``None``
    when the session has no sum: every answer is then wrong)."""

    def __init__(self, *args: Any, expected: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.expected = expected

    def clean_captcha(self) -> int:
        answer = self.cleaned_data["captcha"]
        if self.expected is None or answer != self.expected:
            raise forms.ValidationError(_("The answer to the sum is wrong; try the new one."))
        return int(answer)
