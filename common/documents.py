"""Printable documents as PDF: WeasyPrint with a fetcher that fetches nothing, and Chinese dates.

Every PDF of the portal (certificates, the application form, meeting packets, circulars, the
round's archive) renders a Django template, which escapes every string from users, and gives
WeasyPrint a fetcher that refuses every URL but ``data:``: a name holding HTML or a
``file://`` URL prints as text and fetches nothing (the default fetcher follows ``file://``
and network URLs).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from common.measures import chinese_numeral
from common.transactions import ensure_outside_transaction


class FetchRefused(ValueError):
    """The fetcher refuses every URL that is not an inline ``data:`` URI."""


class DenyByDefaultFetcher(URLFetcher):
    """Allows ``data:`` URIs (e.g. an inline QR code); refuses everything else, recording it."""

    def __init__(self) -> None:
        # Every WeasyPrint render of the portal takes this fetcher: none runs in a transaction.
        ensure_outside_transaction("rendering a PDF")
        super().__init__(allowed_protocols={"data"}, allow_redirects=False, fail_on_errors=False)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if not url.lower().startswith("data:"):
            self.refused.append(url)
            raise FetchRefused(f"certificate rendering fetches nothing: {url[:100]}")
        return super().fetch(url, headers)  # type: ignore[no-any-return]


def chinese_date(day: date) -> str:
    """2026年1月15日."""
    return f"{day.year}年{day.month}月{day.day}日"


def chinese_numeral_date(day: date) -> str:
    """二〇三二年一月十五日: the date as a certificate or a seal's line writes it, the year
    digit by digit with 〇, month and day as numbers are read."""
    year = "".join("〇一二三四五六七八九"[int(digit)] for digit in str(day.year))
    return f"{year}年{chinese_numeral(day.month)}月{chinese_numeral(day.day)}日"


def render_pdf(
    html: str, fetcher: DenyByDefaultFetcher | None = None, stylesheets: tuple[str, ...] = ()
) -> bytes:
    """``html`` as PDF; ``stylesheets`` are CSS given to WeasyPrint beside the HTML (for
    templates that carry no ``<style>``)."""
    ensure_outside_transaction("rendering a PDF")
    fetcher = fetcher or DenyByDefaultFetcher()
    pdf = HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf(
        stylesheets=[CSS(string=css, url_fetcher=fetcher) for css in stylesheets]
    )
    assert pdf is not None
    return pdf  # type: ignore[no-any-return]
