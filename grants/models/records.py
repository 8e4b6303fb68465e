"""Records kept about grants after the government's approval: prize payments (R4), plaques and
trophies (Art. 8), publication of the winners (Art. 22), history from before the portal
(Art. 34). Incidents, notices of bans and the recovery after fraud are the sanctions app's."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from awards.enums import PrizeLevel
from grants.enums import BanReason, Measures, PlaqueKind


class HandoverRecord(models.Model):
    """Who recorded a handover to a winner (money, plaque), and when."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class PrizePayment(HandoverRecord):
    """R4 / Art. 9: the prize money paid to a first-time prize winner (one payment)."""

    grant = models.OneToOneField(
        "grants.AwardGrant", on_delete=models.PROTECT, related_name="payment"
    )
    amount = models.DecimalField(_("amount paid (CNY)"), max_digits=12, decimal_places=2)
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(_("payment reference"), max_length=100)

    class Meta:
        verbose_name = _("prize payment")
        verbose_name_plural = _("prize payments")


class PlaqueIssue(HandoverRecord):
    """Art. 8, 22: the plaque or trophy handed to a winner of either level."""

    grant = models.OneToOneField(
        "grants.AwardGrant", on_delete=models.PROTECT, related_name="plaque"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=PlaqueKind.choices)
    issued_on = models.DateField(_("issued on"))
    received_by = models.CharField(_("received by"), max_length=100)

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
    # R15: the level's name as the programme wrote it when the win was imported (a win under
    # the 2017 measures keeps it, with the money paid, whatever the programme's rules become).
    level_name = models.CharField(_("name of the level"), max_length=100, blank=True)
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

    # Replaces the display Django derives from the choices: the programme names its levels.
    def get_level_display(self) -> str:  # type: ignore[no-redef]
        return self.level_name or self.programme.level_title(self.level)


class PastBan(models.Model):
    """R8 / Art. 34: a bar decided before the portal (also under the 2017 measures), keyed
    by credit code."""

    history_import = models.ForeignKey(HistoryImport, on_delete=models.PROTECT, related_name="+")
    # R8: the programme that decided the bar (see sanctions.Ban.programme).
    programme = models.ForeignKey(
        "awards.AwardProgramme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="+",
    )
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
