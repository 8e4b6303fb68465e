"""Choices of the records kept about grants after approval: plaques (Art. 8, 22), imported
history (Art. 34), incidents about winners (R11), notices to other award bodies (R8)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlaqueKind(models.TextChoices):
    PLAQUE = "plaque", _("Plaque")
    TROPHY = "trophy", _("Trophy")


class Measures(models.TextChoices):
    """Art. 34: the 2022 measures replaced those of 2017 (赣市府发〔2017〕12号)."""

    M2017 = "2017", _("2017 measures (赣市府发〔2017〕12号)")
    M2022 = "2022", _("2022 measures")


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
    """R8: the bar also covers the provincial and national awards."""

    PROVINCIAL = "provincial", _("Jiangxi Jinggang Quality Award office (江西省井冈质量奖)")
    NATIONAL = "national", _("China Quality Award office (中国质量奖)")
