"""Forms of the assignment suggestion and random draw. They validate input; the services
decide (R12 is checked again there)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.models import Round
from reviews.enums import DrawMethod
from reviews.models import ReviewGroup
from reviews.rules.draw import MAX_PER_APPLICATION, MAX_SEED


class DrawForm(forms.Form):
    method = forms.ChoiceField(
        label=_("Method"),
        choices=DrawMethod.choices,
        initial=DrawMethod.SUGGESTION,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    per_application = forms.IntegerField(
        label=_("Reviewers per application"),
        min_value=1,
        max_value=MAX_PER_APPLICATION,
        initial=3,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    group = forms.ModelChoiceField(
        label=_("Review group (its members, applications of its sector)"),
        queryset=ReviewGroup.objects.none(),
        required=False,
        empty_label=_("The whole active pool, every application in review"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    seed = forms.IntegerField(
        label=_("Seed"),
        help_text=_("Leave empty for a fresh seed; enter a recorded seed to draw again."),
        min_value=1,
        max_value=MAX_SEED,
        required=False,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args: Any, round: Round, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = ReviewGroup.objects.filter(round=round).order_by("name")  # type: ignore[attr-defined]


class DrawAcceptForm(forms.Form):
    """Per application of the draw: the experts ticked (``expert_<application id>``) and an
    optional further candidate (``add_<application id>``); a reason when the choice differs
    from the draw."""

    reason = forms.CharField(
        label=_("Reason for any change to the draw"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )

    def __init__(self, *args: Any, rows: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows

    def chosen(self) -> dict[int, list[int]]:
        """The office's choice per application, from the raw data (the service checks every
        expert against the draw's candidates)."""
        chosen: dict[int, list[int]] = {}
        for row in self.rows:
            pk = row.application.pk
            picked: list[int] = []
            for value in [*self.data.getlist(f"expert_{pk}"), self.data.get(f"add_{pk}", "")]:
                if str(value).isdigit() and int(value) not in picked:
                    picked.append(int(value))
            chosen[pk] = picked
        return chosen
