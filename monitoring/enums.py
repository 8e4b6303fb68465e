"""States and allowed moves of a winner's obligations after the award (Art. 24-26, 29): also
the annual reports (Art. 24) and the re-assessments (Art. 24, 29)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FundPurpose(models.TextChoices):
    """R10 / Art. 26: the purposes the prize money is mainly used for."""

    PUBLICITY = "publicity", _("Publicity of the organisation")
    IMPROVEMENT = "improvement", _("Continuous quality improvement")
    TACKLING = "tackling", _("Quality problem tackling")
    TRAINING = "training", _("Staff training")
    FACILITIES = "facilities", _("Quality inspection bodies and R&D facilities")
    HIGHER_AWARDS = (
        "higher_awards",
        _("Applying for the Jinggang and China Quality Awards (training, coaching, assessment)"),
    )
    OTHER = "other", _("Other use (not a purpose of Art. 26)")


# R10: uses outside Art. 26 are shown to the office as such.
ART26_PURPOSES = frozenset(FundPurpose.values) - {FundPurpose.OTHER}


class FundReportStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    SUBMITTED = "submitted", _("Submitted")
    CHECKED = "checked", _("Checked")
    RETURNED = "returned", _("Returned for revision")


# R10: how a fund-use report moves. DRAFT -> SUBMITTED -> CHECKED, or RETURNED -> SUBMITTED.
FUND_REPORT_TRANSITIONS: dict[str, set[str]] = {
    FundReportStatus.DRAFT: {FundReportStatus.SUBMITTED},
    FundReportStatus.SUBMITTED: {FundReportStatus.CHECKED, FundReportStatus.RETURNED},
    FundReportStatus.RETURNED: {FundReportStatus.SUBMITTED},
    FundReportStatus.CHECKED: set(),
}

# The winner may change its items and submit only in these states.
EDITABLE_FUND_STATUSES = frozenset({FundReportStatus.DRAFT, FundReportStatus.RETURNED})


class FundCheckResult(models.TextChoices):
    """R10 / Art. 26: the office's finding on the use of the prize money."""

    COMPLIANT = "compliant", _("Used for the purposes of Art. 26")
    PARTLY = "partly", _("Partly compliant: corrections required")
    MISUSED = "misused", _("Diverted to other uses")


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Visited")


VISIT_TRANSITIONS: dict[str, set[str]] = {
    VisitStatus.PLANNED: {VisitStatus.DONE},
    VisitStatus.DONE: set(),
}


class ActionStatus(models.TextChoices):
    """Art. 24: what the winner did about an opportunity for improvement."""

    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Completed")


class ObligationState(models.TextChoices):
    """The state of one obligation on the winner's and the office's pages."""

    DONE = "done", _("Done")
    DUE = "due", _("Due")
    OVERDUE = "overdue", _("Overdue")
    AWAITING = "awaiting", _("Awaiting the office")
    PLANNED = "planned", _("Planned")
    MISSING = "missing", _("Not planned")
    NOT_APPLICABLE = "n/a", _("Not applicable")


class ReportStatus(models.TextChoices):
    DUE = "due", _("Due")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned for revision")


# Art. 24: how an annual report moves. DUE -> SUBMITTED -> ACCEPTED, or RETURNED -> SUBMITTED.
REPORT_TRANSITIONS: dict[str, set[str]] = {
    ReportStatus.DUE: {ReportStatus.SUBMITTED},
    ReportStatus.SUBMITTED: {ReportStatus.ACCEPTED, ReportStatus.RETURNED},
    ReportStatus.RETURNED: {ReportStatus.SUBMITTED},
    ReportStatus.ACCEPTED: set(),
}


class ReassessmentResult(models.TextChoices):
    PENDING = "pending", _("Scheduled")
    MAINTAINED = "maintained", _("Maintained")
    IMPROVEMENT = "improvement", _("Improvement required")
    REVOCATION_GROUNDS = "grounds", _("Grounds for revocation")


# Art. 24, 29: a re-assessment is recorded once, from "scheduled" to its result.
REASSESSMENT_TRANSITIONS: dict[str, set[str]] = {
    ReassessmentResult.PENDING: {
        ReassessmentResult.MAINTAINED,
        ReassessmentResult.IMPROVEMENT,
        ReassessmentResult.REVOCATION_GROUNDS,
    },
    ReassessmentResult.MAINTAINED: set(),
    ReassessmentResult.IMPROVEMENT: set(),
    ReassessmentResult.REVOCATION_GROUNDS: set(),
}
