from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from awards.buckets import bucket_names, default_sector_buckets
from awards.enums import (
    CalendarDayKind,
    ItemKind,
    NoticeKind,
    PrizeLevel,
    PublicityDayUnit,
    RoundStage,
    TiltRule,
    TrainingAudience,
    WorkPlanStatus,
)
from awards.rulesets import (
    RULE_SETTING_RANGES,
    default_accepted_standards,
    default_nomination_name,
    programme_rule_settings,
    round_rule_settings,
)
from organisations.enums import Sector


def _years_validators(field: str) -> list[MinValueValidator | MaxValueValidator]:
    low, high = RULE_SETTING_RANGES[field]
    return [MinValueValidator(low), MaxValueValidator(high)]


class AwardProgramme(models.Model):
    """The Mayor's Quality Award, or another programme (a county award) run the same way."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("short name"), max_length=40, unique=True)
    awarding_body = models.CharField(_("awarding body"), max_length=100)
    office_name = models.CharField(_("office"), max_length=100)
    # Art. 10: the leading group that approves the programme's rules, as notices name it.
    leading_group_name = models.CharField(_("leading group"), max_length=100, blank=True)
    # R9 / Art. 23: validity of a grant, a rule setting (awards.rulesets) a round keeps.
    validity_years = models.PositiveSmallIntegerField(
        _("validity (years)"), default=3, validators=_years_validators("validity_years")
    )
    # R7 / Art. 27: the rounds held after a prize before its winner may apply again ("两届后"),
    # a rule setting a round keeps.
    reapplication_rounds = models.PositiveSmallIntegerField(
        _("rounds before a prize winner applies again"),
        default=2,
        validators=_years_validators("reapplication_rounds"),
    )
    # R8 / Art. 28, 30: the years of a bar after fraud and after a revocation on another
    # ground, rule settings a round keeps (the bar follows the rules of the round it concerns).
    fraud_bar_years = models.PositiveSmallIntegerField(
        _("years barred after fraud"),
        default=10,
        validators=_years_validators("fraud_bar_years"),
    )
    revocation_bar_years = models.PositiveSmallIntegerField(
        _("years barred after a revocation"),
        default=5,
        validators=_years_validators("revocation_bar_years"),
    )
    # R1 / Art. 6: one round every N years (the 2022 measures: two), a rule setting a round
    # keeps (awards.rulesets).
    round_interval_years = models.PositiveSmallIntegerField(
        _("years between rounds"),
        default=2,
        validators=_years_validators("round_interval_years"),
    )
    # R2 / Art. 6: the most places a round may set, for each level and, within a level, for
    # each of the 2022 measures' two sector buckets (5 each, of which at most 3 manufacturing
    # and 2 service): rule settings a round keeps; another programme sets its own.
    prize_places_limit = models.PositiveSmallIntegerField(
        _("most prize places per round"),
        default=5,
        validators=_years_validators("prize_places_limit"),
    )
    nomination_places_limit = models.PositiveSmallIntegerField(
        _("most nomination places per round"),
        default=5,
        validators=_years_validators("nomination_places_limit"),
    )
    manufacturing_places_limit = models.PositiveSmallIntegerField(
        _("most manufacturing places per level"),
        default=3,
        validators=_years_validators("manufacturing_places_limit"),
    )
    service_places_limit = models.PositiveSmallIntegerField(
        _("most service places per level"),
        default=2,
        validators=_years_validators("service_places_limit"),
    )
    # R2 / Art. 6: the sector buckets (named sets of GB/T 4754 sections) and each one's places
    # at each level, adding up to the level's places: a rule setting a round keeps
    # (awards.buckets). The two columns above are what a new programme is set up with.
    sector_buckets = models.JSONField(_("sector buckets"), default=default_sector_buckets)
    # R4 / Art. 8: the prize money per winner a new round of the programme proposes (the 2022
    # measures: 500,000 yuan); each round's amount is still approved with its review rules.
    prize_amount = models.DecimalField(
        _("prize money per winner (CNY)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("500000"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    # R4 / Art. 8: the nomination prize's money per winner (the 2022 measures: none, honour
    # only; 黄石: 200,000 yuan), proposed to a new round as the prize money is.
    nomination_amount = models.DecimalField(
        _("nomination prize money per winner (CNY)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    # R4 / R15: each level's name as certificates, notices and pages write it (rule settings a
    # round keeps); filled with the programme's name (and 提名奖) when left empty.
    prize_name = models.CharField(_("name of the prize"), max_length=100, blank=True)
    nomination_name = models.CharField(
        _("name of the nomination prize"), max_length=100, blank=True
    )
    # R4 / R7 / Art. 27: what a repeat win at the same level gets (awards.rulesets).
    prize_repeat_paid = models.BooleanField(_("a repeat prize gets the money"), default=False)
    prize_repeat_uses_place = models.BooleanField(
        _("a repeat prize uses a prize place"), default=False
    )
    nomination_repeat_paid = models.BooleanField(
        _("a repeat nomination prize gets the money"), default=True
    )
    nomination_repeat_uses_place = models.BooleanField(
        _("a repeat nomination prize uses a nomination place"), default=True
    )
    # R4 / Art. 8: an individual award beside the organisations' levels (a rule setting a round
    # keeps, awards.rulesets); the 2022 measures: organisations only.
    accepts_individuals = models.BooleanField(_("also awards individuals"), default=False)
    individual_name = models.CharField(
        _("name of the individual award"), max_length=100, blank=True
    )
    individual_places = models.PositiveSmallIntegerField(
        _("individual places per round"), default=0, validators=[MaxValueValidator(20)]
    )
    individual_amount = models.PositiveIntegerField(
        _("individual award money per winner (CNY)"), default=0
    )
    individual_scheme = models.CharField(
        _("scoring scheme for individuals"), max_length=40, blank=True
    )
    # R5 / Art. 8: what an individual nominee must meet (awards.rulesets, kept by a round):
    # years employed by the nominating organisation, years in quality work.
    individual_min_employment_years = models.PositiveSmallIntegerField(
        _("individuals: years employed by the nominating organisation required"),
        default=3,
        validators=_years_validators("individual_min_employment_years"),
    )
    individual_min_quality_work_years = models.PositiveSmallIntegerField(
        _("individuals: years in quality work required"),
        default=5,
        validators=_years_validators("individual_min_quality_work_years"),
    )
    # R5 / Art. 13: the numbers of the eligibility conditions (the 2022 measures' by default),
    # counted to the application deadline. A round keeps the values it opened under.
    min_operation_years = models.PositiveSmallIntegerField(
        _("years of lawful operation required"),
        default=3,
        validators=_years_validators("min_operation_years"),
    )
    min_certification_years = models.PositiveSmallIntegerField(
        _("years of management-system certification required"),
        default=3,
        validators=_years_validators("min_certification_years"),
    )
    min_excellence_model_years = models.PositiveSmallIntegerField(
        _("years of applying the excellence model required"),
        default=2,
        validators=_years_validators("min_excellence_model_years"),
    )
    profitable_years = models.PositiveSmallIntegerField(
        _("consecutive profitable years required"),
        default=2,
        validators=_years_validators("profitable_years"),
    )
    adverse_record_years = models.PositiveSmallIntegerField(
        _("years looked back for adverse records"),
        default=3,
        validators=_years_validators("adverse_record_years"),
    )
    # R5 / Art. 13(3): the management-system certificates counted toward the years of
    # certification (CertificateStandard values; the 2022 measures: quality management).
    accepted_certification_standards = models.JSONField(
        _("management-system certificates accepted"), default=default_accepted_standards
    )
    # R5 / Art. 13(1): the divisions (organisations.Division codes) whose organisations may
    # apply, a rule setting a round keeps; empty: no restriction.
    registration_area = models.JSONField(_("registration area"), default=list, blank=True)
    # R1 / Art. 21: publicity counted in calendar days (the 2022 measures) or working days, on
    # the programme's holiday calendar (HolidayCalendarDay).
    publicity_day_unit = models.CharField(
        _("publicity counted in"),
        max_length=10,
        choices=PublicityDayUnit.choices,
        default=PublicityDayUnit.CALENDAR,
    )
    # R1 / Art. 18-20: the review stages (material, question-and-defence 问询答辩 when held,
    # site, composite) and each scored stage's weight in percent, summing to 100 (rule
    # settings a round keeps; a new round takes them as its weights). The 2022 measures:
    # material 40 %, site 60 %, no defence stage.
    holds_defence_stage = models.BooleanField(
        _("holds a question-and-defence stage (问询答辩)"), default=False
    )
    material_weight_percent = models.PositiveSmallIntegerField(
        _("weight of the material review (%)"),
        default=40,
        validators=[MaxValueValidator(100)],
    )
    defence_weight_percent = models.PositiveSmallIntegerField(
        _("weight of the question-and-defence stage (%)"),
        default=0,
        validators=[MaxValueValidator(100)],
    )
    site_weight_percent = models.PositiveSmallIntegerField(
        _("weight of the site review (%)"),
        default=60,
        validators=[MaxValueValidator(100)],
    )
    # Art. 10: the leading group approves the programme's rules. Each change the office makes
    # is a new version; version 1 is the measures as published (approved by the government).
    rules_version = models.PositiveIntegerField(_("rules version"), default=1)
    rules_approved_version = models.PositiveIntegerField(_("rules version approved"), default=1)
    rules_approved_at = models.DateTimeField(_("rules approved at"), null=True, blank=True)
    rules_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rules approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # R8 / Art. 28, 30: a bar keeps an organisation out of the programme that decided it; a
    # programme may also honour other programmes' bars: their ids, a rule setting a round
    # keeps (awards.rulesets); none by default.
    honoured_bar_programmes = models.JSONField(
        _("also honours the bars of"), default=list, blank=True
    )
    # Art. 11(9): the city programme whose office guides this county's or zone's programme
    # (empty for the Mayor's award itself and for a programme the city does not guide).
    guided_by = models.ForeignKey(
        "self",
        verbose_name=_("guided by (Art. 11(9))"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="guided_programmes",
    )

    class Meta:
        verbose_name = _("award programme")
        verbose_name_plural = _("award programmes")

    def __str__(self) -> str:
        return self.name

    # The name as last read or saved (not a field).
    _loaded_name: str | None = None

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> AwardProgramme:
        programme = super().from_db(db, field_names, values)
        # The name as read, so that a rename carries the level names left at their default.
        programme._loaded_name = programme.__dict__.get("name")
        return programme

    def save(self, *args: Any, **kwargs: Any) -> None:
        # R15: a level always has a name; by default the programme's own (never the city's),
        # which follows a change of the programme's name.
        loaded = self._loaded_name
        if loaded and loaded != self.name:
            if self.prize_name == loaded:
                self.prize_name = self.name
            if self.nomination_name == default_nomination_name(loaded):
                self.nomination_name = default_nomination_name(self.name)
        if not self.prize_name:
            self.prize_name = self.name
        if not self.nomination_name:
            self.nomination_name = default_nomination_name(self.name)
        super().save(*args, **kwargs)
        self._loaded_name = self.name

    @property
    def rules_approved(self) -> bool:
        """Art. 10: the leading group has approved the programme's current rules."""
        return self.rules_approved_version == self.rules_version

    def level_title(self, level: str) -> str:
        """A level's name as the office last set it (赣州市市长质量奖, 章贡区区长质量奖提名奖);
        where a round is at hand, :meth:`Round.level_name` reads the name the round kept."""
        return programme_rule_settings(self).level_name(level, self.name) if level else ""


class ScoringScheme(models.Model):
    """A scoring scheme as data (GB/T 19580-2012 by default); old rounds keep theirs."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    total_points = models.PositiveIntegerField(_("total points"), default=1000)

    class Meta:
        verbose_name = _("scoring scheme")
        verbose_name_plural = _("scoring schemes")

    def __str__(self) -> str:
        return self.name


class ScoringCategory(models.Model):
    scheme = models.ForeignKey(ScoringScheme, on_delete=models.CASCADE, related_name="categories")
    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("scoring category")
        verbose_name_plural = _("scoring categories")
        ordering = ["scheme", "order"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="category_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ScoringItem(models.Model):
    category = models.ForeignKey(ScoringCategory, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=100)
    points = models.PositiveIntegerField(_("points"))
    kind = models.CharField(_("kind"), max_length=10, choices=ItemKind.choices)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("scoring item")
        verbose_name_plural = _("scoring items")
        ordering = ["category__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="item_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name} ({self.points})"


def default_required_attachment_kinds() -> list[str]:
    """R13: by default the signed and sealed application form is required."""
    return ["form"]


class Round(models.Model):
    """One evaluation cycle (届). Its settings carry the defaults of the 2022 measures."""

    programme = models.ForeignKey(
        AwardProgramme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="rounds"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    stage = models.CharField(
        _("stage"), max_length=20, choices=RoundStage.choices, default=RoundStage.DRAFT
    )
    scheme = models.ForeignKey(
        ScoringScheme, verbose_name=_("scoring scheme"), on_delete=models.PROTECT
    )
    # Call notice (Art. 16)
    call_notice = models.TextField(_("call notice"), blank=True)
    required_documents = models.TextField(_("documents required"), blank=True)
    call_published_at = models.DateTimeField(_("call published at"), null=True, blank=True)
    applications_open_at = models.DateTimeField(_("applications open"))
    applications_close_at = models.DateTimeField(_("application deadline"))
    window_closed_at = models.DateTimeField(_("window closed at"), null=True, blank=True)
    recommendation_required = models.BooleanField(_("recommendation required"), default=True)
    # Quotas (R2, Art. 6): defaults of the measures.
    prize_quota = models.PositiveSmallIntegerField(_("prize places"), default=5)
    prize_quota_manufacturing = models.PositiveSmallIntegerField(
        _("prize places, manufacturing"), default=3
    )
    prize_quota_service = models.PositiveSmallIntegerField(
        _("prize places, service etc."), default=2
    )
    nomination_quota = models.PositiveSmallIntegerField(_("nomination places"), default=5)
    nomination_quota_manufacturing = models.PositiveSmallIntegerField(
        _("nomination places, manufacturing"), default=3
    )
    nomination_quota_service = models.PositiveSmallIntegerField(
        _("nomination places, service etc."), default=2
    )
    # R2 / Art. 6: this round's places of each sector bucket of its rules at each level,
    # {level: {bucket code: places}} (awards.rulesets.round_bucket_places), set on the round's
    # settings page; the columns above mirror the manufacturing and service buckets' entries.
    bucket_places = models.JSONField(_("places per sector bucket"), default=dict, blank=True)
    # Review rules (Art. 10): approved by the leading group before review starts.
    material_weight = models.DecimalField(
        _("material review weight"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.40"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    # R1 / Art. 20: the question-and-defence stage's weight, 0 when the round holds none (the
    # round kept its programme's rules without the stage).
    defence_weight = models.DecimalField(
        _("question-and-defence weight"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    site_weight = models.DecimalField(
        _("site review weight"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.60"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    site_review_min_score = models.DecimalField(
        _("minimum material score for site review"),
        max_digits=6,
        decimal_places=1,
        default=Decimal("400"),
    )
    prize_min_score = models.DecimalField(
        _("minimum composite score for the prize"),
        max_digits=6,
        decimal_places=1,
        default=Decimal("550"),
    )
    nomination_min_score = models.DecimalField(
        _("minimum composite score for the nomination prize"),
        max_digits=6,
        decimal_places=1,
        default=Decimal("450"),
    )
    tilt_rule = models.CharField(
        _("priority-tag tilt (Art. 15)"),
        max_length=20,
        choices=TiltRule.choices,
        default=TiltRule.PRECEDENCE_AT_EQUAL,
    )
    tilt_bonus_points = models.DecimalField(
        _("bonus points per tilt"), max_digits=5, decimal_places=1, default=Decimal("0")
    )
    # R13: the applications.enums.AttachmentKind values every dossier must contain.
    required_attachment_kinds = models.JSONField(
        _("required attachment types"), default=default_required_attachment_kinds, blank=True
    )
    # The longest text of one GB/T 19580 category of the self-assessment report.
    self_assessment_max_chars = models.PositiveIntegerField(
        _("self-assessment: characters per category"),
        default=5000,
        validators=[MinValueValidator(100)],
    )
    rules_approved_at = models.DateTimeField(_("review rules approved at"), null=True, blank=True)
    rules_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("review rules approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Publicity (Art. 21) and prizes (Art. 8).
    publicity_days = models.PositiveSmallIntegerField(
        _("publicity days"), default=10, validators=[MinValueValidator(10)]
    )
    prize_amount = models.DecimalField(
        _("prize money (CNY)"), max_digits=12, decimal_places=2, default=Decimal("500000")
    )
    # R4 / Art. 8: the nomination prize's money per winner (the 2022 measures: none).
    nomination_amount = models.DecimalField(
        _("nomination prize money (CNY)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    # The programme's rule settings as they were when the round opened (awards.rulesets), and
    # their version: a later change to the programme's rules never changes this round. Empty
    # while the round is a draft (it follows the programme's rules until it opens).
    rule_settings = models.JSONField(_("rule settings"), default=dict, blank=True)
    rule_settings_version = models.PositiveIntegerField(_("rules version"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="one_round_per_year"),
            models.CheckConstraint(
                condition=models.Q(applications_close_at__gt=models.F("applications_open_at")),
                name="window_closes_after_it_opens",
            ),
            models.CheckConstraint(
                condition=models.Q(publicity_days__gte=10), name="publicity_at_least_10_days"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def rules_approved(self) -> bool:
        return self.rules_approved_at is not None

    def level_name(self, level: str) -> str:
        """R15: ``level``'s name as the round's certificates, notices and pages write it, from
        the rules the round kept (a draft: its programme's)."""
        if not level:
            return ""
        settings = round_rule_settings(self)
        # The programme is read only for a copy kept before names were settings.
        return settings.kept_level_name(level) or settings.level_name(level, self.programme.name)

    def sector_labels(self) -> dict[str, str]:
        """R2: each sector bucket's name by its code, from the rules the round kept (a draft:
        its programme's), as pages, notices and exports write it. Worked out once per round
        object and language: the rows of a list sharing their round read it without a query."""
        cache: dict[str | None, dict[str, str]] = self.__dict__.setdefault("_sector_labels", {})
        language = get_language()
        if language not in cache:
            cache[language] = bucket_names(round_rule_settings(self).buckets())
        return cache[language]

    def sector_label(self, code: str) -> str:
        """R2: the name of the sector bucket ``code`` in the round's rules; a code its rules
        do not have: one of the 2022 measures' two by its label, else the code itself."""
        label = self.sector_labels().get(code)
        if label is None:
            return str(Sector(code).label) if code in Sector.values else code
        return label

    @property
    def holds_defence_stage(self) -> bool:
        """R1 / Art. 18-20: whether the round holds a question-and-defence stage between
        material and site review, by the rules it kept (a draft: its programme's)."""
        return round_rule_settings(self).holds_defence_stage

    def offers(self, level: str) -> bool:
        """R2: a level with no place in the round is not offered (a programme without a
        nomination prize sets its nomination places to 0)."""
        places = self.prize_quota if level == PrizeLevel.PRIZE else self.nomination_quota
        return places > 0

    def level_choices(self) -> list[tuple[str, str]]:
        """The levels the round offers, as a form lists them, by the round's names."""
        return [
            (level, self.level_name(level)) for level in PrizeLevel.values if self.offers(level)
        ]

    def accepts_individuals(self) -> bool:
        """R4: whether the round, under the rules it kept, awards individuals too."""
        return round_rule_settings(self).accepts_individuals

    def individual_award_name(self) -> str:
        """R15: the individual award's name as the round's certificates write it."""
        return round_rule_settings(self).individual_award_name(self.programme.name)

    def level_amount(self, level: str) -> Decimal:
        """R4 / Art. 8: the round's money per winner of ``level`` (a first win)."""
        return self.prize_amount if level == PrizeLevel.PRIZE else self.nomination_amount

    def window_is_open(self, at: datetime | None = None) -> bool:
        """R1: the deadline is the server's clock, whatever the sweep has done yet."""
        at = at or timezone.now()
        return (
            self.stage == RoundStage.APPLICATION
            and self.applications_open_at <= at < self.applications_close_at
        )


class HolidayCalendarDay(models.Model):
    """The office's calendar of the State Council's holiday arrangements (R1 / Art. 21): a day
    that is a public holiday, or a weekend day that is a working day (调休). Every other day
    is a working day from Monday to Friday and a rest day on Saturday and Sunday."""

    programme = models.ForeignKey(
        AwardProgramme, on_delete=models.CASCADE, related_name="calendar_days"
    )
    day = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=CalendarDayKind.choices)
    name = models.CharField(_("name"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("holiday calendar day")
        verbose_name_plural = _("holiday calendar days")
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "day"], name="one_calendar_entry_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()}"


class PublicationOutlet(models.Model):
    """Where else a public notice was published (government website, newspaper)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="outlets")
    notice = models.CharField(_("notice"), max_length=20, choices=NoticeKind.choices)
    outlet = models.CharField(_("outlet"), max_length=100)
    published_on = models.DateField(_("published on"))
    url = models.URLField(_("link"), blank=True)

    class Meta:
        verbose_name = _("publication outlet")
        verbose_name_plural = _("publication outlets")
        ordering = ["published_on"]

    def __str__(self) -> str:
        return f"{self.outlet} {self.published_on}"


class ConfidentialityCommitment(models.Model):
    """R12 / Art. 31: signed once per round by everyone who takes part in its review."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="commitments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)
    text = models.TextField(_("text signed"))
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("confidentiality commitment")
        verbose_name_plural = _("confidentiality commitments")
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="one_commitment_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.round}"


class LeadingIndustry(models.Model):
    """R6 / Art. 15: one of the city's leading industries (主导产业), as the office keeps the
    list for its programme, with the GB/T 4754 classes it covers. The office reads it when it
    confirms or refuses a claimed tag of a leading or advantaged enterprise at eligibility."""

    programme = models.ForeignKey(
        AwardProgramme, on_delete=models.CASCADE, related_name="leading_industries"
    )
    name = models.CharField(_("name"), max_length=100)
    # GB/T 4754 codes separated by spaces: a division (C39), group (C398) or class (C3985);
    # a code covers every class beneath it.
    industry_classes = models.CharField(_("GB/T 4754 classes"), max_length=300)

    class Meta:
        verbose_name = _("leading industry")
        verbose_name_plural = _("leading industries")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "name"], name="one_leading_industry_per_name"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def class_codes(self) -> list[str]:
        return self.industry_classes.split()


def _generated_path(folder: str, filename: str) -> str:
    """A generated storage name: the user's file name is kept only for display (uploads.py)."""
    suffix = PurePosixPath(filename).suffix.lower()
    return f"{folder}/{uuid.uuid4().hex}{suffix}"


class WorkPlan(models.Model):
    """Art. 11(3): the year's work plan of a programme, drafted by its office and approved by
    its leading group: milestones, training, budget and the tracking research."""

    programme = models.ForeignKey(
        AwardProgramme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="work_plans",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=WorkPlanStatus.choices, default=WorkPlanStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("annual work plan")
        verbose_name_plural = _("annual work plans")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="one_work_plan_per_year")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def editable(self) -> bool:
        """Art. 11(3): the office changes its plan only while it is a draft."""
        return self.status == WorkPlanStatus.DRAFT


class WorkPlanMilestone(models.Model):
    """A dated milestone of the plan, optionally the start of a stage of one of the
    programme's rounds; the office marks it done."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("milestone date"))
    round = models.ForeignKey(
        Round,
        verbose_name=_("round"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_milestones",
    )
    stage = models.CharField(_("stage"), max_length=20, choices=RoundStage.choices, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.due_on} {self.title}"

    def is_overdue(self, today: date) -> bool:
        """Not done and its day has ended (a day ends at 24:00, Civil Code Art. 203)."""
        return self.done_on is None and self.due_on < today


class WorkPlanTraining(models.Model):
    """A training session of the plan, for experts, applicants or the county offices."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="trainings")
    title = models.CharField(_("training"), max_length=200)
    audience = models.CharField(_("for"), max_length=20, choices=TrainingAudience.choices)
    planned_on = models.DateField(_("planned on"))
    participants = models.PositiveIntegerField(_("participants expected"), default=0)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["planned_on", "pk"]

    def __str__(self) -> str:
        return self.title


class WorkPlanBudgetLine(models.Model):
    """A budget line of the plan, in yuan."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="budget_lines")
    item = models.CharField(_("budget item"), max_length=200)
    amount = models.DecimalField(
        _("amount (CNY)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.item} {self.amount}"


def research_document_path(instance: WorkPlanResearchNote, filename: str) -> str:
    return _generated_path(f"work-plans/{instance.plan_id}", filename)


class WorkPlanResearchNote(models.Model):
    """Art. 11(3): tracking research on other provinces' and cities' award rules and
    procedures, with the document collected (optional)."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="research_notes")
    source = models.CharField(_("province or city"), max_length=100)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("research findings"), blank=True)
    document = models.FileField(
        _("document collected"), upload_to=research_document_path, max_length=200, blank=True
    )
    document_name = models.CharField(_("original file name"), max_length=200, blank=True)
    document_content_type = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("research note")
        verbose_name_plural = _("research notes")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.source}: {self.title}"


def guidance_document_path(instance: GuidanceDocument, filename: str) -> str:
    return _generated_path(f"guidance/{instance.programme_id}", filename)


class GuidanceDocument(models.Model):
    """Art. 11(9): guidance the city office publishes to the offices of the county and zone
    programmes it guides."""

    programme = models.ForeignKey(
        AwardProgramme,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        related_name="guidance_documents",
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    document = models.FileField(
        _("file"), upload_to=guidance_document_path, max_length=200, blank=True
    )
    document_name = models.CharField(_("original file name"), max_length=200, blank=True)
    document_content_type = models.CharField(max_length=100, blank=True)
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("guidance document")
        verbose_name_plural = _("guidance documents")
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return self.title
