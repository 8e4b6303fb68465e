"""R12: dossier files an expert downloads carry the expert's name and the time.

PDF pages are stamped on the way out (the stored file never changes): one stamp page per page
size is rendered with WeasyPrint (the text at low opacity, in the certificate's CJK font) and
merged onto every page with pypdf. Other file types are served unchanged for now.
"""

from __future__ import annotations

import io
from datetime import datetime
from html import escape
from typing import BinaryIO

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError

from accounts.permissions import AnyUser, is_office_of
from organisations.models import OrganisationMembership

from .models import Attachment

PDF_CONTENT_TYPE = "application/pdf"


class WatermarkError(Exception):
    """The PDF could not be read or stamped: the unstamped copy must not go out (R12)."""


def watermark_name(user: AnyUser, attachment: Attachment) -> str | None:
    """R12: the name to stamp when this user is an expert reading another organisation's
    dossier (not a member of the applicant organisation, not the programme's office); None
    when no watermark applies."""
    if not user.is_authenticated:
        return None
    from reviews.models import ExpertProfile

    profile = ExpertProfile.objects.filter(user_id=user.pk).only("name").first()
    if profile is None:
        return None
    application = attachment.application
    if OrganisationMembership.objects.filter(
        user_id=user.pk, organisation_id=application.organisation_id
    ).exists():
        return None
    if is_office_of(user, application.round.programme_id):
        return None
    return profile.name


def is_pdf(attachment: Attachment) -> bool:
    return attachment.content_type == PDF_CONTENT_TYPE or attachment.original_name.lower().endswith(
        ".pdf"
    )


def stamp_text(name: str, at: datetime | None = None) -> str:
    local = timezone.localtime(at or timezone.now())
    return _("%(name)s · viewed %(time)s · confidential") % {
        "name": name,
        "time": local.strftime("%Y-%m-%d %H:%M"),
    }


def _stamp_pdf(text: str, width: float, height: float) -> bytes:
    from weasyprint import HTML

    font = settings.CERTIFICATE_FONT_FAMILY
    line = escape(text)
    rows = max(3, int(height // 120))
    tiles = "".join(f'<p class="tile">{line}</p>' for _ in range(rows))
    document = f"""<!doctype html><html><head><meta charset="utf-8"><style>
@page {{ size: {width:.2f}pt {height:.2f}pt; margin: 0; }}
html, body {{ margin: 0; padding: 0; }}
body {{ font-family: {font}; color: #888; opacity: 0.18; width: {width:.2f}pt;
  height: {height:.2f}pt; overflow: hidden; position: relative; }}
.tiles {{ position: absolute; top: 8%; left: -10%; width: 120%;
  transform: rotate(-30deg); transform-origin: center; }}
.tile {{ font-size: 16pt; margin: 0 0 90pt 0; white-space: nowrap; text-align: center; }}
.foot {{ position: absolute; bottom: 6pt; left: 8pt; font-size: 7pt; opacity: 1; }}
</style></head><body><div class="tiles">{tiles}</div><div class="foot">{line}</div>
</body></html>"""
    return HTML(string=document).write_pdf()  # type: ignore[no-any-return]


def watermark_pdf(data: bytes, text: str) -> bytes:
    """Return a copy of the PDF with every page stamped with ``text``.

    Raises WatermarkError when the PDF cannot be read (e.g. encrypted or damaged)."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise WatermarkError(_("An encrypted PDF cannot be watermarked."))
        writer = PdfWriter(clone_from=reader)
        stamps: dict[tuple[float, float], object] = {}
        for page in writer.pages:
            box = page.mediabox
            size = (round(float(box.width), 2), round(float(box.height), 2))
            if size not in stamps:
                stamps[size] = PdfReader(io.BytesIO(_stamp_pdf(text, *size))).pages[0]
            stamp = stamps[size]
            page.merge_translated_page(stamp, float(box.left), float(box.bottom), over=True)  # type: ignore[arg-type]
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise WatermarkError(_("This PDF could not be read to add the watermark.")) from exc


def watermarked_copy(user: AnyUser, attachment: Attachment, handle: BinaryIO) -> io.BytesIO | None:
    """The stamped copy of a PDF attachment for an expert (R12), read from ``handle`` (which is
    closed); None when the file goes out unchanged (not an expert, or not a PDF). The stored
    file is only read, never written."""
    name = watermark_name(user, attachment)
    if name is None or not is_pdf(attachment):
        return None
    with handle:
        data = handle.read()
    return io.BytesIO(watermark_pdf(data, stamp_text(name)))
