"""Forms of the site review. They validate input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from experts.forms.pool import BootstrapMixin
from reviews.models import SiteVisit


class SiteVisitForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = SiteVisit
        fields = ("starts_on", "ends_on", "agenda", "issues")
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "issues": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "agenda": _("Shown to the organisation."),
            "issues": _("Left empty: taken from the material review's consensus."),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The visit ends before it starts."))
        return data

    def _post_clean(self) -> None:
        # The service writes the visit (updated_by, the decision log); skip model validation.
        pass


class SiteNoteForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))
