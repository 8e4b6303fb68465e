"""The events an office's systems can subscribe to. The codes are part of the integrators'
contract (docs/webhooks.md): never rename one."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WebhookEvent(models.TextChoices):
    ROUND_STAGE_CHANGED = "round.stage_changed", _("Round stage changed")
    CALL_PUBLISHED = "call.published", _("Call notice published")
    PUBLICITY_OPENED = "publicity.opened", _("Publicity opened")
    PUBLICITY_CLOSED = "publicity.closed", _("Publicity closed")
    APPROVAL_RECORDED = "approval.recorded", _("Government approval recorded")
    CERTIFICATE_ISSUED = "certificate.issued", _("Certificate issued")
    AWARD_REVOKED = "award.revoked", _("Award revoked")
    BAR_IMPOSED = "bar.imposed", _("Bar imposed")
