"""Walks the URL resolver and asks every URL as every role, for an own and another's object.

Outcome codes: an HTTP status as a string ("200", "403", "404", "405", ...), "302" for a
redirect anywhere but the log-in page, "login" for the redirect to the log-in page, and
"error" for an exception in the view (always a failure).
"""

from __future__ import annotations

from collections.abc import Iterator
from copy import deepcopy
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security.world import KINDS, ROLES, World
from tests.wrapping import rolled_back

# Namespaces the matrix leaves to their own tests (Django's admin is for superusers only and
# office staff are never superusers; its pages all redirect anonymous users to its log-in).
SKIPPED_NAMESPACES = frozenset({"admin"})


@dataclass(frozen=True)
class Pattern:
    name: str  # "namespace:name" (or "name")
    route: str
    kwargs: tuple[str, ...]


def url_patterns() -> list[Pattern]:
    found: list[Pattern] = []

    def walk(patterns: list[URLPattern | URLResolver], prefix: str, ns: str | None) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                namespace = p.namespace or ns
                if namespace in SKIPPED_NAMESPACES:
                    continue
                walk(p.url_patterns, prefix + str(p.pattern), namespace)
            else:
                if p.name is None:
                    continue
                name = f"{ns}:{p.name}" if ns else p.name
                kwargs = tuple(p.pattern.converters)
                found.append(Pattern(name=name, route=prefix + str(p.pattern), kwargs=kwargs))

    walk(get_resolver().url_patterns, "", None)
    return found


def outcome(response: HttpResponse) -> str:
    if response.status_code in (301, 302, 303):
        login = resolve_url(settings.LOGIN_URL)
        if response["Location"].split("?")[0] == login:
            return "login"
        return "302"
    return str(response.status_code)


def parse_spec(spec: str) -> dict[str, tuple[str, str]]:
    """ "applicant=200/404 office=200 *=404 anon=200" -> {role: (own, other)} for every role.
    Anonymous defaults to "login"; the county office to the office's outcome (its own object
    the county's, its other the mayor's: another programme's office gets what the office gets
    on the county's object); "*" covers the logged-in roles not named."""
    given: dict[str, tuple[str, str]] = {}
    for token in spec.split():
        role, _, value = token.partition("=")
        own, _, other = value.partition("/")
        role = "anonymous" if role == "anon" else role
        if role != "*" and role not in ROLES:
            raise ValueError(f"unknown role {role!r} in {spec!r}")
        given[role] = (own, other or own)
    result: dict[str, tuple[str, str]] = {}
    for role in ROLES:
        if role in given:
            result[role] = given[role]
        elif role == "county_office":
            result[role] = result["office"]  # ROLES lists the office first
        elif role == "anonymous":
            result[role] = ("login", "login")
        elif "*" in given:
            result[role] = given["*"]
        else:
            raise ValueError(f"{spec!r} says nothing for {role}")
    return result


def format_spec(observed: dict[str, tuple[str, str]]) -> str:
    """The shortest spec string for observed outcomes (used in failure messages)."""
    logged_in = [r for r in ROLES if r != "anonymous"]
    counts: dict[tuple[str, str], int] = {}
    for role in logged_in:
        counts[observed[role]] = counts.get(observed[role], 0) + 1
    common = max(counts, key=lambda pair: counts[pair])
    parts: list[str] = []

    def code(pair: tuple[str, str]) -> str:
        return pair[0] if pair[0] == pair[1] else f"{pair[0]}/{pair[1]}"

    if observed["anonymous"] != ("login", "login"):
        parts.append(f"anon={code(observed['anonymous'])}")
    for role in logged_in:
        # The county office defaults to the office's outcome, every other role to "*".
        default = observed["office"] if role == "county_office" else common
        if observed[role] != default:
            parts.append(f"{role}={code(observed[role])}")
    parts.append(f"*={code(common)}")
    return " ".join(parts)


def ask(client: Client, method: str, url: str) -> str:
    """One request, rolled back afterwards so that a POST changes nothing for the next (the
    client's cookies too: a log-out or a new session key must not carry over)."""
    cookies = deepcopy(client.cookies)
    with rolled_back():
        try:
            response = client.get(url) if method == "GET" else client.post(url, {})
            result = outcome(response)
        except Exception as exc:  # a view that raises is a finding, reported with its type
            result = f"error:{type(exc).__name__}"
    client.cookies = cookies
    return result


def observe(
    world: World, clients: dict[str, Client], name: str, kind: str | None, method: str
) -> dict[str, tuple[str, str]]:
    observed: dict[str, tuple[str, str]] = {}
    for role in ROLES:
        if kind is None:
            url = reverse(name)
            result = ask(clients[role], method, url)
            observed[role] = (result, result)
            continue
        own_kwargs, other_kwargs = KINDS[kind](world, role)
        own = ask(clients[role], method, reverse(name, kwargs=own_kwargs))
        if other_kwargs == own_kwargs:
            other = own  # the kind has one object for this role: asking twice tells nothing
        else:
            other = ask(clients[role], method, reverse(name, kwargs=other_kwargs))
        observed[role] = (own, other)
    return observed


def differences(
    expected: dict[str, tuple[str, str]], observed: dict[str, tuple[str, str]]
) -> Iterator[str]:
    for role in ROLES:
        for side, want, got in zip(("own", "other"), expected[role], observed[role], strict=True):
            if want != got:
                yield f"{role}/{side}: expected {want}, got {got}"
