"""Sanctions after and before an award: incidents about winners (R11, Art. 29, 33), revocation
cases (R11, Art. 30), bans (R8), bar decisions after fraud found before an award (R8, Art. 28),
the notices of bans to other award bodies (R8) and the recovery of prize money after fraud.

These models lived in the grants app until sanctions became an app of its own: each keeps its
table (``Meta.db_table``), so no row moved."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from grants.enums import BanReason
from sanctions.enums import (
    AccidentGrade,
    AwardBody,
    FraudBarStatus,
    IncidentKind,
    IncidentSource,
    IncidentStatus,
    RevocationGround,
    RevocationStatus,
)


class Revocation(models.Model):
    """R8, R11: the office proposes with evidence; the municipal government decides."""

    grant = models.ForeignKey(
        "grants.AwardGrant", on_delete=models.PROTECT, related_name="revocations"
    )
    ground = models.CharField(_("ground"), max_length=20, choices=RevocationGround.choices)
    evidence = models.TextField(_("evidence"))
    # R11 / Art. 30: the day of the event, which must fall within the validity period.
    occurred_on = models.DateField(_("date of the event"), null=True, blank=True)
    # R11 (1): the accident's grade, recorded for ground (1) only.
    accident_grade = models.CharField(
        _("accident grade"), max_length=20, choices=AccidentGrade.choices, blank=True
    )
    organisation_response = models.TextField(_("organisation's response"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RevocationStatus.choices,
        default=RevocationStatus.PROPOSED,
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_on = models.DateField(_("decision date"), null=True, blank=True)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)

    class Meta:
        db_table = "grants_revocation"
        verbose_name = _("revocation")
        verbose_name_plural = _("revocations")


class Ban(models.Model):
    """R8: an organisation barred from applying until a date (also from earlier measures)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="bans"
    )
    # R8 / Art. 28, 30: the programme whose decision this bar is; it bars that programme's award
    # and those of the programmes that honour its bars (the rule setting
    # honoured_bar_programmes, as the round applied to kept it).
    programme = models.ForeignKey(
        "awards.AwardProgramme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=BanReason.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    revocation = models.ForeignKey(Revocation, null=True, blank=True, on_delete=models.PROTECT)
    # R8: a bar decided after fraud found before an award (the disqualified application).
    fraud_case = models.ForeignKey(
        "sanctions.FraudBarCase", null=True, blank=True, on_delete=models.PROTECT
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        db_table = "grants_ban"
        verbose_name = _("ban")
        verbose_name_plural = _("bans")
        ordering = ["-ends_on"]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.ends_on}"


class FraudBarCase(models.Model):
    """R8 / Art. 28: fraud found before an award disqualified the application; whether a bar
    follows is decided (no bar, with a reason; or proposed, then decided by the municipal
    government with date and document number) and recorded."""

    application = models.OneToOneField(
        "applications.Application", on_delete=models.PROTECT, related_name="fraud_bar_case"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=FraudBarStatus.choices,
        default=FraudBarStatus.PENDING,
    )
    reason = models.TextField(_("reason"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "grants_fraudbarcase"
        verbose_name = _("bar decision after fraud")
        verbose_name_plural = _("bar decisions after fraud")

    def __str__(self) -> str:
        return f"{self.application} → {self.status}"


class Incident(models.Model):
    """R11: something reported about a winner during validity, recorded against its grant.
    Art. 33: a public report of a forged certificate or of misuse of the title may name an
    organisation or certificate number that matches no grant; it then belongs to a programme
    (its office sees it) and has no grant."""

    grant = models.ForeignKey(
        "grants.AwardGrant",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incidents",
    )
    programme = models.ForeignKey(
        "awards.AwardProgramme",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("award programme"),
    )
    named_organisation = models.CharField(
        _("organisation named by the reporter"), max_length=200, blank=True
    )
    certificate_number = models.CharField(
        _("certificate number named by the reporter"), max_length=40, blank=True
    )
    source = models.CharField(_("source"), max_length=20, choices=IncidentSource.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=IncidentKind.choices)
    occurred_on = models.DateField(_("occurred on"), null=True, blank=True)
    description = models.TextField(_("description"))
    department = models.ForeignKey(
        "organisations.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("department"),
    )
    reporter_name = models.CharField(_("reporter's name"), max_length=100, blank=True)
    reporter_contact = models.CharField(_("reporter's contact"), max_length=100, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    receipt_number = models.CharField(_("receipt number"), max_length=30, unique=True)
    received_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=IncidentStatus.choices,
        default=IncidentStatus.RECEIVED,
    )
    office_note = models.TextField(_("office's note"), blank=True)
    revocation = models.ForeignKey(
        "sanctions.Revocation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        db_table = "grants_incident"
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(grant__isnull=False) | models.Q(programme__isnull=False),
                name="incident_about_a_grant_or_programme",
            )
        ]


class BanNotice(models.Model):
    """R8: the notice of a bar sent to the provincial or national award body."""

    ban = models.ForeignKey("sanctions.Ban", on_delete=models.PROTECT, related_name="notices")
    body = models.CharField(_("award body"), max_length=20, choices=AwardBody.choices)
    sent_on = models.DateField(_("sent on"))
    reference = models.CharField(_("reference"), max_length=100)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "grants_bannotice"
        verbose_name = _("notice to an award body")
        verbose_name_plural = _("notices to award bodies")
        ordering = ["sent_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["ban", "body"], name="one_notice_per_body")]


class FraudRecovery(models.Model):
    """R8 / Art. 28: after a fraud revocation the prize money is recovered and the plaque and
    certificate returned."""

    revocation = models.OneToOneField(
        "sanctions.Revocation", on_delete=models.PROTECT, related_name="recovery"
    )
    amount_due = models.DecimalField(
        _("prize money to recover (CNY)"), max_digits=12, decimal_places=2
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    recovered_amount = models.DecimalField(
        _("recovered (CNY)"), max_digits=12, decimal_places=2, default=0
    )
    recovered_on = models.DateField(_("recovered on"), null=True, blank=True)
    plaque_returned_on = models.DateField(_("plaque returned on"), null=True, blank=True)
    certificate_returned_on = models.DateField(_("certificate returned on"), null=True, blank=True)

    class Meta:
        db_table = "grants_fraudrecovery"
        verbose_name = _("fraud recovery")
        verbose_name_plural = _("fraud recoveries")
