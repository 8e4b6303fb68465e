"""Long documents built in the background and kept until what they were built from changes.

A kind of document (the application form, the meeting packet, a review report, a circular)
registers a :class:`DocumentKind` from its app's ``registrations.py``: a name, a version and a
function that builds the HTML given to WeasyPrint from an object's id. Who may download it
stays the view's business; the view hands the request to
``common.views.built_document_response``.

The document is keyed by its content: the SHA-256 of the kind, its version, the styles and the
HTML (``content_key``). A finished row whose key equals the current one is served at once; a
change of any input changes the HTML and so builds the document again. The moment of printing
that some documents show ("打印于") is left out of the key: the source function is called with
``printed_at=None`` for the key and with the build's moment for the file.

Every write here is short (pitfall 17): a request asks for a build in one transaction, the
``common.build_document`` task claims the row in another, renders outside any transaction and
records the file in a third. The state moves only by these claims and conditional updates.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import override

from common.documents import render_pdf
from common.enums import PENDING_BUILD_STATES, BuildState
from common.models import BuiltDocument

logger = logging.getLogger(__name__)

#: A build that has not finished this long after it was queued or claimed is taken to be lost
#: (its message dropped, its worker killed) and is queued again by the next request. Longer
#: than the task's hard time limit, so a build still running is never taken over.
STALE_AFTER = timedelta(seconds=settings.BUILT_DOCUMENT_STALE_SECONDS)


@dataclass(frozen=True)
class DocumentSource:
    """What a document is built from: the HTML, the CSS given beside it, the download name."""

    html: str
    file_name: str
    stylesheets: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocumentKind:
    """A kind of document built in the background. ``source(object_id, printed_at)`` returns
    None when the object no longer exists; it must return the same HTML for the same inputs
    (``printed_at`` is None when the key is computed). Raise ``version`` when the output
    changes while its HTML does not (a new font, a new WeasyPrint)."""

    name: str
    title: str | Promise
    source: Callable[[int, datetime | None], DocumentSource | None]
    version: int = 1
    # The HTML shows the moment it was printed: built once for the key, once for the file.
    stamped: bool = False


_kinds: dict[str, DocumentKind] = {}


def register_kind(kind: DocumentKind) -> None:
    """Called from an app's ``registrations.py``: the worker finds the kind by its name."""
    _kinds[kind.name] = kind


def kind_named(name: str) -> DocumentKind:
    return _kinds[name]


def content_key(kind: DocumentKind, source: DocumentSource) -> str:
    digest = hashlib.sha256(f"{kind.name}\n{kind.version}\n".encode())
    for part in (*source.stylesheets, source.html):
        digest.update(len(part.encode()).to_bytes(8, "big"))
        digest.update(part.encode())
    return digest.hexdigest()


def current_source(
    kind: DocumentKind, object_id: int, printed_at: datetime | None = None
) -> DocumentSource | None:
    """The document's source as it would be built now, in the portal's language (an official
    document reads the same whoever asks for it)."""
    with override(settings.LANGUAGE_CODE):
        return kind.source(object_id, printed_at)


def stored_document(kind: DocumentKind, object_id: int) -> BuiltDocument | None:
    return BuiltDocument.objects.filter(kind=kind.name, object_id=object_id).first()


def is_current(document: BuiltDocument | None, key: str) -> bool:
    """A finished file built from exactly the content ``key`` names."""
    return (
        document is not None
        and document.state == BuildState.DONE
        and document.content_key == key
        and bool(document.document)
    )


def is_stale(document: BuiltDocument) -> bool:
    """A queued or running build that should have finished long ago."""
    if document.state not in PENDING_BUILD_STATES:
        return False
    moment = document.started_at or document.requested_at
    return timezone.now() - moment > STALE_AFTER


def file_lost(document: BuiltDocument | None) -> bool:
    """A finished row whose file the storage no longer has (the folder was cleared)."""
    return (
        document is not None
        and document.state == BuildState.DONE
        and bool(document.document)
        and not default_storage.exists(document.document.name)
    )


def needs_build(
    document: BuiltDocument | None, key: str, *, retry: bool = False, lost: bool = False
) -> bool:
    """Whether a build must be queued for the content ``key`` names: not while one is pending
    (it builds whatever is current when it runs) unless it is stale, not when the file is
    current (unless ``lost``), and not when the same content failed, unless ``retry``."""
    if document is None:
        return True
    if document.state in PENDING_BUILD_STATES:
        return is_stale(document)
    if document.content_key != key:
        return True
    if document.state == BuildState.FAILED:
        return retry
    return lost


def request_build(
    kind: DocumentKind, object_id: int, key: str, *, retry: bool = False, lost: bool = False
) -> tuple[BuiltDocument, bool]:
    """Ask for the document built from the content ``key`` names (see :func:`needs_build`).
    Returns the row and whether a build must be queued (after this transaction)."""
    with transaction.atomic():
        found = (
            BuiltDocument.objects.select_for_update()
            .filter(kind=kind.name, object_id=object_id)
            .first()
        )
        if found is None:
            try:
                with transaction.atomic():
                    return BuiltDocument.objects.create(
                        kind=kind.name, object_id=object_id, content_key=key
                    ), True
            except IntegrityError:
                # Another request created it meanwhile.
                found = BuiltDocument.objects.select_for_update().get(
                    kind=kind.name, object_id=object_id
                )
        document: BuiltDocument = found
        if not needs_build(document, key, retry=retry, lost=lost):
            return document, False
        document.state = BuildState.QUEUED
        document.content_key = key
        document.requested_at = timezone.now()
        document.started_at = None
        document.error = ""
        document.save(update_fields=["state", "content_key", "requested_at", "started_at", "error"])
    return document, True


def claim_build(document_id: int) -> BuiltDocument | None:
    """Take a queued build (or a stale one) for this run; None when there is nothing to do:
    already built or failed, or another worker is building it."""
    with transaction.atomic():
        document = BuiltDocument.objects.select_for_update().filter(pk=document_id).first()
        if document is None or document.state not in PENDING_BUILD_STATES:
            return None
        if document.state == BuildState.RUNNING and not is_stale(document):
            return None
        document.state = BuildState.RUNNING
        document.started_at = timezone.now()
        document.attempts += 1
        document.save(update_fields=["state", "started_at", "attempts"])
    return document


def _storage_name(kind: DocumentKind, object_id: int, key: str) -> str:
    """A fixed name per content: a retried build overwrites rather than duplicates."""
    return f"built/{kind.name}/{object_id}/{key}.pdf"


def build(document_id: int) -> bool:
    """Build the document (the task's body): claim, render outside any transaction, store the
    file and record it. Safe to run twice: a finished or running build is left alone. Whether
    this run built it."""
    document = claim_build(document_id)
    if document is None:
        return False
    kind = kind_named(document.kind)
    keyed = current_source(kind, document.object_id)
    if keyed is None:
        fail_build(document.pk, "the document's record no longer exists")
        return False
    stamped = current_source(kind, document.object_id, timezone.now()) if kind.stamped else None
    built = stamped or keyed
    key = content_key(kind, keyed)
    pdf = render_pdf(built.html, stylesheets=built.stylesheets)
    name = _storage_name(kind, document.object_id, key)
    if default_storage.exists(name):
        default_storage.delete(name)
    saved = default_storage.save(name, ContentFile(pdf))
    with transaction.atomic():
        locked = (
            BuiltDocument.objects.select_for_update()
            .filter(pk=document.pk, state=BuildState.RUNNING, attempts=document.attempts)
            .first()
        )
        if locked is None:
            logger.warning("built document %s was claimed by another run", document.pk)
            return False
        replaced = locked.document.name
        BuiltDocument.objects.filter(pk=locked.pk).update(
            state=BuildState.DONE,
            content_key=key,
            document=saved,
            document_name=built.file_name[:255],
            document_content_type="application/pdf",
            size=len(pdf),
            built_at=timezone.now(),
            error="",
        )
    if replaced and replaced != saved:
        default_storage.delete(replaced)
    return True


def fail_build(document_id: int, error: str) -> None:
    """A build that did not succeed: the page shows why and offers to build it again."""
    BuiltDocument.objects.filter(pk=document_id, state=BuildState.RUNNING).update(
        state=BuildState.FAILED, error=error[:2000], built_at=timezone.now()
    )
