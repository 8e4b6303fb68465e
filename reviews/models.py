from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from experts.models import ExpertProfile
from organisations.enums import Sector
from reviews.enums import (
    ConflictKind,
    ConflictScoreEffect,
    ConflictSource,
    DrawMethod,
    DrawStatus,
    ReviewStage,
    ReviewStatus,
)


class ReviewGroup(models.Model):
    round = models.ForeignKey(
        "awards.Round", on_delete=models.CASCADE, related_name="review_groups"
    )
    name = models.CharField(_("name"), max_length=100)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    leader = models.ForeignKey(
        ExpertProfile,
        verbose_name=_("group leader"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_groups",
    )
    members = models.ManyToManyField(ExpertProfile, related_name="review_groups", blank=True)

    class Meta:
        verbose_name = _("review group")
        verbose_name_plural = _("review groups")
        ordering = ["round", "name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "name"], name="group_name_unique_in_round")
        ]

    def __str__(self) -> str:
        return self.name

    def get_sector_display(self) -> str:  # type: ignore[no-redef]  # any bucket code, not only the choices
        """R2: the sector bucket's name in the rules the group's round kept."""
        return self.round.sector_label(self.sector)


class Assignment(models.Model):
    """An expert assigned to review an application: while active (not withdrawn), what opens
    the application to the expert (reviews.permissions adds the other conditions)."""

    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="assignments"
    )
    expert = models.ForeignKey(ExpertProfile, on_delete=models.PROTECT, related_name="assignments")
    group = models.ForeignKey(
        ReviewGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="assignments"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("withdrawal reason"), blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "expert"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_active_assignment",
            )
        ]

    def __str__(self) -> str:
        return f"{self.expert} → {self.application}"


class ConflictDeclaration(models.Model):
    """R12: an expert's declaration for one application (conflict or none), or a detected one."""

    expert = models.ForeignKey(ExpertProfile, on_delete=models.PROTECT, related_name="declarations")
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="conflict_declarations"
    )
    has_conflict = models.BooleanField(_("has a conflict of interest"))
    kind = models.CharField(_("kind"), max_length=20, choices=ConflictKind.choices, blank=True)
    source = models.CharField(
        _("source"), max_length=20, choices=ConflictSource.choices, default=ConflictSource.DECLARED
    )
    note = models.TextField(_("note"), blank=True)
    declared_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # R12: a conflict recorded after the expert had submitted a review of the application.
    score_effect = models.CharField(
        _("effect on the scores"), max_length=20, choices=ConflictScoreEffect.choices, blank=True
    )
    recomputed_at = models.DateTimeField(_("composite recomputed at"), null=True, blank=True)
    recomputed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("conflict declaration")
        verbose_name_plural = _("conflict declarations")
        ordering = ["-declared_at"]

    def __str__(self) -> str:
        return f"{self.expert} / {self.application}: {self.has_conflict}"


class IndependentReviewManager(models.Manager["Review"]):
    """``Review.objects``: the experts' independent reviews only. The group leader's
    consensus reviews (is_consensus) are reached through ``Review.all_reviews``, so no
    existing list, progress count or mean mixes them in."""

    def get_queryset(self) -> models.QuerySet[Review]:
        return super().get_queryset().filter(is_consensus=False)


class Review(models.Model):
    """One expert's independent scores for one application at one stage."""

    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="reviews"
    )
    expert = models.ForeignKey(ExpertProfile, on_delete=models.PROTECT, related_name="reviews")
    stage = models.CharField(_("stage"), max_length=10, choices=ReviewStage.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    summary = models.TextField(_("overall comment"), blank=True)
    total = models.DecimalField(_("total"), max_digits=6, decimal_places=1, default=Decimal("0"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The group leader's consensus review (Baldrige consensus): one per application and stage
    # beside the leader's own independent review.
    is_consensus = models.BooleanField(_("consensus review"), default=False)

    objects = IndependentReviewManager()
    all_reviews = models.Manager()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        # Generic code (transitions, the admin, related managers) sees every review.
        default_manager_name = "all_reviews"
        constraints = [
            models.UniqueConstraint(
                fields=["application", "expert", "stage", "is_consensus"],
                name="one_review_per_stage",
            ),
            models.UniqueConstraint(
                fields=["application", "stage"],
                condition=models.Q(is_consensus=True),
                name="one_consensus_per_stage",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert} · {self.application} · {self.get_stage_display()}"

    @property
    def round_id(self) -> int:
        """The decision log files a review's rows under its round (R14)."""
        return self.application.round_id


class ItemScore(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="item_scores")
    item = models.ForeignKey("awards.ScoringItem", on_delete=models.PROTECT)
    percent = models.PositiveSmallIntegerField(_("percentage"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("item score")
        verbose_name_plural = _("item scores")
        constraints = [
            models.UniqueConstraint(fields=["review", "item"], name="one_score_per_item"),
            models.CheckConstraint(
                condition=models.Q(percent__lte=100), name="percent_at_most_100"
            ),
        ]

    @property
    def points(self) -> Decimal:
        return Decimal(self.item.points) * Decimal(self.percent) / Decimal(100)


class CategoryFeedback(models.Model):
    """Strengths and opportunities for improvement per category: the feedback report."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="feedback")
    category = models.ForeignKey("awards.ScoringCategory", on_delete=models.PROTECT)
    strengths = models.TextField(_("strengths"), blank=True)
    opportunities = models.TextField(_("opportunities for improvement"), blank=True)

    class Meta:
        verbose_name = _("category feedback")
        verbose_name_plural = _("category feedback")
        constraints = [
            models.UniqueConstraint(fields=["review", "category"], name="one_feedback_per_category")
        ]


class AssignmentDraw(models.Model):
    """An assignment suggestion or random draw (随机抽取) of reviewers for a round's applications
    in review, reproducible: ``inputs`` (pool, exclusions, industry matches, loads, how many
    each application needs) and ``seed`` give ``result`` again (reviews.rules.draw.draw). The
    office accepts it, edited or not (``accepted``), or discards it; each step is logged."""

    round = models.ForeignKey("awards.Round", on_delete=models.CASCADE, related_name="draws")
    group = models.ForeignKey(
        ReviewGroup,
        verbose_name=_("review group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="draws",
    )
    method = models.CharField(_("method"), max_length=12, choices=DrawMethod.choices)
    seed = models.PositiveBigIntegerField(_("seed"))
    per_application = models.PositiveSmallIntegerField(_("reviewers per application"))
    inputs = models.JSONField(_("inputs"))
    result = models.JSONField(_("result"))
    accepted = models.JSONField(_("accepted assignments"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DrawStatus.choices, default=DrawStatus.PROPOSED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("assignment draw")
        verbose_name_plural = _("assignment draws")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} #{self.pk}"


class SiteVisit(models.Model):
    """Art. 19: the site review of one organisation: dates, agenda (shown to the
    organisation), and what the team verifies on site (carried from the material review's
    consensus, edited by the office). The team is the application's assignments in good
    standing (R12 enforced as everywhere)."""

    application = models.OneToOneField(
        "applications.Application", on_delete=models.PROTECT, related_name="site_visit"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    agenda = models.TextField(_("agenda"), blank=True)
    issues = models.TextField(_("issues to verify on site"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("site visit")
        verbose_name_plural = _("site visits")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_on__lte=models.F("ends_on")),
                name="site_visit_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.starts_on}"

    @property
    def round_id(self) -> int:
        return self.application.round_id


class DefenceScore(models.Model):
    """R1 / Art. 18-20: the question-and-defence (问询答辩) panel's score of one application going
    on after the material review, in a round that holds the stage; on the 1000-point scale of
    the material and site reviews, entered by the office from the panel's signed sheet."""

    application = models.OneToOneField(
        "applications.Application", on_delete=models.PROTECT, related_name="defence_score"
    )
    score = models.DecimalField(
        _("question-and-defence score"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(1000)],
    )
    panel = models.CharField(_("panel members"), max_length=500)
    held_on = models.DateField(_("held on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("question-and-defence score")
        verbose_name_plural = _("question-and-defence scores")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=1000),
                name="defence_score_within_1000",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.score}"


class SiteVisitNote(models.Model):
    """A note of a site-review team member (append-only: a later note corrects an earlier)."""

    visit = models.ForeignKey(SiteVisit, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(ExpertProfile, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("site visit note")
        verbose_name_plural = _("site visit notes")
        ordering = ["created_at", "pk"]


class ReviewDeadline(models.Model):
    """The day a stage's reviews of a round are due (Beijing time), set by the office;
    the reminder sweep writes to experts who have not submitted by then."""

    round = models.ForeignKey(
        "awards.Round", on_delete=models.CASCADE, related_name="review_deadlines"
    )
    stage = models.CharField(_("stage"), max_length=10, choices=ReviewStage.choices)
    due_on = models.DateField(_("due on"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("review deadline")
        verbose_name_plural = _("review deadlines")
        constraints = [
            models.UniqueConstraint(fields=["round", "stage"], name="one_deadline_per_round_stage")
        ]

    def __str__(self) -> str:
        return f"{self.round_id} {self.stage}: {self.due_on}"


class ReviewReminder(models.Model):
    """A review_due reminder claimed for one assignment, stage and kind: sent once."""

    SOON = "soon"
    OVERDUE = "overdue"

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="+")
    stage = models.CharField(max_length=10, choices=ReviewStage.choices)
    kind = models.CharField(max_length=10)
    due_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "stage", "kind"], name="one_review_reminder_per_kind"
            )
        ]
