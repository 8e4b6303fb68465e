"""What views share: a service's refusal shown to the user; a form whose fields are a service's
arguments, submitted."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.datastructures import MultiValueDict

from common.errors import DomainError
from common.uploads import shortened_name_notice


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
