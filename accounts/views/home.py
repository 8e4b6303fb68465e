from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.dashboard import sections_for
from accounts.http import AuthenticatedHttpRequest
from accounts.permissions import roles_of
from accounts.workqueue import count_for, items_for
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
            "work_items": items_for(request.user, roles),
            "sections": sections_for(request.user, roles),
        },
    )


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
