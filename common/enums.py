"""States of a document built in the background (common.built_documents)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BuildState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


# A machine state that records no decision: it moves only by the claims and conditional
# updates of common.built_documents (as an outbox message's delivery does).
PENDING_BUILD_STATES = (BuildState.QUEUED, BuildState.RUNNING)
