"""Forms of the post-approval records: approval document, payment, plaque, outlets,
history import, incidents, notices to award bodies and fraud recovery."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.sessions.backends.base import SessionBase
from django.utils.translation import gettext_lazy as _

from common.errors import DomainError
from common.uploads import check_upload
from grants.enums import AwardBody, IncidentKind, PlaqueKind
from grants.selectors.incidents import public_programmes
from grants.services.incidents import UNMATCHED_KINDS
from publicity.captcha import CaptchaField, SumCaptchaForm, new_sum


def _date_widget() -> forms.DateInput:
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class _Bootstrap:
    def _style(self) -> None:
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.RadioSelect | forms.CheckboxInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)


class ApprovalDocumentForm(_Bootstrap, forms.Form):
    document = forms.FileField(
        label=_("Decision document"),
        help_text=_("The scanned decision of the executive meeting: PDF, OFD, JPG or PNG."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class PaymentForm(_Bootstrap, forms.Form):
    amount = forms.DecimalField(label=_("Amount paid (CNY)"), max_digits=12, decimal_places=2)
    paid_on = forms.DateField(label=_("Paid on"), widget=_date_widget())
    reference = forms.CharField(
        label=_("Payment reference"),
        max_length=100,
        help_text=_("The policy platform's or the bank's reference of the transfer."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class PlaqueForm(_Bootstrap, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PlaqueKind.choices)
    issued_on = forms.DateField(label=_("Issued on"), widget=_date_widget())
    received_by = forms.CharField(label=_("Received by"), max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class OutletForm(_Bootstrap, forms.Form):
    outlet = forms.CharField(
        label=_("Outlet"), max_length=200, help_text=_("For example: 赣州市人民政府网站, 赣南日报")
    )
    published_on = forms.DateField(label=_("Published on"), widget=_date_widget())
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class HistoryImportForm(_Bootstrap, forms.Form):
    file = forms.FileField(
        label=_("History workbook (.xlsx)"),
        help_text=_("Fill in the template: one sheet of earlier winners, one of bans."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            checked = check_upload(upload)
        except DomainError as error:
            raise forms.ValidationError(error.message) from error
        if checked.kind != "xlsx":
            raise forms.ValidationError(
                _("Upload the Excel workbook (.xlsx) made from the template.")
            )
        return upload


class GrantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.organisation.name} · {obj.round.year} · {obj.get_level_display()}"


class IncidentFields(_Bootstrap, forms.Form):
    grant = GrantChoiceField(label=_("Winner"), queryset=None)  # type: ignore[arg-type]
    kind = forms.ChoiceField(label=_("Kind"), choices=IncidentKind.choices)
    occurred_on = forms.DateField(label=_("Occurred on"), required=False, widget=_date_widget())
    description = forms.CharField(
        label=_("What happened"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=_("Facts, dates, the authority that dealt with it, and sources."),
    )

    def __init__(self, *args: Any, grants: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grant"].queryset = grants  # type: ignore[attr-defined]
        self._style()


INCIDENT_CAPTCHA_KEY = "grants_incident_captcha"


def new_incident_captcha(session: SessionBase) -> str:
    """A new sum for the public incident report (publicity.captcha)."""
    return new_sum(session, INCIDENT_CAPTCHA_KEY)


class PublicIncidentForm(SumCaptchaForm, IncidentFields):
    """R11 about a winner, or (Art. 33) a forged certificate or misuse of the title by an
    organisation that is not a winner: then no winner is chosen and the report names the
    award programme and the organisation and/or certificate number."""

    programme: forms.ModelChoiceField = forms.ModelChoiceField(  # type: ignore[type-arg]
        label=_("Award"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
        help_text=_("Which award the forged certificate or the misused title claims."),
    )
    named_organisation = forms.CharField(
        label=_("Organisation using the title or certificate"), max_length=200, required=False
    )
    certificate_number = forms.CharField(
        label=_("Certificate number shown"), max_length=40, required=False
    )
    name = forms.CharField(
        label=_("Your name (real name or organisation name)"),
        max_length=100,
        help_text=_("Seen by the award office only."),
    )
    contact = forms.CharField(
        label=_("Phone or e-mail"), max_length=100, help_text=_("Seen by the award office only.")
    )
    captcha = CaptchaField()

    def __init__(
        self, *args: Any, expected: int | None, programmes: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, expected=expected, **kwargs)
        grant_field = self.fields["grant"]
        grant_field.required = False
        grant_field.empty_label = _("— Not a winner (forged certificate or misuse of the title) —")  # type: ignore[attr-defined]
        grant_field.label = _("Winner concerned")
        if programmes is None:
            programmes = public_programmes()
        programme_field = self.fields["programme"]
        programme_field.queryset = programmes  # type: ignore[attr-defined]
        first_two = list(programmes[:2])
        if len(first_two) == 1:
            programme_field.initial = first_two[0].pk
        self._style()

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if data.get("grant") is not None:
            return data
        if not data.get("programme"):
            self.add_error(
                "programme", _("Choose the award, or choose the winner the report is about.")
            )
        if not (
            data.get("named_organisation", "").strip() or data.get("certificate_number", "").strip()
        ):
            self.add_error(
                "named_organisation",
                _("Name the organisation or give the certificate number, or choose a winner."),
            )
        if data.get("kind") and data["kind"] not in UNMATCHED_KINDS:
            self.add_error(
                "kind",
                _(
                    "A report that names no winner is about a forged certificate or misuse of the title."
                ),
            )
        return data


class IncidentCloseForm(_Bootstrap, forms.Form):
    note = forms.CharField(
        label=_("Reason for closing without action"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class BanNoticeForm(_Bootstrap, forms.Form):
    body = forms.ChoiceField(label=_("Award body"), choices=AwardBody.choices)
    sent_on = forms.DateField(label=_("Sent on"), widget=_date_widget())
    reference = forms.CharField(label=_("Reference (letter number)"), max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class RecoveryForm(_Bootstrap, forms.Form):
    due_on = forms.DateField(label=_("To be repaid by"), required=False, widget=_date_widget())
    recovered_amount = forms.DecimalField(
        label=_("Recovered (CNY)"), max_digits=12, decimal_places=2, min_value=0
    )
    recovered_on = forms.DateField(label=_("Recovered on"), required=False, widget=_date_widget())
    plaque_returned_on = forms.DateField(
        label=_("Plaque or trophy returned on"), required=False, widget=_date_widget()
    )
    certificate_returned_on = forms.DateField(
        label=_("Certificate returned on"), required=False, widget=_date_widget()
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()
