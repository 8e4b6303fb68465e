"""The request a view sees behind ``@login_required``, typed for mypy."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    # For the type checker only: common is the bottom layer and imports no project app when
    # it runs. settings.AUTH_USER_MODEL is accounts.User, and an annotation needs the class,
    # which get_user_model() (a call) cannot give.
    from accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request whose user is signed in: ``request.user`` is the portal's User, never
    AnonymousUser, so ``actor=request.user`` type-checks.

    Annotate a view's request with it only where ``@login_required`` (or a check that
    implies it) guards the view. Django still builds a plain HttpRequest; this class only
    narrows the type."""

    user: User
