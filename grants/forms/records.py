"""Forms of the post-approval records: approval document, payment, plaque, outlets and the
history import."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from common.errors import DomainError
from common.forms import BootstrapStyle, date_widget
from common.uploads import check_upload
from grants.enums import PlaqueKind


class ApprovalDocumentForm(BootstrapStyle, forms.Form):
    document = forms.FileField(
        label=_("Decision document"),
        help_text=_("The scanned decision of the executive meeting: PDF, OFD, JPG or PNG."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class PaymentForm(BootstrapStyle, forms.Form):
    amount = forms.DecimalField(label=_("Amount paid (CNY)"), max_digits=12, decimal_places=2)
    paid_on = forms.DateField(label=_("Paid on"), widget=date_widget())
    reference = forms.CharField(
        label=_("Payment reference"),
        max_length=100,
        help_text=_("The policy platform's or the bank's reference of the transfer."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class PlaqueForm(BootstrapStyle, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PlaqueKind.choices)
    issued_on = forms.DateField(label=_("Issued on"), widget=date_widget())
    received_by = forms.CharField(label=_("Received by"), max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class OutletForm(BootstrapStyle, forms.Form):
    outlet = forms.CharField(
        label=_("Outlet"),
        max_length=200,
        help_text=_("For example: 赣州市人民政府网站 or 赣南日报"),
    )
    published_on = forms.DateField(label=_("Published on"), widget=date_widget())
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class HistoryImportForm(BootstrapStyle, forms.Form):
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
