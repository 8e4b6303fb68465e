"""The demo is for `make run` and the tests: a deployment (config.settings_production) does not
install the demo app, so no demo command exists there, and no production app imports it."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

DEMO_COMMANDS = {"load_demo", "print_demo_logins", "demo_otp_codes"}
PROBE = (
    "import django, json; django.setup(); from django.conf import settings; "
    "from django.core.management import get_commands; "
    "print(json.dumps({'apps': settings.INSTALLED_APPS, 'commands': sorted(get_commands())}))"
)


def _run(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    environ = {
        k: v
        for k, v in os.environ.items()
        if k != "DJANGO_ALLOW_ASYNC_UNSAFE" and not k.startswith("AWS_")
    }
    environ.update(
        {"DJANGO_SETTINGS_MODULE": module, "SECRET_KEY": "s" * 50, "ALLOWED_HOSTS": "a.b"}
    )
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _installed(module: str) -> tuple[list[str], set[str]]:
    result = _run(module, "-c", PROBE)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    return out["apps"], set(out["commands"])


def test_production_settings_leave_the_demo_out() -> None:
    apps, commands = _installed("config.settings_production")
    assert "demo" not in apps
    assert "archives" in apps  # every other project app stays
    assert not DEMO_COMMANDS & commands


def test_load_demo_is_an_unknown_command_in_production() -> None:
    result = _run("config.settings_production", "manage.py", "load_demo")
    assert result.returncode == 1
    assert "Unknown command: 'load_demo'" in result.stderr


def test_development_settings_install_the_demo_last_with_its_commands() -> None:
    apps, commands = _installed("config.settings")
    assert apps[-1] == "demo"
    assert commands >= DEMO_COMMANDS


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_production_app_imports_the_demo() -> None:
    base = Path(settings.BASE_DIR)
    apps = [app for app in settings.INSTALLED_APPS if app != "demo" and (base / app).is_dir()]
    assert "accounts" in apps
    offending = [
        str(path.relative_to(base))
        for app in [*apps, "config"]
        for path in sorted((base / app).rglob("*.py"))
        if any(m == "demo" or m.startswith("demo.") for m in _imported_modules(path))
    ]
    assert offending == []
