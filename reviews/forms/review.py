"""Forms of expert review. They validate input; the services decide."""

from __future__ import annotations

import copy
import functools
from typing import Any

from django import forms
from django.utils import translation
from django.utils.choices import normalize_choices
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from awards.models import Round, ScoringCategory, ScoringItem
from experts.models import ExpertProfile
from organisations.enums import Sector
from reviews.enums import ConflictKind
from reviews.models import CategoryFeedback, ItemScore, Review, ReviewGroup
from reviews.rules.scoring import SCORING_BANDS, band_for, is_valid_percent
from reviews.widgets import FastSelect, FastTextarea

PERCENT_ERROR = _("Percentages go in steps of 5 from 0 to 100.")


class DeclarationForm(forms.Form):
    """R12: no conflict of interest, or a conflict of a given kind with a note."""

    has_conflict = forms.TypedChoiceField(
        label=_("Conflict of interest"),
        choices=[
            ("no", _("I have no conflict of interest with this organisation.")),
            ("yes", _("I have a conflict of interest with this organisation.")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind of conflict"),
        choices=[("", "—"), *ConflictKind.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("has_conflict") and not data.get("kind"):
            self.add_error("kind", _("Choose the kind of conflict of interest."))
        if data.get("kind") == ConflictKind.OTHER and not (data.get("note") or "").strip():
            self.add_error("note", _("Describe the conflict of interest."))
        return data


def percent_choices(kind: str) -> list[Any]:
    """0-100 in steps of 5, grouped in the six bands of GB/Z 19579 with their text for the
    item's kind (process: A-D-L-I, results: Le-T-C-I)."""
    return [
        ("", "—"),
        *[
            (f"{band.label} {band.text(kind)}", [(p, f"{p}%") for p in band.percents()])
            for band in SCORING_BANDS
        ],
    ]


@functools.lru_cache(maxsize=16)
def _shared_percent_choices(kind: str, language: str | None) -> list[Any]:
    return normalize_choices(percent_choices(kind))  # type: ignore[no-any-return]


class PercentField(forms.TypedChoiceField):
    """An item's percentage. The choices of a kind are built and normalised once per language
    and shared by every field (the scoring page has 23), and its select renders their options
    from reviews.widgets' cache."""

    def __init__(self, *, kind: str, attrs: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(coerce=int, empty_value=None, widget=FastSelect(attrs=attrs), **kwargs)
        language = translation.get_language()
        self._choices = self.widget._choices = _shared_percent_choices(kind, language)  # type: ignore[attr-defined]
        self.widget.choices_key = ("percent", kind, language)  # type: ignore[attr-defined]


# The scoring form's fields, built once a process per item and language and copied for each
# form with its initial value: constructing the page's 76 fields (their widgets deep-copied,
# the choices normalised) was a tenth of the page's time. The kept fields and their widgets
# are shared and never changed; a form changes only its own copies (a label, the initial).
@functools.lru_cache(maxsize=2048)
def _percent_field(
    kind: str, points: Any, category_id: int, code: str, name: str, language: str | None
) -> PercentField:
    return PercentField(
        kind=kind,
        attrs={"class": "form-select", "data-points": points, "data-category": category_id},
        label=f"{code} {name}",
        required=False,
        error_messages={"invalid_choice": PERCENT_ERROR},
    )


_TEXT_FIELDS: dict[str, tuple[Any, int]] = {
    "comment": (_("Comment"), 2),
    "strengths": (_("Strengths"), 3),
    "opportunities": (_("Opportunities for improvement"), 3),
}


@functools.lru_cache(maxsize=16)
def _text_field(kind: str, language: str | None) -> forms.CharField:
    label, rows = _TEXT_FIELDS[kind]
    return forms.CharField(
        label=label,
        required=False,
        widget=FastTextarea(attrs={"rows": rows, "class": "form-control"}),
    )


def _field(kept: forms.Field, initial: Any) -> forms.Field:
    field = copy.copy(kept)
    field.initial = initial
    return field


class ScoreForm(forms.Form):
    """Per item a percentage and a comment; per category strengths and opportunities for
    improvement (the feedback report); an overall comment. Built from the round's scheme."""

    summary = forms.CharField(
        label=_("Overall comment"),
        required=False,
        widget=FastTextarea(attrs={"rows": 3, "class": "form-control"}),
    )

    def __init__(
        self,
        *args: Any,
        categories: list[ScoringCategory],
        review: Review | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.categories = categories
        scores: dict[int, ItemScore] = {}
        feedback: dict[int, CategoryFeedback] = {}
        if review is not None:
            scores = {s.item_id: s for s in review.item_scores.all()}
            feedback = {f.category_id: f for f in review.feedback.all()}
            self.fields["summary"].initial = review.summary
        language = translation.get_language()
        for category in categories:
            for item in category.items.all():
                existing = scores.get(item.pk)
                self.fields[f"percent_{item.pk}"] = _field(
                    _percent_field(
                        item.kind, item.points, category.pk, item.code, item.name, language
                    ),
                    existing.percent if existing else None,
                )
                self.fields[f"comment_{item.pk}"] = _field(
                    _text_field("comment", language), existing.comment if existing else ""
                )
            given = feedback.get(category.pk)
            self.fields[f"strengths_{category.pk}"] = _field(
                _text_field("strengths", language), given.strengths if given else ""
            )
            self.fields[f"opportunities_{category.pk}"] = _field(
                _text_field("opportunities", language), given.opportunities if given else ""
            )

    def sections(self) -> list[dict[str, Any]]:
        """The bound fields grouped for the template: category -> items."""
        sections = []
        for category in self.categories:
            rows = [
                {
                    "item": item,
                    "percent": self[f"percent_{item.pk}"],
                    "comment": self[f"comment_{item.pk}"],
                    "band": self._band_text(self[f"percent_{item.pk}"].value(), item.kind),
                }
                for item in category.items.all()
            ]
            sections.append(
                {
                    "category": category,
                    "items": rows,
                    "strengths": self[f"strengths_{category.pk}"],
                    "opportunities": self[f"opportunities_{category.pk}"],
                }
            )
        return sections

    @staticmethod
    def _band_text(value: Any, kind: str) -> str:
        try:
            percent = int(value)
        except (TypeError, ValueError):
            return ""
        if not is_valid_percent(percent):
            return ""
        band = band_for(percent)
        return f"{band.label} {band.text(kind)}"

    def scheme_items(self) -> list[ScoringItem]:
        return [item for category in self.categories for item in category.items.all()]

    def scores(self) -> dict[int, tuple[int, str]]:
        """Items given a percentage -> (percentage, comment)."""
        return {
            item.pk: (
                self.cleaned_data[f"percent_{item.pk}"],
                self.cleaned_data[f"comment_{item.pk}"],
            )
            for item in self.scheme_items()
            if self.cleaned_data.get(f"percent_{item.pk}") is not None
        }

    def feedback(self) -> dict[int, tuple[str, str]]:
        return {
            c.pk: (
                self.cleaned_data[f"strengths_{c.pk}"],
                self.cleaned_data[f"opportunities_{c.pk}"],
            )
            for c in self.categories
        }


class GroupForm(forms.Form):
    """A review group (评审组) for one sector, from the programme's active expert pool."""

    name = forms.CharField(
        label=_("Name"), max_length=100, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    sector = forms.ChoiceField(
        label=_("Sector"),
        choices=Sector.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    leader = forms.ModelChoiceField(
        label=_("Group leader"),
        queryset=ExpertProfile.objects.none(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Members"),
        queryset=ExpertProfile.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        pool: Any,
        sector_choices: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = pool  # type: ignore[attr-defined]
        self.fields["members"].queryset = pool  # type: ignore[attr-defined]
        if sector_choices is not None:
            # R2: the sector buckets of the round's rules.
            self.fields["sector"].choices = sector_choices  # type: ignore[attr-defined]


class AssignForm(forms.Form):
    application = forms.ModelChoiceField(
        label=_("Application"),
        queryset=Application.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    expert = forms.ModelChoiceField(
        label=_("Expert"),
        queryset=ExpertProfile.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    group = forms.ModelChoiceField(
        label=_("Review group"),
        queryset=ReviewGroup.objects.none(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(
        self, *args: Any, round: Round, applications: Any, pool: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications  # type: ignore[attr-defined]
        self.fields["application"].label_from_instance = lambda a: a.organisation.name  # type: ignore[attr-defined]
        self.fields["expert"].queryset = pool  # type: ignore[attr-defined]
        self.fields["group"].queryset = ReviewGroup.objects.filter(round=round)  # type: ignore[attr-defined]


class SiteSelectionForm(forms.Form):
    """Art. 18: by the round's threshold, or the office's own choice (logged as manual)."""

    manual = forms.BooleanField(
        label=_("Select manually (only the ticked applications go on to site review)"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    applications = forms.ModelMultipleChoiceField(
        label=_("Applications"),
        queryset=Application.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = candidates  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("manual") and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for a manual selection."))
        return data

    def application_ids(self) -> list[int] | None:
        if not self.cleaned_data.get("manual"):
            return None
        return [a.pk for a in self.cleaned_data["applications"]]


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class RecomputeCompositeForm(forms.Form):
    """R12: the office recomputes the composite after a conflict recorded once the stage was
    closed; ``application`` is the page it came from (the office's application page)."""

    reason = forms.CharField(
        label=_("Reason for recomputing the composite"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    application = forms.IntegerField(required=False, widget=forms.HiddenInput)


class OfficeConflictForm(forms.Form):
    """R12: the office records a conflict of interest it learns of, for an expert assigned to
    the application (never "no conflict" on the expert's behalf)."""

    expert = forms.ModelChoiceField(
        label=_("Expert"), queryset=ExpertProfile.objects.none(), empty_label="—"
    )
    kind = forms.ChoiceField(label=_("Kind of conflict"), choices=ConflictKind.choices)
    note = forms.CharField(
        label=_("How the office learned of it"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The experts with an active assignment on the application.
        self.experts = ExpertProfile.objects.filter(
            assignments__application=application, assignments__withdrawn_at__isnull=True
        ).order_by("name")
        field = self.fields["expert"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = self.experts
