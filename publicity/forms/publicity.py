from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from awards.enums import PrizeLevel
from awards.models import Round
from publicity.captcha import CaptchaField
from publicity.rules import BEIJING, PUBLICITY_MIN_DAYS
from publicity.selectors.publicity import PlenaryCandidate

# HTML date inputs take ISO values whatever the locale's display format.
DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "class": "form-control"})


def _bootstrap(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


def beijing_today() -> Any:
    return timezone.now().astimezone(BEIJING).date()


# --- Plenary --------------------------------------------------------------------------------


class PlenaryForm(forms.Form):
    """The plenary's meeting data and, per candidate, its level and votes (Art. 21)."""

    held_on = forms.DateField(label=_("Meeting date"), widget=DATE_INPUT)
    members_total = forms.IntegerField(label=_("Members of the leading group"), min_value=1)
    members_present = forms.IntegerField(label=_("Members present"), min_value=0)
    minutes = forms.CharField(
        label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args: Any, candidates: list[PlenaryCandidate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        for candidate in candidates:
            app = candidate.application
            self.fields[f"level_{app.pk}"] = forms.ChoiceField(
                label=_("Level"),
                choices=app.round.level_choices(),
                initial=app.proposed_level or PrizeLevel.PRIZE,
            )
            for name, label in (
                ("agree", _("Agree")),
                ("disagree", _("Disagree")),
                ("abstain", _("Abstain")),
            ):
                self.fields[f"{name}_{app.pk}"] = forms.IntegerField(
                    label=label, min_value=0, initial=0
                )
        _bootstrap(self)
        for candidate in candidates:
            app = candidate.application
            org = app.organisation.name
            self.fields[f"level_{app.pk}"].widget.attrs["aria-label"] = f"{org}: {_('Level')}"
            for name, label in (
                ("agree", _("Agree")),
                ("disagree", _("Disagree")),
                ("abstain", _("Abstain")),
            ):
                widget = self.fields[f"{name}_{app.pk}"].widget
                widget.attrs.update(
                    {
                        "class": "form-control form-control-sm vote",
                        "data-vote": name,
                        "aria-label": f"{org}: {label}",
                    }
                )

    def rows(self) -> list[dict[str, Any]]:
        """One row per candidate for the template: the candidate and its bound fields."""
        return [
            {
                "candidate": c,
                "level": self[f"level_{c.application.pk}"],
                "agree": self[f"agree_{c.application.pk}"],
                "disagree": self[f"disagree_{c.application.pk}"],
                "abstain": self[f"abstain_{c.application.pk}"],
            }
            for c in self.candidates
        ]

    def decisions(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        return [
            {
                "application_id": c.application.pk,
                "level": data[f"level_{c.application.pk}"],
                "agree": data[f"agree_{c.application.pk}"],
                "disagree": data[f"disagree_{c.application.pk}"],
                "abstain": data[f"abstain_{c.application.pk}"],
            }
            for c in self.candidates
        ]


# --- Publicity ------------------------------------------------------------------------------


class OpenPublicityForm(forms.Form):
    starts_on = forms.DateField(
        label=_("First day"),
        widget=DATE_INPUT,
        help_text=_(
            "The period runs from 00:00 of the first day to 24:00 of the last (Beijing time). "
            "Opened on its first day, it starts at once and its days count from the next day."
        ),
    )
    days = forms.IntegerField(
        label=_("Days"),
        min_value=PUBLICITY_MIN_DAYS,
        help_text=_("Never fewer than 10 days (Art. 21)."),
    )
    notice = forms.CharField(label=_("Notice text"), widget=forms.Textarea(attrs={"rows": 14}))
    objection_contact = forms.CharField(
        label=_("How to object"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    outlet = forms.CharField(
        label=_("Also published in (optional)"),
        max_length=100,
        required=False,
        help_text=_("For example the municipal government's website or a newspaper."),
    )
    outlet_published_on = forms.DateField(
        label=_("Published there on"), widget=DATE_INPUT, required=False
    )
    outlet_url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")

    def __init__(self, *args: Any, round: Round, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["starts_on"].initial = beijing_today() + timedelta(days=1)
        self.fields["days"].initial = max(round.publicity_days, PUBLICITY_MIN_DAYS)
        _bootstrap(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outlet") and not data.get("outlet_published_on"):
            self.add_error("outlet_published_on", _("Give the date it was published there."))
        return data


# --- Objections -----------------------------------------------------------------------------


class ApplicationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.organisation.name)


class ObjectionFields(forms.Form):
    name = forms.CharField(
        label=_("Your name (real name or organisation name)"),
        max_length=100,
        required=False,
        help_text=_("Anonymous objections are recorded but not accepted for verification."),
    )
    phone = forms.CharField(label=_("Contact phone"), max_length=30, required=False)
    email = forms.EmailField(
        label=_("E-mail"), required=False, help_text=_("We send the receipt number here.")
    )
    application = ApplicationChoiceField(
        label=_("Organisation objected to"), queryset=Application.objects.none()
    )
    grounds = forms.CharField(
        label=_("Grounds and facts"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000
    )

    def __init__(self, *args: Any, applications: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications  # type: ignore[attr-defined]
        _bootstrap(self)


class ObjectionForm(ObjectionFields):
    captcha = CaptchaField()


class OfficeObjectionForm(ObjectionFields):
    """An objection received by letter or phone, entered by the office on the objector's behalf."""

    received_at = forms.DateTimeField(
        label=_("Received at"),
        widget=forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("When the letter or call arrived (Beijing time)."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["received_at"].initial = timezone.localtime().strftime("%Y-%m-%dT%H:%M")


class VerifyObjectionForm(forms.Form):
    verification = forms.CharField(
        label=_("Verification findings"), widget=forms.Textarea(attrs={"rows": 4})
    )
    organisation_response = forms.CharField(
        label=_("The organisation's response"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _bootstrap(self)


class DecideObjectionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("The leading group's decision"),
        choices=[
            ("upheld", _("Upheld: remove from the proposed list")),
            ("dismissed", _("Dismissed")),
        ],
        widget=forms.RadioSelect,
    )
    handling_opinion = forms.CharField(
        label=_("Handling opinion"), widget=forms.Textarea(attrs={"rows": 4})
    )
    meeting = forms.CharField(
        label=_("Meeting of the leading group that decided"),
        max_length=200,
        required=False,
        help_text=_(
            "Required when the office records the decision for the leading group (Art. 21), "
            "for example 领导小组2026年第3次会议."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _bootstrap(self)
        self.fields["decision"].widget.attrs["class"] = "form-check-input"


class ListDecisionForm(forms.Form):
    """Art. 21: after an upheld objection, confirm the proposed list or add candidates, each
    publicised for its own full period."""

    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the list stands as it is, or why these candidates are added."),
    )
    starts_on = forms.DateField(
        label=_("First day of the added candidates' publicity"),
        widget=DATE_INPUT,
        required=False,
        help_text=_(
            "Whole days in Beijing time, from 00:00 of the first day to 24:00 of the last."
        ),
    )
    days = forms.IntegerField(label=_("Days"), min_value=PUBLICITY_MIN_DAYS)

    def __init__(self, *args: Any, round: Round, choices: list[Application], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices = choices
        self.fields["starts_on"].initial = beijing_today() + timedelta(days=1)
        self.fields["days"].initial = max(round.publicity_days, PUBLICITY_MIN_DAYS)
        for app in choices:
            self.fields[f"add_{app.pk}"] = forms.ChoiceField(
                label=app.organisation.name,
                choices=[("", _("Not added")), *round.level_choices()],
                required=False,
            )
        _bootstrap(self)

    def additions(self) -> list[tuple[Application, str]]:
        return [
            (app, self.cleaned_data[f"add_{app.pk}"])
            for app in self.choices
            if self.cleaned_data.get(f"add_{app.pk}")
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.is_bound and not self.errors and self.additions() and not data.get("starts_on"):
            self.add_error("starts_on", _("Give the first day of the added candidates' publicity."))
        return data
