from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpRequest

if TYPE_CHECKING:
    # An annotation needs the class; the models import the apps, so only the type checker
    # reads this import.
    from accounts.models import User


def client_address(request: HttpRequest) -> str | None:
    """The client's address. Behind NUM_PROXIES trusted proxies (nginx), it is the entry that
    many places from the right of X-Forwarded-For; a client cannot forge what a proxy appends."""
    proxies = getattr(settings, "NUM_PROXIES", 0)
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


class AuthenticatedHttpRequest(HttpRequest):
    """A request whose user is signed in: ``request.user`` is the portal's User, never
    AnonymousUser, so ``actor=request.user`` type-checks.

    Annotate a view's request with it only where ``@login_required`` (or a check that
    implies it) guards the view. Django still builds a plain HttpRequest; this class only
    narrows the type."""

    user: User
