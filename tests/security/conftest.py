"""The demo world shared by the security tests (one per test module)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client, TestCase, override_settings
from django.utils import timezone

from tests.security.world import USERNAMES, World, build_world
from tests.security.world_objects import add_objects_beyond_the_demo
from tests.wrapping import rolled_back


def _add_winner_records() -> None:
    """The demo has no revocation case or annual report: open one of each, through the
    services, for the winner role's grant and for another winner's grant."""
    from accounts.models import User
    from grants.models import AwardGrant
    from monitoring.services.annual_reports import schedule_annual_reports
    from sanctions.enums import RevocationGround
    from sanctions.services.revocation import decide_revocation, open_revocation

    office = User.objects.get(username="office")
    winner_grant = AwardGrant.objects.get(organisation__memberships__user__username="org7")
    other_grant = AwardGrant.objects.exclude(pk=winner_grant.pk).order_by("pk").first()
    assert other_grant is not None
    cases = []
    for grant in (winner_grant, other_grant):
        schedule_annual_reports(grant, actor=office)
        cases.append(
            open_revocation(
                grant,
                actor=office,
                ground=RevocationGround.FRAUD,
                evidence="安全测试：申报材料造假",
            )
        )
    _declare_conflict()
    # The other winner's case is decided: the award revoked, the organisation barred (R8).
    decide_revocation(
        cases[1],
        actor=office,
        revoked=True,
        decided_on=timezone.localdate(),
        document_number="赣府字〔2026〕1号",
    )


def _declare_conflict() -> None:
    """expert1 declares a conflict on its second mayor's dossier (R12): the assignment is
    withdrawn; the "conflicted" role's other object."""
    from accounts.models import User
    from applications.models import Application
    from experts.models import ExpertProfile
    from reviews.enums import ConflictKind
    from reviews.services.review import declare_conflict

    expert = ExpertProfile.objects.get(user__username="expert1")
    assigned = (
        Application.objects.filter(
            round__programme__slug="ganzhou-mayor",
            assignments__expert=expert,
            assignments__withdrawn_at__isnull=True,
        )
        .order_by("pk")
        .distinct()
    )
    conflicted = assigned[1]
    declare_conflict(
        conflicted,
        expert,
        actor=User.objects.get(username="expert1"),
        has_conflict=True,
        kind=ConflictKind.CURRENT_EMPLOYER,
    )


@pytest.fixture(scope="module")
def world(
    django_db_setup, django_db_blocker, tmp_path_factory
) -> Iterator[tuple[World, dict[str, Client]]]:  # type: ignore[no-untyped-def]
    """The demo data, loaded once for this module inside a transaction rolled back at the end
    (each request inside it is rolled back too, so a POST changes nothing for the next)."""
    from accounts.models import User
    from config.celery import app
    from demo.rounds import load_demo

    media = Path(tmp_path_factory.mktemp("matrix-media"))
    overrides = override_settings(
        MEDIA_ROOT=media,
        PRIVATE_MEDIA_ROOT=media,
        OTP_ENFORCED=False,
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        LANGUAGE_CODE="zh-hans",
    )
    eager = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    with django_db_blocker.unblock(), overrides:
        app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
        try:
            with rolled_back():
                with TestCase.captureOnCommitCallbacks(execute=True):
                    load_demo()
                clients: dict[str, Client] = {"anonymous": Client()}
                for role, username in USERNAMES.items():
                    client = Client()
                    client.force_login(User.objects.get(username=username))
                    clients[role] = client
                _add_winner_records()
                the_world = build_world()
                the_world.ids.update(add_objects_beyond_the_demo(the_world.ids))
                the_world.media_root = str(media)
                yield the_world, clients
        finally:
            app.conf.task_always_eager, app.conf.task_eager_propagates = eager
