"""The flow shared by the public forms a visitor fills in without a login: the objection form
(Art. 21, publicity.views.publicity.object_form) and the incident report (R11 / Art. 33,
sanctions.views.incidents.public_report). Each is guarded by an image captcha (publicity.captcha,
django-simple-captcha: a new challenge on every showing, each answer tried once) and a rate limit
per client address; an accepted submission gets a
receipt number, kept in the session for the receipt page (the service e-mails it when an
address is given). Each form keeps its own keys, limits and messages in a
:class:`PublicFormGuard`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise

from accounts.http import client_address
from common.ratelimit import RateLimit
from common.views import show_refusal


@dataclass(frozen=True)
class PublicFormGuard:
    """The captcha, the rate limit and the receipt of one public form."""

    # The rate limit's key for an address is "<rate_key_prefix>:<address>" (common.ratelimit).
    rate_key_prefix: str
    rate_limit: int
    rate_window_seconds: int
    too_many: str | Promise
    receipt_session_key: str

    @property
    def limit(self) -> RateLimit:
        return RateLimit(self.rate_key_prefix, self.rate_limit, self.rate_window_seconds)

    def rate_key(self, request: HttpRequest) -> str:
        return client_address(request) or "unknown"

    def rate_limited(self, request: HttpRequest) -> bool:
        """Whether the address has used up its window, counting nothing."""
        return self.limit.exceeded(self.rate_key(request))

    def count_submission(self, request: HttpRequest) -> bool:
        """Count one submission for the address, atomically; False when it passes the limit
        (then it must not be taken)."""
        return self.limit.hit(self.rate_key(request))


def public_form_response(
    request: HttpRequest,
    form: forms.Form,
    guard: PublicFormGuard,
    *,
    submit: Callable[[dict[str, Any]], str],
    receipt_url: str,
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """Show ``form`` on ``template``, or take a post: refused with 429 over the rate limit
    (every valid post counts, atomically, before the service runs); once valid, ``submit``
    (calling one service) gets the cleaned data and returns the receipt number, which the session keeps for ``receipt_url``; a DomainError becomes a form error.
    The captcha widget draws a new challenge, with an empty answer box, on every showing."""
    status = 200
    if request.method == "POST":
        # A valid post is counted, atomically, before the service runs: of concurrent posts
        # only those within the limit go on.
        if guard.rate_limited(request) or (form.is_valid() and not guard.count_submission(request)):
            form.add_error(None, str(guard.too_many))
            status = 429
        elif form.is_valid():
            with show_refusal(request, form=form):
                receipt_number = submit(form.cleaned_data)
                request.session[guard.receipt_session_key] = receipt_number
                return redirect(receipt_url)
    return render(
        request,
        template,
        {**context, "form": form},
        status=status,
    )
