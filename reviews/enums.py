from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewStage(models.TextChoices):
    MATERIAL = "material", _("Material review")
    SITE = "site", _("Site review")


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


REVIEW_TRANSITIONS: dict[str, set[str]] = {
    ReviewStatus.DRAFT: {ReviewStatus.SUBMITTED},
    ReviewStatus.SUBMITTED: set(),
}


class ConflictKind(models.TextChoices):
    """R12: typed conflicts of interest."""

    CURRENT_EMPLOYER = "employer", _("Current employer")
    FORMER_EMPLOYER = "former_employer", _("Former employer within 3 years")
    GROUP_COMPANY = "group", _("Same group company")
    ADVISORY = "advisory", _("Consultancy or advisory work")
    FAMILY = "family", _("Family relation")
    COMPETITOR = "competitor", _("Competitor")
    OTHER = "other", _("Other")


class ConflictSource(models.TextChoices):
    DECLARED = "declared", _("Declared by the expert")
    DETECTED = "detected", _("Detected from the data")
    APPLICANT = "applicant", _("Named by the applicant")
    OFFICE = "office", _("Recorded by the office")


class ConflictScoreEffect(models.TextChoices):
    """R12: what a conflict recorded for an application did to the scores the expert had
    already submitted for it (blank: the expert had submitted none). Set with the conflict;
    "pending" becomes "excluded" only by the office's recomputation of the composite
    (reviews.services.rescoring.recompute_composite)."""

    EXCLUDED = "excluded", _("Review excluded from the official score")
    PENDING = "pending", _("Stage closed: the office must recompute the composite")
    LEADING_GROUP = "leading_group", _("The leading group has decided: for the leading group")


class DrawMethod(models.TextChoices):
    SUGGESTION = "suggestion", _("Suggestion: matching industries first, balanced load")
    RANDOM = "random", _("Random draw with balanced load")


class DrawStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    DISCARDED = "discarded", _("Discarded")


DRAW_TRANSITIONS: dict[str, set[str]] = {
    DrawStatus.PROPOSED: {DrawStatus.ACCEPTED, DrawStatus.DISCARDED},
    DrawStatus.ACCEPTED: set(),
    DrawStatus.DISCARDED: set(),
}
