"""States of a round archive export and their allowed moves."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ArchiveState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    BUILDING = "building", _("Being built")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


S = ArchiveState
ARCHIVE_TRANSITIONS: dict[str, set[str]] = {
    # A worker claims a queued archive.
    S.QUEUED: {S.BUILDING, S.FAILED},
    # A build finishes or fails; a transient error or a worker that died puts it back in the
    # queue (the claim re-takes a build whose worker stopped reporting progress).
    S.BUILDING: {S.READY, S.FAILED, S.QUEUED},
    S.READY: set(),
    S.FAILED: set(),
}
PENDING_STATES = (S.QUEUED, S.BUILDING)
