"""The applicant names an expert of the pool it considers conflicted (R12)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reviews.enums import ConflictKind
from reviews.services.applicant import MAX_REASON


class NameConflictForm(forms.Form):
    expert = forms.TypedChoiceField(
        label=_("Expert (name · employer)"),
        coerce=int,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind of conflict"),
        choices=ConflictKind.choices,
        initial=ConflictKind.OTHER,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=MAX_REASON,
        help_text=_("Why this expert should not review your application."),
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expert"].choices = [("", "—"), *choices]  # type: ignore[attr-defined]
