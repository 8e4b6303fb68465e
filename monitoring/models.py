"""What a winner does and the office records during the validity of an award (Art. 24-26,
29): prize-fund use reports and the office's check (R10) with its public circulars, follow-up
of the feedback report's opportunities for improvement, return visits, the practice summary and
experience-sharing activities, the annual quality performance reports and the re-assessments.

The annual reports and re-assessments lived in the grants app until the obligations were joined
here: each keeps its table (``Meta.db_table``), so no row moved."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from monitoring.enums import (
    ActionStatus,
    FundCheckResult,
    FundPurpose,
    FundReportStatus,
    ReassessmentResult,
    ReportStatus,
    VisitStatus,
)


class AnnualReport(models.Model):
    """Art. 24: one quality performance report per year of validity."""

    grant = models.ForeignKey(
        "grants.AwardGrant", on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    due_on = models.DateField(_("due on"))
    body = models.TextField(_("report"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DUE
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    office_comment = models.TextField(_("office comment"), blank=True)
    key_indicators = models.TextField(_("key quality indicators"), blank=True)
    improvements = models.TextField(_("improvements made"), blank=True)
    # The text kept while the winner writes it (saved as a draft, not yet filed).
    draft_saved_at = models.DateTimeField(_("draft saved at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # Art. 24 reminders, each claimed once by a conditional update of its timestamp.
    reminded_before_at = models.DateTimeField(null=True, blank=True)
    reminded_on_at = models.DateTimeField(null=True, blank=True)
    reminded_after_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "grants_annualreport"
        verbose_name = _("annual quality performance report")
        verbose_name_plural = _("annual quality performance reports")
        ordering = ["grant", "year"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "year"], name="one_report_per_year")
        ]


class ReAssessment(models.Model):
    """Art. 24, 29: at least one re-assessment during validity."""

    grant = models.ForeignKey(
        "grants.AwardGrant", on_delete=models.PROTECT, related_name="reassessments"
    )
    scheduled_on = models.DateField(_("scheduled on"))
    team = models.ManyToManyField("experts.ExpertProfile", blank=True, verbose_name=_("team"))
    findings = models.TextField(_("findings"), blank=True)
    result = models.CharField(
        _("result"),
        max_length=20,
        choices=ReassessmentResult.choices,
        default=ReassessmentResult.PENDING,
    )

    class Meta:
        db_table = "grants_reassessment"
        verbose_name = _("re-assessment")
        verbose_name_plural = _("re-assessments")
        ordering = ["scheduled_on"]


class FundUseReport(models.Model):
    """R10 / Art. 26: one report per grant that carried prize money."""

    grant = models.OneToOneField(
        "grants.AwardGrant", on_delete=models.PROTECT, related_name="fund_use_report"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=FundReportStatus.choices,
        default=FundReportStatus.DRAFT,
    )
    summary = models.TextField(_("summary"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    check_result = models.CharField(
        _("check result"), max_length=10, choices=FundCheckResult.choices, blank=True
    )
    check_comment = models.TextField(_("office's findings"), blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("prize-fund use report")
        verbose_name_plural = _("prize-fund use reports")

    def __str__(self) -> str:
        return str(self.grant)


def evidence_storage_path(instance: FundUseItem, filename: str) -> str:
    """Generated name only: the original (Chinese) name lives in the database."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"fund-use/{instance.report_id}/{uuid.uuid4().hex}{suffix}"


class FundUseItem(models.Model):
    """R10 / Art. 26: an amount spent for one purpose, with its evidence."""

    report = models.ForeignKey(FundUseReport, on_delete=models.CASCADE, related_name="items")
    purpose = models.CharField(_("purpose"), max_length=20, choices=FundPurpose.choices)
    amount = models.DecimalField(_("amount (CNY)"), max_digits=12, decimal_places=2)
    description = models.TextField(_("what it was spent on"))
    evidence = models.FileField(_("evidence"), upload_to=evidence_storage_path, max_length=200)
    evidence_name = models.CharField(_("file name"), max_length=200)
    evidence_type = models.CharField(max_length=100)
    evidence_size = models.PositiveBigIntegerField(default=0)
    evidence_sha256 = models.CharField(max_length=64)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("prize-fund use item")
        verbose_name_plural = _("prize-fund use items")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="fund_item_amount_positive"
            )
        ]


class FundUseCircular(models.Model):
    """R10 / Art. 26: the office's public circular of the results of its checks."""

    programme = models.ForeignKey(
        "awards.AwardProgramme", on_delete=models.PROTECT, related_name="fund_use_circulars"
    )
    title = models.CharField(_("title"), max_length=200)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    body = models.TextField(_("text"))
    reports = models.ManyToManyField(FundUseReport, related_name="circulars")
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("circular on prize-fund use")
        verbose_name_plural = _("circulars on prize-fund use")
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class ImprovementAction(models.Model):
    """Art. 24: what the winner did about one opportunity for improvement of its feedback."""

    grant = models.ForeignKey(
        "grants.AwardGrant", on_delete=models.PROTECT, related_name="improvement_actions"
    )
    # Which opportunity: a hash of its category and text (the feedback report is derived).
    key = models.CharField(max_length=64)
    category = models.ForeignKey(
        "awards.ScoringCategory", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    opportunity = models.TextField(_("opportunity for improvement"))
    action = models.TextField(_("what we did"))
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.IN_PROGRESS
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("improvement action")
        verbose_name_plural = _("improvement actions")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "key"], name="one_action_per_opportunity")
        ]


class ReturnVisit(models.Model):
    """Art. 29: the office's regular return visits (定期回访) to a winner."""

    grant = models.ForeignKey(
        "grants.AwardGrant", on_delete=models.PROTECT, related_name="return_visits"
    )
    planned_on = models.DateField(_("planned on"))
    visited_on = models.DateField(_("visited on"), null=True, blank=True)
    visitors = models.CharField(_("visitors"), max_length=500)
    purpose = models.TextField(_("purpose"), blank=True)
    findings = models.TextField(_("findings"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=VisitStatus.choices, default=VisitStatus.PLANNED
    )
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("return visit")
        verbose_name_plural = _("return visits")
        ordering = ["planned_on", "pk"]

    def __str__(self) -> str:
        return f"{self.grant} · {self.planned_on}"


class PracticeSummary(models.Model):
    """Art. 25: the winner's summary of its practice, in the award year."""

    grant = models.OneToOneField(
        "grants.AwardGrant", on_delete=models.PROTECT, related_name="practice_summary"
    )
    body = models.TextField(_("summary of practice"))
    publicised_in = models.CharField(_("where it was publicised"), max_length=500, blank=True)
    submitted_at = models.DateTimeField(auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("summary of practice")
        verbose_name_plural = _("summaries of practice")


class SharingActivity(models.Model):
    """Art. 25: an experience-sharing activity the winner took part in."""

    grant = models.ForeignKey(
        "grants.AwardGrant", on_delete=models.PROTECT, related_name="sharing_activities"
    )
    held_on = models.DateField(_("date"))
    event = models.CharField(_("event"), max_length=300)
    audience = models.CharField(_("audience"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("experience-sharing activity")
        verbose_name_plural = _("experience-sharing activities")
        ordering = ["-held_on", "-pk"]


def report_attachment_path(instance: AnnualReportAttachment, filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"annual-reports/{instance.report_id}/{uuid.uuid4().hex}{suffix}"


class AnnualReportAttachment(models.Model):
    """Art. 24: a document attached to an annual quality performance report (the form plus
    attachments); added and removed only while the winner may file the report."""

    report = models.ForeignKey(AnnualReport, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(_("file"), upload_to=report_attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("annual report attachment")
        verbose_name_plural = _("annual report attachments")
        ordering = ["pk"]


class ObligationFlag(models.Model):
    """An obligation that became overdue or unplanned, notified once (the row claims it)."""

    grant = models.ForeignKey(
        "grants.AwardGrant", on_delete=models.CASCADE, related_name="obligation_flags"
    )
    kind = models.CharField(max_length=20)
    state = models.CharField(max_length=10)
    notified_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("obligation flag")
        verbose_name_plural = _("obligation flags")
        constraints = [
            models.UniqueConstraint(fields=["grant", "kind", "state"], name="one_flag_per_state")
        ]
