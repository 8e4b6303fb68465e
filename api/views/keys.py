"""The office's pages for its programme's API keys: the list, a new key (shown once), revoking."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.http import AuthenticatedHttpRequest
from api.forms import ApiKeyForm, RevokeForm
from api.selectors import programme_key, programme_keys
from api.services import create_api_key, revoke_api_key
from common.views import posted_data, programme_page_url, show_refusal
from experts.views.pool import office_programme_or_404


@login_required
@require_GET
def key_list(request: HttpRequest) -> HttpResponse:
    programme = office_programme_or_404(request)
    return render(
        request,
        "api/key_list.html",
        {"programme": programme, "keys": list(programme_keys(programme))},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def key_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A new key; its secret is on the answer to the POST only, never stored or shown again."""
    programme = office_programme_or_404(request)
    form = ApiKeyForm(posted_data(request), programme=programme)
    if request.method == "POST" and form.is_valid():
        with show_refusal(request, form=form):
            issued = create_api_key(programme, actor=request.user, **form.key_values())
            return render(
                request,
                "api/key_issued.html",
                {"programme": programme, "key": issued.key, "raw_key": issued.raw},
            )
    return render(
        request,
        "api/key_form.html",
        {"programme": programme, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def key_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = office_programme_or_404(request)
    key = programme_key(programme, pk)
    if key is None:
        raise Http404
    form = RevokeForm(request.POST)
    if form.is_valid():
        with show_refusal(request):
            revoke_api_key(key, actor=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("The key %(name)s was revoked.") % {"name": key.name})
    return redirect(programme_page_url("api:key_list", programme.pk))
