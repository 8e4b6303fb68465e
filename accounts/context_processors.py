from __future__ import annotations

from functools import partial
from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from accounts.permissions import roles_of


def roles(request: HttpRequest) -> dict[str, Any]:
    """The user's roles for the menu, read only when a template asks (``"office" in
    user_roles``): the fragments htmx loads after a page (the work count, a table's rows) and
    pages without the menu make no query for them."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_roles": frozenset()}
    return {"user_roles": SimpleLazyObject(partial(roles_of, user))}
