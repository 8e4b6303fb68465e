"""Application statuses and their allowed moves (Art. 16-22)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    NOT_SUBMITTED = "not_submitted", _("Not submitted by the deadline")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ELIGIBLE = "eligible", _("Eligible: in material review")
    INELIGIBLE = "ineligible", _("Not eligible")
    SITE_REVIEW = "site_review", _("Selected for site review")
    NOT_SELECTED = "not_selected", _("Not selected for site review")
    CANDIDATE = "candidate", _("Candidate")
    NOT_CANDIDATE = "not_candidate", _("Not a candidate")
    PROPOSED = "proposed", _("On the proposed list")
    NOT_PROPOSED = "not_proposed", _("Not on the proposed list")
    AWARDED = "awarded", _("Awarded")
    NOT_AWARDED = "not_awarded", _("Not approved")
    DISQUALIFIED = "disqualified", _("Disqualified")


S = ApplicationStatus
# Disqualification (fraud found before an award, R8) and withdrawal reach every open status.
_OPEN = {S.SUBMITTED, S.ELIGIBLE, S.SITE_REVIEW, S.CANDIDATE, S.PROPOSED}
APPLICATION_TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.SUBMITTED, S.NOT_SUBMITTED, S.WITHDRAWN},
    S.SUBMITTED: {S.ELIGIBLE, S.INELIGIBLE, S.WITHDRAWN, S.DISQUALIFIED},
    S.ELIGIBLE: {S.SITE_REVIEW, S.NOT_SELECTED, S.WITHDRAWN, S.DISQUALIFIED},
    S.SITE_REVIEW: {S.CANDIDATE, S.NOT_CANDIDATE, S.WITHDRAWN, S.DISQUALIFIED},
    S.CANDIDATE: {S.PROPOSED, S.NOT_PROPOSED, S.WITHDRAWN, S.DISQUALIFIED},
    # An upheld objection takes a proposed organisation off the list (Art. 21).
    S.PROPOSED: {S.AWARDED, S.NOT_AWARDED, S.NOT_PROPOSED, S.WITHDRAWN, S.DISQUALIFIED},
    # The leading group may add a replacement, publicised for its own period (Art. 21).
    S.NOT_PROPOSED: {S.PROPOSED},
    S.NOT_SUBMITTED: set(),
    S.WITHDRAWN: set(),
    S.INELIGIBLE: set(),
    S.NOT_SELECTED: set(),
    S.NOT_CANDIDATE: set(),
    S.AWARDED: set(),
    S.NOT_AWARDED: set(),
    S.DISQUALIFIED: set(),
}
OPEN_STATUSES = _OPEN
# Statuses an expert's material review covers / site review covers.
IN_REVIEW_STATUSES = {S.ELIGIBLE, S.SITE_REVIEW}


class AttachmentKind(models.TextChoices):
    APPLICATION_FORM = "form", _("Signed and sealed application form")
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment report")
    BUSINESS_LICENCE = "licence", _("Business licence")
    CERTIFICATE = "certificate", _("Management system certificate")
    FINANCIALS = "financials", _("Audited financial statements")
    TAX = "tax", _("Tax certificate")
    COMPLIANCE = "compliance", _("Compliance certificate")
    EVIDENCE = "evidence", _("Other evidence")


class EligibilityCondition(models.TextChoices):
    """R5 / Art. 13: each condition is checked and recorded with its evidence."""

    C1_REGISTRATION = (
        "c1",
        _("(1) Registered in the city, legal person, 3+ years of lawful operation"),
    )
    C2_COMPLIANCE = "c2", _("(2) Industry policy, environment, energy, safety, quality, licences")
    C3_SYSTEMS = "c3", _("(3) GB/T 19001 certification 3+ years; excellence model 2+ years")
    C4_PERFORMANCE = (
        "c4",
        _("(4) Leading indicators, safety standardisation level 3+, profitable 2 years"),
    )
    C5_RECORD = "c5", _("(5) Distinctive, improving quality record worth spreading")
    C6_INTEGRITY = "c6", _("(6) No serious incident or dishonesty in the last 3 years")


class ConsultationResult(models.TextChoices):
    PENDING = "pending", _("Awaiting reply")
    NO_ADVERSE = "no_adverse", _("No adverse record")
    ADVERSE = "adverse", _("Adverse record")
