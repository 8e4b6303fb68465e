"""The flow shared by the public forms a visitor fills in without a login: the objection form
(Art. 21, publicity.views.publicity.object_form) and the incident report (R11 / Art. 33,
sanctions.views.incidents.public_report). Each is guarded by a sum to solve (the captcha, a new
one on every showing) and a rate limit per client address; an accepted submission gets a
receipt number, kept in the session for the receipt page (the service e-mails it when an
address is given). Each form keeps its own keys, limits and messages in a
:class:`PublicFormGuard`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.contrib.sessions.backends.base import SessionBase
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.functional import Promise

from accounts.http import client_address
from decisionlog.workflow import DomainError


@dataclass(frozen=True)
class PublicFormGuard:
    """The captcha, the rate limit and the receipt of one public form."""

    # The cache key of an address's count is "<rate_key_prefix>:<address>".
    rate_key_prefix: str
    rate_limit: int
    rate_window_seconds: int
    too_many: str | Promise
    captcha_session_key: str
    new_captcha: Callable[[SessionBase], str]
    receipt_session_key: str

    def rate_key(self, request: HttpRequest) -> str:
        return f"{self.rate_key_prefix}:{client_address(request) or 'unknown'}"

    def rate_limited(self, request: HttpRequest) -> bool:
        return int(cache.get(self.rate_key(request), 0)) >= self.rate_limit

    def count_submission(self, request: HttpRequest) -> None:
        key = self.rate_key(request)
        if not cache.add(key, 1, timeout=self.rate_window_seconds):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, timeout=self.rate_window_seconds)


def _message(error: DomainError) -> str:
    return f"{error.message} ({error.rule})" if error.rule else error.message


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
    """Show ``form`` on ``template``, or take a post: refused with 429 over the rate limit;
    once valid, ``submit`` (calling one service) gets the cleaned data and returns the receipt
    number, which the session keeps for ``receipt_url``; a DomainError becomes a form error.
    ``form`` was built with the session's expected captcha answer."""
    status = 200
    if request.method == "POST":
        if guard.rate_limited(request):
            form.add_error(None, str(guard.too_many))
            status = 429
        elif form.is_valid():
            try:
                receipt_number = submit(form.cleaned_data)
            except DomainError as error:
                form.add_error(None, _message(error))
            else:
                guard.count_submission(request)
                request.session.pop(guard.captcha_session_key, None)
                request.session[guard.receipt_session_key] = receipt_number
                return redirect(receipt_url)
    question = guard.new_captcha(request.session)
    if form.is_bound and "captcha" in form.data:
        # A fresh sum each time: the old answer must be typed again for the new question.
        data = cast(QueryDict, form.data).copy()
        data["captcha"] = ""
        form.data = data
    return render(
        request,
        template,
        {**context, "form": form, "captcha_question": question},
        status=status,
    )
