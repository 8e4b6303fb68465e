"""Django's password forms with Bootstrap's classes on their inputs."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _


class _Bootstrap(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-control"
            if field.widget.attrs.get("class"):
                css = f"{field.widget.attrs['class']} {css}"
            field.widget.attrs["class"] = css


class PortalPasswordChangeForm(_Bootstrap, PasswordChangeForm):
    pass


class PortalPasswordResetForm(_Bootstrap, PasswordResetForm):
    pass


class PortalSetPasswordForm(_Bootstrap, SetPasswordForm):
    pass


class SecondFactorCodeForm(_Bootstrap):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The six digits your authenticator app shows, or one of your backup codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )
