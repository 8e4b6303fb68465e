"""Celery beat's scheduler: django-celery-beat's schedule in the database, seeded from settings.

``CELERY_BEAT_SCHEDULE`` (config/settings.py) names the periodic sweeps and their default
cadence. When beat starts, an entry there becomes a periodic task row only if no row of that
name exists yet; from then on the row is the schedule: the office's IT changes a sweep's
cadence, or disables it, in the admin (Periodic tasks) without a deploy, and the running beat
picks the change up. Deleting a row brings the default back at the next start.

django-celery-beat's own ``DatabaseScheduler`` writes the settings over the rows at every start
(``update_or_create``, its issue 153), so a change made in the admin would last only until beat
restarts. This subclass changes that one step.
"""

from __future__ import annotations

from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler


class SeededDatabaseScheduler(DatabaseScheduler):
    def setup_schedule(self) -> None:
        self.install_default_entries(self.schedule)
        configured = dict(self.app.conf.beat_schedule or {})
        existing = set(
            PeriodicTask.objects.filter(name__in=list(configured)).values_list("name", flat=True)
        )
        self.update_from_dict({n: e for n, e in configured.items() if n not in existing})
