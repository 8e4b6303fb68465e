"""Forms of the office (eligibility, consultations, disqualification), the recommending unit
and the department liaison."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.enums import ApplicationStatus, ConsultationResult, EligibilityCondition
from awards.forms import BootstrapMixin, DateInput, DateTimeLocalInput
from organisations.enums import Sector
from organisations.models import Department, Organisation

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
    question = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 3}))
    due_on = forms.DateField(label=_("Reply due"), required=False, widget=DateInput())

    def __init__(
        self,
        *args: Any,
        exclude_department_ids: list[int] | None = None,
        adverse_record_years: int,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        # R5 (6): the look-back years are the round's rule setting (Art. 13(6)).
        self.fields["question"].initial = _(
            "Please state whether the organisation has any adverse record in your field in the "
            "last %(n)d years (Art. 13(6))."
        ) % {"n": adverse_record_years}
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


class AdverseRecordForm(BootstrapMixin, forms.Form):
    """R5 / Art. 13, 17: the office's review of an adverse record received after the
    eligibility decision: it does not apply (with the reason), or the application is
    disqualified."""

    WAIVE = "waive"
    DISQUALIFY = "disqualify"

    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (WAIVE, _("It does not apply: the application goes on")),
            (DISQUALIFY, _("Disqualify the application")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    confirm = forms.BooleanField(
        label=_("I confirm a disqualification. It cannot be undone."), required=False
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("outcome") == self.DISQUALIFY and not cleaned.get("confirm"):
            self.add_error("confirm", _("Tick the box to confirm."))
        return cleaned


class LeaderTagForm(BootstrapMixin, forms.Form):
    """R6 / Art. 15: the office confirms or refuses a claimed leading-enterprise tag."""

    decision = forms.ChoiceField(
        label=_("Decision on the tag"),
        choices=[("confirmed", _("Confirm the tag")), ("refused", _("Refuse the tag"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown to the organisation."),
    )


class EligibilityDecisionForm(BootstrapMixin, forms.Form):
    """Art. 17: eligible with the confirmed sector, or not eligible with a reason (R5, R2)."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("eligible", _("Eligible")), ("ineligible", _("Not eligible"))],
        widget=forms.RadioSelect,
    )
    sector = forms.ChoiceField(
        label=_("Confirmed sector"),
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

    def __init__(
        self, *args: Any, sector_choices: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if sector_choices is not None:
            # R2: the sector buckets of the round's rules.
            self.fields["sector"].choices = sector_choices  # type: ignore[attr-defined]

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
    fraud = forms.BooleanField(
        label=_("The ground is fraud (Art. 28): whether a bar follows is then decided"),
        required=False,
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
    letter = forms.FileField(
        label=_("The unit's sealed recommendation letter (scan)"),
        required=False,
        help_text=_("PDF, OFD, DOCX, XLSX, JPG or PNG. It is kept with the application."),
    )
    declaration = forms.BooleanField(
        label=_("We give this declaration."),
        required=True,
        error_messages={
            "required": _(
                "The opinion needs the unit's declaration that it is true (Art. 28 of the "
                "Measures)."
            )
        },
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
    letter = forms.FileField(
        label=_("The department's sealed reply letter (scan)"),
        required=False,
        help_text=_("PDF, OFD, DOCX, XLSX, JPG or PNG. Only the award office sees it."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("result") == ConsultationResult.ADVERSE
            and not (data.get("details") or "").strip()
        ):
            self.add_error("details", _("Describe the adverse record."))
        return data


class SupplementRequestForm(BootstrapMixin, forms.Form):
    """Art. 17: what is missing, and the reply deadline (Beijing time)."""

    what = forms.CharField(
        label=_("What is missing"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("The organisation sees this text and answers it in the portal."),
    )
    due_at = forms.DateTimeField(
        label=_("Reply deadline"),
        widget=DateTimeLocalInput(),
        help_text=_("Beijing time. A later answer is refused."),
    )

    def clean_due_at(self) -> Any:
        value = self.cleaned_data["due_at"]
        if value and value <= timezone.now():
            raise forms.ValidationError(_("The reply deadline must be in the future."))
        return value


class ReplySheetForm(BootstrapMixin, forms.Form):
    """Art. 17: the filled reply sheet (.xlsx)."""

    file = forms.FileField(
        label=_("Filled reply sheet (.xlsx)"),
        help_text=_(
            "Fill in the answer column of the downloaded sheet; rows left empty stay pending."
        ),
    )
    letter = forms.FileField(
        label=_("The department's sealed reply letter (scan)"),
        required=False,
        help_text=_(
            "Optional: one letter for every answer of the sheet. PDF, OFD, DOCX, XLSX, JPG or "
            "PNG. Only the award office sees it."
        ),
    )


class PaperEntryForm(BootstrapMixin, forms.Form):
    """A dossier received on paper, entered on the organisation's behalf."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.order_by("name")
    )
    received_on = forms.DateField(label=_("Paper dossier received on"), widget=DateInput())
    paper_form = forms.FileField(
        label=_("Scan of the signed and sealed application form"),
        help_text=_("PDF, OFD, DOCX, XLSX, JPG or PNG."),
    )
    paper_report = forms.FileField(label=_("Self-assessment report (scan)"), required=False)
    paper_evidence = forms.FileField(label=_("Other documents (scan)"), required=False)
    paper_declaration = forms.BooleanField(
        label=_(
            "The paper form carries the legal representative's signature, the seal and the "
            "declaration of truthfulness (Art. 28)."
        ),
        error_messages={"required": _("Tick the box to confirm.")},
    )

    def clean_received_on(self) -> Any:
        value = self.cleaned_data["received_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date is in the future."))
        return value

    def files_with_kinds(self) -> list[tuple[str, Any]]:
        data = self.cleaned_data
        pairs = [
            ("form", data.get("paper_form")),
            ("self_assessment", data.get("paper_report")),
            ("evidence", data.get("paper_evidence")),
        ]
        return [(kind, upload) for kind, upload in pairs if upload]


class PaperReplyForm(ConsultationAnswerForm):
    """Art. 17: a department's reply received on paper, entered by the office, with the
    optional scan of its sealed reply letter (the ``letter`` field of the liaison's form)."""

    field_order = ["result", "details", "received_on", "letter"]

    received_on = forms.DateField(label=_("Paper reply received on"), widget=DateInput())


class ConsultationBatchForm(ConsultationForm):
    """Art. 17: one department, one question and reply date, many organisations."""

    applications = forms.ModelMultipleChoiceField(
        label=_("Organisations"),
        queryset=None,  # type: ignore[arg-type]
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one application.")},
    )

    def __init__(self, *args: Any, applications: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["applications"]
        field.queryset = applications  # type: ignore[attr-defined]
        field.label_from_instance = lambda a: str(a.organisation.name)  # type: ignore[attr-defined]
