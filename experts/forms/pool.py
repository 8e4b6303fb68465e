"""Forms of the expert pool: the profile with its former employers, the login, the import,
and disqualification (Art. 32)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from experts.models import ExpertFormerEmployer, ExpertProfile
from experts.services.pool import PROFILE_FIELDS
from organisations.validators import normalise_credit_code, validate_credit_code


class BootstrapMixin:
    """Bootstrap 5 classes on every widget (the shared _field partial renders the rest)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
                css = "form-check-input"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)


def _clean_code(value: str, *, required: bool) -> str:
    code = normalise_credit_code(value)
    if not code:
        if required:
            raise forms.ValidationError(_("Enter the unified social credit code."))
        return ""
    validate_credit_code(code)
    return code


class ExpertForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = ExpertProfile
        fields = [*PROFILE_FIELDS, "active"]
        widgets = {"specialties": forms.TextInput(), "industries": forms.TextInput()}

    def __init__(self, *args: Any, creating: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer_credit_code"].required = True
        if creating:
            del self.fields["active"]

    def clean_name(self) -> str:
        return str(self.cleaned_data["name"]).strip()

    def clean_employer_credit_code(self) -> str:
        return _clean_code(self.cleaned_data.get("employer_credit_code", ""), required=True)

    def profile_fields(self) -> dict[str, Any]:
        return {key: self.cleaned_data[key] for key in PROFILE_FIELDS}


class FormerEmployerForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = ExpertFormerEmployer
        fields = ["employer", "credit_code", "from_date", "to_date"]
        widgets = {
            "from_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "to_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean_credit_code(self) -> str:
        return _clean_code(self.cleaned_data.get("credit_code", ""), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("from_date"), data.get("to_date")
        if start and end and start > end:
            self.add_error("to_date", _("The end date is before the start date."))
        return data


FormerEmployerFormSet = inlineformset_factory(
    ExpertProfile,
    ExpertFormerEmployer,
    form=FormerEmployerForm,
    extra=1,
    can_delete=True,
)


def former_employer_rows(formset: Any) -> list[dict[str, Any]]:
    """The kept rows of a valid formset, as plain data for the service."""
    return [
        {
            key: form.cleaned_data.get(key)
            for key in ("employer", "credit_code", "from_date", "to_date")
        }
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class ProgrammeNoteForm(BootstrapMixin, forms.Form):
    """A sharing programme's own note on an expert another programme owns."""

    note = forms.CharField(
        label=_("Your programme's note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class LoginForm(BootstrapMixin, forms.Form):
    username = forms.RegexField(
        label=_("Username"),
        max_length=150,
        regex=r"^[\w.@+-]+\Z",
        error_messages={
            "invalid": _("Use letters, digits and @/./+/-/_ only."),
        },
    )
    email = forms.EmailField(label=_("E-mail"))


class ImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("Excel workbook (.xlsx)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload the .xlsx workbook made from the template."))
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The workbook is larger than 5 MB."))
        return upload


class ExpertRowForm(forms.Form):
    """One row of the import workbook; the same rules as the profile form."""

    name = forms.CharField(max_length=50)
    employer = forms.CharField(max_length=200)
    employer_credit_code = forms.CharField(max_length=30)
    title = forms.CharField(max_length=100, required=False)
    qualifications = forms.CharField(max_length=300, required=False)
    specialties = forms.CharField(max_length=300, required=False)
    industries = forms.CharField(max_length=300, required=False)
    region = forms.CharField(max_length=100, required=False)
    phone = forms.CharField(max_length=30, required=False)
    email = forms.EmailField(required=False)

    def clean_employer_credit_code(self) -> str:
        return _clean_code(self.cleaned_data["employer_credit_code"], required=True)


class ProposeDisqualificationForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Reason (Art. 32)"), widget=forms.Textarea(attrs={"rows": 3}))


class DecideDisqualificationForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("confirm", _("Confirm the disqualification")),
            ("reject", _("Reject the proposal")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    referral_note = forms.CharField(
        label=_("Referral to the employer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What was sent to the expert's employer, and how."),
    )
    referred_on = forms.DateField(
        label=_("Referred on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "confirm" and not (data.get("referral_note") or "").strip():
            self.add_error("referral_note", _("Record the referral to the expert's employer."))
        return data
