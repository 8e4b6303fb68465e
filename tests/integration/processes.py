"""Real service processes for the fault tests: a test's own ``redis-server`` on a free port
(never the shared one on 6379: pitfall 15 in docs/architecture.md) and Celery worker/beat
processes that use the test database, so a test can kill and restart them."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(check: Callable[[], bool], timeout: float, what: str, step: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(step)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


class RedisServer:
    """``redis-server`` without persistence: a restart loses every queued message."""

    def __init__(self, workdir: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.fail("redis-server is not installed (apt-get install redis-server)")
        self.binary = binary
        self.workdir = workdir
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self.ping, 20, f"redis-server on port {self.port}")

    def ping(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(port=self.port, socket_connect_timeout=0.5).ping())
        except redis.RedisError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        self.process = None


def database_url_of_this_test() -> str:
    """The URL of the database this test uses (pytest-django's test database)."""
    data = connection.settings_dict
    if connection.vendor != "postgresql":
        pytest.fail("these tests share the test database with other processes: PostgreSQL only")
    auth = data["USER"] + (f":{data['PASSWORD']}" if data["PASSWORD"] else "")
    return f"postgres://{auth}@{data['HOST'] or '127.0.0.1'}:{data['PORT'] or 5432}/{data['NAME']}"


def process_env(redis_url: str, var_dir: Path, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url_of_this_test(),
        "REDIS_URL": redis_url,
        "PRIVATE_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "VAR_DIR": str(var_dir),
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "CONN_MAX_AGE": "0",
        "LOG_LEVEL": "INFO",
    }
    env.update(extra)
    return env


class CeleryProcess:
    """``celery -A config worker|beat`` in its own process group, logging to a file."""

    def __init__(self, kind: str, env: dict[str, str], log: Path, *args: str) -> None:
        self.kind = kind
        self.env = env
        self.log = log
        self.args = args
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        handle = self.log.open("ab")
        command = [sys.executable, "-m", "celery", "-A", "config", self.kind, *self.args]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=handle, stderr=subprocess.STDOUT
        )
        handle.close()

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def wait_for(self, text: str, timeout: float = 90) -> None:
        def seen() -> bool:
            if self.process is not None and self.process.poll() is not None:
                raise AssertionError(f"celery {self.kind} exited:\n{self.output()[-3000:]}")
            return text in self.output()

        wait_until(seen, timeout, f"{text!r} in the celery {self.kind} log", step=0.2)

    def alive(self) -> bool:
        """True while running; a process that exited fails the test with its log."""
        if self.process is not None and self.process.poll() is not None:
            raise AssertionError(f"celery {self.kind} exited:\n{self.output()[-3000:]}")
        return True

    def kill(self) -> None:
        """SIGKILL: no warm shutdown, nothing acknowledged or restored on the way out."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


def worker(env: dict[str, str], log: Path, name: str) -> CeleryProcess:
    return CeleryProcess(
        "worker",
        env,
        log,
        "--pool=solo",
        "--concurrency=1",
        "--loglevel=INFO",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "-n",
        f"{name}@%h",
    )


@contextmanager
def publishing_to(broker_url: str) -> Iterator[Any]:
    """This test process sends tasks to ``broker_url`` (not eager) while inside."""
    from config.celery import app

    keys = ("broker_url", "broker_transport_options", "task_always_eager", "task_eager_propagates")
    saved = {key: app.conf[key] for key in keys}
    app.conf.broker_url = broker_url
    app.conf.broker_transport_options = {"visibility_timeout": 3600}
    app.conf.task_always_eager = False
    app.conf.task_eager_propagates = False
    _forget_connections(app)
    try:
        yield app
    finally:
        for key, value in saved.items():
            app.conf[key] = value
        _forget_connections(app)


def _forget_connections(app: Any) -> None:
    """Connection and producer pools made for another broker must not be reused: both the
    app's pool and the producer pool kombu caches on ``app.amqp``."""
    app._pool = None
    app.amqp._producer_pool = None
