"""The states of the sanctions' workflows and their allowed moves, and the grounds, kinds and
bodies they name."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RevocationGround(models.TextChoices):
    """R11 / Art. 30, and R8 / Art. 28 fraud."""

    ACCIDENT = "accident", _("(1) Responsibility accident of grade 较大 or above")
    QUALITY_PROBLEM = "quality", _("(2) Major quality problem dealt with by a regulator")
    LOSSES = "losses", _("(3) Serious operating losses in 2 consecutive years")
    TAX = "tax", _("(4) Major tax dishonesty or another serious violation")
    OTHER = "other", _("(5) Other serious breach of the award's purpose")
    FRAUD = "fraud", _("Fraud in the application (Art. 28)")


class RevocationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed by the office")
    REVOKED = "revoked", _("Revoked by the municipal government")
    REJECTED = "rejected", _("Not revoked")


# A revocation case: the government decides once, either way.
REVOCATION_TRANSITIONS: dict[str, set[str]] = {
    RevocationStatus.PROPOSED: {RevocationStatus.REVOKED, RevocationStatus.REJECTED},
    RevocationStatus.REVOKED: set(),
    RevocationStatus.REJECTED: set(),
}


class FraudBarStatus(models.TextChoices):
    """R8 / Art. 28: whether a bar follows fraud found before an award."""

    PENDING = "pending", _("Bar to be decided")
    NO_BAR = "no_bar", _("No bar")
    PROPOSED = "proposed", _("Bar proposed to the municipal government")
    BARRED = "barred", _("Barred by the municipal government")


# R8: fraud bar cases: allowed moves.
FRAUD_BAR_TRANSITIONS: dict[str, set[str]] = {
    FraudBarStatus.PENDING: {FraudBarStatus.NO_BAR, FraudBarStatus.PROPOSED},
    FraudBarStatus.PROPOSED: {FraudBarStatus.BARRED, FraudBarStatus.NO_BAR},
    FraudBarStatus.NO_BAR: set(),
    FraudBarStatus.BARRED: set(),
}


class AccidentGrade(models.TextChoices):
    """R11 (1) / Art. 30 (1): the grade of a responsibility accident, highest first."""

    EXTRAORDINARY = "extraordinary", _("Extraordinarily serious (特别重大)")
    SERIOUS = "serious", _("Serious (重大)")
    MAJOR = "major", _("Major (较大)")
    ORDINARY = "ordinary", _("Ordinary (一般)")


# R11 (1): only an accident of the grade 较大 or above is a ground for revocation.
REVOCABLE_ACCIDENT_GRADES = frozenset(
    {AccidentGrade.EXTRAORDINARY, AccidentGrade.SERIOUS, AccidentGrade.MAJOR}
)


class IncidentSource(models.TextChoices):
    DEPARTMENT = "department", _("Department")
    PUBLIC = "public", _("Public report")
    OFFICE = "office", _("Office's own finding")


class IncidentKind(models.TextChoices):
    ACCIDENT = "accident", _("Accident")
    PENALTY = "penalty", _("Administrative penalty")
    SPOT_CHECK = "spot_check", _("Failed spot check")
    COMPLAINT = "complaint", _("Quality complaint")
    MISUSE = "misuse", _("Misuse of the title or mark")
    FORGERY = "forgery", _("Forged certificate")
    OTHER = "other", _("Other")


class IncidentStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    NO_ACTION = "no_action", _("Closed without action")
    CASE_OPENED = "case_opened", _("Revocation case opened")


INCIDENT_TRANSITIONS: dict[str, set[str]] = {
    IncidentStatus.RECEIVED: {IncidentStatus.NO_ACTION, IncidentStatus.CASE_OPENED},
    IncidentStatus.NO_ACTION: set(),
    IncidentStatus.CASE_OPENED: set(),
}


class AwardBody(models.TextChoices):
    """Art. 28 and 30: the bar also covers the provincial and national awards."""

    PROVINCIAL = "provincial", _("Jiangxi Jinggang Quality Award office (江西省井冈质量奖)")
    NATIONAL = "national", _("China Quality Award office (中国质量奖)")
