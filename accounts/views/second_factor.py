"""Second-factor pages: enrol an authenticator (QR code), verify after the password, backup
codes, turn it off (optional users only), and the office's leading-group policy."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import second_factor
from accounts.forms import SecondFactorCodeForm
from accounts.http import AuthenticatedHttpRequest
from accounts.models import SecondFactorPolicy
from accounts.permissions import office_programme_ids
from common.views import show_refusal

BACKUP_CODES_SESSION_KEY = "_second_factor_new_backup_codes"


def fresh_second_factor_required(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """Before a sensitive change (the password), a user with a second factor whose session has
    not passed it lately (accounts.second_factor.fresh_check_needed) is sent to enter a code,
    then back. The page stays reachable before verification only to users without one."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if user.is_authenticated and second_factor.fresh_check_needed(request, user):  # type: ignore[arg-type]
            messages.info(request, _("For this change, enter a code from your authenticator."))
            return redirect_to_login(request.get_full_path(), "accounts:second_factor_verify")
        return view(request, *args, **kwargs)

    return wrapped


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@login_required
def security(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's own second-factor status, reached from the dashboard."""
    user = request.user
    return render(
        request,
        "accounts/second_factor_security.html",
        {
            "enrolled": second_factor.has_second_factor(user),
            "required": second_factor.second_factor_required(user),
            "enforced": second_factor.enforced(),
            "backup_codes_left": second_factor.backup_codes_left(user),
            "is_office": bool(office_programme_ids(user)),
            "may_reset": user.is_superuser or bool(office_programme_ids(user)),
        },
    )


@login_required
def enrol(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Show a QR code for a new authenticator; the user confirms it with one code."""
    user = request.user
    if second_factor.has_second_factor(user) and not user.is_verified():  # type: ignore[attr-defined]
        # Replacing an authenticator needs the current one first.
        return redirect(f"{_reverse('accounts:second_factor_verify')}?next={request.path}")
    device = second_factor.pending_totp(user)
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = second_factor.confirm_enrolment(request, user, form.cleaned_data["code"])
        if codes is not None:
            request.session[BACKUP_CODES_SESSION_KEY] = codes
            messages.success(request, _("Two-step verification is on."))
            next_url = _next_url(request)
            return redirect(f"{_reverse('accounts:second_factor_backup_codes')}?next={next_url}")
        form.add_error(
            "code", _("That code is not right. Check the time on your phone and try again.")
        )
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/second_factor_enrol.html",
        {
            "form": form,
            "qr_data_uri": qr.svg_data_uri(scale=5, dark="#000", light="#fff"),
            "secret": _spaced(device_secret(device)),
            "required": second_factor.second_factor_required(user),
            "next": _next_url(request),
        },
    )


def device_secret(device: object) -> str:
    from base64 import b32encode

    return b32encode(device.bin_key).decode()  # type: ignore[attr-defined]


def _spaced(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _reverse(name: str) -> str:
    from django.urls import reverse

    return reverse(name)


@login_required
def verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    """After the password: a code from the authenticator or a backup code."""
    user = request.user
    if not second_factor.has_second_factor(user):
        return redirect(_next_url(request))
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_factor.verify(request, user, form.cleaned_data["code"]):
            return redirect(_next_url(request))
        form.add_error("code", _("That code is not right, or was used already. Try again."))
    return render(
        request, "accounts/second_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


@login_required
def backup_codes(request: AuthenticatedHttpRequest) -> HttpResponse:
    """New backup codes, shown once (kept in the session only until this page is shown)."""
    codes = request.session.pop(BACKUP_CODES_SESSION_KEY, None)
    return render(
        request,
        "accounts/second_factor_backup_codes.html",
        {
            "codes": codes,
            "left": second_factor.backup_codes_left(request.user),
            "next": _next_url(request),
        },
    )


@require_POST
@login_required
def regenerate_backup_codes(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if not second_factor.has_second_factor(user):
        raise Http404
    request.session[BACKUP_CODES_SESSION_KEY] = second_factor.regenerate_backup_codes(user)
    return redirect("accounts:second_factor_backup_codes")


@require_POST
@login_required
def remove(request: AuthenticatedHttpRequest) -> HttpResponse:
    try:
        second_factor.remove_second_factor(request.user)
    except second_factor.SecondFactorStillRequired:
        messages.error(request, _("Your role requires two-step verification: it stays on."))
        return redirect("accounts:second_factor")
    messages.success(request, _("Two-step verification is off."))
    return redirect("accounts:second_factor")


@login_required
def policy(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The office decides, per programme it runs, whether leading-group members must use a
    second factor. Other users: 404."""
    programme_ids = office_programme_ids(request.user)
    if not programme_ids:
        raise Http404
    programmes = second_factor.programmes(programme_ids)
    if request.method == "POST":
        chosen = set(request.POST.getlist("required"))
        changed = False
        for programme in programmes:
            changed |= second_factor.set_leading_group_policy(
                programme_id=programme.pk,
                required=str(programme.pk) in chosen,
                actor=request.user,
            )
        if changed:
            messages.success(request, _("The second-factor policy was saved."))
        return redirect("accounts:second_factor_policy")
    required = set(
        SecondFactorPolicy.objects.filter(
            programme__in=programmes, leading_group_required=True
        ).values_list("programme_id", flat=True)
    )
    return render(
        request,
        "accounts/second_factor_policy.html",
        {"rows": [(p, p.pk in required) for p in programmes]},
    )


@login_required
def reset(request: AuthenticatedHttpRequest) -> HttpResponse:
    """An office (or an administrator) resets the second factor of a user who lost their phone.
    Other users: 404; a user outside the office's programmes: 404; a user who also belongs to
    another programme: refused with a message (an administrator's task)."""
    if not (request.user.is_superuser or office_programme_ids(request.user)):
        raise Http404
    users = second_factor.resettable_users(request.user)
    if request.method == "POST":
        target = next((u for u in users if str(u.pk) == request.POST.get("user")), None)
        if target is None:
            raise Http404
        with show_refusal(request, show_rule=False):
            second_factor.reset_second_factor(actor=request.user, user=target)
            messages.success(
                request,
                _("%(name)s sets up two-step verification again at the next log-in.")
                % {"name": target},
            )
        return redirect("accounts:second_factor_reset")
    return render(request, "accounts/second_factor_reset.html", {"users": users})
