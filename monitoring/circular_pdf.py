"""R10 / Art. 26: the circular of the office's checks of prize-money use as a PDF (WeasyPrint,
fetching nothing: the deny-by-default fetcher of common.documents). The styles are given to
WeasyPrint here, so the template carries no <style>."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import CSS, HTML

from common.documents import DenyByDefaultFetcher
from monitoring.models import FundUseCircular
from monitoring.selectors.monitoring import circular_rows

CIRCULAR_CSS = """
@page { size: A4; margin: 22mm 20mm; }
html, body { font-family: %(font)s; color: #111; font-size: 12pt; }
h1 { text-align: center; font-size: 20pt; color: #9b1c1c; margin: 0 0 4mm; }
.number { text-align: center; margin: 0 0 8mm; }
.body { line-height: 1.8; text-indent: 2em; }
table { width: 100%%; border-collapse: collapse; margin: 6mm 0; font-size: 10.5pt; }
th, td { border: 0.3mm solid #444; padding: 1.5mm 2mm; }
th { background: #eee; }
.amount { text-align: right; }
.issuer { text-align: right; margin-top: 12mm; }
"""


def circular_file_name(circular: FundUseCircular) -> str:
    return f"circular-{circular.pk}.pdf"


def render_circular_pdf(circular: FundUseCircular) -> bytes:
    html = render_to_string(
        "monitoring/circular_pdf.html",
        {"circular": circular, "rows": circular_rows(circular)},
    )
    css = CSS(string=CIRCULAR_CSS % {"font": settings.CERTIFICATE_FONT_FAMILY})
    pdf = HTML(string=html, base_url=None, url_fetcher=DenyByDefaultFetcher()).write_pdf(
        stylesheets=[css]
    )
    assert pdf is not None
    return bytes(pdf)
