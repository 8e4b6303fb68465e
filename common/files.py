"""Downloads: a stored private file, or a document made on the fly, sent to the browser.

Every download is an attachment under a name that ends in the suffix of its (sniffed) type,
given as RFC 5987 ``filename*`` when it is not plain ASCII (Chinese names); never sniffed by
the browser (``nosniff``) and never kept in a shared cache."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import IO, Any

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from common.uploads import ALLOWED, SUFFIX_KINDS

# The file-name suffixes that fit a content type, the usual one first. The accepted upload
# types, and the zip of a round's archive.
SUFFIXES: dict[str, tuple[str, ...]] = {
    content_type: (suffix, *(s for s, k in SUFFIX_KINDS.items() if k == kind and s != suffix))
    for kind, (content_type, suffix) in ALLOWED.items()
} | {"application/zip": (".zip",)}


def _looks_like_an_extension(suffix: str) -> bool:
    """ ".html", ".exe", ".mp4": a file-name extension, as opposed to a dot inside a name
    ("2026.03 申报书", "申报书v1.2"), which is kept."""
    body = suffix[1:]
    return (
        0 < len(body) <= 8
        and body.isascii()
        and body.isalnum()
        and any(ch.isalpha() for ch in body)
    )


def download_name(name: str, content_type: str) -> str:
    """``name`` ending in a suffix of ``content_type``, so the file opens with the program of
    its (sniffed) type and never as the type the uploader named: "扫描件" served as a PDF is
    saved as "扫描件.pdf", and "polyglot.html" as "polyglot.pdf" (a PDF/HTML polyglot would
    otherwise run its script when opened from disk)."""
    name = name or "download"
    suffixes = SUFFIXES.get(content_type)
    if not suffixes:
        return name
    suffix = PurePosixPath(name).suffix
    if suffix.lower() in suffixes:
        return name
    if suffix and _looks_like_an_extension(suffix):
        name = name[: -len(suffix)] or "download"
    return name + suffixes[0]


def _as_download(response: HttpResponseBase, name: str, content_type: str) -> None:
    # Never None: a download name is never empty.
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename=download_name(name, content_type))
        or "attachment"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"


def open_or_404(field: FieldFile, missing: str = "") -> FieldFile:
    """The stored file, open for reading; a 404 (saying ``missing``) when the storage has
    lost it."""
    try:
        return field.open("rb")
    except FileNotFoundError as exc:
        if missing:
            raise Http404(missing) from exc
        raise Http404 from exc


def private_file_response(file: IO[bytes], *, name: str, content_type: str) -> FileResponse:
    """An open stored file (see :func:`open_or_404`), streamed as a download named ``name``
    (the user's original name, kept apart from the generated storage name)."""
    response = FileResponse(file, content_type=content_type)
    _as_download(response, name, content_type)
    return response


def stored_document_response(holder: Any) -> FileResponse:
    """The ``document`` a record keeps with its ``document_name`` and
    ``document_content_type`` (an approval's scan, a research note's file, a guidance
    document), as a download; a 404 when it has none or the storage has lost it."""
    if not holder.document:
        raise Http404(_("No such document."))
    return private_file_response(
        open_or_404(holder.document, _("The document file is missing.")),
        name=holder.document_name or "document",
        content_type=holder.document_content_type or "application/octet-stream",
    )


def generated_file_response(data: bytes, *, name: str, content_type: str) -> HttpResponse:
    """A document made on the fly (PDF, XLSX, DOCX) as a download named ``name``."""
    response = HttpResponse(data, content_type=content_type)
    _as_download(response, name, content_type)
    return response
