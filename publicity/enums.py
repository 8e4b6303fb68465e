from django.db import models
from django.utils.translation import gettext_lazy as _


class VoteChoice(models.TextChoices):
    AGREE = "agree", _("Agree")
    DISAGREE = "disagree", _("Disagree")
    ABSTAIN = "abstain", _("Abstain")


class PlenaryOutcome(models.TextChoices):
    PASSED = "passed", _("Passed")
    REJECTED = "rejected", _("Rejected")


class ObjectionStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    VERIFYING = "verifying", _("Under verification")
    UPHELD = "upheld", _("Upheld")
    DISMISSED = "dismissed", _("Dismissed")


OBJECTION_TRANSITIONS: dict[str, set[str]] = {
    ObjectionStatus.RECEIVED: {ObjectionStatus.VERIFYING, ObjectionStatus.NOT_ACCEPTED},
    ObjectionStatus.VERIFYING: {ObjectionStatus.UPHELD, ObjectionStatus.DISMISSED},
    ObjectionStatus.NOT_ACCEPTED: set(),
    ObjectionStatus.UPHELD: set(),
    ObjectionStatus.DISMISSED: set(),
}
OPEN_OBJECTION_STATUSES = {ObjectionStatus.RECEIVED, ObjectionStatus.VERIFYING}
