from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import (
    password_validators_help_text_html,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from .enums import IndustrySection, Sector, sector_for_industry
from .models import Organisation
from .selectors import credit_code_is_registered, divisions, username_is_taken
from .services import REGISTRATION_FIELDS, duplicate_organisation_message
from .validators import normalise_credit_code, validate_credit_code


def industry_section_choices() -> list[tuple[str, Any]]:
    """R2: each GB/T 4754 section shows the quota bucket it falls in."""
    return [("", "---------")] + [
        (
            section.value,
            format_lazy("{} → {}", section.label, Sector(sector_for_industry(section.value)).label),
        )
        for section in IndustrySection
    ]


class RegistrationForm(forms.ModelForm):
    """An organisation and its first user, in one form."""

    credit_code = forms.CharField(
        label=_("Unified social credit code"),
        help_text=_("18 characters, as printed on the business licence (GB 32100)."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    industry_section = forms.ChoiceField(
        label=_("Industry (GB/T 4754 section)"),
        choices=industry_section_choices,
        help_text=_(
            "Section C (manufacturing) counts in the manufacturing quota; every other section "
            "in the service, engineering and other quota (R2). The office confirms it at the "
            "eligibility check."
        ),
    )
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        help_text=_("For logging in. Letters, digits and @ . + - _ only."),
        validators=User._meta.get_field("username").validators,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    privacy_accepted = forms.BooleanField(
        label=_("I have read the privacy notice above and agree to it."),
        required=True,
        error_messages={"required": _("Please read and accept the privacy notice.")},
    )

    class Meta:
        model = Organisation
        fields = REGISTRATION_FIELDS
        widgets = {
            "founded_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "address": forms.TextInput(),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = divisions()  # type: ignore[attr-defined]
        self.fields["industry_class"].help_text = _(
            "The GB/T 4754 class, e.g. “C3985 电子专用材料制造”."
        )
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")

    def clean_credit_code(self) -> str:
        code = normalise_credit_code(self.cleaned_data["credit_code"])
        validate_credit_code(code)  # says exactly what is wrong: length, character, check
        if credit_code_is_registered(code):
            raise ValidationError(duplicate_organisation_message(), code="registered")
        return code

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if username_is_taken(username):
            raise ValidationError(_("This user name is taken: please choose another."))
        return username

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords differ."))
        elif password1:
            probe = User(
                username=cleaned.get("username", ""),
                full_name=cleaned.get("contact_name", ""),
                email=cleaned.get("contact_email", ""),
            )
            try:
                validate_password(password1, probe)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned

    def validate_unique(self) -> None:
        # One code, one organisation is checked in clean_credit_code with its own message
        # (and again, race-safe, by the service); Django's generic message would say less.
        return None

    def organisation_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in REGISTRATION_FIELDS}


def _style_fields(form: forms.Form) -> None:
    for field in form.fields.values():
        field.widget.attrs.setdefault("class", "form-control")


class InviteForm(forms.Form):
    """Issue 3: a colleague's e-mail address."""

    email = forms.EmailField(
        label=_("Colleague's e-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={"required": _("Enter the colleague's e-mail address.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style_fields(self)


class JoinForm(forms.Form):
    """Issue 3: the invited colleague chooses a user name and a password."""

    full_name = forms.CharField(label=_("Your name"), max_length=100)
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        validators=User._meta.get_field("username").validators,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style_fields(self)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords differ."))
        return cleaned
