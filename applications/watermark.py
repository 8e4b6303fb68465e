"""R12: dossier files an expert downloads carry the expert's name and the time.

Every copy is stamped on the way out; the stored file is only read, never written:

- PDF: one stamp page per page size is rendered with WeasyPrint (the text at low opacity, in
  the certificate's CJK font) and merged onto every page with pypdf;
- JPG/PNG: the text tiled diagonally at low opacity and once along the bottom (Pillow);
- DOCX: the text in every header and footer of every section;
- XLSX: the text in every worksheet's header and footer (charts and images survive; openpyxl
  reads the result back in the tests).

DOCX and XLSX are streamed (applications.office_stamp): the package is copied member by member
into a temporary file and only the parts carrying the text are rewritten, so memory does not
grow with the document (uploads are capped at UPLOAD_MAX_OFFICE_EXPANDED_BYTES expanded).

OFD files go out unchanged (no library here can stamp them).
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from datetime import datetime
from html import escape
from typing import IO

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError

from accounts.permissions import AnyUser, is_office_of
from applications import hooks
from applications.models import Attachment
from applications.office_stamp import PackageError, stamp_docx, stamp_xlsx
from common.official_docx import DOCX_CONTENT_TYPE
from common.transactions import ensure_outside_transaction
from organisations.models import OrganisationMembership

PDF_CONTENT_TYPE = "application/pdf"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMAGE_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}
SUFFIX_TYPES = {
    ".pdf": PDF_CONTENT_TYPE,
    ".docx": DOCX_CONTENT_TYPE,
    ".xlsx": XLSX_CONTENT_TYPE,
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}
MAX_PATTERN_SIDE = 2000
# CJK fonts for the image stamp (the Docker image installs fonts-noto-cjk and fonts-hanazono).
FONT_PATHS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/fonts-japanese-mincho.ttf",
)


class WatermarkError(Exception):
    """The PDF could not be read or stamped: the unstamped copy must not go out (R12)."""


def watermark_name(user: AnyUser, attachment: Attachment) -> str | None:
    """R12: the name to stamp when this user is an expert reading another organisation's
    dossier (not a member of the applicant organisation, not the programme's office); None
    when no watermark applies."""
    if not user.is_authenticated:
        return None
    name = None
    for name_of in hooks.reader_names:  # reviews: the expert's name
        name = name_of(user.pk)
        if name is not None:
            break
    if name is None:
        return None
    application = attachment.application
    if OrganisationMembership.objects.filter(
        user_id=user.pk, organisation_id=application.organisation_id
    ).exists():
        return None
    if is_office_of(user, application.round.programme_id):
        return None
    return name


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
    ensure_outside_transaction("stamping a watermark")
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


def content_type_of(attachment: Attachment) -> str:
    """The attachment's type: its stored content type, else what its name's suffix says."""
    if attachment.content_type in (PDF_CONTENT_TYPE, DOCX_CONTENT_TYPE, XLSX_CONTENT_TYPE):
        return attachment.content_type
    if attachment.content_type in IMAGE_FORMATS:
        return attachment.content_type
    name = attachment.original_name.lower()
    for suffix, content_type in SUFFIX_TYPES.items():
        if name.endswith(suffix):
            return content_type
    return attachment.content_type


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in (getattr(settings, "WATERMARK_FONT_PATH", ""), *FONT_PATHS):
        if path and os.path.exists(path):
            return ImageFont.truetype(path, size=size)
    return ImageFont.load_default(size=size)


def watermark_image(data: bytes, text: str) -> bytes:
    """Return a copy of a JPG or PNG with ``text`` tiled diagonally at low opacity and once
    along the bottom edge, in the same format.

    Raises WatermarkError when the image cannot be read (damaged, or too large: Pillow's
    decompression-bomb guard)."""
    ensure_outside_transaction("stamping a watermark")
    try:
        with Image.open(io.BytesIO(data)) as original:
            original.load()
            fmt = original.format or "PNG"
            has_alpha = original.mode in ("RGBA", "LA", "PA") or "transparency" in original.info
            base = original.convert("RGBA")
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise WatermarkError(_("This image could not be read to add the watermark.")) from exc
    width, height = base.size
    # The tiled pattern is drawn at most MAX_PATTERN_SIDE pixels across (memory), then scaled.
    full_side = int((width**2 + height**2) ** 0.5)
    scale = min(1.0, MAX_PATTERN_SIDE / max(full_side, 1))
    w, h = max(1, int(width * scale)), max(1, int(height * scale))
    size = max(10, min(w, h) // 24)
    font = _font(size)
    # Rows of text on a square canvas covering the diagonal, rotated, cropped to the picture.
    side = int((w**2 + h**2) ** 0.5) + size * 2
    canvas = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    draw = ImageDraw.Draw(canvas)
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    text_w, text_h = right - left, bottom - top
    gap_x, gap_y = max(text_w // 3, size * 2), text_h * 4
    for row, y in enumerate(range(0, side, text_h + gap_y)):
        shift = (row % 2) * ((text_w + gap_x) // 2)
        for x in range(-shift, side, text_w + gap_x):
            draw.text((x - left, y - top), text, font=font, fill=(120, 120, 120, 70))
    canvas = canvas.rotate(30, resample=Image.Resampling.BICUBIC)
    x0, y0 = (side - w) // 2, (side - h) // 2
    overlay = canvas.crop((x0, y0, x0 + w, y0 + h))
    if (w, h) != (width, height):
        overlay = overlay.resize((width, height), Image.Resampling.BICUBIC)
    size = max(12, min(width, height) // 24)
    footer = max(10, size // 2)
    ImageDraw.Draw(overlay).text(
        (footer // 2, height - footer * 2), text, font=_font(footer), fill=(90, 90, 90, 170)
    )
    stamped = Image.alpha_composite(base, overlay)
    out = io.BytesIO()
    if fmt == "JPEG":
        stamped.convert("RGB").save(out, format="JPEG", quality=90)
    else:
        (stamped if has_alpha else stamped.convert("RGB")).save(out, format="PNG")
    return out.getvalue()


def _office_stamper(
    stamp: Callable[[IO[bytes], IO[bytes], str], None], message: str
) -> Callable[[IO[bytes], IO[bytes], str], None]:
    def stamper(source: IO[bytes], target: IO[bytes], text: str) -> None:
        ensure_outside_transaction("stamping a watermark")
        try:
            stamp(source, target, text)
        except (PackageError, zipfile.BadZipFile, KeyError, ValueError, EOFError) as exc:
            raise WatermarkError(_(message)) from exc

    return stamper


# Streamed, part by part (applications.office_stamp): the document is never loaded whole.
stream_docx = _office_stamper(
    stamp_docx, gettext_noop("This document could not be read to add the watermark.")
)
stream_xlsx = _office_stamper(
    stamp_xlsx, gettext_noop("This workbook could not be read to add the watermark.")
)


STREAM_STAMPERS = {DOCX_CONTENT_TYPE: stream_docx, XLSX_CONTENT_TYPE: stream_xlsx}
STAMPERS = {
    PDF_CONTENT_TYPE: watermark_pdf,
    "image/jpeg": watermark_image,
    "image/png": watermark_image,
}


def watermarked_copy(user: AnyUser, attachment: Attachment, handle: IO[bytes]) -> IO[bytes] | None:
    """The stamped copy of an attachment for an expert (R12), read from ``handle`` (which is
    closed); None when the file goes out unchanged (not an expert, or a type that cannot be
    stamped: OFD). The stored file is only read, never written."""
    name = watermark_name(user, attachment)
    if name is None:
        return None
    content_type = content_type_of(attachment)
    if content_type in STREAM_STAMPERS:
        # DOCX/XLSX: written part by part to a temporary file, never held whole in memory.
        with handle:
            source = handle if handle.seekable() else _spooled(handle)
            target = tempfile.TemporaryFile()  # noqa: SIM115 - the response closes it
            try:
                STREAM_STAMPERS[content_type](source, target, stamp_text(name))
            except BaseException:
                target.close()
                raise
        target.seek(0)
        return target
    stamper = STAMPERS.get(content_type)
    if stamper is None:
        return None
    with handle:
        data = handle.read()
    return io.BytesIO(stamper(data, stamp_text(name)))


def _spooled(handle: IO[bytes]) -> IO[bytes]:
    """A seekable copy of a stored file (an object store's stream) for zipfile to read."""
    copy = tempfile.TemporaryFile()  # noqa: SIM115 - closed with the stamping
    shutil.copyfileobj(handle, copy, 1024 * 1024)
    copy.seek(0)
    return copy
