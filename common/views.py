"""What views share: a service's refusal shown to the user."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib import messages
from django.forms import BaseForm
from django.http import HttpRequest

from common.errors import DomainError


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
