"""The password reset, throttled: too many requests from one client address are refused
(429); beyond a few links an hour for one e-mail address, requests are answered as usual but
send nothing (accounts.throttles)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts.http import client_address
from accounts.throttles import password_reset_by_account, password_reset_by_address


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form: Any) -> HttpResponse:
        address = client_address(self.request) or "unknown"
        if not password_reset_by_address().hit(address):
            form.add_error(None, _("Too many requests from your address; please try again later."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        email = form.cleaned_data["email"].strip().lower()
        if not password_reset_by_account().hit(email):
            return redirect(self.get_success_url())
        return super().form_valid(form)
