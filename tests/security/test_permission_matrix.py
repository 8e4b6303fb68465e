"""The permission matrix: every URL pattern x every role x an own and another's
object, GET and POST, against the expected outcomes in tests/security/url_matrix.py.

A URL the resolver knows and the matrix does not classify fails
``test_every_url_pattern_is_classified`` by name; a row whose outcome changed fails its app's
``test_permission_matrix[<app>]`` with the differing cells and the row as it now behaves.
How to add a row: see the docstring of tests/security/url_matrix.py.
"""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.enums import Role
from accounts.models import ProgrammeRole
from organisations.models import OrganisationMembership
from tests.security.matrix_runner import differences, format_spec, observe, parse_spec, url_patterns
from tests.security.url_matrix import KNOWN_FINDINGS, MATRIX, rows
from tests.security.world import KINDS, MISSING_PK, ROLES, USERNAMES, World


def test_every_url_pattern_is_classified() -> None:
    classified = {name for name, *_ in rows()}
    patterns = {p.name: p for p in url_patterns()}
    missing = sorted(set(patterns) - classified)
    stale = sorted(classified - set(patterns))
    message = []
    if missing:
        message.append(
            "URL patterns the permission matrix does not classify (add a row to "
            "tests/security/url_matrix.py, see its docstring):\n"
            + "\n".join(
                f"  {n}  ({patterns[n].route}, kwargs {patterns[n].kwargs})" for n in missing
            )
        )
    if stale:
        message.append("Rows for URL names that no longer exist:\n  " + "\n  ".join(stale))
    assert not message, "\n".join(message)


def test_every_row_names_a_known_kind_and_a_valid_spec() -> None:
    for name, kind, get_spec, post_spec in rows():
        assert kind is None or kind in KINDS, f"{name}: unknown kind {kind!r}"
        parse_spec(get_spec)
        parse_spec(post_spec)


# django_db: pytest-django creates the test database only for tests that are marked.
@pytest.mark.django_db
@pytest.mark.parametrize("app_label", sorted(MATRIX))
def test_permission_matrix(
    app_label: str, world: tuple[World, dict[str, Client]], django_db_blocker, settings
) -> None:  # type: ignore[no-untyped-def]
    the_world, clients = world
    settings.MEDIA_ROOT = settings.PRIVATE_MEDIA_ROOT = the_world.media_root  # the demo's files
    known = {p.name for p in url_patterns()}
    failures: list[str] = []
    with django_db_blocker.unblock():
        for name, (kind, get_spec, post_spec) in MATRIX[app_label].items():
            if name not in known or name in KNOWN_FINDINGS:
                continue  # reported by the classification / known-findings tests
            observed_get = observe(the_world, clients, name, kind, "GET")
            observed_post = observe(the_world, clients, name, kind, "POST")
            diffs = [f"GET {d}" for d in differences(parse_spec(get_spec), observed_get)]
            diffs += [f"POST {d}" for d in differences(parse_spec(post_spec), observed_post)]
            if diffs:
                failures.append(
                    f"{name} ({kind}):\n    "
                    + "\n    ".join(diffs)
                    + f'\n    now behaves as: ({kind!r}, "{format_spec(observed_get)}", '
                    f'"{format_spec(observed_post)}")'
                )
    assert not failures, f"{len(failures)} URL(s) differ from the matrix:\n" + "\n".join(failures)


@pytest.mark.django_db
def test_every_kind_names_real_objects(world: tuple[World, dict[str, Client]]) -> None:
    """The own and the other object of every kind exist for every role: no row is only
    asked about an id no row has (world_objects.py builds what the demo lacks)."""
    the_world, _ = world
    # The applicant role holds no award (the winner role does): it has no grant of its own.
    no_own = {("grant", "applicant"), ("grant@grant_pk", "applicant")}
    unreal = []
    for kind, pick in KINDS.items():
        for role in ROLES:
            for side, kwargs in zip(("own", "other"), pick(the_world, role), strict=True):
                if side == "own" and (kind, role) in no_own:
                    continue
                unreal += [
                    f"{kind} {role}/{side} {k}" for k, v in kwargs.items() if v == MISSING_PK
                ]
    assert not unreal, "kinds naming no object: " + "; ".join(unreal)


def _matches(name: str, world: tuple[World, dict[str, Client]]) -> bool:
    the_world, clients = world
    kind, get_spec, post_spec = next(
        row for table in MATRIX.values() for n, row in [(name, table[name])] if name in table
    )
    return not list(
        differences(parse_spec(get_spec), observe(the_world, clients, name, kind, "GET"))
    ) and not list(
        differences(parse_spec(post_spec), observe(the_world, clients, name, kind, "POST"))
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(reason=why, strict=True))
        for n, why in KNOWN_FINDINGS.items()
    ],
)
def test_known_findings_are_still_open(
    name: str, world: tuple[World, dict[str, Client]], settings
) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = settings.PRIVATE_MEDIA_ROOT = world[0].media_root
    assert _matches(name, world)


@pytest.mark.django_db
def test_the_matrix_logs_in_as_a_holder_of_every_role(
    world: tuple[World, dict[str, Client]],
) -> None:
    """A role added to the portal (accounts.enums.Role) fails here until the matrix walks it."""
    held = set(
        ProgrammeRole.objects.filter(
            user__username__in=USERNAMES.values(), active=True
        ).values_list("role", flat=True)
    )
    assert held == set(Role.values)
    assert OrganisationMembership.objects.filter(user__username=USERNAMES["applicant"]).exists()
    assert set(world[1]) == set(ROLES)
