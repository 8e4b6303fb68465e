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
    # The office's recomputation of the composite after a late conflict (R12) may move an
    # application across the candidate line, before the plenary decides (Art. 20-21).
    S.CANDIDATE: {S.PROPOSED, S.NOT_PROPOSED, S.NOT_CANDIDATE, S.WITHDRAWN, S.DISQUALIFIED},
    # An upheld objection takes a proposed organisation off the list (Art. 21).
    S.PROPOSED: {S.AWARDED, S.NOT_AWARDED, S.NOT_PROPOSED, S.WITHDRAWN, S.DISQUALIFIED},
    # The leading group may add a replacement, publicised for its own period (Art. 21).
    S.NOT_PROPOSED: {S.PROPOSED},
    S.NOT_SUBMITTED: set(),
    S.WITHDRAWN: set(),
    S.INELIGIBLE: set(),
    S.NOT_SELECTED: set(),
    S.NOT_CANDIDATE: {S.CANDIDATE},
    S.AWARDED: set(),
    S.NOT_AWARDED: set(),
    S.DISQUALIFIED: set(),
}
OPEN_STATUSES = _OPEN
# Art. 12: the recommending unit writes or revises its opinion until eligibility is decided.
RECOMMENDATION_OPEN_STATUSES = frozenset({S.DRAFT, S.SUBMITTED})
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
    # Art. 13(4): a non-profit organisation's evidence of its social contribution.
    SOCIAL_CONTRIBUTION = "social_contribution", _("Evidence of social contribution")
    # Art. 12, 28: uploaded by the recommending unit with its opinion, never by the applicant.
    RECOMMENDATION_LETTER = "recommendation", _("Recommending unit's sealed letter")


# The kinds only someone other than the applicant uploads (and the applicant cannot remove).
NOT_APPLICANT_KINDS = frozenset({AttachmentKind.RECOMMENDATION_LETTER.value})


class EligibilityCondition(models.TextChoices):
    """R5 / Art. 13: each condition is checked and recorded with its evidence."""

    C1_REGISTRATION = (
        "c1",
        _("(1) Registered in the city, legal person, 3+ years of lawful operation"),
    )
    # Art. 13(1), "在本市行政区域内依法登记注册": registered within the programme's
    # registration area (a rule setting the round keeps; a zone's award: the zone). Checked
    # only in a round whose rules restrict the area.
    AREA = (
        "area",
        _("(1) Registered within the award's registration area"),
    )
    C2_COMPLIANCE = "c2", _("(2) Industry policy, environment, energy, safety, quality, licences")
    C3_SYSTEMS = "c3", _("(3) GB/T 19001 certification 3+ years; excellence model 2+ years")
    C4_PERFORMANCE = (
        "c4",
        _("(4) Leading indicators, safety standardisation level 3+, profitable 2 years"),
    )
    # Art. 13(4), second half: a non-profit organisation meets (4) by a social contribution
    # among the best of its field; this row replaces C4_PERFORMANCE for such an applicant.
    C4_NON_PROFIT = (
        "c4np",
        _("(4) Non-profit organisation: social contribution among the best of its field"),
    )
    C5_RECORD = "c5", _("(5) Distinctive, improving quality record worth spreading")
    C6_INTEGRITY = (
        "c6",
        _(
            "(6) Social responsibility, integrity and reputation: none of the adverse records"
            " Art. 13(6) lists in the last 3 years"
        ),
    )
    # R2: the quota bucket follows the organisation's industry; the office confirms it.
    SECTOR = (
        "sec",
        _("Sector bucket: GB/T 4754 section C is manufacturing, every other the second"),
    )
    # Art. 11(5): the office's own investigation, recorded with its findings.
    INVESTIGATION = (
        "inv",
        _("Office investigation of the quality record and public reputation (Art. 11(5))"),
    )
    # R5 / Art. 8: an individual nominee's own conditions (the programme's rule settings).
    IND_EMPLOYMENT = (
        "iemp",
        _("Individual: years employed by the nominating organisation"),
    )
    IND_QUALITY_WORK = "iqw", _("Individual: years in quality work")


# Art. 13(4): the row of condition (4) each kind of organisation is checked against.
FOR_PROFIT_ONLY_CONDITIONS = frozenset({EligibilityCondition.C4_PERFORMANCE})
NON_PROFIT_ONLY_CONDITIONS = frozenset({EligibilityCondition.C4_NON_PROFIT})
# R5 / Art. 8: the rows checked for an individual nominee only.
INDIVIDUAL_ONLY_CONDITIONS = frozenset(
    {EligibilityCondition.IND_EMPLOYMENT, EligibilityCondition.IND_QUALITY_WORK}
)


class LeaderTagDecision(models.TextChoices):
    """R6 / Art. 15: the office's decision on a claimed tag of a leading or advantaged
    enterprise of one of the city's leading industries (only a confirmed tag tilts)."""

    PENDING = "", _("Awaiting the office's decision")
    CONFIRMED = "confirmed", _("Confirmed by the office")
    REFUSED = "refused", _("Refused by the office")


class ConsultationResult(models.TextChoices):
    PENDING = "pending", _("Awaiting reply")
    NO_ADVERSE = "no_adverse", _("No adverse record")
    ADVERSE = "adverse", _("Adverse record")


class SafetyLevel(models.TextChoices):
    """R5 (4): work-safety standardisation grade (安全生产标准化等级); level 3 or better."""

    LEVEL_1 = "1", _("Level 1")
    LEVEL_2 = "2", _("Level 2")
    LEVEL_3 = "3", _("Level 3")
    NONE = "none", _("Not graded")


# R5 (4): the grades that meet "level 3 or better".
SAFETY_LEVELS_MEETING_R5 = frozenset(
    {SafetyLevel.LEVEL_1, SafetyLevel.LEVEL_2, SafetyLevel.LEVEL_3}
)


class ComplianceDeclaration(models.TextChoices):
    """Art. 13(6): in the last 3 years, each of these is declared by the applicant (R5 (6))."""

    NO_FATAL_ACCIDENT = (
        "no_fatal_accident",
        _("No production-safety accident with deaths for which we were responsible"),
    )
    NO_MAJOR_COMPLAINT = "no_major_complaint", _("No major quality complaint")
    NO_OWN_DISPUTE = (
        "no_own_dispute",
        _("No quality dispute, claim or return caused by our own responsibility"),
    )
    NO_FAILED_SPOT_CHECK = (
        "no_failed_spot_check",
        _("No failed national or provincial quality spot check"),
    )
    NO_LABOUR_DISHONESTY = (
        "no_labour_dishonesty",
        # Art. 13(6) bars a record of the grade 较大 ("significant") or worse, not only 严重.
        _("No labour-security dishonesty of the significant grade or worse on record"),
    )
    NO_FALSE_STATISTICS = (
        "no_false_statistics",
        _("No falsified or concealed statistics with serious consequences"),
    )
    NO_TAX_DISHONESTY = (
        "no_tax_dishonesty",
        _("No major tax dishonesty or other violation of laws and regulations on record"),
    )


class FinancialMetric(models.TextChoices):
    """The form's table of the last three years, in 10,000 CNY (万元)."""

    REVENUE = "revenue", _("Revenue")
    PROFIT = "profit", _("Profit")
    TAX = "tax", _("Tax paid")
    ASSETS = "assets", _("Total assets")


class AdverseSource(models.TextChoices):
    """R5 / Art. 13(6), 17: where an adverse record arriving after the eligibility decision
    came from."""

    CONSULTATION = "consultation", _("Department's reply to a consultation")
    INCIDENT = "incident", _("Incident report")


class AdverseRecordStatus(models.TextChoices):
    UNRESOLVED = "unresolved", _("Awaiting the office's review")
    WAIVED = "waived", _("Does not apply (reason recorded)")
    DISQUALIFIED = "disqualified", _("Application disqualified")


# R5: the office decides once, either way.
ADVERSE_RECORD_TRANSITIONS: dict[str, set[str]] = {
    AdverseRecordStatus.UNRESOLVED: {AdverseRecordStatus.WAIVED, AdverseRecordStatus.DISQUALIFIED},
    AdverseRecordStatus.WAIVED: set(),
    AdverseRecordStatus.DISQUALIFIED: set(),
}
# R5: the moves forward an unresolved adverse record refuses (to material and site review, the
# candidate list, the proposed list, the award); the moves out of the running stay open.
ADVANCING_STATUSES = frozenset({S.SITE_REVIEW, S.CANDIDATE, S.PROPOSED, S.AWARDED})
