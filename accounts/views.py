from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .dashboard import sections_for
from .permissions import roles_of


def home(request: HttpRequest) -> HttpResponse:
    from awards.selectors import public_rounds

    return render(request, "home.html", {"rounds": public_rounds()[:5]})


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    roles = roles_of(request.user)
    return render(
        request,
        "accounts/dashboard.html",
        {"roles": sorted(roles), "sections": sections_for(request.user, roles)},  # type: ignore[arg-type]
    )
