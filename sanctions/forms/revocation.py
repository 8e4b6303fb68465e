"""Forms of the revocation pages (R8, R11), of the notices of a bar to other award bodies and
of the recovery after fraud."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sanctions.enums import AccidentGrade, AwardBody, RevocationGround


def _date_widget() -> forms.DateInput:
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class _Bootstrap:
    def _style(self) -> None:
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.RadioSelect):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)


class RevocationOpenForm(_Bootstrap, forms.Form):
    ground = forms.ChoiceField(label=_("Ground"), choices=RevocationGround.choices)
    accident_grade = forms.ChoiceField(
        label=_("Accident grade"),
        required=False,
        choices=[("", "—"), *AccidentGrade.choices],
        help_text=_("For ground (1) only: the accident must be of the grade 较大 or above."),
    )
    occurred_on = forms.DateField(
        label=_("Date of the event"),
        required=False,
        widget=_date_widget(),
        help_text=_(
            "For the grounds of Art. 30: the day it happened, which must fall within the"
            " validity period (not the day the case is opened)."
        ),
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What happened, when (within the validity period), and the sources."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class RevocationResponseForm(_Bootstrap, forms.Form):
    response = forms.CharField(
        label=_("Your response"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20000
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class RevocationDecisionForm(_Bootstrap, forms.Form):
    OUTCOMES = [("revoked", _("Revoked")), ("rejected", _("Not revoked"))]

    outcome = forms.ChoiceField(
        label=_("Government's decision"), choices=OUTCOMES, widget=forms.RadioSelect
    )
    decided_on = forms.DateField(
        label=_("Decision date"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    document_number = forms.CharField(
        label=_("Document number"),
        max_length=100,
        required=False,
        help_text=_("Required when the award is revoked."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == "revoked" and not (data.get("document_number") or "").strip():
            self.add_error(
                "document_number",
                _("Give the document number of the government's revocation decision."),
            )
        return data


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
