"""Round stages (Art. 16-22, R1) and their allowed moves."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundStage(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPLICATION = "application", _("Call published, applications open")
    ELIGIBILITY = "eligibility", _("Eligibility check")
    MATERIAL_REVIEW = "material_review", _("Material review")
    # Held only by a round whose programme's rules hold it (R1, awards.rules.stages_of).
    DEFENCE = "defence", _("Question-and-defence")
    SITE_REVIEW = "site_review", _("Site review")
    COMPOSITE = "composite", _("Composite evaluation")
    DELIBERATION = "deliberation", _("Leading-group deliberation")
    PUBLICITY = "publicity", _("Publicity")
    APPROVAL = "approval", _("Awaiting government approval")
    PUBLISHED = "published", _("Winners published")


# R1: stages run in order; the office opens and closes each. Publicity may go back to
# deliberation when an upheld objection changes the list (Art. 21), which then needs its own
# publicity for any candidate added. After the material review a round goes to the
# question-and-defence stage (问询答辩) when its programme's rules hold one, else straight to
# the site review: the table allows both, and R1's named rule (awards.rules.check_stage_passage,
# applied by awards.services.transition_round) picks the one the round's rules give.
ROUND_TRANSITIONS: dict[str, set[str]] = {
    RoundStage.DRAFT: {RoundStage.APPLICATION},
    RoundStage.APPLICATION: {RoundStage.ELIGIBILITY},
    RoundStage.ELIGIBILITY: {RoundStage.MATERIAL_REVIEW},
    RoundStage.MATERIAL_REVIEW: {RoundStage.DEFENCE, RoundStage.SITE_REVIEW},
    RoundStage.DEFENCE: {RoundStage.SITE_REVIEW},
    RoundStage.SITE_REVIEW: {RoundStage.COMPOSITE},
    RoundStage.COMPOSITE: {RoundStage.DELIBERATION},
    RoundStage.DELIBERATION: {RoundStage.PUBLICITY},
    RoundStage.PUBLICITY: {RoundStage.APPROVAL, RoundStage.DELIBERATION},
    RoundStage.APPROVAL: {RoundStage.PUBLISHED},
    RoundStage.PUBLISHED: set(),
}


class NomineeKind(models.TextChoices):
    """Who an application nominates: the applying organisation itself, or a person it employs
    (an individual award, e.g. 南昌市市长质量奖's chief quality officers)."""

    ORGANISATION = "organisation", _("Organisation")
    INDIVIDUAL = "individual", _("Individual")


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


class CertificateStandard(models.TextChoices):
    """Management-system certificates the form (申报表) lists with their dates; a programme
    accepts some of them for Art. 13(3) (its rule settings)."""

    GBT19001 = "gbt19001", _("GB/T 19001 / ISO 9001 quality management")
    GBT24001 = "gbt24001", _("GB/T 24001 / ISO 14001 environmental management")
    GBT45001 = "gbt45001", _("GB/T 45001 / ISO 45001 occupational health and safety")
    IATF16949 = "iatf16949", _("IATF 16949 automotive quality management")
    GBT29490 = "gbt29490", _("GB/T 29490 intellectual property management")
    OTHER = "other", _("Other international management system")


class WorkPlanStatus(models.TextChoices):
    """Art. 11(3): the office drafts the year's work plan, the leading group approves it."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the leading group")
    APPROVED = "approved", _("Approved by the leading group")


# Art. 11(3): the office submits its draft; the leading group approves it or returns it to the
# office for changes. An approved plan is final (its milestones are still marked done).
WORK_PLAN_TRANSITIONS: dict[str, set[str]] = {
    WorkPlanStatus.DRAFT: {WorkPlanStatus.SUBMITTED},
    WorkPlanStatus.SUBMITTED: {WorkPlanStatus.APPROVED, WorkPlanStatus.DRAFT},
    WorkPlanStatus.APPROVED: set(),
}


class TrainingAudience(models.TextChoices):
    """Art. 11(3): whom a training session of the work plan is for."""

    EXPERTS = "experts", _("Experts (evaluators)")
    APPLICANTS = "applicants", _("Applicants")
    OFFICES = "offices", _("County and zone award offices")


class ProgrammeTemplate(models.TextChoices):
    """What a new programme starts from: the Ganzhou 2022 measures (the model's defaults), the
    settings and rules of the city programme that guides it (Art. 11(9)) or, on the operator's
    set-up page, those of another programme on the portal."""

    MEASURES = "measures", _("The Ganzhou 2022 measures")
    GUIDING = "guiding", _("The settings and rules of the guiding programme")
    # The operator's set-up page: any programme's settings, rules and holiday calendar.
    COPY = "copy", _("The settings and rules of another programme")
