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

from accounts.enums import Role
from accounts.models import User
from organisations.enums import IndustrySection, RecommenderKind, Sector, sector_for_industry
from organisations.models import Division, Organisation, Recommender
from organisations.selectors import credit_code_is_registered, divisions
from organisations.services import REGISTRATION_FIELDS, duplicate_organisation_message
from organisations.validators import normalise_credit_code, validate_credit_code


def industry_section_choices() -> list[tuple[str, Any]]:
    """R2: each GB/T 4754 section shows the quota bucket it falls in."""
    return [("", "---------")] + [
        (
            section.value,
            format_lazy("{} → {}", section.label, Sector(sector_for_industry(section.value)).label),
        )
        for section in IndustrySection
    ]


def new_password_fields() -> tuple[forms.CharField, forms.CharField]:
    """A new password and the same again (a form's password1 and password2)."""
    return (
        forms.CharField(
            label=_("Password"),
            strip=False,
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
            help_text=password_validators_help_text_html(),
        ),
        forms.CharField(
            label=_("Password again"),
            strip=False,
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        ),
    )


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
            "in the service, engineering and other quota (Art. 6). The office confirms it at the "
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
    password1, password2 = new_password_fields()
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
        # Whether the name is taken is not said here: that would tell anyone which accounts
        # exist (the office's, the experts'). The service e-mails the contact address instead.
        return str(self.cleaned_data["username"]).strip()

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
    """A colleague's e-mail address."""

    email = forms.EmailField(
        label=_("Colleague's e-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={"required": _("Enter the colleague's e-mail address.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style_fields(self)


class ProgrammeInviteForm(forms.Form):
    """A programme's office user or leading-group member to invite, by e-mail."""

    email = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={"required": _("Enter the e-mail address of the person to invite.")},
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(Role.OFFICE, Role.OFFICE.label), (Role.LEADING_GROUP, Role.LEADING_GROUP.label)],
        initial=Role.OFFICE,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style_fields(self)
        self.fields["role"].widget.attrs["class"] = "form-select"


class JoinForm(forms.Form):
    """The invited colleague chooses a user name and a password."""

    full_name = forms.CharField(label=_("Your name"), max_length=100)
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        validators=User._meta.get_field("username").validators,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password1, password2 = new_password_fields()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style_fields(self)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords differ."))
        return cleaned


# --- recommending units (推荐单位), kept by the office (Art. 12, 28) -------------------------


class RecommenderForm(forms.Form):
    """A recommending unit: its name, kind and scope (a division for a county/district
    government or zone; GB/T 4754 sections for an industry department or association)."""

    name = forms.CharField(
        label=_("Name of the unit"),
        max_length=100,
        error_messages={"required": _("Give the unit's name.")},
        help_text=_("As on its seal, e.g. 章贡区人民政府 or 赣州市工业和信息化局."),
    )
    kind = forms.ChoiceField(
        label=_("Kind of unit"),
        choices=RecommenderKind.choices,
        error_messages={"required": _("Choose the kind of unit.")},
    )
    division = forms.ModelChoiceField(
        label=_("Division it recommends (county/district or zone)"),
        queryset=Division.objects.none(),
        required=False,
        help_text=_("For a county/district government or zone only."),
    )
    industry_sections = forms.MultipleChoiceField(
        label=_("Industries it recommends (GB/T 4754 sections)"),
        choices=IndustrySection.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For an industry department or association only: tick each section."),
    )
    active = forms.BooleanField(
        label=_("Active (applicants may name it; its users may recommend)"),
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, with_active: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = divisions()  # type: ignore[attr-defined]
        if not with_active:
            del self.fields["active"]
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")

    @staticmethod
    def initial_for(unit: Recommender) -> dict[str, Any]:
        return {
            "name": unit.name,
            "kind": unit.kind,
            "division": unit.division_id,
            "industry_sections": list(unit.industry_sections),
            "active": unit.active,
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("kind")
        if kind == RecommenderKind.COUNTY and cleaned.get("division") is None:
            self.add_error(
                "division",
                _("A county/district government or zone recommends its division: choose it."),
            )
        elif (
            kind
            and kind != RecommenderKind.COUNTY
            and not cleaned.get("industry_sections")
            and "industry_sections" not in self.errors
        ):
            self.add_error(
                "industry_sections",
                _(
                    "An industry department or association recommends the organisations of "
                    "its industries: choose at least one GB/T 4754 section."
                ),
            )
        return cleaned

    def unit_values(self) -> dict[str, Any]:
        """The service's keyword arguments."""
        values = {
            "name": self.cleaned_data["name"],
            "kind": self.cleaned_data["kind"],
            "division": self.cleaned_data.get("division"),
            "industry_sections": "".join(self.cleaned_data.get("industry_sections") or []),
        }
        if "active" in self.fields:
            values["active"] = self.cleaned_data["active"]
        return values


class RecommenderUserForm(forms.Form):
    """An existing account to add to a recommending unit."""

    identifier = forms.CharField(
        label=_("User name or e-mail address of an existing account"),
        max_length=254,
        error_messages={"required": _("Give the user name or e-mail address.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style_fields(self)
