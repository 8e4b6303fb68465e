from __future__ import annotations

import functools
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.middleware import get_user
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware

from accounts import backends, second_factor


class LanguageMiddleware:
    """The portal speaks Simplified Chinese unless the user chose English (the language cookie
    that Django's set_language view sets): a browser's Accept-Language alone does not switch a
    government portal's language.

    In place of Django's LocaleMiddleware, which does the same for a site without language
    prefixes in its paths and negotiates Accept-Language besides: this runs on every request,
    and costs a fifth of it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.languages = {code.lower(): code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)  # nothing downstream negotiates it
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or settings.LANGUAGE_CODE
        language = self.languages.get(chosen) or self._variant(chosen)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response

    def _variant(self, chosen: str) -> str:
        """A cookie not spelt as in LANGUAGES ("zh-Hans", "en-GB"), or naming none of them."""
        try:
            variant = translation.get_supported_language_variant(chosen)
        except LookupError:
            return settings.LANGUAGE_CODE
        # Spelt as in LANGUAGES, so that every page names its language the same way.
        return self.languages.get(variant.lower(), variant)


LOGIN_AT_KEY = "_auth_login_at"
SEEN_AT_KEY = "_auth_seen_at"


def _now_ts() -> float:
    return timezone.now().timestamp()


@receiver(user_logged_in)
def _stamp_login(
    sender: object, request: HttpRequest | None, user: object, **kwargs: object
) -> None:
    """Note when the session was authenticated (for the absolute timeout)."""
    if request is not None and hasattr(request, "session"):
        now = _now_ts()
        request.session[LOGIN_AT_KEY] = now
        request.session[SEEN_AT_KEY] = now


class SessionTimeoutMiddleware:
    """Ends an authenticated session IDLE_TIMEOUT_MINUTES after its last request and
    ABSOLUTE_TIMEOUT_HOURS after login, whichever comes first, then asks to log in again.

    The session is renewed (its expiry moved on) at most every SESSION_RENEW_SECONDS, so pages
    that are only read do not write the session on every request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            session = request.session
            now = _now_ts()
            login_at = session.get(LOGIN_AT_KEY)
            seen_at = session.get(SEEN_AT_KEY)
            if login_at is None or seen_at is None:
                # A session from before this middleware: count from now.
                login_at = seen_at = now
                session[LOGIN_AT_KEY] = login_at
                session[SEEN_AT_KEY] = seen_at
            idle_limit = settings.IDLE_TIMEOUT_MINUTES * 60
            absolute_limit = settings.ABSOLUTE_TIMEOUT_HOURS * 3600
            if now - seen_at >= idle_limit or now - login_at >= absolute_limit:
                logout(request)
                messages.info(request, _("Your session has ended. Please log in again."))
            elif now - seen_at >= settings.SESSION_RENEW_SECONDS:
                session[SEEN_AT_KEY] = now
        elif user is not None and SESSION_KEY in getattr(request, "session", {}):
            # Logged in once but no longer authenticated (deactivated, or the password changed
            # elsewhere): end the session rather than keep it as a shell.
            request.session.flush()
        return self.get_response(request)


class SecondFactorStateMiddleware(OTPMiddleware):
    """django-otp's OTPMiddleware (``request.user.is_verified()``, ``user.otp_device``), with
    the verifying device looked up once per session instead of on every request.

    The session keeps the device's id and the user's ``second_factor_epoch`` when the device
    was last found valid; the epoch moves on whenever one of the user's devices is removed or
    unconfirmed (accounts.second_factor), so a session whose device went away is checked
    against the database again on its next request, exactly as django-otp does every time."""

    def _install_lazy_accessors(self, request: HttpRequest) -> None:
        """As django-otp's, but ``request.user`` is the user itself, found at once instead of
        behind two lazy proxies: SessionTimeoutMiddleware reads it on every request anyway,
        and a proxy costs on every attribute a request, its view and its template read."""
        auser = getattr(request, "auser", None)
        if getattr(request, "user", None) is None or auser is None:
            super()._install_lazy_accessors(request)
            return
        request.user = self._verified_user(request)  # type: ignore[assignment]
        request.auser = functools.partial(self._verify_user_async_via_auser, request, auser)

    def _verified_user(self, request: HttpRequest) -> object:
        session = request.session
        if SESSION_KEY not in session:  # reads the session (with its user's row: accounts.sessions)
            return self._verify_user_sync(request, get_user(request))
        token = backends.prefetched_user.set(getattr(session, "prefetched_user", None))
        try:
            user = get_user(request)
        finally:
            backends.prefetched_user.reset(token)
        if getattr(user, "is_authenticated", False) and not getattr(
            session, "user_link_found", True
        ):
            session.link_user(backends.user_cache_key(user.pk))  # type: ignore[attr-defined]
        return self._verify_user_sync(request, user)

    def _verify_user_sync(self, request: HttpRequest, user: object) -> object:
        self._init_user_fields(user)
        if not getattr(user, "is_authenticated", False):
            return user
        session = request.session
        persistent_id = session.get(DEVICE_ID_SESSION_KEY)
        if not persistent_id:
            return user
        state = [persistent_id, user.second_factor_epoch]  # type: ignore[attr-defined]
        if session.get(second_factor.VERIFIED_EPOCH_KEY) == state:
            user.otp_device = SimpleLazyObject(  # type: ignore[attr-defined]
                functools.partial(self._device_from_persistent_id, persistent_id)
            )
            return user
        device = self._finalize_device(
            request, user, self._device_from_persistent_id(persistent_id)
        )
        user.otp_device = device  # type: ignore[attr-defined]
        if device is None:
            session.pop(second_factor.VERIFIED_EPOCH_KEY, None)
        else:
            session[second_factor.VERIFIED_EPOCH_KEY] = state
        return user


class SecondFactorMiddleware:
    """A logged-in user whose session has not passed the second factor is sent to verify it
    (if they have an authenticator) or to enrol one (if their role requires it) before any
    other page. Log-out, the password pages, the language switch and static files stay
    reachable. Runs after django-otp's OTPMiddleware (``request.user.is_verified``)."""

    EXEMPT_URL_NAMES = frozenset(
        {
            "accounts:logout",
            # Guarded in its view: a user with a second factor enters a fresh code first.
            "accounts:password_change",
            "accounts:password_change_done",
            "accounts:password_reset",
            "accounts:password_reset_done",
            "accounts:password_reset_confirm",
            "accounts:password_reset_complete",
            "accounts:second_factor_verify",
            "accounts:second_factor_enrol",
            "accounts:second_factor_backup_codes",
            "set_language",
        }
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        redirect_to = self._redirect_for(request)
        if redirect_to is None:
            return self.get_response(request)
        from django.shortcuts import redirect

        if request.headers.get("HX-Request") == "true":
            response = HttpResponse(status=204)
            response["HX-Redirect"] = redirect_to
            return response
        return redirect(redirect_to)

    def _redirect_for(self, request: HttpRequest) -> str | None:
        from django.urls import Resolver404, resolve, reverse

        if not second_factor.enforced():
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if user.is_verified():
            return None
        path = request.path_info
        if path.startswith(settings.STATIC_URL):
            return None
        try:
            match = resolve(path)
        except Resolver404:
            return None
        if match.view_name in self.EXEMPT_URL_NAMES:
            return None
        if second_factor.has_second_factor(user):
            target = reverse("accounts:second_factor_verify")
        elif second_factor.second_factor_required(user):
            target = reverse("accounts:second_factor_enrol")
        else:
            return None
        from urllib.parse import urlencode

        return f"{target}?{urlencode({'next': request.get_full_path()})}"
