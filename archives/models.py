"""A round's complete record exported as one ZIP for the government's files."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from archives.enums import ArchiveState


class RoundArchive(models.Model):
    """One export of a round: built by the ``archives.build_round_archive`` task into the
    private storage, downloaded by the programme's office. A new export is a new row; the
    finished ZIP never changes (its SHA-256 is stored here)."""

    round = models.ForeignKey(
        "awards.Round", verbose_name=_("round"), on_delete=models.PROTECT, related_name="archives"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=ArchiveState.choices, default=ArchiveState.QUEUED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    # Moved forward with every member written: a build whose heartbeat stops is taken over.
    heartbeat_at = models.DateTimeField(_("last progress at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    members_total = models.PositiveIntegerField(_("files to write"), default=0)
    members_done = models.PositiveIntegerField(_("files written"), default=0)
    current_member = models.CharField(_("writing"), max_length=200, blank=True)
    file = models.FileField(_("ZIP file"), upload_to="archives/", max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    log_rows = models.PositiveIntegerField(_("decision-log rows"), null=True, blank=True)
    log_head = models.CharField(_("decision-log head hash"), max_length=64, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("round archive")
        verbose_name_plural = _("round archives")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            # At most one export of a round is waiting or being built at a time.
            models.UniqueConstraint(
                fields=["round"],
                condition=models.Q(state__in=["queued", "building"]),
                name="one_pending_archive_per_round",
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def progress_percent(self) -> int:
        if self.state == ArchiveState.READY:
            return 100
        if not self.members_total:
            return 0
        return min(99, self.members_done * 100 // self.members_total)

    @property
    def download_name(self) -> str:
        return f"round-{self.round.year}-archive-{self.pk}.zip"
