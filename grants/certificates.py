"""The certificate PDF (R15): Chinese, A4 landscape, WeasyPrint, a QR code to the verify page.

Every string from users goes through Django's autoescaping template, and WeasyPrint gets a
fetcher that refuses every URL but ``data:``: a name holding HTML or a ``file://`` URL prints
as text and fetches nothing (the default fetcher follows ``file://`` and network URLs).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from awards.enums import PrizeLevel
from grants.models import Certificate


class FetchRefused(ValueError):
    """The certificate fetcher refuses every URL that is not an inline ``data:`` URI."""


class DenyByDefaultFetcher(URLFetcher):
    """Allows ``data:`` URIs (the inline QR code); refuses everything else, recording it."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"data"}, allow_redirects=False, fail_on_errors=False)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if not url.lower().startswith("data:"):
            self.refused.append(url)
            raise FetchRefused(f"certificate rendering fetches nothing: {url[:100]}")
        return super().fetch(url, headers)  # type: ignore[no-any-return]


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def verify_url(number: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + reverse(
        "grants:verify_number", kwargs={"number": number}
    )


def award_wording(year: int, programme_name: str, level: str) -> str:
    """荣获2026年度赣州市市长质量奖 / …市长质量奖提名奖 (R15: the title with the award year)."""
    suffix = "提名奖" if level == PrizeLevel.NOMINATION else ""
    return f"荣获{year}年度{programme_name}{suffix}"


def certificate_context(certificate: Certificate) -> dict[str, Any]:
    grant = certificate.grant
    round = grant.round
    programme = round.programme
    url = verify_url(certificate.number)
    qr = segno.make(url, error="m")
    return {
        "font_family": settings.CERTIFICATE_FONT_FAMILY,
        "organisation_name": grant.organisation.name,
        "award_wording": award_wording(round.year, programme.name, grant.level),
        "awarding_body": programme.awarding_body,
        "approved_on": chinese_date(grant.approved_on),
        "document_number": grant.approval.document_number,
        "valid_until": chinese_date(grant.valid_until),
        "number": certificate.number,
        "verify_url": url,
        "qr_data_uri": qr.svg_data_uri(scale=4, border=1),
    }


def render_certificate_html(certificate: Certificate) -> str:
    return render_to_string("grants/certificate_pdf.html", certificate_context(certificate))


def render_pdf(html: str, fetcher: DenyByDefaultFetcher | None = None) -> bytes:
    fetcher = fetcher or DenyByDefaultFetcher()
    pdf = HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()
    assert pdf is not None
    return pdf  # type: ignore[no-any-return]


def certificate_file_name(certificate: Certificate) -> str:
    """A fixed name per certificate, so a retried render overwrites rather than duplicates."""
    return f"certificates/{certificate.number}.pdf"
