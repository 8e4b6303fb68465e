"""Forms of the office (rounds, call notice, deadlines), the leading group and the commitment."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.permissions import office_programme_ids
from awards import hooks
from awards.areas import all_divisions, divisions_by_city, ordered_area
from awards.buckets import bucket_problems, buckets_from_json, parse_bucket_lines
from awards.enums import CertificateStandard, NoticeKind, ProgrammeTemplate, RoundStage
from awards.models import (
    AwardProgramme,
    GuidanceDocument,
    HolidayCalendarDay,
    PublicationOutlet,
    Round,
    ScoringScheme,
    WorkPlan,
    WorkPlanBudgetLine,
    WorkPlanMilestone,
    WorkPlanResearchNote,
    WorkPlanTraining,
)
from awards.placefields import LEVEL_TOTAL_FIELDS, BucketPlaceFields
from awards.rules import (
    LEGACY_BUCKET_LIMITS,
    PLACE_LIMIT_FIELDS,
    PROGRAMME_SETTING_FIELDS,
    check_round_interval,
    is_measures_bucket_pair,
    programme_setting_problems,
    setting_is_editable,
)
from awards.rulesets import (
    LEVEL_NAME_FIELDS,
    RULE_SETTING_RANGES,
    RULES_PAGE_FIELDS,
    STAGE_WEIGHT_FIELDS,
    programme_rule_settings,
    round_bucket_places,
    round_rule_settings,
    stage_weight_problems,
)
from awards.services import PROGRAMME_IDENTITY_FIELDS, REVIEW_RULE_FIELDS
from common.errors import DomainError

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class BootstrapMixin:
    """Give every widget its Bootstrap 5 class, and mark fields with errors as invalid."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bootstrap()

    def bootstrap(self) -> None:
        """Idempotent: call again after adding a field."""
        errors = self._errors or {}  # type: ignore[attr-defined]
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            classes = set(widget.attrs.get("class", "").split())
            classes.add(css)
            if name in errors:
                classes.add("is-invalid")
                widget.attrs["aria-invalid"] = "true"
            widget.attrs["class"] = " ".join(sorted(classes))

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        self.bootstrap()


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format=DATETIME_LOCAL, **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


ROUND_FIELDS = [
    "year",
    "title",
    "applications_open_at",
    "applications_close_at",
    "recommendation_required",
    "prize_quota",
    "nomination_quota",
    *REVIEW_RULE_FIELDS,
    "publicity_days",
    "prize_amount",
    "nomination_amount",
    "self_assessment_max_chars",
]

# How the form groups the settings on the page.
ROUND_FIELD_GROUPS: list[tuple[Any, list[str]]] = [
    (_("Round and application window"), ROUND_FIELDS[:5]),
    # R2: each level's places, then its sector buckets' (awards.placefields).
    (_("Quotas (Art. 6)"), ["prize_quota", "nomination_quota"]),
    (_("Review rules (approved by the leading group, Art. 10)"), list(REVIEW_RULE_FIELDS)),
    (_("Publicity and prize money"), ["publicity_days", "prize_amount", "nomination_amount"]),
    (_("Dossier"), ["self_assessment_max_chars"]),
]


class RoundForm(BootstrapMixin, forms.ModelForm):
    """The settings of a round. On edit, a setting its stage has fixed is shown disabled."""

    class Meta:
        model = Round
        fields = ROUND_FIELDS
        widgets = {
            "applications_open_at": DateTimeLocalInput(),
            "applications_close_at": DateTimeLocalInput(),
        }
        help_texts = {
            "applications_open_at": _("Beijing time."),
            "applications_close_at": _("Beijing time. The window closes by itself at this moment."),
            "material_weight": _(
                "The weights of material review, question-and-defence (0 when not held) and "
                "site review add up to 1."
            ),
            "tilt_bonus_points": _("Used only with the bonus-points tilt."),
            "publicity_days": _("At least 10 days (Art. 21)."),
        }

    # Optional in the form; left empty, the round keeps its value (default 5000).
    self_assessment_max_chars = forms.IntegerField(
        label=_("self-assessment: characters per category"),
        min_value=100,
        required=False,
        help_text=_("The longest text of one GB/T 19580 category of the self-assessment report."),
    )

    def clean_self_assessment_max_chars(self) -> int:
        value = self.cleaned_data.get("self_assessment_max_chars")
        return value if value is not None else self.instance.self_assessment_max_chars

    def clean_defence_weight(self) -> Decimal:
        # A form without the field (a round of a programme without the stage) keeps the weight.
        value = self.cleaned_data.get("defence_weight")
        return value if value is not None else self.instance.defence_weight

    def __init__(
        self,
        *args: Any,
        programmes: list[AwardProgramme] | None = None,
        programme: AwardProgramme | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.fields["defence_weight"].required = False
        self.places = self._place_fields(programme)
        # R13: the attachment types each dossier must contain; fixed once the call
        # is published (applicants prepare their files from it). applications names them.
        self.fields["required_attachment_kinds"] = forms.MultipleChoiceField(
            label=_("Required attachment types"),
            choices=list(hooks.requirable_attachment_kinds),
            widget=forms.CheckboxSelectMultiple,
            required=False,
            initial=self.instance.required_attachment_kinds,
            disabled=bool(self.instance.pk)
            and not setting_is_editable(self.instance, "required_attachment_kinds"),
            help_text=_("Submission is refused until each checked type has an attachment."),
        )
        self.groups = [
            (title, [self[name] for name in self._group_names(names)])
            for title, names in ROUND_FIELD_GROUPS
        ]
        self.groups.append((_("Required attachments"), [self["required_attachment_kinds"]]))
        self.bootstrap()
        if self.instance.pk:
            for name in ROUND_FIELDS:
                if not setting_is_editable(self.instance, name):
                    self.fields[name].disabled = True
        elif programmes is not None:
            self.fields["programme"] = forms.ModelChoiceField(
                label=_("Award programme"),
                queryset=AwardProgramme.objects.filter(pk__in=[p.pk for p in programmes]),
                initial=programmes[0].pk if len(programmes) == 1 else None,
                empty_label=None if len(programmes) == 1 else "---------",
            )
            self.groups.insert(0, (_("Programme"), [self["programme"]]))
            self.bootstrap()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("applications_open_at"), data.get("applications_close_at")
        if opens and closes and closes <= opens:
            self.add_error(
                "applications_close_at", _("The application deadline must come after the opening.")
            )
        material, site = data.get("material_weight"), data.get("site_weight")
        defence = data.get("defence_weight") or Decimal(0)
        if material is not None and site is not None and material + defence + site != 1:
            self.add_error("site_weight", _("The review stages' weights must add up to 1."))
        self._check_cadence(data)
        self.places.clean(data)
        return data

    def _place_fields(self, programme: AwardProgramme | None) -> BucketPlaceFields:
        """R2: a field for each sector bucket and level: the round's rules' buckets and its
        places on edit; on create the chosen programme's buckets and proposed places."""
        if self.instance.pk:
            return BucketPlaceFields(
                self,
                round_rule_settings(self.instance).buckets(),
                round_bucket_places(self.instance),
                disabled=not setting_is_editable(self.instance, "bucket_places"),
            )
        buckets = programme_rule_settings(programme).buckets() if programme else ()
        return BucketPlaceFields(
            self, buckets, self.initial.get("bucket_places") or {}, disabled=False
        )

    def _group_names(self, names: list[str]) -> list[str]:
        """The fields of a group, each level's places followed by its buckets'."""
        levels = {total: level for level, total in LEVEL_TOTAL_FIELDS.items()}
        return [
            n
            for name in names
            for n in (self.places.names(levels[name]) if name in levels else [name])
        ]

    def _check_cadence(self, data: dict[str, Any]) -> None:
        """R1 / Art. 6: a new year keeps the programme's years between rounds (the service
        refuses it too; here the refusal stands on the year's field)."""
        programme = self.instance.programme if self.instance.pk else data.get("programme")
        year = data.get("year")
        if programme is None or year is None or year == self.instance.year:
            return
        try:
            check_round_interval(programme, year, exclude_pk=self.instance.pk)
        except DomainError as error:
            self.add_error("year", error.user_message)

    def settings(self) -> dict[str, Any]:
        """The cleaned settings, as the services take them."""
        settings = {name: self.cleaned_data[name] for name in ROUND_FIELDS}
        places = self.places.places(self.cleaned_data)
        if places is not None and self.places.buckets and not self.places.disabled:
            settings["bucket_places"] = places
        if not self.fields["required_attachment_kinds"].disabled:
            settings["required_attachment_kinds"] = list(
                self.cleaned_data.get("required_attachment_kinds") or []
            )
        return settings

    def editable_settings(self) -> dict[str, Any]:
        """The cleaned settings the form may change at the round's stage."""
        fields = self.fields
        return {
            k: v for k, v in self.settings().items() if k not in fields or not fields[k].disabled
        }


class RoundEditForm(RoundForm):
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the round's decision log."),
    )


class PublishCallForm(BootstrapMixin, forms.Form):
    call_notice = forms.CharField(
        label=_("Call notice"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("The full text as it appears on the public page."),
    )
    required_documents = forms.CharField(
        label=_("Documents required"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One document per line."),
    )


class OutletForm(BootstrapMixin, forms.ModelForm):
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")

    class Meta:
        model = PublicationOutlet
        fields = ["notice", "outlet", "published_on", "url"]
        widgets = {"published_on": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["notice"].initial = NoticeKind.CALL

    def clean_published_on(self) -> Any:
        value = self.cleaned_data["published_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The publication date cannot be in the future."))
        return value


class ExtendDeadlineForm(BootstrapMixin, forms.Form):
    new_close_at = forms.DateTimeField(
        label=_("New deadline"), widget=DateTimeLocalInput(), help_text=_("Beijing time.")
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Logged and sent to every applicant of the round."),
    )


class ApproveRulesForm(BootstrapMixin, forms.Form):
    confirm = forms.BooleanField(
        label=_("I have read these review rules and approve them for this round."),
        error_messages={"required": _("Tick the box to confirm the approval.")},
    )
    note = forms.CharField(
        label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CommitmentForm(BootstrapMixin, forms.Form):
    agree = forms.BooleanField(
        label=_("I have read the commitment above and sign it."),
        error_messages={"required": _("Tick the box to sign the commitment.")},
    )


def office_programmes(user: User) -> list[AwardProgramme]:
    return list(AwardProgramme.objects.filter(pk__in=office_programme_ids(user)).order_by("name"))


def _division_label(name: str, city: str) -> str:
    """章贡区（赣州市）; a name that already begins with its city's (南昌市红谷滩区,
    赣州经济技术开发区) as it is."""
    if not city or name.startswith(city.removesuffix("市")):
        return name
    return f"{name}（{city}）"


def _name_in_city(name: str, city: str) -> str:
    """A division's name under its city's heading: 南昌市东湖区 -> 东湖区; 章贡区 and
    赣州经济技术开发区 as they are."""
    short = name.removeprefix(city) if city else name
    return short or name


# R1 / R2 / Art. 6: the years between rounds and the place limits as an office writes them,
# on the set-up form and on the rules page: places per round for each level; per level (each
# prize) for each of the 2022 measures' two buckets.
LIMIT_LABELS = {
    "prize_places_limit": _("Prize places (each round)"),
    "nomination_places_limit": _("Nomination prize places (each round)"),
    "manufacturing_places_limit": _("Manufacturing places (each prize)"),
    "service_places_limit": _("Service and other places (each prize)"),
}
LIMIT_HELP_TEXTS = {
    "round_interval_years": _("Art. 6; the 2022 measures: one round every 2 years."),
    "prize_places_limit": _("At most, each round. Art. 6; the 2022 measures: 5."),
    "nomination_places_limit": _(
        "At most, each round. Art. 6; the 2022 measures: 5; 0 if the programme has no "
        "nomination prize."
    ),
    "manufacturing_places_limit": _("At most, for each prize. Art. 6; the 2022 measures: 3."),
    "service_places_limit": _(
        "Service, engineering and other organisations, at most, for each prize. Art. 6; "
        "the 2022 measures: 2. With the manufacturing places they add up to the prize "
        "places."
    ),
}
_LIMIT_RANGE_MESSAGES = {
    "round_interval_years": _(
        "Art. 6: the years between rounds are a whole number from {low} to {high}."
    ),
    "prize_places_limit": _("Art. 6: a round has from {low} to {high} prize places."),
    "nomination_places_limit": _(
        "Art. 6: a round has from {low} to {high} nomination prize places (0: no nomination prize)."
    ),
    "manufacturing_places_limit": _(
        "Art. 6: each prize has from {low} to {high} manufacturing places."
    ),
    "service_places_limit": _(
        "Art. 6: each prize has from {low} to {high} service and other places."
    ),
}
# Each limit's range (awards.rulesets.RULE_SETTING_RANGES) in the message of a value outside it.
LIMIT_RANGE_ERRORS = {
    name: dict.fromkeys(
        ("min_value", "max_value"),
        format_lazy(message, low=RULE_SETTING_RANGES[name][0], high=RULE_SETTING_RANGES[name][1]),
    )
    for name, message in _LIMIT_RANGE_MESSAGES.items()
}


class ProgrammeRulesForm(BootstrapMixin, forms.ModelForm):
    """The programme's rule settings (Art. 13, 21); a change awaits the leading group (Art. 10)."""

    # R5 / Art. 13(1): the registration area, by whole cities and by divisions; saved as the
    # divisions' codes (awards.areas).
    registration_area = forms.MultipleChoiceField(
        label=_("Registration area: divisions"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Art. 13(1): only organisations registered in the divisions ticked, or in the "
            "whole cities ticked, may apply (a nominated person follows the employer's "
            "registration). Nothing ticked: no restriction. A zone's award ticks the zone alone."
        ),
        error_messages={
            "invalid_choice": _("Unknown division in the registration area: %(value)s.")
        },
    )
    registration_cities = forms.MultipleChoiceField(
        label=_("Registration area: whole cities"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A city ticked adds each of its divisions to the area."),
        error_messages={"invalid_choice": _("Unknown city in the registration area: %(value)s.")},
    )
    accepted_certification_standards = forms.MultipleChoiceField(
        label=_("Management-system certificates accepted"),
        choices=CertificateStandard.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Art. 13(3): GB/T 19001 or another internationally recognised management system; "
            "each certificate ticked counts toward the years of certification."
        ),
        error_messages={"required": _("Choose at least one certificate.")},
    )
    # R8 / Art. 28, 30: the other programmes on the portal whose bars this one honours, by name;
    # saved as their ids.
    honoured_bar_programmes = forms.TypedMultipleChoiceField(
        label=_("Also honours the bars of"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Art. 28, 30: an organisation barred by a programme ticked here (after fraud or a "
            "revocation) is also kept out of this award while the bar lasts. Nothing ticked: "
            "only this award's own bars."
        ),
        error_messages={"invalid_choice": _("Unknown programme: %(value)s.")},
    )
    # R2 / Art. 6: one bucket a line, as awards.buckets.SectorBucket.line writes it.
    sector_buckets = forms.CharField(
        label=_("Sector buckets and their places"),
        widget=forms.Textarea(attrs={"rows": 4, "class": "font-monospace"}),
        help_text=_(
            "One bucket a line: code | name | GB/T 4754 sections | prize places | nomination "
            "places. Give * as the sections of the bucket that takes every section the others "
            "do not name. The places of the buckets add up to the prize places and the "
            "nomination places per round. The 2022 measures: manufacturing | 制造业 | C | 3 | 3 "
            "and service | 服务业及其他 | * | 2 | 2."
        ),
        error_messages={"required": _("Give at least one sector bucket.")},
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Recorded in the decision log and shown to the leading group."),
    )

    class Meta:
        model = AwardProgramme
        fields = list(RULES_PAGE_FIELDS)
        labels = LIMIT_LABELS
        error_messages = LIMIT_RANGE_ERRORS
        help_texts = {
            **LIMIT_HELP_TEXTS,
            "prize_name": _(
                "As certificates, notices and pages write it; the 2022 measures: the "
                "programme's name, e.g. 章贡区区长质量奖."
            ),
            "nomination_name": _(
                "As certificates, notices and pages write it, e.g. 赣州市市长质量奖提名奖. With "
                "no nomination prize, give its places as 0 on each round."
            ),
            "prize_amount": _(
                "Art. 8; the 2022 measures: 500,000 yuan. A new round proposes it; the leading "
                "group approves each round's amount."
            ),
            "nomination_amount": _(
                "Art. 8; the 2022 measures: none (0, honour only). A new round proposes it."
            ),
            "prize_repeat_paid": _(
                "Art. 27; the 2022 measures: no, a repeat prize gets certificate and title only."
            ),
            "prize_repeat_uses_place": _("Art. 27; the 2022 measures: no."),
            "nomination_repeat_paid": _(
                "The 2022 measures: yes, a repeat nomination prize is treated as a first one."
            ),
            "nomination_repeat_uses_place": _("The 2022 measures: yes."),
            "accepts_individuals": _(
                "Art. 8; the 2022 measures: organisations only. 南昌市市长质量奖 also awards "
                "people (e.g. a company's chief quality officer)."
            ),
            "individual_name": _(
                "As certificates write it; left empty: the programme's name with （个人）."
            ),
            "individual_places": _("The most individuals awarded in a round (0 without one)."),
            "individual_amount": _("Money per individual winner in yuan; 0 for honour only."),
            "individual_min_employment_years": _(
                "Years the nominee has worked for the nominating organisation, to the "
                "application deadline; commonly 3."
            ),
            "individual_min_quality_work_years": _(
                "Years the nominee has worked in quality, to the application deadline; "
                "commonly 5 (some cities ask 10)."
            ),
            "min_operation_years": _("Art. 13(1); the 2022 measures: 3 years."),
            "min_certification_years": _("Art. 13(3); the 2022 measures: 3 years."),
            "min_excellence_model_years": _("Art. 13(3); the 2022 measures: 2 years."),
            "profitable_years": _("Art. 13(4); the 2022 measures: 2 years (at most 3)."),
            "adverse_record_years": _("Art. 13(6); the 2022 measures: 3 years."),
            "publicity_day_unit": _(
                "Art. 21; the 2022 measures: calendar days. Working days are counted on the "
                "holiday calendar below."
            ),
            "validity_years": _(
                "Art. 23; the 2022 measures: 3 years (one annual report a year, Art. 24)."
            ),
            "reapplication_rounds": _(
                "Art. 27; the 2022 measures: a prize winner applies again after two rounds."
            ),
            "fraud_bar_years": _(
                "Art. 28; the 2022 measures: 10 years from the decision, for fraud in applying."
            ),
            "revocation_bar_years": _(
                "Art. 30; the 2022 measures: 5 years from the decision to revoke the award."
            ),
            "holds_defence_stage": _(
                "Between material and site review, for the applications going on; the 2022 "
                "measures hold none."
            ),
            "material_weight_percent": _(
                "Art. 20; the 2022 measures: 40. The weights of the stages add up to 100."
            ),
            "defence_weight_percent": _("0 without a question-and-defence stage."),
            "site_weight_percent": _("Art. 20; the 2022 measures: 60."),
        }

    individual_scheme = forms.ChoiceField(
        label=_("Scoring scheme for individuals"), required=False, choices=()
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scheme_field = cast(forms.ChoiceField, self.fields["individual_scheme"])
        scheme_field.choices = [
            ("", "—"),
            *ScoringScheme.objects.order_by("name").values_list("code", "name"),
        ]
        # An organisations-only programme need not give the individual award's numbers.
        for name in ("individual_places", "individual_amount"):
            self.fields[name].required = False
        for name in LEVEL_NAME_FIELDS:
            # R15: a level always has a name (the model fills an empty one on save).
            self.fields[name].required = True
        self.fields["nomination_amount"].error_messages["min_value"] = _(
            "The nomination prize money cannot be negative."
        )
        self.fields["prize_amount"].error_messages["min_value"] = _(
            "The prize money must be a positive amount."
        )
        if not is_measures_bucket_pair(self.instance.sector_buckets):
            # R2 / Art. 6: as on the set-up form, other buckets than the 2022 measures' two are
            # limited by their own places, not by manufacturing and service places.
            for name in LEGACY_BUCKET_LIMITS:
                del self.fields[name]
        if not self.is_bound:
            self.initial["sector_buckets"] = "\n".join(
                bucket.line() for bucket in buckets_from_json(self.instance.sector_buckets or [])
            )
        self._init_registration_area()
        # R8: every other programme on the portal, by name.
        honoured = cast(forms.TypedMultipleChoiceField, self.fields["honoured_bar_programmes"])
        honoured.choices = list(
            AwardProgramme.objects.exclude(pk=self.instance.pk)
            .order_by("name")
            .values_list("pk", "name")
        )
        self.initial["honoured_bar_programmes"] = list(self.instance.honoured_bar_programmes or [])

    def _init_registration_area(self) -> None:
        """R5 / Art. 13(1): the divisions and cities to choose from; a city whose every
        division is in the area starts ticked (and its divisions not)."""
        self._divisions = all_divisions()
        self._cities = [group for group in divisions_by_city(self._divisions) if group.city]
        area_field = cast(forms.MultipleChoiceField, self.fields["registration_area"])
        area_field.choices = [
            (division.code, _division_label(division.name, division.city))
            for division in self._divisions
        ]
        city_field = cast(forms.MultipleChoiceField, self.fields["registration_cities"])
        city_field.choices = [(group.city, group.city) for group in self._cities]
        area = set(self.instance.registration_area or [])
        whole = [group for group in self._cities if area and group.codes <= area]
        self.initial["registration_cities"] = [group.city for group in whole]
        # A whole city's divisions stand unticked: unticking the city takes them all out.
        covered = {code for group in whole for code in group.codes}
        self.initial["registration_area"] = [
            code for code in self.instance.registration_area or [] if code not in covered
        ]
        # The whole cities stand first, then the divisions one by one.
        names = list(self.fields)
        names.remove("registration_cities")
        names.insert(names.index("registration_area"), "registration_cities")
        self.order_fields(names)

    def registration_area_groups(self) -> list[dict[str, Any]]:
        """R5 / Art. 13(1): the area's check boxes as the page groups them: per city (in the
        divisions' official order) the box of the whole city and the boxes of its divisions,
        each by its own name; divisions without a city last, in a group of their own."""
        divisions = {w.data["value"]: w for w in self["registration_area"].subwidgets}
        cities = {w.data["value"]: w for w in self["registration_cities"].subwidgets}
        groups = [
            {
                "city": group.city,
                "whole": cities.get(group.city) if group.city else None,
                "divisions": [
                    (_name_in_city(division.name, group.city), divisions[division.code])
                    for division in group.divisions
                    if division.code in divisions
                ],
            }
            for group in divisions_by_city(self._divisions)
        ]
        return sorted(groups, key=lambda group: not group["city"])

    def clean_sector_buckets(self) -> list[dict[str, Any]]:
        """R2 / Art. 6: the lines read as buckets, each checked (their places against the
        places per round in ``clean``)."""
        buckets, problems = parse_bucket_lines(self.cleaned_data["sector_buckets"])
        if problems:
            raise forms.ValidationError(problems)
        return buckets

    def _changed(self, data: dict[str, Any], names: Iterable[str]) -> bool:
        return any(name in data and data[name] != getattr(self.instance, name) for name in names)

    def _check_places(self, data: dict[str, Any]) -> None:
        """R2 / Art. 6: the buckets' places add up to the places per round at each level, when
        either changes (a programme set up before buckets were data keeps its other rules
        editable until its office sets them); with the 2022 measures' two buckets, the
        manufacturing and service places to the prize places, when the office changes them."""
        prize = data.get("prize_places_limit")
        nominations = data.get("nomination_places_limit")
        buckets = data.get("sector_buckets")
        if (
            buckets is not None
            and prize is not None
            and nominations is not None
            and self._changed(
                data, ("sector_buckets", "prize_places_limit", "nomination_places_limit")
            )
        ):
            problems = bucket_problems(buckets, prize_places=prize, nomination_places=nominations)
            if problems:
                self.add_error("sector_buckets", problems)
        if self._changed(data, PLACE_LIMIT_FIELDS):
            # A number outside its range is refused on its field with its article (the model's
            # validators, Meta.error_messages), not again here.
            values = {
                name: data[name]
                for name in PLACE_LIMIT_FIELDS
                if name in data
                and RULE_SETTING_RANGES[name][0] <= data[name] <= RULE_SETTING_RANGES[name][1]
            }
            for field, message in programme_setting_problems(values):
                if field not in self.errors:
                    self.add_error(field, message)

    def clean_registration_cities(self) -> list[str]:
        """R5 / Art. 13(1): the divisions of each city ticked."""
        chosen = set(self.cleaned_data.get("registration_cities") or [])
        return [code for group in self._cities if group.city in chosen for code in group.codes]

    def clean_honoured_bar_programmes(self) -> list[int]:
        """R8: the ids in order, so that the same choice is never a change."""
        return sorted(set(self.cleaned_data.get("honoured_bar_programmes") or []))

    def clean_individual_places(self) -> int:
        return self.cleaned_data.get("individual_places") or 0

    def clean_individual_amount(self) -> int:
        return self.cleaned_data.get("individual_amount") or 0

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "registration_area" in data and "registration_cities" in data:
            # R5 / Art. 13(1): the divisions ticked and those of the cities ticked, in the
            # divisions' order, so that the same choice is never a change.
            data["registration_area"] = ordered_area(
                [*data["registration_area"], *data["registration_cities"]], self._divisions
            )
        self._check_places(data)
        given = [data.get(name) for name in STAGE_WEIGHT_FIELDS]
        if all(weight is not None for weight in given):
            material, defence, site = (int(weight) for weight in given if weight is not None)
            held = bool(data.get("holds_defence_stage"))
            # R1 / Art. 20: the service refuses them too; here each refusal stands on its field.
            for field, message in stage_weight_problems(held, material, defence, site):
                self.add_error(field, message)
        return data

    def settings(self) -> dict[str, Any]:
        # The manufacturing and service places are asked only with the 2022 measures' buckets.
        settings = {
            name: self.cleaned_data[name] for name in RULES_PAGE_FIELDS if name in self.fields
        }
        # In the order of the list, so that the same choice is never a change.
        chosen = set(settings["accepted_certification_standards"])
        settings["accepted_certification_standards"] = [
            value for value in CertificateStandard.values if value in chosen
        ]
        return settings


class CalendarDayForm(BootstrapMixin, forms.ModelForm):
    """A public holiday or an adjusted working day (调休), as the State Council announces it."""

    class Meta:
        model = HolidayCalendarDay
        fields = ["day", "kind", "name"]
        widgets = {"day": DateInput()}
        help_texts = {"name": _("For example 国庆节 or 国庆节调休.")}


class LeadingIndustryForm(BootstrapMixin, forms.Form):
    """R6 / Art. 15: one of the city's leading industries with its GB/T 4754 codes."""

    name = forms.CharField(label=_("Name"), max_length=100)
    industry_classes = forms.CharField(
        label=_("GB/T 4754 classes"),
        max_length=300,
        help_text=_(
            "Division, group or class codes separated by spaces, e.g. “C32 C3985”: a code "
            "covers every class beneath it."
        ),
    )


class ApproveProgrammeRulesForm(ApproveRulesForm):
    """Art. 10: the leading group approves a version of the programme's rules."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["confirm"].label = _(
            "I have read these rules and approve them for the programme's next rounds."
        )


# --- The annual work plan (Art. 11(3)) -----------------------------------------------------


class WorkPlanForm(BootstrapMixin, forms.ModelForm):
    """The year's work plan: its year (new plans only), title and summary."""

    class Meta:
        model = WorkPlan
        fields = ["year", "title", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, programmes: list[AwardProgramme] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["year"]
        elif programmes is not None:
            self.fields["programme"] = forms.ModelChoiceField(
                label=_("Award programme"),
                queryset=AwardProgramme.objects.filter(pk__in=[p.pk for p in programmes]),
                initial=programmes[0].pk if len(programmes) == 1 else None,
            )
            self.fields["year"].initial = timezone.localdate().year
        self.bootstrap()


class MilestoneForm(BootstrapMixin, forms.ModelForm):
    """A dated milestone, optionally the start of a stage of one of the programme's rounds."""

    class Meta:
        model = WorkPlanMilestone
        fields = ["title", "due_on", "round", "stage"]
        widgets = {"due_on": DateInput()}
        help_texts = {
            "stage": _(
                "With a round: the milestone counts as done once the round reaches this stage."
            )
        }

    def __init__(self, *args: Any, plan: WorkPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["round"]
        field.queryset = Round.objects.filter(  # type: ignore[attr-defined]
            programme_id=plan.programme_id
        ).order_by("-year")
        self.fields["stage"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *RoundStage.choices,
        ]
        self.bootstrap()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if bool(cleaned.get("round")) != bool(cleaned.get("stage")):
            raise forms.ValidationError(
                _("A milestone names a round and its stage together, or neither.")
            )
        return cleaned


class TrainingForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = WorkPlanTraining
        fields = ["title", "audience", "planned_on", "participants"]
        widgets = {"planned_on": DateInput()}


class BudgetLineForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = WorkPlanBudgetLine
        fields = ["item", "amount", "note"]


class ResearchNoteForm(BootstrapMixin, forms.ModelForm):
    """A note of the tracking research, with the document collected (PDF, OFD, DOCX, XLSX or a
    scan)."""

    upload = forms.FileField(
        label=_("Document collected"),
        required=False,
        help_text=_("Optional: the other province's or city's rules, PDF, OFD, DOCX or a scan."),
    )

    class Meta:
        model = WorkPlanResearchNote
        fields = ["source", "title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class MilestoneDoneForm(BootstrapMixin, forms.Form):
    done_on = forms.DateField(label=_("Done on"), required=False, widget=DateInput())


class ApproveWorkPlanForm(ApproveRulesForm):
    """Art. 11(3): the leading group approves the year's work plan."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["confirm"].label = _("I have read this work plan and approve it.")


class ReturnWorkPlanForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("What the office should change"), widget=forms.Textarea(attrs={"rows": 2})
    )


# --- Guiding the county and zone awards (Art. 11(9)) ----------------------------------------


class GuidanceForm(BootstrapMixin, forms.ModelForm):
    """Guidance to the county and zone award offices, with an optional file."""

    upload = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("Optional: the guidance as a PDF, OFD or DOCX file."),
    )

    class Meta:
        model = GuidanceDocument
        fields = ["title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}


class GuidedProgrammeForm(BootstrapMixin, forms.ModelForm):
    """Art. 11(9): a new county or zone programme, its numbers filled in from the template."""

    template = forms.ChoiceField(
        label=_("Start from"), choices=ProgrammeTemplate.choices, widget=forms.HiddenInput
    )

    class Meta:
        model = AwardProgramme
        fields = [
            "name",
            "slug",
            "awarding_body",
            "office_name",
            "leading_group_name",
            *PROGRAMME_SETTING_FIELDS,
        ]
        # R2 / Art. 6: the places as an office writes them: per round for each level; per
        # level (each prize) for each of the 2022 measures' two buckets.
        labels = {"slug": _("Short name (Latin letters)"), **LIMIT_LABELS}
        help_texts = {
            "name": _("As certificates and notices write it, e.g. 章贡区区长质量奖."),
            "slug": _(
                "Lower-case Latin letters, digits and hyphens, e.g. zhanggong-award; it names "
                "the programme in imported and exported records."
            ),
            "awarding_body": _("The government that confers the award, e.g. 章贡区人民政府."),
            "office_name": _("The office that runs it, e.g. 章贡区质量强区工作领导小组办公室."),
            "leading_group_name": _(
                "The leading group that approves its rules, e.g. 章贡区质量强区工作领导小组."
            ),
            "validity_years": _("Art. 23; the 2022 measures: 3 years."),
            **LIMIT_HELP_TEXTS,
            "prize_amount": _(
                "Art. 8; the 2022 measures: 500,000 yuan. A new round proposes it; the leading "
                "group approves each round's amount."
            ),
        }
        error_messages = {
            "name": {"unique": _("An award programme with this name already exists.")},
            "slug": {
                "unique": _("Another award programme already has this short name."),
                "invalid": _("Use only Latin letters, digits, hyphens and underscores."),
            },
            "prize_amount": {"min_value": _("The prize money must be a positive amount.")},
            **LIMIT_RANGE_ERRORS,
            **{
                name: {
                    **LIMIT_RANGE_ERRORS.get(name, {}),
                    "min_value": _("Enter a whole number of at least 1."),
                }
                for name in ("validity_years", "round_interval_years", "prize_places_limit")
            },
        }

    # How the page groups the fields.
    GROUPS: list[tuple[Any, list[str]]] = [
        (
            _("The programme"),
            ["name", "slug", "awarding_body", "office_name", "leading_group_name"],
        ),
        (
            _("Rounds and places (Art. 6)"),
            [
                "round_interval_years",
                "prize_places_limit",
                "nomination_places_limit",
                "manufacturing_places_limit",
                "service_places_limit",
            ],
        ),
        (_("Prize money and validity (Art. 8, 23)"), ["prize_amount", "validity_years"]),
    ]

    def __init__(self, *args: Any, buckets: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if buckets is not None and not is_measures_bucket_pair(buckets):
            # R2 / Art. 6: a template with other sector buckets than the 2022 measures' two
            # keeps its buckets and their places (checked against the places per round by the
            # service); the manufacturing and service places are not asked.
            for name in LEGACY_BUCKET_LIMITS:
                del self.fields[name]
        self.groups = [
            (title, [self[name] for name in names if name in self.fields])
            for title, names in self.GROUPS
        ]

    def clean_slug(self) -> str:
        return str(self.cleaned_data["slug"]).lower()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for field, message in programme_setting_problems(data):
            if field not in self.errors:
                self.add_error(field, message)
        return data

    def settings(self) -> dict[str, Any]:
        """The cleaned values, as ``services.create_guided_programme`` takes them."""
        return {
            name: self.cleaned_data[name]
            for name in ["template", *self.Meta.fields]
            if name in self.cleaned_data
        }


class ProgrammeSetUpForm(GuidedProgrammeForm):
    """The operator's set-up of a programme: from the 2022 measures or another programme's
    settings and rules (``source``), optionally guided by a city programme (Art. 11(9))."""

    source = forms.ModelChoiceField(
        label=_("Programme to copy"), queryset=AwardProgramme.objects.none(), required=False
    )
    guided_by = forms.ModelChoiceField(
        label=_("Guided by (Art. 11(9))"),
        queryset=AwardProgramme.objects.none(),
        required=False,
        help_text=_("For a county's or zone's award: the city programme whose office guides it."),
    )

    GROUPS = [
        (
            _("The programme"),
            ["name", "slug", "awarding_body", "office_name", "leading_group_name", "guided_by"],
        ),
        *GuidedProgrammeForm.GROUPS[1:],
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["source"]
        ).queryset = AwardProgramme.objects.order_by("name")
        cast(
            forms.ModelChoiceField, self.fields["guided_by"]
        ).queryset = AwardProgramme.objects.filter(guided_by__isnull=True).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("template") == ProgrammeTemplate.COPY and not data.get("source"):
            self.add_error("source", _("Choose the programme whose settings and rules to copy."))
        return data

    def settings(self) -> dict[str, Any]:
        """The cleaned values, as ``services.set_up_programme`` takes them."""
        values = super().settings()
        copying = values["template"] == ProgrammeTemplate.COPY
        return {
            **values,
            "source": self.cleaned_data.get("source") if copying else None,
            "guided_by": self.cleaned_data.get("guided_by"),
        }


class ProgrammeEditForm(BootstrapMixin, forms.ModelForm):
    """The operator's correction of a programme after its set-up: its name and offices and
    the city programme that guides it (Art. 11(9)); never its rules (``update_programme``)."""

    guided_by = forms.ModelChoiceField(
        label=_("Guided by (Art. 11(9))"),
        queryset=AwardProgramme.objects.none(),
        required=False,
        help_text=_("For a county's or zone's award: the city programme whose office guides it."),
    )

    class Meta:
        model = AwardProgramme
        fields = list(PROGRAMME_IDENTITY_FIELDS)
        labels = GuidedProgrammeForm.Meta.labels
        help_texts = {
            name: text
            for name, text in GuidedProgrammeForm.Meta.help_texts.items()
            if name in PROGRAMME_IDENTITY_FIELDS
        }
        error_messages = {
            name: messages
            for name, messages in GuidedProgrammeForm.Meta.error_messages.items()
            if name in PROGRAMME_IDENTITY_FIELDS
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        guided_by = cast(forms.ModelChoiceField, self.fields["guided_by"])
        guided_by.queryset = (
            AwardProgramme.objects.filter(guided_by__isnull=True)
            .exclude(pk=self.instance.pk)
            .order_by("name")
        )
        if self.instance.pk and self.instance.guided_programmes.exists():
            # Guidance has one level: a city programme that guides others is guided by none.
            guided_by.disabled = True
            guided_by.help_text = _(
                "This programme guides other programmes: no programme can guide it."
            )

    def clean_slug(self) -> str:
        return str(self.cleaned_data["slug"]).lower()

    def values(self) -> dict[str, Any]:
        """The cleaned values, as ``services.update_programme`` takes them."""
        return {name: self.cleaned_data[name] for name in PROGRAMME_IDENTITY_FIELDS}
