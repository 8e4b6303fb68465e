"""Forms of incidents about winners (R11, Art. 33): the liaison's and the office's report, the
public report with its sum to solve, and closing an incident without action."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import BootstrapStyle, date_widget
from publicity.captcha import CaptchaField
from sanctions.enums import IncidentKind
from sanctions.selectors.incidents import public_programmes
from sanctions.services.incidents import UNMATCHED_KINDS


class GrantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.organisation.name} · {obj.round.year} · {obj.get_level_display()}"


class IncidentFields(BootstrapStyle, forms.Form):
    grant = GrantChoiceField(label=_("Winner"), queryset=None)  # type: ignore[arg-type]
    kind = forms.ChoiceField(label=_("Kind"), choices=IncidentKind.choices)
    occurred_on = forms.DateField(label=_("Occurred on"), required=False, widget=date_widget())
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


class PublicIncidentForm(IncidentFields):
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

    def __init__(self, *args: Any, programmes: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
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


class IncidentCloseForm(BootstrapStyle, forms.Form):
    note = forms.CharField(
        label=_("Reason for closing without action"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()
