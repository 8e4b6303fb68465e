"""The signed-in user read through the cache: Django's ModelBackend loads the user's row on
every request (one query, most of a trivial page's cost); this backend keeps the row in the
shared cache (Redis in production, the file cache of the embedded default) for
``AUTH_USER_CACHE_SECONDS`` and forgets it whenever the row changes.

What ends a session still ends it at once: a password change moves the session's auth hash
(Django compares it on every request against the cached row, which the save has dropped), a
deactivation is a save, and a removed second-factor device moves ``second_factor_epoch`` with
an update that forgets the row too (accounts.second_factor). The time limit is the backstop
for a write that bypasses both (a raw SQL update)."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.models import User
from common import kept_pages

USER_KEY_PREFIX = "accounts:user:"


def user_cache_key(user_id: object) -> str:
    """The cache key of the user's row (accounts.sessions links a session to it)."""
    return f"{USER_KEY_PREFIX}{user_id}"


# The row the session read together with itself (accounts.sessions), for get_user to use.
prefetched_user: ContextVar[Any] = ContextVar("prefetched_user", default=None)


def forget_user(user_id: int) -> None:
    """Drop the cached row now and again once the transaction commits, so that a request
    reading the old row between the two cannot keep it."""
    key = user_cache_key(user_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))
    kept_pages.user_changed(user_id)
    transaction.on_commit(lambda: kept_pages.user_changed(user_id))


class CachedUserBackend(ModelBackend):
    """ModelBackend whose ``get_user`` (called once per request by the session) reads the
    cache first. Authentication itself (the password check) is ModelBackend's."""

    def get_user(self, user_id: Any) -> User | None:  # type: ignore[override]
        seconds = settings.AUTH_USER_CACHE_SECONDS
        if not seconds:
            return super().get_user(user_id)  # type: ignore[return-value]
        key = user_cache_key(user_id)
        user = prefetched_user.get()
        if user is None or str(user.pk) != str(user_id):
            user = cache.get(key)
        if user is None:
            user = super().get_user(user_id)
            if user is not None:
                cache.set(key, user, seconds)
        elif not self.user_can_authenticate(user):
            return None
        return user  # type: ignore[no-any-return]


@receiver(post_save, sender=User)
@receiver(post_delete, sender=User)
def _user_changed(sender: type[User], instance: User, **kwargs: object) -> None:
    forget_user(instance.pk)
