"""Forms of the applicant organisation's pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.enums import (
    NOT_APPLICANT_KINDS,
    AttachmentKind,
    ComplianceDeclaration,
    FinancialMetric,
)
from applications.form_data import CERTIFICATE_KEYS, MAX_CERTIFICATES, form_years, scheme_categories
from applications.models import Application
from applications.services.application import recommenders_for
from awards.enums import CertificateStandard
from awards.rulesets import round_rule_settings
from common.pii import validate_national_id
from organisations.models import Organisation

# The dossier fields a plain model form field edits; the others are built from form tables.
MODEL_FORM_FIELDS = (
    "main_products",
    "quality_summary",
    "self_assessment",
    "tag_sme_innovation",
    "tag_digital_economy",
    "tag_key_industry_leader",
    "non_profit",
    "social_contribution",
    "recommender",
    "excellence_model_since",
    "safety_level",
    "honours",
)

# R6 / Art. 14-15: what each priority tag means, shown beside its checkbox.
TAG_HELP = {
    "tag_sme_innovation": _(
        "A small or medium-sized enterprise with its own intellectual property, strong "
        "innovation, advanced quality management and good growth (Art. 14)."
    ),
    "tag_digital_economy": _(
        "An organisation of the digital economy: digital industries, or operations deeply "
        "transformed by digital technology (Art. 14)."
    ),
    "tag_key_industry_leader": _(
        "A leading enterprise of one of the city's key industries, e.g. rare earths and new "
        "materials, electronics, new-energy vehicles, modern furniture, textiles and "
        "clothing, medicine and food (Art. 15)."
    ),
}


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        # A box to tick or a choice among buttons (each of its inputs takes the class).
        if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class SectionField(forms.CharField):
    """A self-assessment section: line breaks counted as one character, as the live count
    and the printed report count them."""

    def to_python(self, value: Any) -> str:
        return str(super().to_python(value)).replace("\r\n", "\n")

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        # No maxlength: a pasted text is not cut off silently; the live count turns red and
        # the server refuses it with the limit.
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


def _key(code: str) -> str:
    """A category code ("4.1") as part of a field name ("4_1")."""
    return code.replace(".", "_")


class DossierForm(forms.ModelForm):
    """The dossier: the full application form (申报表) with its tables, the self-assessment
    per GB/T 19580 category, the R6 tags and the recommending unit."""

    class Meta:
        model = Application
        fields = MODEL_FORM_FIELDS
        widgets = {
            "main_products": forms.Textarea(attrs={"rows": 3}),
            "quality_summary": forms.Textarea(attrs={"rows": 6}),
            "self_assessment": forms.Textarea(attrs={"rows": 4}),
            "honours": forms.Textarea(attrs={"rows": 3}),
            "social_contribution": forms.Textarea(attrs={"rows": 4}),
            "excellence_model_since": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "main_products": _("The products or services the organisation is best known for."),
            "quality_summary": _(
                "The distinctive, improving quality record worth spreading (Art. 13(5))."
            ),
            "self_assessment": _(
                "A summary of the self-assessment against GB/T 19580; the full report is an "
                "attachment."
            ),
            "non_profit": _(
                "Tick if the organisation does non-profit work: it then meets condition (4) of "
                "Art. 13 by a social contribution among the best of its field, not by profits."
            ),
            "social_contribution": _(
                "For a non-profit organisation: its social contribution and how it compares "
                "with its field. Attach the evidence as “Evidence of social contribution”."
            ),
        }

    # The revision the page was loaded with: a save is refused if a colleague saved since.
    revision = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args: Any, organisation: Organisation | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        application: Application = self.instance
        round = application.round
        self.fields["revision"].initial = application.dossier_revision
        self.fields["excellence_model_since"].help_text = _(
            "The date from which the organisation applies the performance-excellence model "
            "(GB/T 19580); leave empty if it does not."
        )
        self.fields["honours"].help_text = _("Quality honours and awards, one per line.")
        # The financial table of the last three years (10,000 CNY).
        self.years = form_years(round)
        stored = application.financials or {}
        for year in self.years:
            for metric in FinancialMetric:
                field = forms.DecimalField(
                    label=f"{year} {metric.label}",
                    required=False,
                    max_digits=14,
                    decimal_places=2,
                    widget=forms.NumberInput(attrs={"step": "0.01"}),
                )
                field.initial = (stored.get(str(year)) or {}).get(metric.value)
                self.fields[f"fin_{year}_{metric.value}"] = field
        # Management-system certificates with their dates.
        certificates = list(application.certificates or [])
        for index in range(MAX_CERTIFICATES):
            entry = certificates[index] if index < len(certificates) else {}
            row = {
                "standard": forms.ChoiceField(
                    label=_("Standard"),
                    required=False,
                    choices=[("", "---------"), *CertificateStandard.choices],
                ),
                "number": forms.CharField(
                    label=_("Certificate number"), required=False, max_length=60
                ),
                "issuer": forms.CharField(
                    label=_("Certification body"), required=False, max_length=100
                ),
                "issued_on": forms.DateField(
                    label=_("First certified on"),
                    required=False,
                    widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                ),
                "expires_on": forms.DateField(
                    label=_("Valid until"),
                    required=False,
                    widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                ),
            }
            for key, field in row.items():
                field.initial = entry.get(key)
                self.fields[f"cert_{index}_{key}"] = field
        # Art. 13(6): each declaration is a box the applicant ticks.
        self.fields["compliance_declarations"] = forms.MultipleChoiceField(
            label=_("In the last %(n)d years, we declare (Art. 13(6)):")
            % {"n": round_rule_settings(round).adverse_record_years},
            required=False,
            choices=ComplianceDeclaration.choices,
            widget=forms.CheckboxSelectMultiple,
            initial=list(application.compliance_declarations or []),
        )
        # The self-assessment report, one text per category, within the round's limit.
        limit = round.self_assessment_max_chars
        sections = application.self_assessment_sections or {}
        secret = set(application.secret_sections or [])
        self.categories = scheme_categories(round, application.scheme_in_use_id)
        for code, name in self.categories:
            self.fields[f"sa_{_key(code)}"] = SectionField(
                label=name,
                required=False,
                max_length=limit,
                initial=sections.get(code, ""),
                strip=False,
                widget=forms.Textarea(attrs={"rows": 6, "data-maxchars": str(limit)}),
                error_messages={
                    "max_length": _(
                        "%(category)s: at most %(limit)d characters in this round; shorten it "
                        "and save again."
                    )
                    % {"category": name, "limit": limit}
                },
            )
            self.fields[f"secret_{_key(code)}"] = forms.BooleanField(
                label=_("This section contains business or technical secrets"),
                required=False,
                initial=code in secret,
            )
        for name, text in TAG_HELP.items():
            self.fields[name].help_text = text
        recommender = self.fields["recommender"]
        recommender.help_text = _(
            "Only the units whose scope covers your organisation are offered: the government "
            "or zone of your county/district first, then the industry departments and "
            "associations of your industry (Art. 12, 28)."
        )
        # recommenders_for offers the units serving the round's programme, the organisation's
        # own county first. A deactivated unit is offered no more; the one a dossier names
        # already stays.
        current = application.recommender_id
        offered = [
            r
            for r in recommenders_for(organisation, application.round.programme)
            if r.active or r.pk == current
        ]
        if current is not None and current not in {r.pk for r in offered}:
            offered.insert(0, application.recommender)  # type: ignore[arg-type]
        recommender.queryset = recommender.queryset.filter(  # type: ignore[attr-defined]
            pk__in=[r.pk for r in offered]
        )
        recommender.choices = [("", "---------")] + [  # type: ignore[attr-defined]
            (r.pk, str(r)) for r in offered
        ]
        _style(self)

    def financial_rows(self) -> list[dict[str, Any]]:
        """The table's rows for the template: the year and its bound fields."""
        return [
            {"year": year, "fields": [self[f"fin_{year}_{m.value}"] for m in FinancialMetric]}
            for year in self.years
        ]

    def financial_headers(self) -> list[str]:
        return [str(m.label) for m in FinancialMetric]

    def certificate_rows(self) -> list[list[Any]]:
        return [
            [self[f"cert_{index}_{key}"] for key in CERTIFICATE_KEYS]
            for index in range(MAX_CERTIFICATES)
        ]

    def section_rows(self) -> list[dict[str, Any]]:
        return [
            {"text": self[f"sa_{_key(code)}"], "secret": self[f"secret_{_key(code)}"]}
            for code, _name in self.categories
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for index in range(MAX_CERTIFICATES):
            values = {key: data.get(f"cert_{index}_{key}") for key in CERTIFICATE_KEYS}
            if not any(values.values()):
                continue
            for key in ("standard", "issued_on", "expires_on"):
                if not values[key] and f"cert_{index}_{key}" not in self.errors:
                    self.add_error(f"cert_{index}_{key}", _("Required for a certificate."))
            if (
                values["issued_on"]
                and values["expires_on"]
                and values["expires_on"] <= values["issued_on"]
            ):
                self.add_error(
                    f"cert_{index}_expires_on",
                    _("The expiry date must be after the first certification."),
                )
        return data

    def dossier_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = {name: data[name] for name in MODEL_FORM_FIELDS}
        financials: dict[str, dict[str, str]] = {}
        for year in self.years:
            values = {
                m.value: str(data[f"fin_{year}_{m.value}"])
                for m in FinancialMetric
                if data.get(f"fin_{year}_{m.value}") is not None
            }
            if values:
                financials[str(year)] = values
        certificates = []
        for index in range(MAX_CERTIFICATES):
            values = {key: data.get(f"cert_{index}_{key}") for key in CERTIFICATE_KEYS}
            if not any(values.values()):
                continue
            certificates.append(
                {
                    "standard": values["standard"] or "",
                    "number": values["number"] or "",
                    "issuer": values["issuer"] or "",
                    "issued_on": values["issued_on"].isoformat() if values["issued_on"] else "",
                    "expires_on": values["expires_on"].isoformat() if values["expires_on"] else "",
                }
            )
        fields["financials"] = financials
        fields["certificates"] = certificates
        fields["compliance_declarations"] = [
            value
            for value in ComplianceDeclaration.values
            if value in data["compliance_declarations"]
        ]
        fields["self_assessment_sections"] = {
            code: data[f"sa_{_key(code)}"]
            for code, _name in self.categories
            if data[f"sa_{_key(code)}"]
        }
        fields["secret_sections"] = [
            code for code, _name in self.categories if data[f"secret_{_key(code)}"]
        ]
        return fields


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Document"),
        choices=[(v, label) for v, label in AttachmentKind.choices if v not in NOT_APPLICANT_KINDS],
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, OFD, DOCX, XLSX, JPG or PNG. Old .doc/.xls/.wps files: save as PDF."),
    )
    is_secret = forms.BooleanField(
        label=_("Contains business or technical secrets"),
        required=False,
        help_text=_("Everyone in the review keeps it confidential (Art. 31)."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "attachment")
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".pdf,.ofd,.docx,.xlsx,.jpg,.jpeg,.png"
        _style(self)


class SubmitForm(forms.Form):
    """R13: the explicit declaration of truthfulness (Art. 28)."""

    declaration = forms.BooleanField(
        label=_("We give this declaration."),
        required=True,
        error_messages={
            "required": _("Submission needs the declaration that the dossier is true and complete.")
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw the application?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Give the reason for the withdrawal.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "withdraw")
        super().__init__(*args, **kwargs)
        _style(self)


class SupplementAnswerForm(forms.Form):
    """The applicant's answer to a supplement request, with an optional document."""

    answer = forms.CharField(
        label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10000
    )
    file = forms.FileField(
        label=_("Document (optional)"),
        required=False,
        help_text=_("PDF, OFD, DOCX, XLSX, JPG or PNG. Old .doc/.xls/.wps files: save as PDF."),
    )
    is_secret = forms.BooleanField(
        label=_("The document contains business or technical secrets"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".pdf,.ofd,.docx,.xlsx,.jpg,.jpeg,.png"
        _style(self)


class NomineeForm(forms.Form):
    """R4 / Art. 8: the person an organisation nominates for an individual award. PIPL: the
    national ID number is asked for once; on a change, an empty field keeps the one given."""

    full_name = forms.CharField(label=_("Full name"), max_length=50)
    position = forms.CharField(
        label=_("Position"), max_length=100, help_text=_("E.g. chief quality officer.")
    )
    phone = forms.CharField(label=_("Phone"), max_length=30)
    email = forms.EmailField(label=_("E-mail"), required=False)
    # R5 / Art. 8: the years the programme's rules ask of a nominee are counted from these.
    employed_since = forms.DateField(
        label=_("Working for the organisation since"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The date the nominee joined the nominating organisation."),
    )
    quality_work_since = forms.DateField(
        label=_("Working in quality since"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The date the nominee began quality work (in this or an earlier post)."),
    )
    national_id = forms.CharField(
        label=_("National ID number"),
        max_length=22,
        help_text=_(
            "18 characters. Kept encrypted; shown masked to everyone but the award office "
            "(Personal Information Protection Law)."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args: Any, masked: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if masked:
            # A change: the number given is kept unless a new one is typed.
            self.fields["national_id"].required = False
            self.fields["national_id"].help_text = _(
                "Given: %(masked)s. Leave empty to keep it; type the whole number to change it."
            ) % {"masked": masked}
        _style(self)

    def clean_national_id(self) -> str:
        value = self.cleaned_data.get("national_id") or ""
        if not value.strip():
            return ""
        return validate_national_id(value)
