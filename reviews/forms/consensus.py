"""The group leader's consensus form and the office's release of the feedback report."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reviews.forms.review import ScoreForm


class ConsensusForm(ScoreForm):
    """The scorebook again, for the group's consensus: per item one percentage with its
    rationale; per category the group's strengths and opportunities for improvement."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name.startswith("comment_"):
                field.label = _("Rationale")
        self.fields["summary"].label = _("The group's overall comment")


class ReleaseFeedbackForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
