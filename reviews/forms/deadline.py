from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from reviews.enums import ReviewStage


class ReviewDeadlineForm(forms.Form):
    """The due date of one review stage of the round (Beijing time)."""

    stage = forms.ChoiceField(label=_("Review stage"), choices=ReviewStage.choices)
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}))
