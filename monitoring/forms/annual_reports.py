"""Forms of a winner's obligations (Art. 24): filing an annual report, the office's review,
and a new due date."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class _Styled(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs.setdefault("class", "form-check-input")
            else:
                field.widget.attrs.setdefault("class", "form-control")


class AnnualReportForm(_Styled):
    """Art. 24: the year's quality performance."""

    key_indicators = forms.CharField(
        label=_("Key quality indicators"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: product pass rate, customer satisfaction, quality losses."),
    )
    improvements = forms.CharField(
        label=_("Improvements made"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you did about the opportunities for improvement in your feedback."),
    )
    body = forms.CharField(
        label=_("Quality performance report"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
    )


class AnnualReportDraftForm(AnnualReportForm):
    """The same text kept as a draft: any field may still be empty."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class ReportReviewForm(_Styled):
    """Art. 24: the office accepts the report or returns it with comments."""

    ACCEPT = "accept"
    RETURN = "return"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(ACCEPT, _("Accept")), (RETURN, _("Return for revision"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comments"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when you return the report."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == self.RETURN and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Say what the organisation must revise."))
        return data


class DueDateForm(_Styled):
    """Art. 24: the office sets another due date, with a reason."""

    due_on = forms.DateField(
        label=_("New due date"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    reason = forms.CharField(label=_("Reason"), max_length=500)
