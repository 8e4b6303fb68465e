"""Celery's settings make a crash lose nothing and repeat nothing (docs/architecture.md, pitfall 8):
late acknowledgement, one message at a time, JSON, time limits on every task, retries with
backoff, and a Redis visibility timeout longer than any task may run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from config.celery import (
    VISIBILITY_TIMEOUT_SECONDS,
    app,
    hard_time_limit,
    project_task_names,
    visibility_timeout_problems,
)


def test_messages_are_acknowledged_after_the_task_one_at_a_time_as_json() -> None:
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]


@pytest.mark.parametrize("name", project_task_names())
def test_every_task_is_acknowledged_late_and_has_a_time_limit(name: str) -> None:
    task = app.tasks[name]
    assert task.acks_late is True
    assert 0 < hard_time_limit(name) < VISIBILITY_TIMEOUT_SECONDS
    soft = task.soft_time_limit or app.conf.task_soft_time_limit
    assert soft and soft < hard_time_limit(name)


def test_the_visibility_timeout_outlasts_the_longest_task() -> None:
    assert visibility_timeout_problems(VISIBILITY_TIMEOUT_SECONDS) == []
    longest = max(hard_time_limit(n) for n in project_task_names())
    # The archive build is the longest task (a provincial-scale round).
    assert longest == hard_time_limit("archives.build_round_archive") == 1800
    assert visibility_timeout_problems(longest) == [
        "archives.build_round_archive: time limit 1800 s >= visibility 1800.0 s"
    ]


def test_tasks_that_retry_back_off() -> None:
    render = app.tasks["grants.render_certificate"]
    assert render.autoretry_for and render.retry_backoff and render.max_retries
    archive = app.tasks["archives.build_round_archive"]
    assert archive.max_retries == 3


# Sends one message on the filesystem transport, as `make run` does without Redis.
SEND_ONE_MESSAGE = """
import django
django.setup()
from config.celery import app
app.send_task("awards.sweep_deadlines")
"""


def test_without_redis_the_broker_keeps_its_control_folder_under_var(tmp_path: Path) -> None:
    # docs/architecture.md, pitfall 19: kombu writes exchange bindings to ./control unless told where.
    var_dir = tmp_path / "var"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "CELERY_TASK_ALWAYS_EAGER", "DJANGO_SETTINGS_MODULE")
    }
    env |= {
        "VAR_DIR": str(var_dir),
        "PYTHONPATH": str(settings.BASE_DIR),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    subprocess.run(
        [sys.executable, "-c", SEND_ONE_MESSAGE], cwd=tmp_path, env=env, check=True, timeout=60
    )
    assert [p.name for p in (var_dir / "celery" / "control").iterdir()] == ["celery.exchange"]
    assert len(list((var_dir / "celery" / "queue").iterdir())) == 1
    assert not (tmp_path / "control").exists()
