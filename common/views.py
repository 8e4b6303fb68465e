"""What views share: a service's refusal shown to the user; a form whose fields are a service's
arguments, submitted; a long document built in the background, with its progress."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.datastructures import MultiValueDict

from common import built_documents
from common.built_documents import DocumentKind
from common.enums import PENDING_BUILD_STATES, BuildState
from common.errors import DomainError
from common.files import stored_document_response
from common.models import BuiltDocument
from common.tasks import build_document
from common.uploads import shortened_name_notice

Found = TypeVar("Found")


@contextmanager
def show_refusal(
    request: HttpRequest,
    *,
    form: BaseForm | None = None,
    field: str | None = None,
    show_rule: bool = True,
) -> Iterator[None]:
    """Run a service call in the block; a DomainError it raises is shown to the user and the
    view goes on after the block.

    With ``form``, the refusal becomes an error of the form, shown when the page is rendered
    again: on the form field the error names in a ``field`` attribute (a refused
    registration names the field at fault), else on ``field``, else above the form. Without
    ``form``, it becomes an error message (django.contrib.messages) for the page the view
    redirects to. Put the success message and the ``return redirect(...)`` inside the block:
    they run only when the service succeeded::

        with show_refusal(request, form=form):
            services.record_visit(visit, actor=request.user, **form.cleaned_data)
            messages.success(request, _("The visit was recorded."))
            return redirect("monitoring:office_grant", pk=visit.grant_id)
        return render(request, "monitoring/visit_record.html", {"form": form})

    The message names the rule the refusal rests on ("... (R12)"); ``show_rule=False`` leaves
    it out, for the pages that have always shown the bare message.
    """
    try:
        yield
    except DomainError as error:
        text = error.user_message if show_rule else error.message
        if form is not None:
            named = getattr(error, "field", None)
            form.add_error(named if named in form.fields else field, text)
        else:
            messages.error(request, text)


def note_shortened_name(request: HttpRequest, upload: UploadedFile | None) -> None:
    """After an upload was stored: tell the user when its name was shortened to be kept."""
    notice = shortened_name_notice(upload.name or "") if upload is not None else ""
    if notice:
        messages.info(request, notice)


def programme_page_url(name: str, programme_pk: int, *args: object) -> str:
    """The URL named ``name`` of an office's page about one of its programmes: the programme
    in the query (?programme=<id>), as the office's pages of programme settings read it."""
    return f"{reverse(name, args=args)}?programme={programme_pk}"


def found_or_404(found: Found | None, message: str) -> Found:
    """What a selector found, or a 404 with ``message`` (the object is unknown or not the
    user's to see: the two are never told apart)."""
    if found is None:
        raise Http404(message)
    return found


def posted_data(request: HttpRequest) -> QueryDict | None:
    """The POST data of a POST (even an empty one, so a form still validates), else None."""
    return request.POST if request.method == "POST" else None


def posted_files(request: HttpRequest) -> MultiValueDict[str, UploadedFile] | None:
    """The uploaded files of a POST, else None (the companion of :func:`posted_data`)."""
    return request.FILES if request.method == "POST" else None


def submit_form(
    request: HttpRequest,
    form: BaseForm,
    service: Callable[..., object],
    *,
    success: str,
    then: str | None = None,
    refused: str | None = None,
) -> HttpResponse | None:
    """A posted, valid form whose fields are the keyword arguments of ``service`` (bound to its
    object and actor, e.g. with functools.partial): call it; on success show ``success`` and
    redirect to ``then`` (a URL or a URL name; by default this page again). ``refused``, when the user may not post the
    form now: the post is refused with it (403). None when nothing was posted, the form is
    invalid or the service refused (the refusal is an error of the form): the view renders
    its page again (see :func:`form_page`)."""
    if request.method != "POST":
        return None
    if refused is not None:
        raise PermissionDenied(refused)
    if not form.is_valid():
        return None
    with show_refusal(request, form=form):
        service(**form.cleaned_data)
        messages.success(request, success)
        return redirect(then or request.path)
    return None


def form_page(
    request: HttpRequest,
    form: BaseForm,
    service: Callable[..., object],
    *,
    success: str,
    then: str | None = None,
    refused: str | None = None,
    template: str,
    context: dict[str, object],
) -> HttpResponse:
    """A page with one form whose fields are ``service``'s keyword arguments:
    :func:`submit_form`, else the page (``template`` with ``context`` and the form). The
    monitoring pages of visits and re-assessments are examples."""
    done = submit_form(request, form, service, success=success, then=then, refused=refused)
    return done or render(request, template, {**context, "form": form})


def _wait_for_build(document: BuiltDocument) -> BuiltDocument:
    """A short document is often built within a second or two: wait that long (at most
    ``BUILT_DOCUMENT_WAIT_SECONDS``) before answering with the progress page."""
    deadline = time.monotonic() + settings.BUILT_DOCUMENT_WAIT_SECONDS
    while document.state in PENDING_BUILD_STATES and time.monotonic() < deadline:
        time.sleep(0.25)
        document.refresh_from_db()
    return document


def built_document_response(
    request: HttpRequest, kind: DocumentKind, object_id: int
) -> HttpResponseBase:
    """The document of ``kind`` for ``object_id``, for a user the view has let through.

    A file built from the current content is sent at once. Otherwise a build is queued (the
    ``common.build_document`` task) and the answer is a page saying "being built" that asks
    this same URL again every two seconds (htmx) and shows the download link once the file is
    ready, or the error and "build again" (``?retry=1``) when the build failed. The same URL
    polls, so the view's permission check guards every answer."""
    source = built_documents.current_source(kind, object_id)
    if source is None:
        raise Http404
    key = built_documents.content_key(kind, source)
    document = built_documents.stored_document(kind, object_id)
    polled = bool(getattr(request, "htmx", False))
    # A GET that queues a build: it rebuilds a copy of what the user may already read and
    # changes no record, so "build again" is a link to this URL like the download itself.
    retry = request.GET.get("retry") == "1"
    lost = built_documents.file_lost(document)
    if built_documents.needs_build(document, key, retry=retry, lost=lost):
        document, queue = built_documents.request_build(
            kind, object_id, key, retry=retry, lost=lost
        )
        if queue:
            build_document.delay(document.pk)
        document.refresh_from_db()
        if not polled:
            document = _wait_for_build(document)
    assert document is not None  # needs_build(None) is always true
    ready = built_documents.is_current(document, key)
    if ready and not polled:
        return stored_document_response(document)
    failed = document.state == BuildState.FAILED and document.content_key == key
    context = {"document": document, "kind": kind, "ready": ready, "failed": failed}
    template = "components/_built_document.html" if polled else "common/built_document.html"
    return render(request, template, context, status=200 if ready or failed else 202)
