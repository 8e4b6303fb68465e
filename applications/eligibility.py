"""R5 / Art. 13: the conditions the dossier's data decides, computed with their working.

The officer confirms each computed row or overrides it with a reason
(:func:`applications.services.application.record_eligibility_check`); rows the data cannot decide
(policy compliance, the quality record, the office's own investigation) are left to the
officer, with what the dossier says as the working where it helps.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils.translation import gettext as _

from applications.enums import (
    FOR_PROFIT_ONLY_CONDITIONS,
    INDIVIDUAL_ONLY_CONDITIONS,
    NON_PROFIT_ONLY_CONDITIONS,
    SAFETY_LEVELS_MEETING_R5,
    AttachmentKind,
    ComplianceDeclaration,
    ConsultationResult,
    EligibilityCondition,
    SafetyLevel,
)
from applications.form_data import certificate_rows, deadline_date, financial_rows
from applications.models import Application
from awards.areas import area_text, in_registration_area
from awards.buckets import MANUFACTURING, SERVICE, bucket_for_section, bucket_names
from awards.rulesets import RuleSettings, round_rule_settings
from organisations.enums import IndustrySection

# R5 (1), (3), (4): the minimum durations (years of operation, of certification, of the
# excellence model; profitable years) are the programme's rule settings, as the round keeps
# them (awards.rulesets), counted to the application deadline.
# R5 (3): GB/T 19001 "or another international management system certification": the
# certificates the round's rules accept (RuleSettings.accepted_certification_standards).


@dataclass(frozen=True)
class Computed:
    """A condition as the dossier's data decides it: met (None: the officer decides) and the
    working shown beside it."""

    met: bool | None
    working: str


def months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end``, the end day included (2019-05-01 to
    2025-06-30 is 6 years 2 months)."""
    after = end + timedelta(days=1)
    months = (after.year - start.year) * 12 + (after.month - start.month)
    if after.day < start.day:
        months -= 1
    return max(months, 0)


def duration_text(months: int) -> str:
    return _("%(years)d years %(months)d months") % {"years": months // 12, "months": months % 12}


def _verdict(met: bool) -> str:
    return _("met") if met else _("not met")


def _registration(application: Application, deadline: date, rules: RuleSettings) -> Computed:
    """R5 (1) / Art. 13(1): lawful operation for the programme's years or more."""
    founded = application.organisation.founded_on
    months = months_between(founded, deadline)
    met = months >= rules.min_operation_years * 12
    return Computed(
        met,
        _("Founded %(founded)s, %(duration)s to the deadline %(deadline)s: %(verdict)s.")
        % {
            "founded": founded.isoformat(),
            "duration": duration_text(months),
            "deadline": deadline.isoformat(),
            "verdict": _verdict(met),
        },
    )


def _area(application: Application, rules: RuleSettings) -> Computed:
    """R5 (1) / Art. 13(1): registered within the registration area the round's rules keep
    (a nominated person: the employer's registration)."""
    division = application.organisation.division
    met = in_registration_area(application.organisation, application.round)
    return Computed(
        met,
        _("Registered in %(division)s; the award is open to %(area)s: %(verdict)s.")
        % {
            "division": division.name,
            "area": area_text(rules.registration_area),
            "verdict": _verdict(met),
        },
    )


def _systems(application: Application, deadline: date, rules: RuleSettings) -> Computed:
    """R5 (3) / Art. 13(3): certification and the excellence model, each for the programme's
    years or more."""
    parts: list[str] = []
    valid = [
        row
        for row in certificate_rows(application)
        if row.get("standard") in rules.accepted_certification_standards
        and row["issued"] is not None
        and row["expires"] is not None
        and row["expires"] >= deadline
    ]
    if valid:
        best = min(valid, key=lambda row: row["issued"])
        months = months_between(best["issued"], deadline)
        certified = months >= rules.min_certification_years * 12
        parts.append(
            _("%(standard)s since %(since)s, %(duration)s: %(verdict)s.")
            % {
                "standard": best["standard_label"],
                "since": best["issued"].isoformat(),
                "duration": duration_text(months),
                "verdict": _verdict(certified),
            }
        )
    else:
        certified = False
        parts.append(_("No accepted management-system certificate valid at the deadline: not met."))
    since = application.excellence_model_since
    if since is not None:
        months = months_between(since, deadline)
        model = months >= rules.min_excellence_model_years * 12
        parts.append(
            _("Excellence model since %(since)s, %(duration)s: %(verdict)s.")
            % {
                "since": since.isoformat(),
                "duration": duration_text(months),
                "verdict": _verdict(model),
            }
        )
    else:
        model = False
        parts.append(_("The excellence model is not applied: not met."))
    return Computed(certified and model, " ".join(parts))


def _performance(application: Application, rules: RuleSettings) -> Computed:
    """R5 (4) / Art. 13(4): safety level 3 or better, profitable in each of the programme's
    last years."""
    level = application.safety_level
    safe = level in SAFETY_LEVELS_MEETING_R5
    label = dict(SafetyLevel.choices).get(level, _("not given")) if level else _("not given")
    parts = [
        _("Safety standardisation: %(level)s: %(verdict)s.")
        % {"level": label, "verdict": _verdict(safe)}
    ]
    rows = financial_rows(application)[-rules.profitable_years :]
    profits = [(row["year"], row["profit"]) for row in rows]
    profitable = all(p is not None and p > Decimal("0") for _y, p in profits)
    parts.append(
        _("Profit in %(years)s: %(verdict)s.")
        % {
            "years": ", ".join(
                f"{year} {profit if profit is not None else '—'}" for year, profit in profits
            ),
            "verdict": _verdict(profitable),
        }
    )
    parts.append(_("Leading indicators in the industry: for the officer to judge."))
    return Computed(safe and profitable, " ".join(parts))


def _non_profit(application: Application) -> Computed:
    """Art. 13(4), second half: an organisation doing non-profit work meets (4) by a social
    contribution among the best of its field. The statement and its evidence are shown; the
    officer judges."""
    statement = application.social_contribution.strip()
    evidence = sum(
        1
        for attachment in application.attachments.all()
        if attachment.kind == AttachmentKind.SOCIAL_CONTRIBUTION
    )
    return Computed(
        None,
        _(
            "Declared a non-profit organisation. Statement of its social contribution: "
            "%(statement)s; evidence documents: %(evidence)d. Whether the contribution is among "
            "the best of its field: for the officer to judge."
        )
        % {
            "statement": _("%(n)d characters") % {"n": len(statement)}
            if statement
            else _("not given"),
            "evidence": evidence,
        },
    )


def _integrity(application: Application) -> Computed:
    """R5 (6): the declarations and the departments' replies are shown; the officer decides."""
    ticked = len(set(application.compliance_declarations or []) & set(ComplianceDeclaration.values))
    replies = [c.result for c in application.consultations.all()]
    return Computed(
        None,
        _(
            "%(ticked)d of %(total)d declarations of Art. 13(6) given. Department replies: "
            "%(clean)d without adverse record, %(adverse)d adverse, %(pending)d awaited."
        )
        % {
            "ticked": ticked,
            "total": len(ComplianceDeclaration.values),
            "clean": replies.count(ConsultationResult.NO_ADVERSE),
            "adverse": replies.count(ConsultationResult.ADVERSE),
            "pending": replies.count(ConsultationResult.PENDING),
        },
    )


def _sector(application: Application) -> Computed:
    """R2: the bucket the organisation's GB/T 4754 section gives, against the bucket the
    application is in; the office confirms it (or overrides it with the reason, and sets the
    bucket in its decision)."""
    organisation = application.organisation
    section = organisation.industry_section
    # R2: the buckets of the round's rules (the 2022 measures: C manufacturing, the rest).
    buckets = round_rule_settings(application.round).buckets()
    names = bucket_names(buckets)
    found = bucket_for_section(buckets, section)
    bucket = found.code if found is not None else ""
    met = application.sector == bucket
    if set(names) == {MANUFACTURING, SERVICE}:
        rule = (
            _("section C is manufacturing")
            if section == IndustrySection.C
            else _("a section other than C is the second bucket")
        )
    elif found is not None and found.sections:
        rule = _("the bucket naming its section")
    else:
        rule = _("the bucket of every section the others do not name")
    working = _(
        "Industry %(industry)s%(klass)s: %(rule)s, so %(bucket)s. The application is in "
        "%(current)s: %(verdict)s."
    ) % {
        "industry": IndustrySection(section).label if section in IndustrySection.values else "–",
        "klass": f" ({organisation.industry_class})" if organisation.industry_class else "",
        "rule": rule,
        "bucket": names.get(bucket, "–"),
        "current": names.get(application.sector, "–"),
        "verdict": _("consistent") if met else _("not consistent"),
    }
    return Computed(met, working)


def _years_since(since: date | None, deadline: date, years: int, missing: str) -> Computed:
    """R5 / Art. 8: ``years`` or more from ``since`` to the deadline (not met when not given)."""
    if since is None:
        return Computed(False, missing)
    months = months_between(since, deadline)
    met = months >= years * 12
    return Computed(
        met,
        _(
            "Since %(since)s, %(duration)s to the deadline %(deadline)s; %(years)d years "
            "required: %(verdict)s."
        )
        % {
            "since": since.isoformat(),
            "duration": duration_text(months),
            "deadline": deadline.isoformat(),
            "years": years,
            "verdict": _verdict(met),
        },
    )


def _individual(
    application: Application, deadline: date, rules: RuleSettings
) -> dict[str, Computed]:
    """R5 / Art. 8: an individual nominee's years with the nominating organisation and in
    quality work, each at least the programme's years, counted to the application deadline."""
    if not application.is_individual:
        return {}
    nominee = getattr(application, "nominee", None)
    employed = nominee.employed_since if nominee is not None else None
    quality = nominee.quality_work_since if nominee is not None else None
    return {
        EligibilityCondition.IND_EMPLOYMENT: _years_since(
            employed,
            deadline,
            rules.individual_min_employment_years,
            _(
                "The nomination does not say since when the nominee works for the organisation: not met."
            ),
        ),
        EligibilityCondition.IND_QUALITY_WORK: _years_since(
            quality,
            deadline,
            rules.individual_min_quality_work_years,
            _("The nomination does not say since when the nominee works in quality: not met."),
        ),
    }


def applicable_conditions(application: Application) -> list[EligibilityCondition]:
    """R5 / Art. 13: the rows checked for this application, in order. Condition (4) is one row
    for an organisation doing business (performance, safety, profits) and another for one
    declaring non-profit work (its social contribution); the registration area is a row only
    where the round's rules set one."""
    left_out = set(
        FOR_PROFIT_ONLY_CONDITIONS if application.non_profit else NON_PROFIT_ONLY_CONDITIONS
    )
    if not round_rule_settings(application.round).registration_area:
        # Art. 13(1): a round whose rules set no registration area has no such row.
        left_out.add(EligibilityCondition.AREA)
    if not application.is_individual:
        # R5 / Art. 8: the nominee's own rows only for an individual.
        left_out |= INDIVIDUAL_ONLY_CONDITIONS
    return [condition for condition in EligibilityCondition if condition not in left_out]


def compute_conditions(application: Application) -> dict[str, Computed]:
    """R5: each condition of Art. 13 that applies (:func:`applicable_conditions`) as the
    dossier's data decides it at the deadline."""
    deadline = deadline_date(application.round)
    rules = round_rule_settings(application.round)
    fourth: dict[str, Computed] = (
        {EligibilityCondition.C4_NON_PROFIT: _non_profit(application)}
        if application.non_profit
        else {EligibilityCondition.C4_PERFORMANCE: _performance(application, rules)}
    )
    area: dict[str, Computed] = (
        {EligibilityCondition.AREA: _area(application, rules)} if rules.registration_area else {}
    )
    return {
        EligibilityCondition.C1_REGISTRATION: _registration(application, deadline, rules),
        **area,
        EligibilityCondition.C2_COMPLIANCE: Computed(None, ""),
        EligibilityCondition.C3_SYSTEMS: _systems(application, deadline, rules),
        **fourth,
        EligibilityCondition.C5_RECORD: Computed(None, ""),
        EligibilityCondition.C6_INTEGRITY: _integrity(application),
        EligibilityCondition.SECTOR: _sector(application),
        EligibilityCondition.INVESTIGATION: Computed(None, ""),
        **_individual(application, deadline, rules),
    }
