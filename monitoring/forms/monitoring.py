"""Forms of the monitoring of winners (Art. 24-26, 29)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from grants.models import AwardGrant
from monitoring.enums import ActionStatus, FundCheckResult, FundPurpose, ReassessmentResult
from monitoring.selectors.monitoring import reassessment_pool

_DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class _Styled(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                field.widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(field.widget, forms.Select):
                field.widget.attrs.setdefault("class", "form-select")
            elif not isinstance(field.widget, forms.HiddenInput):
                field.widget.attrs.setdefault("class", "form-control")


class ReassessmentScheduleForm(_Styled):
    """Art. 24, 29: date and team; only experts of the pool without a conflict are offered."""

    scheduled_on = forms.DateField(label=_("Date of the re-assessment"), widget=_DATE)
    team = forms.ModelMultipleChoiceField(
        label=_("Team (experts of the pool without a conflict of interest)"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, grant: AwardGrant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = reassessment_pool(grant)  # type: ignore[attr-defined]


class ReassessmentResultForm(_Styled):
    result = forms.ChoiceField(
        label=_("Result"),
        choices=[c for c in ReassessmentResult.choices if c[0] != ReassessmentResult.PENDING],
        widget=forms.RadioSelect,
    )
    findings = forms.CharField(
        label=_("Findings"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
    )


class FundItemForm(_Styled):
    purpose = forms.ChoiceField(label=_("Purpose (Art. 26)"), choices=FundPurpose.choices)
    amount = forms.DecimalField(
        label=_("Amount (CNY)"), min_value=0.01, max_digits=12, decimal_places=2
    )
    description = forms.CharField(
        label=_("What it was spent on"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence = forms.FileField(
        label=_("Evidence (invoice, contract, voucher)"),
        help_text=_("PDF, OFD, DOCX, XLSX, JPG or PNG."),
    )


class FundSubmitForm(_Styled):
    summary = forms.CharField(
        label=_("Summary of the use of the prize money"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FundCheckForm(_Styled):
    RETURN = "return"
    result = forms.ChoiceField(
        label=_("Result of the check"),
        choices=[*FundCheckResult.choices, (RETURN, _("Return to the winner for revision"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Findings"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required unless the money was used as Art. 26 requires."),
    )


class CircularForm(_Styled):
    programme = forms.TypedChoiceField(label=_("Programme"), coerce=int, choices=())
    title = forms.CharField(label=_("Title"), max_length=200)
    document_number = forms.CharField(label=_("Document number"), max_length=100, required=False)
    body = forms.CharField(
        label=_("Text of the circular"), max_length=20000, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args: Any, programmes: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = programmes  # type: ignore[attr-defined]


class ImprovementForm(_Styled):
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    action_taken = forms.CharField(
        label=_("What we did"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    status = forms.ChoiceField(label=_("State"), choices=ActionStatus.choices)
    completed_on = forms.DateField(label=_("Completed on"), required=False, widget=_DATE)


class VisitPlanForm(_Styled):
    planned_on = forms.DateField(label=_("Planned date"), widget=_DATE)
    visitors = forms.CharField(label=_("Visitors"), max_length=500)
    purpose = forms.CharField(label=_("Purpose"), max_length=2000, required=False)


class VisitRecordForm(_Styled):
    visited_on = forms.DateField(label=_("Date of the visit"), widget=_DATE)
    visitors = forms.CharField(label=_("Visitors"), max_length=500)
    findings = forms.CharField(
        label=_("Findings"), max_length=20000, widget=forms.Textarea(attrs={"rows": 5})
    )


class SummaryForm(_Styled):
    body = forms.CharField(
        label=_("Summary of our practice"),
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    publicised_in = forms.CharField(
        label=_("Where it was publicised"), max_length=500, required=False
    )


class SharingForm(_Styled):
    held_on = forms.DateField(label=_("Date"), widget=_DATE)
    event = forms.CharField(label=_("Event"), max_length=300)
    audience = forms.CharField(label=_("Audience"), max_length=300)
