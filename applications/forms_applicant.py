"""Forms of the applicant organisation's pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation

from .enums import AttachmentKind
from .models import Application
from .services import DOSSIER_FIELDS, recommenders_for

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
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class DossierForm(forms.ModelForm):
    """The minimal dossier: what the organisation writes about itself (R6 tags, recommender)."""

    class Meta:
        model = Application
        fields = DOSSIER_FIELDS
        widgets = {
            "main_products": forms.Textarea(attrs={"rows": 3}),
            "quality_summary": forms.Textarea(attrs={"rows": 6}),
            "self_assessment": forms.Textarea(attrs={"rows": 6}),
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
        }

    # The revision the page was loaded with: a save is refused if a colleague saved since.
    revision = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance is not None:
            self.fields["revision"].initial = self.instance.dossier_revision
        for name, text in TAG_HELP.items():
            self.fields[name].help_text = text
        recommender = self.fields["recommender"]
        recommender.help_text = _(
            "The county/district government or zone of your organisation comes first; an "
            "industry department or association may recommend instead (Art. 12, 28)."
        )
        # recommenders_for orders the organisation's own county first.
        recommender.choices = [("", "---------")] + [  # type: ignore[attr-defined]
            (r.pk, str(r)) for r in recommenders_for(organisation)
        ]
        _style(self)

    def dossier_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in DOSSIER_FIELDS}


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=AttachmentKind.choices)
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
