"""Uploads, for every app that takes files: the checks (the type is sniffed from the content,
never trusted from the name; size limits; no macros, no zip bombs) and the storing of a
write's files, deleted again when the write fails."""

from __future__ import annotations

import hashlib
import io
import unicodedata
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from typing import IO

import magic
from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from common.errors import DomainError

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
# What a file name's suffix claims, by the kind it names (compared with the sniffed kind).
SUFFIX_KINDS = {
    ".pdf": "pdf",
    ".ofd": "ofd",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".jpg": "jpg",
    ".jpeg": "jpg",
    ".png": "png",
}
# How a message names a kind when the file name claims it / when the content is of it.
NAME_LABELS = {
    "pdf": _lazy("PDF"),
    "ofd": _lazy("OFD"),
    "docx": _lazy("Word (DOCX)"),
    "xlsx": _lazy("Excel (XLSX)"),
    "jpg": _lazy("JPG"),
    "png": _lazy("PNG"),
}
CONTENT_LABELS = {
    "pdf": _lazy("a PDF document"),
    "ofd": _lazy("an OFD document"),
    "docx": _lazy("a Word document"),
    "xlsx": _lazy("an Excel workbook"),
    "jpg": _lazy("a JPG image"),
    "png": _lazy("a PNG image"),
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

    def stored_fields(self, prefix: str = "") -> dict[str, str | int]:
        """What a row keeps of the upload: ``original_name``, ``content_type``, ``size`` and
        ``sha256``; with a prefix, ``<prefix>_name``, ``<prefix>_type``, ``<prefix>_size`` and
        ``<prefix>_sha256`` (a row that keeps other fields beside the file)."""
        if not prefix:
            return {
                "original_name": self.original_name,
                "content_type": self.content_type,
                "size": self.size,
                "sha256": self.sha256,
            }
        return {
            f"{prefix}_name": self.original_name,
            f"{prefix}_type": self.content_type,
            f"{prefix}_size": self.size,
            f"{prefix}_sha256": self.sha256,
        }


# The longest original name a row keeps (the models' CharField max_length).
MAX_NAME_LENGTH = 200
# A suffix longer than this, or with a space, is part of the name rather than a file type.
MAX_SUFFIX_LENGTH = 10
# Joiners and variation selectors must not be left at the edge of a cut (half an emoji).
_JOINERS = "\u200d\ufe0e\ufe0f"


def _cleaned_name(name: str) -> str:
    """The user's file name minus any path and characters no file system takes."""
    name = unicodedata.normalize("NFC", name or "")
    base = PureWindowsPath(PurePosixPath(name).name).name
    return "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"/\\|?*').strip(" .")


def shorten_name(name: str, limit: int = MAX_NAME_LENGTH) -> str:
    """A name of at most ``limit`` characters that keeps its suffix (.pdf) and both ends of
    its stem, joined by "…" where the middle was cut."""
    if len(name) <= limit:
        return name
    suffix = PurePosixPath(name).suffix
    if len(suffix) > MAX_SUFFIX_LENGTH or " " in suffix:
        suffix = ""
    stem = name[: len(name) - len(suffix)]
    room = limit - len(suffix) - 1
    tail = room // 3
    head = stem[: room - tail].rstrip(_JOINERS)
    end = stem[len(stem) - tail :].lstrip(_JOINERS) if tail else ""
    return f"{head}…{end}{suffix}"


def safe_original_name(name: str) -> str:
    """Keep the user's (Chinese) file name for display and download, minus any path; a name
    longer than MAX_NAME_LENGTH is shortened in the middle and keeps its suffix."""
    return shorten_name(_cleaned_name(name)) or "file"


def shortened_name_notice(name: str) -> str:
    """What to tell the user whose file name was too long to keep whole; "" when it was kept."""
    if len(_cleaned_name(name)) <= MAX_NAME_LENGTH:
        return ""
    return _("The file name was longer than %(limit)d characters and is kept as “%(name)s”.") % {
        "limit": MAX_NAME_LENGTH,
        "name": safe_original_name(name),
    }


def _sniff_zip(head: bytes, data: bytes | IO[bytes]) -> str:
    """The kind of a zip container (OFD, DOCX, XLSX), read from the file itself (streamed:
    a large upload is never read into memory whole)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
        infos = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise UploadRefused(_("The file is damaged and cannot be opened.")) from exc
    total = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if total > MAX_ZIP_UNCOMPRESSED or total / packed > MAX_ZIP_RATIO:
        raise UploadRefused(_("The file expands to an implausible size and was refused."))
    names = {i.filename for i in infos}
    kind = _office_kind(archive, names)
    if kind in ("docx", "xlsx") and total > settings.UPLOAD_MAX_OFFICE_EXPANDED_BYTES:
        # Stamping (R12) rewrites the package part by part; the limit bounds its time.
        raise UploadRefused(
            _(
                "The file expands to %(size)s when opened; the limit is %(limit)s. Make its "
                "pictures smaller or split it into several files."
            )
            % {
                "size": filesizeformat(total),
                "limit": filesizeformat(settings.UPLOAD_MAX_OFFICE_EXPANDED_BYTES),
            }
        )
    return kind


def _office_kind(archive: zipfile.ZipFile, names: set[str]) -> str:
    """OFD, DOCX or XLSX, from the members' names; macros and other zips are refused."""
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


def claimed_kind(name: str) -> str | None:
    """The accepted kind a file name's suffix claims, if it claims one."""
    return SUFFIX_KINDS.get(PurePosixPath(safe_original_name(name)).suffix.lower())


def check_name_matches_content(name: str, kind: str | None) -> None:
    """A name that claims one accepted type over content of another (a .docx renamed .pdf) is
    refused: whoever opens it later would be misled by the name."""
    claimed = claimed_kind(name)
    if claimed is None or claimed == kind:
        return
    if kind is None:
        raise UploadRefused(
            _(
                "The file name says %(claimed)s but the content is not a type we accept. "
                "Accepted: PDF, OFD, DOCX, XLSX, JPG, PNG."
            )
            % {"claimed": NAME_LABELS[claimed]}
        )
    raise UploadRefused(
        _(
            "The file name says %(claimed)s but the content is %(actual)s; rename it or "
            "upload the right file."
        )
        % {"claimed": NAME_LABELS[claimed], "actual": CONTENT_LABELS[kind]}
    )


def check_upload(upload: UploadedFile, *, already_stored_bytes: int = 0) -> CheckedUpload:
    """Refuse anything but PDF, OFD, DOCX, XLSX, JPG and PNG, judged by content, and a name
    whose suffix claims another accepted type; enforce the per-file and per-dossier limits.
    Nothing is stored here."""
    size = upload.size or 0
    max_file = settings.UPLOAD_MAX_FILE_BYTES
    if size > max_file:
        raise UploadRefused(
            _("The file is %(size)s; the limit is %(limit)s per file.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_file)}
        )
    if already_stored_bytes + size > settings.UPLOAD_MAX_DOSSIER_BYTES:
        raise UploadRefused(
            _("The files of this dossier would exceed %(limit)s in total.")
            % {"limit": filesizeformat(settings.UPLOAD_MAX_DOSSIER_BYTES)}
        )
    if size == 0:
        raise UploadRefused(_("The file is empty."))
    # Streamed: the head for sniffing, the hash chunk by chunk, a zip read through its
    # directory; a 200 MB upload (a temporary file on disk) never sits in memory whole.
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    mime = magic.from_buffer(head, mime=True)
    if mime == "application/pdf" and head.startswith(b"%PDF-"):
        kind = "pdf"
    elif mime == "image/jpeg":
        kind = "jpg"
    elif mime == "image/png":
        kind = "png"
    elif head[:4] == b"PK\x03\x04":
        try:
            kind = _sniff_zip(head[:8], upload.file)  # type: ignore[arg-type]
        finally:
            upload.seek(0)
    elif mime in LEGACY_OFFICE or head[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UploadRefused(
            _(
                "Old Office/WPS formats (.doc, .xls, .wps) are not accepted: please save the "
                "file as PDF (or DOCX/XLSX) and upload it again."
            )
        )
    else:
        check_name_matches_content(upload.name or "", None)
        raise UploadRefused(
            _("This type of file is not accepted. Accepted: PDF, OFD, DOCX, XLSX, JPG, PNG.")
        )
    check_name_matches_content(upload.name or "", kind)
    content_type, suffix = ALLOWED[kind]
    return CheckedUpload(
        kind=kind,
        content_type=content_type,
        suffix=suffix,
        size=size,
        sha256=digest.hexdigest(),
        original_name=safe_original_name(upload.name or ""),
    )


class StoredFiles:
    """The files a write has stored so far (see :func:`removed_on_failure`)."""

    def __init__(self) -> None:
        self._files: list[tuple[Storage, str]] = []

    def store(self, field: FieldFile, name: str, content: File) -> None:
        """Write ``content`` to the file field under a name made from ``name`` (the storage
        makes it unique); the row itself is not saved here."""
        field.save(name, content, save=False)
        self.keep(field)

    def keep(self, field: FieldFile) -> None:
        """Count a file that another call stored as part of this write."""
        if field.name:
            self._files.append((field.storage, field.name))

    def delete(self) -> None:
        for storage, name in self._files:
            storage.delete(name)


@contextmanager
def removed_on_failure() -> Iterator[StoredFiles]:
    """Store a write's files inside the block; should the block raise, they are deleted again.

    The rows roll back with the transaction but stored files do not: without this a failed
    write (a refused check, a clash, a database error) would leave orphan files behind::

        with removed_on_failure() as stored:
            stored.store(attachment.file, f"upload{checked.suffix}", upload)
            attachment.save()
    """
    stored = StoredFiles()
    try:
        yield stored
    except Exception:
        stored.delete()
        raise


def delete_after_commit(field: FieldFile) -> None:
    """Delete the field's stored file once the transaction that deletes its row commits; a
    rollback keeps both."""
    name, storage = field.name, field.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))
