from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.http import client_address

from .forms import RegistrationForm
from .services import RegistrationRefused, register_organisation


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """Public: an organisation registers itself and its first user, then lands on its
    dashboard, logged in."""
    if request.user.is_authenticated and request.method == "GET":
        messages.info(
            request, _("You are logged in already: log out to register another organisation.")
        )
    form = RegistrationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation, user = register_organisation(
                organisation=form.organisation_data(),
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                privacy_accepted=form.cleaned_data["privacy_accepted"],
                ip_address=client_address(request),
            )
        except RegistrationRefused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _("%(org)s is registered. You can now apply to an open round.")
                % {"org": organisation.name},
            )
            return redirect("accounts:dashboard")
    return render(request, "organisations/organisation_register.html", {"form": form})
