"""DRF's side of API keys: ``Authorization: Bearer <key>``, the permission classes of each key
scope, and the public endpoints' rate limit (common.ratelimit, the portal's own limiter)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions, permissions, throttling
from rest_framework.request import Request

from accounts.http import client_address
from api.enums import KeyScope
from api.models import ApiKey
from api.permissions import key_may_write, key_role_in_force
from api.selectors import key_for_secret
from api.services import stamp_key_used
from common.ratelimit import RateLimit


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """A key in ``Authorization: Bearer <key>``; the request acts as the key's account."""

    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, ApiKey] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        keyword, _space, raw = header.partition(" ")
        if keyword != self.keyword or not raw.strip():
            raise exceptions.AuthenticationFailed(
                _("Send the key as 'Authorization: Bearer <key>'.")
            )
        key = key_for_secret(raw.strip())
        if key is None:
            raise exceptions.AuthenticationFailed(_("This API key is not valid."))
        if key.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("This API key has been revoked."))
        if not key.is_usable:
            raise exceptions.AuthenticationFailed(_("This API key has expired."))
        if not key_role_in_force(key):
            raise exceptions.AuthenticationFailed(
                _("The account this API key acts for no longer holds its role.")
            )
        stamp_key_used(key)
        return key.acts_as, key

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


def request_key(request: Request) -> ApiKey | None:
    return request.auth if isinstance(request.auth, ApiKey) else None


class _KeyOfScope(permissions.BasePermission):
    scope: str = ""

    def has_permission(self, request: Request, view: object) -> bool:
        key = request_key(request)
        if key is None:
            raise exceptions.NotAuthenticated(_("This endpoint needs an API key."))
        if key.scope != self.scope:
            self.message = _("This API key's scope does not cover this endpoint.")
            return False
        if request.method not in permissions.SAFE_METHODS and not key_may_write(key):
            self.message = _("This API key may only read.")
            return False
        return True


class OfficeKey(_KeyOfScope):
    """A key of the programme's office (the office's pages' rights, in the key's programme)."""

    scope = KeyScope.OFFICE


class DepartmentKey(_KeyOfScope):
    """A key of one department's system (its liaison's rights, for that department)."""

    scope = KeyScope.DEPARTMENT


class PublicRateThrottle(throttling.BaseThrottle):
    """The public endpoints: API_PUBLIC_RATE_LIMIT requests a minute per client address,
    counted by the portal's own limiter (one count for every web process)."""

    def allow_request(self, request: Request, view: object) -> bool:
        limit = RateLimit("api:public", settings.API_PUBLIC_RATE_LIMIT, 60)
        return limit.hit(client_address(request) or "unknown")

    def wait(self) -> float:
        return 60.0
