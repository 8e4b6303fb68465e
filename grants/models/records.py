"""Records kept about grants after the government's approval: prize payments (R4), plaques and
trophies (Art. 8), publication of the winners (Art. 22), history from before the portal
(Art. 34), incidents about winners (R11), notices of bans to other award bodies (R8) and the
recovery of prize money after fraud (Art. 28)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from awards.enums import PrizeLevel
from grants.enums import (
    AwardBody,
    BanReason,
    IncidentKind,
    IncidentSource,
    IncidentStatus,
    Measures,
    PlaqueKind,
)


class PrizePayment(models.Model):
    """R4 / Art. 9: the prize money paid to a first-time prize winner (one payment)."""

    grant = models.OneToOneField(
        "grants.AwardGrant", on_delete=models.PROTECT, related_name="payment"
    )
    amount = models.DecimalField(_("amount paid (CNY)"), max_digits=12, decimal_places=2)
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(_("payment reference"), max_length=100)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("prize payment")
        verbose_name_plural = _("prize payments")


class PlaqueIssue(models.Model):
    """Art. 8, 22: the plaque or trophy handed to a winner of either level."""

    grant = models.OneToOneField(
        "grants.AwardGrant", on_delete=models.PROTECT, related_name="plaque"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=PlaqueKind.choices)
    issued_on = models.DateField(_("issued on"))
    received_by = models.CharField(_("received by"), max_length=100)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("plaque or trophy")
        verbose_name_plural = _("plaques and trophies")


class WinnersOutlet(models.Model):
    """Art. 22: where the approved list was published (government website, newspaper)."""

    round = models.ForeignKey(
        "awards.Round", on_delete=models.PROTECT, related_name="winner_outlets"
    )
    outlet = models.CharField(_("outlet"), max_length=200)
    published_on = models.DateField(_("published on"))
    url = models.URLField(_("link"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("winners announcement outlet")
        verbose_name_plural = _("winners announcement outlets")
        ordering = ["published_on", "pk"]


def history_file_path(instance: HistoryImport, filename: str) -> str:
    return f"history/{uuid.uuid4().hex}.xlsx"


class HistoryImport(models.Model):
    """Art. 34, R4, R7, R8: one Excel file of earlier winners and bans, imported whole."""

    file = models.FileField(_("file"), upload_to=history_file_path, max_length=200)
    original_name = models.CharField(_("original file name"), max_length=200)
    wins = models.PositiveIntegerField(_("winners imported"), default=0)
    bans = models.PositiveIntegerField(_("bans imported"), default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("history import")
        verbose_name_plural = _("history imports")
        ordering = ["-imported_at", "-pk"]


class PastWin(models.Model):
    """A win from before the portal, keyed by credit code (the organisation may not have
    registered yet). R4 first-time money and the R7 interval count it."""

    history_import = models.ForeignKey(HistoryImport, on_delete=models.PROTECT, related_name="+")
    programme = models.ForeignKey(
        "awards.AwardProgramme", on_delete=models.PROTECT, related_name="+"
    )
    round_year = models.PositiveSmallIntegerField(_("round year"))
    level = models.CharField(_("prize level"), max_length=20, choices=PrizeLevel.choices)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, db_index=True)
    organisation_name = models.CharField(_("organisation name"), max_length=200)
    approved_on = models.DateField(_("approval date"))
    money_paid = models.DecimalField(_("money paid (CNY)"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("earlier winner")
        verbose_name_plural = _("earlier winners")
        ordering = ["-round_year", "organisation_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "round_year", "credit_code"], name="one_past_win_per_round"
            )
        ]


class PastBan(models.Model):
    """R8 / Art. 34: a bar decided before the portal (also under the 2017 measures), keyed
    by credit code."""

    history_import = models.ForeignKey(HistoryImport, on_delete=models.PROTECT, related_name="+")
    credit_code = models.CharField(_("unified social credit code"), max_length=18, db_index=True)
    organisation_name = models.CharField(_("organisation name"), max_length=200)
    reason = models.CharField(_("reason"), max_length=20, choices=BanReason.choices)
    measures = models.CharField(_("measures"), max_length=4, choices=Measures.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    document_number = models.CharField(_("document number"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("earlier ban")
        verbose_name_plural = _("earlier bans")
        ordering = ["-ends_on", "organisation_name"]


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
        "grants.Revocation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
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

    ban = models.ForeignKey("grants.Ban", on_delete=models.PROTECT, related_name="notices")
    body = models.CharField(_("award body"), max_length=20, choices=AwardBody.choices)
    sent_on = models.DateField(_("sent on"))
    reference = models.CharField(_("reference"), max_length=100)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("notice to an award body")
        verbose_name_plural = _("notices to award bodies")
        ordering = ["sent_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["ban", "body"], name="one_notice_per_body")]


class FraudRecovery(models.Model):
    """R8 / Art. 28: after a fraud revocation the prize money is recovered and the plaque and
    certificate returned."""

    revocation = models.OneToOneField(
        "grants.Revocation", on_delete=models.PROTECT, related_name="recovery"
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
        verbose_name = _("fraud recovery")
        verbose_name_plural = _("fraud recoveries")
