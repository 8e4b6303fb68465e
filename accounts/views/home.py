from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.dashboard import sections_for
from accounts.http import AuthenticatedHttpRequest
from accounts.permissions import roles_of
from accounts.workqueue import WorkItem, count_for, items_for
from common.dates import day_text
from common.kept_pages import kept_page


@kept_page
@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    roles = roles_of(request.user)
    return render(
        request,
        "accounts/dashboard.html",
        {
            "roles": sorted(roles),
            "work_items": (work_items := items_for(request.user, roles)),
            "work_items_html": _work_items_html(work_items),
            "sections": sections_for(request.user, roles),
        },
    )


def _work_items_html(items: list[WorkItem]) -> SafeString:
    """The work queue's entries (templates/accounts/_workqueue.html), rendered here rather than
    by the template engine: an expert's queue holds a line per assigned dossier, and its
    translation tags were most of the dashboard's rendering."""
    overdue_badge = (
        f'<span class="badge text-bg-danger me-1">{conditional_escape(_("Overdue"))}</span>'
    )
    parts = []
    for item in items:
        # As {% blocktrans %}: the values escaped, the sentence as translated.
        facts = [_("Waiting on: %(who)s") % {"who": conditional_escape(item.on_whom)}]
        if item.since:
            facts.append(_("since %(day)s") % {"day": conditional_escape(day_text(item.since))})
        if item.until:
            facts.append(
                _("due by the end of %(day)s") % {"day": conditional_escape(day_text(item.until))}
            )
        if item.programme:
            facts.append(conditional_escape(item.programme))
        reason = (
            '<div class="alert alert-warning py-1 px-2 my-1 small work-reason">'
            f"{conditional_escape(item.reason)}</div>"
            if item.reason
            else ""
        )
        parts.append(
            f'<li class="list-group-item px-0 work-item'
            f'{" work-item-overdue" if item.overdue else ""}" '
            f'data-role="{conditional_escape(item.role)}">'
            '<div class="d-flex flex-wrap justify-content-between align-items-start gap-2">'
            f'<div class="flex-grow-1">{overdue_badge if item.overdue else ""}'
            f'<span class="work-what">{conditional_escape(item.what)}</span>{reason}'
            f'<div class="small text-muted">{" · ".join(facts)}</div></div>'
            f'<a class="btn btn-sm {"btn-danger" if item.overdue else "btn-primary"} text-nowrap" '
            f'href="{conditional_escape(item.url)}">{conditional_escape(item.action)}</a>'
            "</div></li>"
        )
    return mark_safe("".join(parts))  # every value escaped above


@kept_page
@require_GET
@login_required
def work_count(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The menu's count of waiting work (the dashboard's own queue), loaded after the page
    (htmx) so that no page pays for it while it renders."""
    return render(request, "accounts/_work_count.html", {"n_work": count_for(request.user)})


def lockout(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """django-axes' lockout page (AXES_LOCKOUT_CALLABLE): too many failed logins for this user
    name from this address. Every try while locked out counts as one more failure, so the lock
    ends the cool-off time after this try; the page says when, in Beijing time."""
    from axes.helpers import get_cool_off

    cool_off = get_cool_off(request) or timedelta(0)
    return render(
        request,
        "accounts/lockout.html",
        {
            "retry_at": timezone.now() + cool_off,
            "minutes": int(cool_off.total_seconds() // 60),
        },
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
