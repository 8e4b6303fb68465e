"""The full application form (申报表): its years, tables, categories and what a
complete form holds. Pure functions over an application and its round; no writes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from applications.enums import (
    ComplianceDeclaration,
    FinancialMetric,
    SafetyLevel,
)
from applications.models import Application
from awards.enums import CertificateStandard
from awards.models import Round, ScoringCategory

# How many certificate rows the form offers (blank rows are ignored).
MAX_CERTIFICATES = 5
CERTIFICATE_KEYS = ("standard", "number", "issuer", "issued_on", "expires_on")


def deadline_date(round: Round) -> date:
    """The application deadline as a date in Beijing time (the reference date of R5)."""
    return timezone.localtime(round.applications_close_at).date()


def form_years(round: Round) -> list[int]:
    """The last three complete years before the deadline, oldest first (2025 deadline:
    2022, 2023, 2024)."""
    last = deadline_date(round).year - 1
    return [last - 2, last - 1, last]


def parse_amount(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def financial_rows(application: Application) -> list[dict[str, Any]]:
    """One row per form year: {"year", "revenue", "profit", "tax", "assets"} (Decimal|None)."""
    data = application.financials or {}
    rows = []
    for year in form_years(application.round):
        values = data.get(str(year)) or {}
        row: dict[str, Any] = {"year": year}
        for metric in FinancialMetric.values:
            row[metric] = parse_amount(values.get(metric))
        rows.append(row)
    return rows


def certificate_rows(application: Application) -> list[dict[str, Any]]:
    """The certificates with their standard's label and parsed dates."""
    labels = dict(CertificateStandard.choices)
    rows = []
    for entry in application.certificates or []:
        rows.append(
            {
                **entry,
                "standard_label": str(labels.get(entry.get("standard", ""), "")),
                "issued": _parse_date(entry.get("issued_on")),
                "expires": _parse_date(entry.get("expires_on")),
            }
        )
    return rows


def _parse_date(value: Any) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def scheme_categories(round: Round, scheme_id: int | None = None) -> list[tuple[str, str]]:
    """(code, name) of the round's scoring scheme's categories (or of ``scheme_id``'s, an
    individual nominee's): the self-assessment report's sections (GB/T 19580: 4.1 to 4.7)."""
    categories = ScoringCategory.objects.filter(scheme_id=scheme_id or round.scheme_id).order_by(
        "order"
    )
    return [(c.code, f"{c.code} {c.name}") for c in categories]


def form_gaps(application: Application) -> list[str]:
    """R13: what the full form still lacks before submission (one message each)."""
    gaps: list[str] = []
    if not application.is_individual:
        gaps += organisation_form_gaps(application)
    sections = application.self_assessment_sections or {}
    empty = [
        name
        for code, name in scheme_categories(application.round, application.scheme_in_use_id)
        if not (sections.get(code) or "").strip()
    ]
    if empty:
        gaps.append(
            _("Write the self-assessment for each category; still empty: %(items)s.")
            % {"items": "；".join(empty)}
        )
    return gaps


def organisation_form_gaps(application: Application) -> list[str]:
    """R5 / R13: the parts of the form about the organisation itself (Art. 13's conditions),
    which an individual nominee's form does not hold."""
    gaps: list[str] = []
    missing_years = [
        str(row["year"])
        for row in financial_rows(application)
        if any(
            row[m] is None
            for m in (FinancialMetric.REVENUE, FinancialMetric.PROFIT, FinancialMetric.TAX)
        )
    ]
    if missing_years:
        gaps.append(
            _("Fill in revenue, profit and tax paid for %(years)s.")
            % {"years": "、".join(missing_years)}
        )
    if application.safety_level not in SafetyLevel.values:
        gaps.append(_("Choose the safety standardisation level."))
    ticked = set(application.compliance_declarations or [])
    unticked = [str(d.label) for d in ComplianceDeclaration if d.value not in ticked]
    if unticked:
        gaps.append(
            _("Tick every compliance declaration of Art. 13(6); not yet ticked: %(items)s.")
            % {"items": "；".join(unticked)}
        )
    if application.non_profit and not application.social_contribution.strip():
        # Art. 13(4): a non-profit organisation is judged by its social contribution.
        gaps.append(_("Describe the organisation's social contribution (Art. 13(4))."))
    return gaps


def describe_table_value(application: Application, name: str) -> str:
    """A table field of the form as one line of text (the colleague's value in a conflict)."""
    if name == "financials":
        return "；".join(
            "{}: {}".format(
                row["year"],
                ", ".join(
                    f"{label} {row[metric]}"
                    for metric, label in FinancialMetric.choices
                    if row[metric] is not None
                ),
            )
            for row in financial_rows(application)
        )
    if name == "certificates":
        return "；".join(
            f"{row['standard_label']} {row.get('number', '')} "
            f"{row.get('issued_on', '')}–{row.get('expires_on', '')}"
            for row in certificate_rows(application)
        )
    if name == "compliance_declarations":
        labels = dict(ComplianceDeclaration.choices)
        return "；".join(str(labels.get(v, v)) for v in application.compliance_declarations or [])
    if name == "self_assessment_sections":
        sections = application.self_assessment_sections or {}
        return "\n".join(
            f"{label}: {sections[code]}"
            for code, label in scheme_categories(application.round, application.scheme_in_use_id)
            if sections.get(code)
        )
    if name == "secret_sections":
        return "、".join(application.secret_sections or [])
    return str(getattr(application, name) or "")


def current_form_data(application: Application) -> dict[str, Any]:
    """The form's fields of the application as it is now, shaped like a dossier version."""
    since = application.excellence_model_since
    return {
        "financials": application.financials,
        "certificates": application.certificates,
        "excellence_model_since": since.isoformat() if since else None,
        "safety_level": application.safety_level,
        "honours": application.honours,
        "compliance_declarations": application.compliance_declarations,
        "self_assessment_sections": application.self_assessment_sections,
        "secret_sections": application.secret_sections,
    }


def form_display(
    data: dict[str, Any], round: Round, scheme_id: int | None = None
) -> dict[str, Any]:
    """The full form of a dossier version (or of :func:`current_form_data`) ready to show:
    the financial table, the certificates, the excellence model, safety level, honours, each
    declaration ticked or not, and each self-assessment section with its secret marking."""
    financials = data.get("financials") or {}
    financial_table = []
    for year in form_years(round):
        values = financials.get(str(year)) or {}
        financial_table.append(
            {"year": year, "values": [values.get(m) or "" for m in FinancialMetric.values]}
        )
    labels = dict(CertificateStandard.choices)
    certificates = [
        {**entry, "standard_label": str(labels.get(entry.get("standard", ""), ""))}
        for entry in data.get("certificates") or []
    ]
    ticked = set(data.get("compliance_declarations") or [])
    sections = data.get("self_assessment_sections") or {}
    secret = set(data.get("secret_sections") or [])
    safety = data.get("safety_level") or ""
    return {
        "financial_headers": [str(m.label) for m in FinancialMetric],
        "financial_table": financial_table,
        "certificates": certificates,
        "excellence_model_since": data.get("excellence_model_since") or "",
        "safety_level": str(dict(SafetyLevel.choices).get(safety, "")) if safety else "",
        "honours": data.get("honours") or "",
        "declarations": [
            {"label": str(d.label), "ticked": d.value in ticked} for d in ComplianceDeclaration
        ],
        "sections": [
            {"code": code, "name": name, "text": sections.get(code, ""), "secret": code in secret}
            for code, name in scheme_categories(round, scheme_id)
        ],
    }
