"""Upload checks shared by dossiers and objections: the type is sniffed from the content,
never trusted from the name (ecosystem.md: bad inputs every release must survive)."""

from __future__ import annotations

import hashlib
import io
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

import magic
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from decisionlog.workflow import DomainError

# Sniffed kind -> (content type served back, file-name suffix)
ALLOWED = {
    "pdf": ("application/pdf", ".pdf"),
    "ofd": ("application/ofd", ".ofd"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".docx",
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "jpg": ("image/jpeg", ".jpg"),
    "png": ("image/png", ".png"),
}
LEGACY_OFFICE = {
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
    "application/x-ole-storage",
    "application/CDFV2",
    "application/vnd.ms-office",
}
# A zip expanding more than this many times, or beyond this size, is treated as a bomb.
MAX_ZIP_RATIO = 100
MAX_ZIP_UNCOMPRESSED = 500 * 1024 * 1024


class UploadRefused(DomainError):
    pass


@dataclass(frozen=True)
class CheckedUpload:
    kind: str
    content_type: str
    suffix: str
    size: int
    sha256: str
    original_name: str


def safe_original_name(name: str) -> str:
    """Keep the user's (Chinese) file name for display and download, minus any path."""
    name = unicodedata.normalize("NFC", name or "")
    base = PureWindowsPath(PurePosixPath(name).name).name
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"/\\|?*').strip(" .")
    return base[:200] or "file"


def _sniff_zip(head: bytes, data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise UploadRefused(_("The file is damaged and cannot be opened.")) from exc
    total = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if total > MAX_ZIP_UNCOMPRESSED or total / packed > MAX_ZIP_RATIO:
        raise UploadRefused(_("The file expands to an implausible size and was refused."))
    names = {i.filename for i in infos}
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise UploadRefused(
            _("Files with macros are not accepted: save it without macros, or as PDF.")
        )
    if "OFD.xml" in names:
        return "ofd"
    if "[Content_Types].xml" in names:
        content_types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
        if "macroEnabled" in content_types:
            raise UploadRefused(
                _("Files with macros are not accepted: save it without macros, or as PDF.")
            )
        if any(n.startswith("word/") for n in names):
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
    raise UploadRefused(
        _("This type of file is not accepted. Accepted: PDF, OFD, DOCX, XLSX, JPG, PNG.")
    )


def check_upload(upload: UploadedFile, *, already_stored_bytes: int = 0) -> CheckedUpload:
    """Refuse anything but PDF, OFD, DOCX, XLSX, JPG and PNG, judged by content; enforce the
    per-file and per-dossier limits. Nothing is stored here."""
    size = upload.size or 0
    max_file = settings.UPLOAD_MAX_FILE_BYTES
    if size > max_file:
        raise UploadRefused(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(size / 1048576, 1), "limit": round(max_file / 1048576)}
        )
    if already_stored_bytes + size > settings.UPLOAD_MAX_DOSSIER_BYTES:
        raise UploadRefused(
            _("The files of this dossier would exceed %(limit)s MB in total.")
            % {"limit": round(settings.UPLOAD_MAX_DOSSIER_BYTES / 1048576)}
        )
    if size == 0:
        raise UploadRefused(_("The file is empty."))
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    mime = magic.from_buffer(data[:8192], mime=True)
    if mime == "application/pdf" and data.startswith(b"%PDF-"):
        kind = "pdf"
    elif mime == "image/jpeg":
        kind = "jpg"
    elif mime == "image/png":
        kind = "png"
    elif data[:4] == b"PK\x03\x04":
        kind = _sniff_zip(data[:8], data)
    elif mime in LEGACY_OFFICE or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UploadRefused(
            _(
                "Old Office/WPS formats (.doc, .xls, .wps) are not accepted: please save the "
                "file as PDF (or DOCX/XLSX) and upload it again."
            )
        )
    else:
        raise UploadRefused(
            _("This type of file is not accepted. Accepted: PDF, OFD, DOCX, XLSX, JPG, PNG.")
        )
    content_type, suffix = ALLOWED[kind]
    return CheckedUpload(
        kind=kind,
        content_type=content_type,
        suffix=suffix,
        size=size,
        sha256=hashlib.sha256(data).hexdigest(),
        original_name=safe_original_name(upload.name or ""),
    )
