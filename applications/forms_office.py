"""Forms of the office (eligibility, consultations, disqualification), the recommending unit
and the department liaison."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.forms import BootstrapMixin, DateInput
from organisations.enums import Sector
from organisations.models import Department

from .enums import ApplicationStatus, ConsultationResult, EligibilityCondition

MET_CHOICES = [("yes", _("Met")), ("no", _("Not met"))]


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *ApplicationStatus.choices],
    )


class EligibilityCheckForm(BootstrapMixin, forms.Form):
    """R5: one condition of Art. 13 with its evidence."""

    condition = forms.ChoiceField(choices=EligibilityCondition.choices, widget=forms.HiddenInput)
    met = forms.ChoiceField(label=_("Result"), choices=MET_CHOICES, widget=forms.RadioSelect)
    evidence = forms.CharField(
        label=_("Evidence and notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 1, "placeholder": _("Evidence and notes")}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("met") == "no" and not (data.get("evidence") or "").strip():
            self.add_error("evidence", _("Say why the condition is not met."))
        return data


class ConsultationForm(BootstrapMixin, forms.Form):
    """Art. 17: ask a department about the applicant's record."""

    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none())
    question = forms.CharField(
        label=_("Question"),
        widget=forms.Textarea(attrs={"rows": 3}),
        initial=_(
            "Please state whether the organisation has any adverse record in your field in the "
            "last three years (Art. 13(6))."
        ),
    )
    due_on = forms.DateField(label=_("Reply due"), required=False, widget=DateInput())

    def __init__(self, *args: Any, exclude_department_ids: list[int] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.exclude(  # type: ignore[attr-defined]
            pk__in=exclude_department_ids or []
        ).order_by("name")

    def clean_due_on(self) -> Any:
        value = self.cleaned_data["due_on"]
        if value and value < timezone.localdate():
            raise forms.ValidationError(_("The reply date is in the past."))
        return value


class WaiverForm(BootstrapMixin, forms.Form):
    """R5: why an adverse record does not apply."""

    reason = forms.CharField(
        label=_("Why the adverse record does not apply"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EligibilityDecisionForm(BootstrapMixin, forms.Form):
    """Art. 17: eligible with the confirmed sector, or not eligible with a reason (R5, R2)."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("eligible", _("Eligible")), ("ineligible", _("Not eligible"))],
        widget=forms.RadioSelect,
    )
    sector = forms.ChoiceField(
        label=_("Confirmed sector (R2)"),
        choices=Sector.choices,
        required=False,
        help_text=_(
            "The quota bucket, from the organisation's industry (GB/T 4754 section C is manufacturing)."
        ),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the application is not eligible; sent to the organisation."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        decision = data.get("decision")
        if decision == "ineligible" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason why the application is not eligible."))
        if decision == "eligible" and not data.get("sector"):
            self.add_error("sector", _("Confirm the sector."))
        return data


class DisqualifyForm(BootstrapMixin, forms.Form):
    """R8: fraud found before an award."""

    reason = forms.CharField(
        label=_("Reason for disqualification"), widget=forms.Textarea(attrs={"rows": 3})
    )
    confirm = forms.BooleanField(
        label=_("I confirm the disqualification. It cannot be undone."),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class RecommendationForm(BootstrapMixin, forms.Form):
    """Art. 12, 28: the recommending unit's opinion."""

    opinion = forms.CharField(
        label=_("Recommendation opinion"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The recommending unit answers for what it endorses (Art. 28)."),
    )


class ConsultationAnswerForm(BootstrapMixin, forms.Form):
    """Art. 17: the department's answer."""

    result = forms.ChoiceField(
        label=_("Answer"),
        choices=[
            (ConsultationResult.NO_ADVERSE.value, ConsultationResult.NO_ADVERSE.label),
            (ConsultationResult.ADVERSE.value, ConsultationResult.ADVERSE.label),
        ],
        widget=forms.RadioSelect,
    )
    details = forms.CharField(
        label=_("Details"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required for an adverse record: what, when, and the decision taken."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("result") == ConsultationResult.ADVERSE
            and not (data.get("details") or "").strip()
        ):
            self.add_error("details", _("Describe the adverse record."))
        return data
