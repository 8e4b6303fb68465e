from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .selectors import notifications_of


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "notifications/inbox.html",
        {"notifications": notifications_of(request.user)[:100]},  # type: ignore[arg-type]
    )
