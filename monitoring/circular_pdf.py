"""R10 / Art. 26: the circular of the office's checks of prize-money use as a PDF (WeasyPrint,
fetching nothing: the deny-by-default fetcher of common.documents). The styles are given to
WeasyPrint here, so the template carries no <style>."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from common.built_documents import DocumentKind, DocumentSource
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


def circular_source(pk: int, printed_at: datetime | None) -> DocumentSource | None:
    circular = FundUseCircular.objects.select_related("programme").filter(pk=pk).first()
    if circular is None:
        return None
    return DocumentSource(
        html=render_to_string(
            "monitoring/circular_pdf.html",
            {"circular": circular, "rows": circular_rows(circular)},
        ),
        file_name=circular_file_name(circular),
        stylesheets=(CIRCULAR_CSS % {"font": settings.CERTIFICATE_FONT_FAMILY},),
    )


CIRCULAR_PDF = DocumentKind(
    name="monitoring.circular", title=_("Circular (PDF)"), source=circular_source
)
