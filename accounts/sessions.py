"""Sessions read through the cache with the signed-in user's row in the same round trip.

Django's cached_db store reads the session from the cache, then the authentication backend
(accounts.backends) reads the user's row from the cache: two round trips to Redis on every
logged-in request, more than the rest of a trivial page costs. With the Redis cache, each session
keeps a link to the key of its user's cached row, and one script reads the session, the link and
the row together (common.redis_cache). The row is then used only if it is the session's user,
and Django still checks the session's password hash against it; a row dropped from the cache
(any change of the user: accounts.backends.forget_user) is read from the database as before.
Any other cache (the embedded default's file cache) reads as Django's cached_db does.

Each process also keeps what that read returned for up to ``SESSION_LOCAL_SECONDS``, until Redis
says the session, its link or the row changed (common.redis_tracking): a session read again in
the same process then costs no round trip, and a log-out, a password change or a deactivation
anywhere still ends it before the next request."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDbStore

from accounts.backends import USER_KEY_PREFIX

LINK_PREFIX = "accounts:session-user:"


class SessionStore(CachedDbStore):
    # Set by load(): the user row found through the link, and whether the link exists.
    prefetched_user: Any = None
    user_link_found: bool = True

    def load(self) -> dict[str, Any]:
        through_link = getattr(self._cache, "get_through_link", None)
        if through_link is not None and self.session_key:
            try:
                data, self.user_link_found, self.prefetched_user = through_link(
                    self.cache_key, LINK_PREFIX + self.session_key, self._local_copies()
                )
            except Exception:  # as Django's: a cache that cannot answer reads the database
                data = None
            if data is not None:
                return data  # type: ignore[no-any-return]
            self.prefetched_user = None
        return super().load()  # type: ignore[no-any-return]

    def _local_copies(self) -> Any:
        seconds = settings.SESSION_LOCAL_SECONDS
        tracked_copies = getattr(self._cache, "tracked_copies", None)
        if not seconds or tracked_copies is None:
            return None
        return tracked_copies((self.cache_key_prefix, LINK_PREFIX, USER_KEY_PREFIX), seconds)

    def link_user(self, user_cache_key: str) -> None:
        """Point this session at its user's cached row, for the next requests' single read."""
        set_link = getattr(self._cache, "set_link", None)
        if set_link is not None and self.session_key:
            set_link(
                LINK_PREFIX + self.session_key,
                user_cache_key,
                settings.ABSOLUTE_TIMEOUT_HOURS * 3600,
            )
            self.user_link_found = True
