from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from awards.enums import NomineeKind, PrizeLevel
from grants.enums import CertificateRender, GrantStatus


def approval_document_path(instance: ApprovalDecision, filename: str) -> str:
    """A generated name: the user's file name is kept only for display (uploads.py rules)."""
    suffix = PurePosixPath(filename).suffix.lower()
    return f"approvals/{instance.round_id}/{uuid.uuid4().hex}{suffix}"


class ApprovalDecision(models.Model):
    """Art. 22: the municipal government's executive meeting approves the list."""

    round = models.ForeignKey("awards.Round", on_delete=models.PROTECT, related_name="approvals")
    approved_on = models.DateField(_("approval date"))
    meeting = models.CharField(_("meeting"), max_length=200)
    document_number = models.CharField(_("document number"), max_length=100)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # Art. 22: the scanned decision document, stored under a generated name (uploads.py rules).
    document = models.FileField(
        _("decision document"), upload_to=approval_document_path, max_length=200, blank=True
    )
    document_name = models.CharField(_("original file name"), max_length=200, blank=True)
    document_content_type = models.CharField(max_length=100, blank=True)
    document_uploaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("approval decision")
        verbose_name_plural = _("approval decisions")

    def __str__(self) -> str:
        return f"{self.document_number} ({self.approved_on})"


class AwardGrant(models.Model):
    round = models.ForeignKey("awards.Round", on_delete=models.PROTECT, related_name="grants")
    application = models.OneToOneField(
        "applications.Application", on_delete=models.PROTECT, related_name="grant"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="grants"
    )
    approval = models.ForeignKey(ApprovalDecision, on_delete=models.PROTECT, related_name="grants")
    level = models.CharField(_("prize level"), max_length=20, choices=PrizeLevel.choices)
    amount = models.DecimalField(_("prize money (CNY)"), max_digits=12, decimal_places=2, default=0)
    # R7: a repeat win gives certificate and honour only and does not count against the quota.
    is_repeat = models.BooleanField(_("repeat winner"), default=False)
    approved_on = models.DateField(_("approval date"))
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(
        _("status"), max_length=10, choices=GrantStatus.choices, default=GrantStatus.VALID
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("award grant")
        verbose_name_plural = _("award grants")
        ordering = ["-approved_on", "organisation__name"]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.round.year} · {self.get_level_display()}"

    # Replaces the display Django derives from the choices: the programme names its levels.
    def get_level_display(self) -> str:  # type: ignore[no-redef]
        return self.round.level_name(self.level)

    @property
    def is_individual(self) -> bool:
        return self.application.nominee_kind == NomineeKind.INDIVIDUAL

    @property
    def winner_name(self) -> str:
        """Who won, as the public pages write it: the organisation, or the person with the
        employer (PIPL: never the national ID number). Read with ``application__nominee``."""
        if not self.is_individual:
            return self.organisation.name
        return f"{self.application.nominee.full_name}（{self.organisation.name}）"

    @property
    def award_title(self) -> str:
        """R15: the award's name: the level's, or the individual award's."""
        if self.is_individual:
            return self.round.individual_award_name()
        return self.get_level_display()


class Certificate(models.Model):
    """R15: one per grant, a fixed verification number; the PDF is made once by a task."""

    grant = models.OneToOneField(AwardGrant, on_delete=models.PROTECT, related_name="certificate")
    number = models.CharField(_("verification number"), max_length=40, unique=True)
    file = models.FileField(_("PDF"), upload_to="certificates/", max_length=200, blank=True)
    generated_at = models.DateTimeField(_("generated at"), null=True, blank=True)
    render_state = models.CharField(
        _("rendering"),
        max_length=12,
        choices=CertificateRender.choices,
        default=CertificateRender.QUEUED,
        db_index=True,
    )
    render_attempts = models.PositiveIntegerField(_("rendering attempts"), default=0)
    render_claimed_at = models.DateTimeField(_("rendering claimed at"), null=True, blank=True)
    # The task that holds the claim: its own message redelivered (its worker died) takes over.
    render_task_id = models.CharField(max_length=64, blank=True, editable=False)
    render_error = models.TextField(_("rendering error"), blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return self.number
