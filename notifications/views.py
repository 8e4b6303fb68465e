"""The user's messages and language; the office's outbox and template preview."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.permissions import office_programme_ids
from common.views import show_refusal
from notifications import services
from notifications.events import EVENTS
from notifications.forms import LanguageForm, OutboxFilterForm
from notifications.permissions import can_retry_message, can_see_outbox
from notifications.selectors import (
    message_for,
    notifications_of,
    outbox_counts,
    outbox_for,
    unread_count,
)

OUTBOX_PAGE_SIZE = 50


@login_required
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = LanguageForm(request.POST or None, initial={"language": services.message_language(user)})
    if request.method == "POST" and form.is_valid():
        services.set_message_language(user, form.cleaned_data["language"])
        messages.success(request, _("Your messages will be written in the language you chose."))
        return redirect("notifications:inbox")
    shown = list(notifications_of(user)[:100])
    # Shown here, they are read: the top bar's count drops; the page still marks the new ones.
    services.mark_read(user, [n.pk for n in shown if n.read_at is None])
    return render(
        request,
        "notifications/inbox.html",
        {
            "notifications": shown,
            "language_form": form,
            "is_office": can_see_outbox(user),
        },
    )


@require_GET
@login_required
def unread_badge(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The top bar's count of unread messages, loaded after the page (htmx) so that no page
    pays for it while it renders."""
    return render(
        request, "notifications/_unread_badge.html", {"n_unread": unread_count(request.user)}
    )


def _office_only(request: HttpRequest) -> None:
    if not can_see_outbox(request.user):
        raise Http404(_("No such page."))


@login_required
def outbox(request: HttpRequest) -> HttpResponse:
    """Every message of the office's programmes with its delivery state."""
    _office_only(request)
    form = OutboxFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = outbox_for(
        request.user,
        state=filters.get("state", ""),
        event=filters.get("event", ""),
        search=(filters.get("q") or "").strip(),
    )
    page = Paginator(rows, OUTBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "notifications/outbox.html",
        {
            "page": page,
            "form": form,
            "counts": outbox_counts(request.user),
            "query": query.urlencode(),
        },
    )


@login_required
def outbox_message(request: HttpRequest, pk: int) -> HttpResponse:
    message = message_for(request.user, pk)
    if message is None:
        raise Http404(_("No such message."))
    return render(
        request,
        "notifications/outbox_message.html",
        {
            "message": message,
            "event": EVENTS.get(message.event),
            "may_retry": can_retry_message(request.user, message),
        },
    )


@login_required
@require_POST
def outbox_retry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    message = message_for(request.user, pk)
    if message is None:
        raise Http404(_("No such message."))
    with show_refusal(request, show_rule=False):
        services.retry_message(message, actor=request.user)
        messages.success(request, _("The message is queued to be sent again."))
    return redirect("notifications:outbox_message", pk=message.pk)


@login_required
@require_POST
def outbox_retry_failed(request: AuthenticatedHttpRequest) -> HttpResponse:
    _office_only(request)
    total = sum(
        services.retry_failed_of_programme(pid, actor=request.user)
        for pid in office_programme_ids(request.user)
    )
    messages.success(
        request, _("%(n)d failed messages are queued to be sent again.") % {"n": total}
    )
    return redirect("notifications:outbox")


@login_required
def templates_preview(request: HttpRequest) -> HttpResponse:
    """Every message template rendered with sample data, in Chinese and in English."""
    _office_only(request)
    previews = []
    for key, ev in EVENTS.items():
        rendered = []
        for code, name in (("zh-hans", _("Chinese")), ("en", _("English"))):
            subject, body = services.render_message(key, ev.sample(), code)
            rendered.append({"language": name, "code": code, "subject": subject, "body": body})
        previews.append({"key": key, "event": ev, "rendered": rendered})
    return render(request, "notifications/templates_preview.html", {"previews": previews})
