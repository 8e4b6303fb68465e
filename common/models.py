from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.enums import BuildState


class RateCounter(models.Model):
    """One rate limit's count in its current fixed window (common.ratelimit), kept in the
    database when no Redis is configured. The row is locked while it is counted."""

    key = models.CharField(max_length=255, unique=True)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}: {self.count} since {self.window_start:%Y-%m-%d %H:%M:%S}"


class BuiltDocument(models.Model):
    """A long document (a PDF) built in the background and kept until what it was built from
    changes (common.built_documents). One row per document: the application form of one
    application, the meeting packet of one round. ``content_key`` is the SHA-256 of the kind,
    its version and the HTML (and styles) given to WeasyPrint; a download whose current key
    equals a finished row's key is served from ``document`` without rendering again."""

    kind = models.CharField(_("kind"), max_length=60)
    object_id = models.PositiveBigIntegerField(_("object"))
    state = models.CharField(
        _("state"), max_length=10, choices=BuildState.choices, default=BuildState.QUEUED
    )
    # Of the stored file once done; of the content that failed to build once failed.
    content_key = models.CharField(_("content key"), max_length=64, blank=True)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    built_at = models.DateTimeField(_("built at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)
    document = models.FileField(_("file"), upload_to="built/", max_length=255, blank=True)
    document_name = models.CharField(_("file name"), max_length=255, blank=True)
    document_content_type = models.CharField(
        _("content type"), max_length=100, default="application/pdf"
    )
    size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)

    class Meta:
        verbose_name = _("built document")
        verbose_name_plural = _("built documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="one_built_document")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} ({self.state})"
