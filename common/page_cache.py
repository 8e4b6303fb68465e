"""Public pages rendered once per change: the HTML of a page's content is kept in Django's cache
(Redis when REDIS_URL is set, so every web process shares it) under the current version of
each scope it shows ("winners", "publicity", "publicity_notice", "calls"). The office's busiest
pages keep their costly parts the same way ("review-hub", "obligations"). Whatever changes what a scope shows
moves the scope's version on after its transaction commits (``changed``): the next request
renders afresh, under the new version, from committed data; the old entries are never read
again and age out.

What a page shows that changes with the clock alone (a state that depends on today, a period
that opens at a given minute) goes into the key (``vary``) or limits how long the entry is
kept (the builder's ``expires_at``)."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from common import kept_pages

# An entry is kept at most this long (a cache that loses a version key only renders again).
MAX_SECONDS = 24 * 3600
_VERSION = "page-version:{}"
T = TypeVar("T")


def _fresh() -> str:
    # Random, not the clock: two changes within one tick of a coarse (or a test's frozen)
    # clock must still give two versions.
    return secrets.token_hex(8)


def version(scope: str) -> str:
    key = _VERSION.format(scope)
    kept_pages.note_version(key)
    current = cache.get(key)
    if current is None:
        cache.add(key, _fresh(), None)  # another process may have set it first: keep theirs
        current = cache.get(key) or _fresh()
    return str(current)


def changed(*scopes: str) -> None:
    """Move the scopes' versions on at once and again once the current transaction commits:
    a process that rendered the old data under the first new version, between the two, is
    not read after the commit; this process's own next read is never stale."""

    def bump() -> None:
        cache.set_many({_VERSION.format(scope): _fresh() for scope in scopes}, None)

    bump()
    transaction.on_commit(bump)


def _cached(
    name: str,
    scopes: Iterable[str],
    vary: Iterable[object],
    build: Callable[[], tuple[T, datetime | None]],
) -> T:
    parts = [name, translation.get_language() or "", *(version(s) for s in scopes)]
    parts += [str(v) for v in vary]
    key = "page:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value, expires_at = build()
        seconds = MAX_SECONDS
        if expires_at is not None:
            seconds = int(min(seconds, max(1, (expires_at - timezone.now()).total_seconds())))
        cache.set(key, value, seconds)
    return value


def cached_html(
    name: str,
    scopes: Iterable[str],
    vary: Iterable[object],
    build: Callable[[], tuple[str, datetime | None]],
) -> SafeString:
    """The HTML ``build`` returns for page ``name`` in the current language, built once per
    version of ``scopes`` and value of ``vary``. ``build`` also returns when its HTML goes
    out of date by the clock alone (None: not before a change); it may raise (Http404), and
    then nothing is kept."""
    return mark_safe(_cached(name, scopes, vary, build))  # rendered by the page's template


def cached_value(
    name: str,
    scopes: Iterable[str],
    vary: Iterable[object],
    build: Callable[[], tuple[T, datetime | None]],
) -> T:
    """:func:`cached_html` for anything that pickles: pieces of HTML built together (two
    tables whose page links name each other's page), or a section's few numbers."""
    return _cached(name, scopes, vary, build)


def cached_titled_html(
    name: str,
    scopes: Iterable[str],
    vary: Iterable[object],
    build: Callable[[], tuple[str, str, datetime | None]],
) -> tuple[str, SafeString]:
    """:func:`cached_html` for a page whose title comes from the data too: ``build`` returns
    (title, HTML, out of date at); the title is plain text, escaped where the page shows it."""

    def both() -> tuple[tuple[str, str], datetime | None]:
        title, html, expires_at = build()
        return (title, html), expires_at

    title, html = _cached(name, scopes, vary, both)
    return title, mark_safe(html)  # rendered by the page's own template, escaped there


def cached_page(
    request: HttpRequest,
    template: str,
    name: str,
    scopes: Iterable[str],
    vary: Iterable[object],
    build: Callable[[], tuple[str, datetime | None]],
) -> HttpResponse:
    """The page ``template`` around its content, the HTML of :func:`cached_html` (the
    template shows it as ``content``)."""
    return render(request, template, {"content": cached_html(name, scopes, vary, build)})


def change_on_save(scope: str, *models: type[Model]) -> None:
    """Move ``scope`` on whenever a row of one of ``models`` is saved or deleted (or, for a
    many-to-many ``through`` model, linked or unlinked). Writes that bypass signals
    (``QuerySet.update``) call ``changed`` themselves, in the service that makes them."""

    def receiver(**kwargs: object) -> None:
        changed(scope)

    _receivers.append(receiver)  # signals hold their receivers weakly
    for model in models:
        uid = f"page_cache.{scope}.{model._meta.label}"
        post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}.delete")
        m2m_changed.connect(receiver, sender=model, dispatch_uid=f"{uid}.m2m")


def change_on_save_of(scope_of: Callable[[Model], str], *models: type[Model]) -> None:
    """:func:`change_on_save` with a scope per row: ``scope_of`` names it from the saved or
    deleted row's own columns (no query), e.g. its round's."""

    def receiver(instance: Model, **kwargs: object) -> None:
        changed(scope_of(instance))

    _receivers.append(receiver)
    for model in models:
        uid = f"page_cache.{scope_of.__qualname__}.{model._meta.label}"
        post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}.delete")


_receivers: list[Callable[..., None]] = []
