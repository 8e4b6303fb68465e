from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.enums import (
    RECOMMENDATION_OPEN_STATUSES,
    AdverseRecordStatus,
    AdverseSource,
    ApplicationStatus,
    AttachmentKind,
    ConsultationResult,
    EligibilityCondition,
    LeaderTagDecision,
    SafetyLevel,
)
from awards.enums import NomineeKind, PrizeLevel
from organisations.enums import Sector


class Application(models.Model):
    round = models.ForeignKey(
        "awards.Round",
        verbose_name=_("round"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    # R4 / Art. 8: the organisation itself, or a person it employs (Nominee) in a round whose
    # programme awards individuals; a person is scored on the round's individual scheme.
    nominee_kind = models.CharField(
        _("nominee"),
        max_length=20,
        choices=NomineeKind.choices,
        default=NomineeKind.ORGANISATION,
    )
    individual_scheme = models.ForeignKey(
        "awards.ScoringScheme",
        verbose_name=_("scoring scheme for the individual"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # R2: the code of the application's sector bucket in its round's rules (awards.buckets);
    # the 2022 measures' buckets are the Sector choices.
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    sector_confirmed = models.BooleanField(_("sector confirmed by the office"), default=False)
    # R6 / Art. 14-15 priority tags.
    tag_sme_innovation = models.BooleanField(
        _("SME with own IP and strong innovation"), default=False
    )
    tag_digital_economy = models.BooleanField(_("Digital-economy organisation"), default=False)
    tag_key_industry_leader = models.BooleanField(
        _("Leading enterprise of a key city industry"), default=False
    )
    # R6 / Art. 15: the office confirms or refuses a claimed leader tag at eligibility, with
    # its reason; only a confirmed tag tilts the ranking.
    leader_tag_decision = models.CharField(
        _("Art. 15 tag decision"),
        max_length=10,
        choices=LeaderTagDecision.choices,
        default=LeaderTagDecision.PENDING,
        blank=True,
    )
    leader_tag_reason = models.TextField(_("reason for the Art. 15 tag decision"), blank=True)
    # Art. 13(4): an organisation doing non-profit work meets condition (4) by a social
    # contribution among the best of its field, not by profits.
    non_profit = models.BooleanField(_("non-profit organisation"), default=False)
    social_contribution = models.TextField(_("social contribution"), blank=True)
    # The dossier's free-text summary; the structured application form follows.
    main_products = models.TextField(_("main products or services"), blank=True)
    quality_summary = models.TextField(_("summary of quality achievements"), blank=True)
    self_assessment = models.TextField(_("self-assessment summary"), blank=True)
    # The full application form (申报表). Money in 10,000 CNY as decimal strings:
    # {"2024": {"revenue": "1234.50", "profit": "...", "tax": "...", "assets": "..."}}.
    financials = models.JSONField(
        _("revenue, profit and tax of the last three years"), default=dict, blank=True
    )
    # [{"standard": "gbt19001", "number": "...", "issuer": "...", "issued_on": "2023-03-01",
    #   "expires_on": "2026-02-28"}]: issued_on is the date first certified (R5 (3)).
    certificates = models.JSONField(_("management system certificates"), default=list, blank=True)
    excellence_model_since = models.DateField(
        _("applying the performance-excellence model since"), null=True, blank=True
    )
    safety_level = models.CharField(
        _("safety standardisation level"), max_length=10, choices=SafetyLevel.choices, blank=True
    )
    honours = models.TextField(_("honours"), blank=True)
    # Art. 13(6): the ComplianceDeclaration values the applicant ticked.
    compliance_declarations = models.JSONField(
        _("compliance declarations (Art. 13(6))"), default=list, blank=True
    )
    # Self-assessment report per GB/T 19580 category of the round's scheme: {code: text}.
    self_assessment_sections = models.JSONField(
        _("self-assessment report by category"), default=dict, blank=True
    )
    # Category codes the applicant marks as business or technical secrets (R12).
    secret_sections = models.JSONField(_("sections marked secret"), default=list, blank=True)
    recommender = models.ForeignKey(
        "organisations.Recommender",
        verbose_name=_("recommending unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    recommendation_opinion = models.TextField(_("recommendation opinion"), blank=True)
    recommended_at = models.DateTimeField(_("recommended at"), null=True, blank=True)
    # R13 / Art. 28: the unit's declaration that its opinion is true, as given with the opinion
    # (empty for an opinion on paper or one written before the declaration was asked).
    recommendation_declaration = models.TextField(_("recommending unit's declaration"), blank=True)
    # R13: the explicit declaration of truthfulness.
    declaration_accepted_at = models.DateTimeField(
        _("declaration accepted at"), null=True, blank=True
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    eligibility_reason = models.TextField(_("eligibility decision reason"), blank=True)
    # Scores, written only by reviews.services.review (composite evaluation).
    material_score = models.DecimalField(
        _("material review score"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    site_score = models.DecimalField(
        _("site review score"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    composite_score = models.DecimalField(
        _("composite score"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    sector_rank = models.PositiveSmallIntegerField(_("rank in sector"), null=True, blank=True)
    proposed_level = models.CharField(
        _("prize level"), max_length=20, choices=PrizeLevel.choices, blank=True
    )
    # A dossier received on paper and entered by the office on the organisation's
    # behalf is marked as such everywhere it is shown.
    entered_on_behalf_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered on the organisation's behalf by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    paper_received_on = models.DateField(_("paper dossier received on"), null=True, blank=True)
    # Optimistic concurrency of the dossier (no silent overwrite between colleagues).
    dossier_revision = models.PositiveIntegerField(_("dossier revision"), default=0)
    last_saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last saved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_saved_at = models.DateTimeField(_("last saved at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["round", "organisation__name"]
        constraints = [
            # One application per organisation and round for the organisation itself; the
            # people it nominates have theirs beside it (one per person, Nominee).
            models.UniqueConstraint(
                fields=["round", "organisation"],
                condition=models.Q(nominee_kind="organisation"),
                name="one_application_per_round",
            )
        ]

    def __str__(self) -> str:
        if self.is_individual:
            return f"{self.nominee_label} · {self.round}"
        return f"{self.organisation} · {self.round}"

    @property
    def is_individual(self) -> bool:
        return self.nominee_kind == NomineeKind.INDIVIDUAL

    @property
    def quota_sector(self) -> str:
        """R2 / R4: the pool whose places the application competes for: its sector, or the
        individual award's own places for a person."""
        return NomineeKind.INDIVIDUAL.value if self.is_individual else self.sector

    @property
    def nominee_label(self) -> str:
        """Who the application nominates, as lists write it: the organisation, or the person
        with their employer (张三（赣州某某有限公司）)."""
        nominee = getattr(self, "nominee", None) if self.is_individual else None
        return self.label_of(
            self.nominee_kind,
            nominee.full_name if nominee is not None else "",
            self.organisation.name,
        )

    @staticmethod
    def label_of(nominee_kind: str, full_name: str | None, organisation_name: str) -> str:
        """:attr:`nominee_label` from the columns (a list read as values)."""
        if nominee_kind != NomineeKind.INDIVIDUAL:
            return organisation_name
        return f"{full_name or ''}（{organisation_name}）"

    @property
    def scheme_in_use_id(self) -> int:
        """The scoring scheme the application is scored on: the individual's, or the
        round's (GB/T 19580)."""
        return self.individual_scheme_id or self.round.scheme_id

    def get_sector_display(self) -> str:  # type: ignore[no-redef]  # any bucket code, not only the choices
        """R2: the sector bucket's name in the rules the application's round kept (a bucket
        renamed there by its new name, the 2022 measures' two under their own names by the
        interface's labels). Reads the round: a list loads it with the rows."""
        return self.round.sector_label(self.sector)

    PRIORITY_TAG_FIELDS = ("tag_sme_innovation", "tag_digital_economy", "tag_key_industry_leader")

    # Replaces the display Django derives from the choices: the programme names its levels.
    def get_proposed_level_display(self) -> str:  # type: ignore[no-redef]
        if self.is_individual and self.proposed_level:
            return self.round.individual_award_name()
        return self.round.level_name(self.proposed_level)

    @property
    def priority_tags(self) -> list[str]:
        """R6: shown to every decision maker. The Art. 15 tag is shown with the office's
        decision until it is confirmed, and not at all once refused."""
        tags = []
        for name in self.PRIORITY_TAG_FIELDS:
            if not getattr(self, name):
                continue
            label = str(getattr(self._meta.get_field(name), "verbose_name", name))
            if name == "tag_key_industry_leader":
                if self.leader_tag_decision == LeaderTagDecision.REFUSED:
                    continue
                if self.leader_tag_decision != LeaderTagDecision.CONFIRMED:
                    label = _("%(tag)s (awaiting the office's confirmation)") % {"tag": label}
            tags.append(str(label))
        return tags

    @property
    def leader_tag_confirmed(self) -> bool:
        """R6 / Art. 15: the claimed tag confirmed by the office at eligibility."""
        return (
            self.tag_key_industry_leader and self.leader_tag_decision == LeaderTagDecision.CONFIRMED
        )

    @property
    def recommendation_open(self) -> bool:
        """Art. 12: the recommending unit may still write or revise its opinion."""
        return self.status in RECOMMENDATION_OPEN_STATUSES

    @property
    def tilt_count(self) -> int:
        """R6 / Art. 15: only the leader tag the office confirmed carries the tilt in review;
        the Art. 14 tags encourage applying and carry none."""
        return 1 if self.leader_tag_confirmed else 0

    def dossier_snapshot(self) -> dict[str, Any]:
        """What R13 keeps exactly as submitted."""
        return {
            "organisation": self.organisation.name,
            "credit_code": self.organisation.credit_code,
            "sector": self.sector,
            "tags": {
                "sme_innovation": self.tag_sme_innovation,
                "digital_economy": self.tag_digital_economy,
                "key_industry_leader": self.tag_key_industry_leader,
            },
            "non_profit": self.non_profit,
            "social_contribution": self.social_contribution,
            "main_products": self.main_products,
            "quality_summary": self.quality_summary,
            "self_assessment": self.self_assessment,
            "financials": self.financials,
            "certificates": self.certificates,
            "excellence_model_since": (
                self.excellence_model_since.isoformat() if self.excellence_model_since else None
            ),
            "safety_level": self.safety_level,
            "honours": self.honours,
            "compliance_declarations": self.compliance_declarations,
            "self_assessment_sections": self.self_assessment_sections,
            "secret_sections": self.secret_sections,
            "attachments": [
                {"id": a.pk, "kind": a.kind, "name": a.original_name, "sha256": a.sha256}
                for a in self.attachments.all()
            ],
        }


class Nominee(models.Model):
    """The person an individual application nominates (R4 / Art. 8), employed by the applying
    organisation. PIPL: the national ID number is kept only encrypted, with a keyed hash to
    find the same person again and its masked form for every page but the office's own
    (common.pii); it never goes into an export, the public list or the decision log."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="nominee", verbose_name=_("application")
    )
    full_name = models.CharField(_("full name"), max_length=50)
    position = models.CharField(_("position"), max_length=100)
    phone = models.CharField(_("phone"), max_length=30)
    email = models.EmailField(_("e-mail"), blank=True)
    # R5 / Art. 8: since when the person works for the nominating organisation and in quality
    # work (the individual's eligibility rows count the years to the deadline). Empty on a
    # nomination made before they were asked.
    employed_since = models.DateField(
        _("employed by the nominating organisation since"), null=True, blank=True
    )
    quality_work_since = models.DateField(_("in quality work since"), null=True, blank=True)
    national_id_encrypted = models.TextField(_("national ID number (encrypted)"), editable=False)
    national_id_digest = models.CharField(max_length=64, editable=False, db_index=True)
    national_id_masked = models.CharField(
        _("national ID number (masked)"), max_length=18, editable=False
    )

    class Meta:
        verbose_name = _("individual nominee")
        verbose_name_plural = _("individual nominees")

    def __str__(self) -> str:
        return self.full_name


class DossierVersion(models.Model):
    """R13: what was submitted is kept exactly; a later change is a new version."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    data = models.JSONField(_("dossier as submitted"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("dossier version")
        verbose_name_plural = _("dossier versions")
        ordering = ["application", "number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="dossier_version_unique")
        ]


def attachment_storage_path(instance: Attachment, filename: str) -> str:
    """Generated name only: the original (Chinese) name lives in the database."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"attachments/{instance.application_id}/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="attachments"
    )
    kind = models.CharField(_("type"), max_length=20, choices=AttachmentKind.choices)
    file = models.FileField(_("file"), upload_to=attachment_storage_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    is_secret = models.BooleanField(_("business or technical secret"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["kind", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class EligibilityCheck(models.Model):
    """R5: one row per condition of Art. 13, with its evidence."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="eligibility_checks"
    )
    condition = models.CharField(_("condition"), max_length=4, choices=EligibilityCondition.choices)
    met = models.BooleanField(_("met"))
    evidence = models.TextField(_("evidence and notes"), blank=True)
    # What the dossier's data said when the officer recorded the row, and how.
    computed_met = models.BooleanField(_("computed result"), null=True, blank=True)
    computed_working = models.TextField(_("working"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("eligibility check")
        verbose_name_plural = _("eligibility checks")
        ordering = ["condition"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "condition"], name="one_check_per_condition"
            )
        ]


def reply_letter_storage_path(instance: Consultation, filename: str) -> str:
    """Generated name only: the original (Chinese) name lives in the database."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"consultations/{instance.application_id}/{uuid.uuid4().hex}{suffix}"


class Consultation(models.Model):
    """Art. 17: the office asks a department about an applicant; the liaison answers."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="consultations"
    )
    department = models.ForeignKey(
        "organisations.Department", verbose_name=_("department"), on_delete=models.PROTECT
    )
    question = models.TextField(_("question"))
    due_on = models.DateField(_("reply due"), null=True, blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    result = models.CharField(
        _("result"),
        max_length=20,
        choices=ConsultationResult.choices,
        default=ConsultationResult.PENDING,
    )
    details = models.TextField(_("details"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The liaisons reminded before the reply date, and told once when it passed.
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    overdue_notified_at = models.DateTimeField(_("overdue notice sent at"), null=True, blank=True)
    # A reply received on paper, entered by the office (answered_by is the office).
    paper_reply_received_on = models.DateField(_("paper reply received on"), null=True, blank=True)
    # R5: an adverse record blocks unless the office records why it does not apply.
    adverse_waiver_reason = models.TextField(_("why the adverse record does not apply"), blank=True)
    # The department's sealed reply letter, uploaded with the answer (checked
    # like every upload, stored under a generated name; office and the liaison only).
    reply_letter = models.FileField(
        _("sealed reply letter"), upload_to=reply_letter_storage_path, max_length=200, blank=True
    )
    reply_letter_name = models.CharField(_("file name"), max_length=255, blank=True)
    reply_letter_type = models.CharField(_("content type"), max_length=100, blank=True)
    reply_letter_size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    reply_letter_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "department"], name="one_consultation_per_department"
            )
        ]

    @property
    def blocks(self) -> bool:
        return self.result == ConsultationResult.ADVERSE and not self.adverse_waiver_reason

    def __str__(self) -> str:
        return f"{self.department} · {self.application}"


class AdverseRecord(models.Model):
    """R5 / Art. 13(6), 17: an adverse record about the organisation that arrived after the
    eligibility decision (a department's reply stating an adverse finding, an incident
    reported about the organisation). Until the office records why it does not apply, or
    disqualifies the application, it blocks the application's way forward."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="adverse_records"
    )
    source = models.CharField(_("source"), max_length=20, choices=AdverseSource.choices)
    # The consultation whose reply stated it; an incident lives in a higher app and is named
    # by its receipt number.
    consultation = models.ForeignKey(
        Consultation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reference = models.CharField(_("reference"), max_length=40, blank=True)
    reported_by = models.CharField(_("reported by"), max_length=200)
    details = models.TextField(_("details"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AdverseRecordStatus.choices,
        default=AdverseRecordStatus.UNRESOLVED,
    )
    resolution_reason = models.TextField(_("office's reason"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("adverse record")
        verbose_name_plural = _("adverse records")
        ordering = ["received_at", "pk"]

    def __str__(self) -> str:
        return f"{self.reported_by} · {self.application}"

    @property
    def unresolved(self) -> bool:
        return self.status == AdverseRecordStatus.UNRESOLVED

    @property
    def round_id(self) -> int:
        """The round its decisions are logged under (the decision log reads ``round_id``)."""
        return self.application.round_id


class SupplementRequest(models.Model):
    """Art. 17: the office asks for a supplement with a reply deadline; the applicant answers
    in the portal, after the main deadline too, and the answer is a new dossier version."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="supplement_requests"
    )
    what = models.TextField(_("what is missing"))
    due_at = models.DateTimeField(_("reply deadline"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.ForeignKey(
        DossierVersion,
        verbose_name=_("dossier version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("supplement request")
        verbose_name_plural = _("supplement requests")
        ordering = ["requested_at", "pk"]

    def __str__(self) -> str:
        return f"{self.application} · {self.what[:30]}"

    @property
    def answered(self) -> bool:
        return self.answered_at is not None


ZERO = Decimal("0")
