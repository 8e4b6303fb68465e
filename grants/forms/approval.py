from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from decisionlog.workflow import DomainError
from grants.services.records import check_approval_document


class ApprovalForm(forms.Form):
    """Art. 22: the municipal government's decision, per proposed candidate."""

    approved_on = forms.DateField(
        label=_("Approval date"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    meeting = forms.CharField(
        label=_("Meeting"),
        max_length=200,
        help_text=_("For example: 市政府第N次常务会议"),
    )
    document_number = forms.CharField(label=_("Document number"), max_length=100)
    document = forms.FileField(
        label=_("Decision document"),
        required=False,
        help_text=_(
            "The scanned decision of the executive meeting (PDF, OFD, JPG or PNG); it can also "
            "be added later."
        ),
    )
    approved = forms.MultipleChoiceField(
        label=_("Approved"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Untick a candidate the government did not approve."),
    )

    def __init__(self, *args: Any, candidates: list[Application], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        self.fields["approved"].choices = [
            (str(app.pk), f"{app.nominee_label} · {app.get_proposed_level_display()}")
            for app in candidates
        ]
        self.fields["approved"].initial = [str(app.pk) for app in candidates]
        for name, field in self.fields.items():
            if name != "approved":
                field.widget.attrs.setdefault("class", "form-control")
        self.fields["approved"].widget.attrs["class"] = "form-check-input"

    def clean_approved_on(self) -> date:
        day: date = self.cleaned_data["approved_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The approval date cannot be in the future."))
        return day

    def clean_document(self) -> Any:
        upload = self.cleaned_data.get("document")
        if upload:
            try:
                check_approval_document(upload)
            except DomainError as error:
                raise forms.ValidationError(error.message) from error
        return upload

    def application_ids(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data["approved"]]


class VerifyForm(forms.Form):
    number = forms.CharField(
        label=_("Certificate number"),
        max_length=40,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "GZZLJ-…"}),
    )
