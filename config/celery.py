import logging
import os

from celery import Celery
from celery.signals import celeryd_after_setup

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

logger = logging.getLogger(__name__)

app = Celery("award_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The filesystem transport (no REDIS_URL) needs its folders before the first message.
from django.conf import settings  # noqa: E402

if str(getattr(settings, "CELERY_BROKER_URL", "")).startswith("filesystem://"):
    from pathlib import Path

    for _key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        Path(str(settings.CELERY_BROKER_TRANSPORT_OPTIONS[_key])).mkdir(parents=True, exist_ok=True)

# On Redis, a message taken by a worker and not acknowledged (acks_late: until the task ends)
# comes back after the visibility timeout, e.g. when the worker was killed (pitfalls 8 and
# 15 in docs/architecture.md). It must be longer than the longest task may run, or a task still
# running is delivered a second time. CELERY_VISIBILITY_TIMEOUT overrides it (crash tests set it
# short).
VISIBILITY_TIMEOUT_SECONDS = int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600"))
if str(getattr(settings, "CELERY_BROKER_URL", "")).startswith(("redis://", "rediss://")):
    app.conf.broker_transport_options = {
        **(app.conf.broker_transport_options or {}),
        "visibility_timeout": VISIBILITY_TIMEOUT_SECONDS,
        # The lock a worker holds while giving unacknowledged messages back: a worker killed
        # while holding it must not block the restore for longer than the timeout itself.
        "unacked_mutex_expire": min(300, VISIBILITY_TIMEOUT_SECONDS),
    }
    if VISIBILITY_TIMEOUT_SECONDS < 60:
        # A short timeout (crash tests) is only useful if workers look for expired messages
        # as often: by default they scan about every 100 s (10 s x every 10th call).
        app.conf.broker_transport_options.update(
            {"unacked_restore_interval": 1, "unacked_restore_throttle": 1}
        )


def hard_time_limit(task_name: str) -> float:
    """The longest a task may run before the worker kills it (its own or the default)."""
    task = app.tasks[task_name]
    return float(task.time_limit or app.conf.task_time_limit or 0)


def project_task_names() -> list[str]:
    app.loader.import_default_modules()
    return sorted(name for name in app.tasks if not name.startswith("celery."))


def visibility_timeout_problems(visibility_timeout: float) -> list[str]:
    """Tasks that may run longer than the visibility timeout (or without any time limit)."""
    problems = []
    for name in project_task_names():
        limit = hard_time_limit(name)
        if not limit:
            problems.append(f"{name}: no time limit")
        elif limit >= visibility_timeout:
            problems.append(
                f"{name}: time limit {limit:.0f} s >= visibility {visibility_timeout} s"
            )
    return problems


@celeryd_after_setup.connect
def _warn_on_short_visibility_timeout(**_kwargs: object) -> None:
    options = app.conf.broker_transport_options or {}
    if "visibility_timeout" not in options:
        return
    for problem in visibility_timeout_problems(float(options["visibility_timeout"])):
        logger.warning("a task may be delivered twice: %s", problem)
