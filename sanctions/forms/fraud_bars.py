"""Forms of the bar decision after a disqualification for fraud (R8, Art. 28), shown on the
office's application page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.forms import BootstrapMixin, DateInput


class FraudBarForm(BootstrapMixin, forms.Form):
    """R8 / Art. 28: after a disqualification for fraud, no bar (with the reason) or a bar
    proposed to the municipal government."""

    decision = forms.ChoiceField(
        label=_("Bar decision"),
        choices=[
            ("no_bar", _("No bar follows")),
            ("propose", _("Propose a 10-year bar to the municipal government")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (required for no bar)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class FraudBarDecisionForm(BootstrapMixin, forms.Form):
    """R8 / Art. 28: the municipal government's decision on a proposed bar."""

    outcome = forms.ChoiceField(
        label=_("The municipal government's decision"),
        choices=[
            ("barred", _("Barred for 10 years from the decision date")),
            ("no_bar", _("No bar")),
        ],
        widget=forms.RadioSelect,
    )
    decided_on = forms.DateField(label=_("Decision date"), widget=DateInput())
    document_number = forms.CharField(label=_("Document number"), max_length=100, required=False)
    reason = forms.CharField(
        label=_("Reason (required for no bar)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
