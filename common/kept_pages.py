"""Logged-in pages kept as rendered and served again while nothing they read has changed.

A busy office reloads the same few pages (its dashboard, a round's overview, the review hub, the
application list) far more often than anything on them changes, and each costs ten to twenty
milliseconds of template and ORM work. A view marked :func:`kept_page` is rendered once and the
response kept in the shared cache for the session that asked for it, with the versions of
everything it read:

- every database table its queries read (every statement passes through a connection wrapper,
  installed on each new connection, which notes the tables of the reads while a page is being
  recorded and moves a table's version on for every write, whatever wrote it: a service, an
  ``update()``, a bulk write, a Celery task in another process);
- the signed-in user's own row (read through the cache by accounts.backends, not by a query);
- any other versioned cache entry it used (``note_version``: the page cache's scopes, the
  scoring scheme).

The next GET of the same address in the same session, language and minute is answered from the
cache if every one of those versions is unchanged; otherwise it renders again. A write moves
the version at once (this process's next read, inside the same transaction as in tests, is never
stale) and again when its transaction commits (a process that rendered the old rows between the
two is not read after the commit). A render during which a version it depends on moved, or that
wrote anything, set a cookie, showed a message or asked for a CSP nonce, is not kept: only pages
that read are kept, and a page that writes on GET (an access log) always runs.

The minute is part of the key, so what a page computes from the clock (a deadline's days left,
a stage that opens at a time) is at most a minute old and a kept page never outlives two.
"""

from __future__ import annotations

import functools
import hashlib
import re
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

# How long a kept page stays in the cache (the minute in its key retires it sooner).
KEPT_SECONDS = 120
_TABLE = "kept:table:{}"
_USER = "kept:user:{}"
_EPOCH = "kept:epoch"  # moved by every write: a render that overlapped one is not kept
_ALL = "kept:all"  # moved by a write whose table the wrapper cannot name

# Tables whose writes change no page: the session store, django-axes' log-in records, Celery
# beat's bookkeeping. (A page listing them would read them and be kept as stale as the session.)
UNTRACKED_TABLES = frozenset(
    {
        "django_session",
        "axes_accessattempt",
        "axes_accesslog",
        "axes_accessfailurelog",
        "django_celery_beat_periodictasks",
    }
)

_READ_TABLES = re.compile(r'\b(?:FROM|JOIN)\s+"?([A-Za-z_][\w]*)"?', re.IGNORECASE)
# One table a statement; any other write (a TRUNCATE of several tables, a schema change) moves
# every kept page on (_ALL).
_WRITTEN_TABLE = re.compile(
    r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z_][\w]*)"?', re.IGNORECASE
)
_WRITES = ("INSERT", "UPDATE", "DELETE", "TRUNCA", "ALTER ", "DROP T", "CREATE")
# HTMX requests are answered with fragments: the fragment asked for is part of the key.
_HTMX_HEADERS = ("HX-Request", "HX-Target", "HX-Trigger-Name", "HX-Boosted")


@dataclass
class _Recording:
    tables: set[str] = field(default_factory=set)
    versions: set[str] = field(default_factory=set)
    wrote: bool = False


class _State(threading.local):
    recording: _Recording | None = None
    # Tables whose version this thread moved since its last page read: consecutive writes
    # between two reads move a version once.
    moved: set[str]

    def __init__(self) -> None:
        self.moved = set()


_state = _State()
# Moved by override_settings (tests): a page rendered under other settings is not reused.
_settings_generation = [0]


@receiver(setting_changed)
def _settings_changed(**kwargs: object) -> None:
    _settings_generation[0] += 1


def _fresh() -> str:
    return uuid.uuid4().hex[:16]


def _move(keys: Iterable[str]) -> None:
    fresh = _fresh()
    cache.set_many(dict.fromkeys(keys, fresh), None)


def note_version(key: str) -> None:
    """Make the page being recorded depend on the versioned cache entry ``key`` (a version
    that its owner moves on whenever what it stands for changes)."""
    recording = _state.recording
    if recording is not None:
        recording.versions.add(key)


def _written(connection: Any, sql: str) -> None:
    if not settings.KEPT_PAGES:
        return
    match = _WRITTEN_TABLE.match(sql)
    table = match.group(1) if match else None
    if table in UNTRACKED_TABLES:
        return
    recording = _state.recording
    if recording is not None:
        recording.wrote = True
    key = _TABLE.format(table) if table else _ALL
    if not connection.in_atomic_block:
        _move([key, _EPOCH])  # written and committed
        return
    if key not in _state.moved:
        _state.moved.add(key)
        _move([key, _EPOCH])
    _move_on_commit(connection, key)


class MovesOnCommit:
    """The one on-commit callback of a transaction: moves on the versions of the tables it
    wrote."""

    def __init__(self) -> None:
        self.keys: set[str] = set()

    def __call__(self) -> None:
        _move([*self.keys, _EPOCH])


def _move_on_commit(connection: Any, key: str) -> None:
    # A savepoint rolled back discards the callbacks registered inside it (and its writes):
    # a write after that registers a new one.
    pending = getattr(connection, "kept_pages_pending", None)
    if pending is None or not any(entry[1] is pending for entry in connection.run_on_commit):
        pending = MovesOnCommit()
        connection.kept_pages_pending = pending
        connection.on_commit(pending)
    pending.keys.add(key)


def _statement(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    result = execute(sql, params, many, context)
    if not isinstance(sql, str):
        sql = str(sql)  # a psycopg sql.Composed from raw code
    head = sql.lstrip()[:6].upper()
    if head.startswith(_WRITES):
        _written(context["connection"], sql)
    else:
        recording = _state.recording
        if recording is not None:
            recording.tables.update(_READ_TABLES.findall(sql))
    return result


@receiver(connection_created)
def _watch_connection(connection: Any, **kwargs: object) -> None:
    if _statement not in connection.execute_wrappers:
        connection.execute_wrappers.append(_statement)


def user_changed(user_id: object) -> None:
    """The user's own row changed (accounts.backends forgets its cached copy)."""
    _move([_USER.format(user_id), _EPOCH])


def _key(request: HttpRequest) -> str | None:
    session_key = request.session.session_key
    csrf_secret = request.META.get("CSRF_COOKIE")
    if not session_key or not csrf_secret:
        # A first visit sets the CSRF cookie: the form tokens in the page need it.
        return None
    if "messages" in request.COOKIES or "_messages" in request.session:
        return None  # a message waits to be shown once
    minute = int(timezone.now().timestamp() // 60)
    parts = [
        request.get_full_path(),
        get_language() or "",
        session_key,
        csrf_secret,
        str(request.user.pk),
        str(minute),
        str(_settings_generation[0]),
        *(request.headers.get(name, "") for name in _HTMX_HEADERS),
    ]
    return "kept:page:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _served(entry: Any) -> HttpResponse | None:
    keys, versions, status, headers, content = entry
    current = cache.get_many(keys)
    if any(current.get(key) != version for key, version in zip(keys, versions, strict=True)):
        return None
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response.headers[name] = value
    return response


def _keepable(request: HttpRequest, response: HttpResponse, recording: _Recording) -> bool:
    if recording.wrote or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or getattr(request, "_csp_nonce", None) is not None:
        return False
    storage = getattr(request, "_messages", None)
    return not (storage is not None and getattr(storage, "_queued_messages", None))


def _keep(
    key: str, request: HttpRequest, response: HttpResponse, recording: _Recording, epoch: Any
) -> None:
    keys = sorted(
        {_TABLE.format(table) for table in recording.tables - UNTRACKED_TABLES}
        | recording.versions
        | {_USER.format(request.user.pk), _ALL}
    )
    found = cache.get_many([*keys, _EPOCH])
    missing = [dep for dep in keys if dep not in found]
    for dep in missing:
        cache.add(dep, _fresh(), None)
    if missing:
        # Read again with the epoch: a write between the two reads moved it.
        found.update(cache.get_many([*missing, _EPOCH]))
    if found.get(_EPOCH) != epoch or any(dep not in found for dep in keys):
        return  # something was written while the page rendered
    entry = (
        keys,
        [found[key] for key in keys],
        response.status_code,
        list(response.headers.items()),
        response.content,
    )
    cache.set(key, entry, KEPT_SECONDS)


def _epoch() -> Any:
    epoch = cache.get(_EPOCH)
    if epoch is None:
        cache.add(_EPOCH, _fresh(), None)
        epoch = cache.get(_EPOCH)
    return epoch


def kept_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Keep the GET responses of ``view`` (outermost decorator: the permission checks inside
    it are recorded with the page) for the session, as the module describes. Only for views
    whose page depends on nothing but the database, the user, the address and the clock."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if (
            request.method != "GET"
            or not request.user.is_authenticated
            or not settings.KEPT_PAGES
            or _state.recording is not None
        ):
            return view(request, *args, **kwargs)
        key = _key(request)
        if key is None:
            return view(request, *args, **kwargs)
        _state.moved.clear()
        entry = cache.get(key)
        if entry is not None:
            served = _served(entry)
            if served is not None:
                return served
        epoch = _epoch()
        recording = _state.recording = _Recording()
        try:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
        finally:
            _state.recording = None
        if _keepable(request, response, recording):
            _keep(key, request, response, recording, epoch)
        return response

    return wrapper
