"""R1 / Art. 18-20: the office's form for the question-and-defence panel's score."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from experts.forms.pool import BootstrapMixin


class DefenceScoreForm(BootstrapMixin, forms.Form):
    """The defence panel's score of one application, on the 1000-point scale of the material
    and site reviews, with the panel's members and the day the defence was held."""

    score = forms.DecimalField(
        label=_("Question-and-defence score"),
        min_value=Decimal(0),
        max_value=Decimal(1000),
        decimal_places=1,
        help_text=_("0 to 1000, the scale of the material and site reviews."),
    )
    panel = forms.CharField(
        label=_("Panel members"),
        max_length=500,
        help_text=_("As the panel's signed score sheet names them."),
    )
    held_on = forms.DateField(
        label=_("Held on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reason = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
