"""Round stages (Art. 16-22, R1) and their allowed moves."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundStage(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPLICATION = "application", _("Call published, applications open")
    ELIGIBILITY = "eligibility", _("Eligibility check")
    MATERIAL_REVIEW = "material_review", _("Material review")
    SITE_REVIEW = "site_review", _("Site review")
    COMPOSITE = "composite", _("Composite evaluation")
    DELIBERATION = "deliberation", _("Leading-group deliberation")
    PUBLICITY = "publicity", _("Publicity")
    APPROVAL = "approval", _("Awaiting government approval")
    PUBLISHED = "published", _("Winners published")


# R1: stages run in order; the office opens and closes each. Publicity may go back to
# deliberation when an upheld objection changes the list (Art. 21), which then needs its own
# publicity for any candidate added.
ROUND_TRANSITIONS: dict[str, set[str]] = {
    RoundStage.DRAFT: {RoundStage.APPLICATION},
    RoundStage.APPLICATION: {RoundStage.ELIGIBILITY},
    RoundStage.ELIGIBILITY: {RoundStage.MATERIAL_REVIEW},
    RoundStage.MATERIAL_REVIEW: {RoundStage.SITE_REVIEW},
    RoundStage.SITE_REVIEW: {RoundStage.COMPOSITE},
    RoundStage.COMPOSITE: {RoundStage.DELIBERATION},
    RoundStage.DELIBERATION: {RoundStage.PUBLICITY},
    RoundStage.PUBLICITY: {RoundStage.APPROVAL, RoundStage.DELIBERATION},
    RoundStage.APPROVAL: {RoundStage.PUBLISHED},
    RoundStage.PUBLISHED: set(),
}


class PrizeLevel(models.TextChoices):
    PRIZE = "prize", _("Mayor's Quality Award")
    NOMINATION = "nomination", _("Nomination prize")


class TiltRule(models.TextChoices):
    """R6 / Art. 15: how priority tags touch the ranking, as approved by the leading group."""

    PRECEDENCE_AT_EQUAL = "precedence", _("Precedence at equal scores only")
    BONUS_POINTS = "bonus", _("Bonus points on the composite score")
    NONE = "none", _("No tilt")


class NoticeKind(models.TextChoices):
    CALL = "call", _("Call notice")
    PUBLICITY = "publicity", _("Publicity notice")
    WINNERS = "winners", _("Winners announcement")
    REVOCATION = "revocation", _("Revocation notice")


class ItemKind(models.TextChoices):
    PROCESS = "process", _("Process (A-D-L-I)")
    RESULTS = "results", _("Results (Le-T-C-I)")


class PublicityDayUnit(models.TextChoices):
    """R1 / Art. 21: how a programme counts its publicity days (the 2022 measures: calendar
    days; other cities count working days)."""

    CALENDAR = "calendar", _("Calendar days")
    WORKING = "working", _("Working days")


class CalendarDayKind(models.TextChoices):
    """The office's calendar of the State Council's holiday arrangements: a public holiday
    (法定节假日, also the weekend days inside a holiday run), or a weekend day that is a
    working day (调休上班)."""

    HOLIDAY = "holiday", _("Public holiday")
    WORKING_DAY = "working_day", _("Adjusted working day")
