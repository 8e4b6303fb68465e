"""The certificate PDF (R15): Chinese, A4 landscape, a QR code to the verify page, rendered
by ``common.documents`` (escaped template, a fetcher that fetches nothing)."""

from __future__ import annotations

from typing import Any

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from applications.selectors.nominee import nominee_of
from awards.enums import PrizeLevel
from awards.models import AwardProgramme, Round
from awards.rules import round_years_text
from awards.rulesets import round_rule_settings
from awards.specimens import specimen_round
from common.documents import chinese_date, chinese_numeral_date
from grants.models import Certificate
from grants.rules.grant import valid_until


def verify_url(number: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + reverse(
        "grants:verify_number", kwargs={"number": number}
    )


def award_wording(round: Round, level: str) -> str:
    """荣获2026年度赣州市市长质量奖 / …市长质量奖提名奖 (R15: the title with the award years
    as the round's title writes them, 2025—2026年度 for a two-year round), the level named as
    the round's rules name it."""
    return f"荣获{round_years_text(round)}年度{round.level_name(level)}"


def individual_award_wording(round: Round) -> str:
    """荣获2026年度南昌市市长质量奖（个人）: an individual winner's certificate (R15)."""
    return f"荣获{round.year}年度{round.individual_award_name()}"


def certificate_context(certificate: Certificate) -> dict[str, Any]:
    grant = certificate.grant
    round = grant.round
    programme = round.programme
    url = verify_url(certificate.number)
    qr = segno.make(url, error="m")
    # R15: a person's certificate names the person, with the employer and position below
    # (PIPL: never the national ID number).
    nominee = nominee_of(grant.application)
    return {
        "font_family": settings.CERTIFICATE_FONT_FAMILY,
        "organisation_name": nominee.full_name if nominee else grant.organisation.name,
        "employer": f"{grant.organisation.name}　{nominee.position}" if nominee else "",
        "award_wording": (
            individual_award_wording(round) if nominee else award_wording(round, grant.level)
        ),
        "awarding_body": programme.awarding_body,
        "approved_on": chinese_date(grant.approved_on),
        "issued_on": chinese_numeral_date(grant.approved_on),
        "document_number": grant.approval.document_number,
        "valid_until": chinese_date(grant.valid_until),
        "number": certificate.number,
        "verify_url": url,
        "qr_data_uri": qr.svg_data_uri(scale=4, border=1),
    }


def render_certificate_html(certificate: Certificate) -> str:
    return render_to_string("grants/certificate_pdf.html", certificate_context(certificate))


def certificate_file_name(certificate: Certificate) -> str:
    """A fixed name per certificate, so a retried render overwrites rather than duplicates."""
    return f"certificates/{certificate.number}.pdf"


# R15: a specimen (样张) shows the programme's own names with sample winner data; it has no
# number, no QR code and no verify address, so nobody can pass it off as a certificate.
SPECIMEN_LEVELS = (PrizeLevel.PRIZE, PrizeLevel.NOMINATION, "individual")


def specimen_certificate_html(programme: AwardProgramme, level: str) -> str:
    """The certificate of ``level`` (prize, nomination or individual) as the programme's
    current rules print it, with a sample winner, marked 样张 on every part that a real
    certificate carries its number on."""
    round = specimen_round(programme)
    today = timezone.localdate()
    individual = level == "individual"
    return render_to_string(
        "grants/certificate_pdf.html",
        {
            "specimen": True,
            "font_family": settings.CERTIFICATE_FONT_FAMILY,
            "organisation_name": "张三（样张）" if individual else "示例质量科技有限公司（样张）",
            "employer": "示例质量科技有限公司　首席质量官" if individual else "",
            "award_wording": (
                individual_award_wording(round) if individual else award_wording(round, level)
            ),
            "awarding_body": programme.awarding_body,
            "approved_on": chinese_date(today),
            "issued_on": chinese_numeral_date(today),
            "document_number": "批准文号",
            "valid_until": chinese_date(
                valid_until(today, round_rule_settings(round).validity_years)
            ),
            "number": "样张",
        },
    )
