"""Beat's schedule lives in the database (django-celery-beat), so the office's IT changes a
sweep's cadence in the admin without a deploy. CELERY_BEAT_SCHEDULE holds the defaults: beat's
setup writes each entry as a periodic task when no row of that name exists, and keeps a row
that was changed. The admin pages of the schedule are for staff only."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from celery.utils.imports import symbol_by_name
from django.conf import settings
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django_celery_beat.models import IntervalSchedule, PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler

from config.beat import SeededDatabaseScheduler
from config.celery import app
from tests.factories import UserFactory, office_user

# The scheduler commits and closes old connections as beat does: a test transaction would not
# survive it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def start_beat() -> Iterator[Callable[[], SeededDatabaseScheduler]]:
    """Beat's scheduler as `celery beat` sets it up (its exit hook cancelled afterwards)."""
    started: list[SeededDatabaseScheduler] = []

    def start() -> SeededDatabaseScheduler:
        scheduler = symbol_by_name(app.conf.beat_scheduler)(app=app)
        started.append(scheduler)
        return scheduler

    yield start
    for scheduler in started:
        scheduler._finalize.cancel()


def _rows() -> dict[str, tuple[str, timedelta]]:
    return {
        task.name: (task.task, task.interval.schedule.run_every)
        for task in PeriodicTask.objects.filter(interval__isnull=False).select_related("interval")
    }


def _defaults() -> dict[str, tuple[str, timedelta]]:
    return {
        name: (entry["task"], timedelta(seconds=entry["schedule"]))
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items()
    }


def test_beat_uses_the_database_scheduler() -> None:
    scheduler = symbol_by_name(app.conf.beat_scheduler)
    assert scheduler is SeededDatabaseScheduler
    assert issubclass(scheduler, DatabaseScheduler)


def test_beat_setup_writes_the_settings_entries_as_periodic_tasks(start_beat) -> None:  # type: ignore[no-untyped-def]
    assert PeriodicTask.objects.filter(name__in=list(_defaults())).count() == 0
    scheduler = start_beat()
    assert {name: _rows()[name] for name in _defaults()} == _defaults()
    assert set(_defaults()) <= set(scheduler.schedule)


def test_a_cadence_changed_in_the_admin_is_kept_when_beat_starts_again(start_beat) -> None:  # type: ignore[no-untyped-def]
    start_beat()
    hourly, _created = IntervalSchedule.objects.get_or_create(
        every=3600, period=IntervalSchedule.SECONDS
    )
    PeriodicTask.objects.filter(name="sweep-deadlines").update(interval=hourly)
    PeriodicTask.objects.filter(name="sweep-outbox").delete()
    restarted = start_beat()
    assert _rows()["sweep-deadlines"] == ("awards.sweep_deadlines", timedelta(hours=1))
    assert restarted.schedule["sweep-deadlines"].schedule.run_every == timedelta(hours=1)
    # A deleted entry comes back with its default.
    assert _rows()["sweep-outbox"] == _defaults()["sweep-outbox"]


def test_the_schedules_admin_pages_are_for_staff_only(start_beat) -> None:  # type: ignore[no-untyped-def]
    start_beat()
    url = reverse("admin:django_celery_beat_periodictask_changelist")
    login = reverse("admin:login")
    office = Client()
    office.force_login(office_user())
    for client in (Client(), office):
        response = client.get(url)
        assert (response.status_code, response["Location"].split("?")[0]) == (302, login)
    it_staff = UserFactory(is_staff=True)
    it_staff.user_permissions.set(
        Permission.objects.filter(content_type__app_label="django_celery_beat")
    )
    staff = Client()
    staff.force_login(it_staff)
    response = staff.get(url)
    assert response.status_code == 200
    assert "sweep-deadlines" in response.content.decode()
