"""`make run` serves with DEBUG off, as deployed: an unknown address shows the portal's own
Chinese 404 page (never Django's list of every route), a refusal its 403 page, a crash its 500
page; static files are still served (WhiteNoise). ``DEBUG=1 make run`` is for development."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path

from config.urls import urlpatterns as portal_urls

ROOT = Path(settings.BASE_DIR)
# What Django's debug 404 page shows: the URL patterns it tried.
ROUTE_LIST_MARKERS = ("URLconf", "The current path", "django-admin/", "&lt;int:pk&gt;", "<int:pk>")


def _refuse(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("该轮次已结束，不能再修改。")


def _crash(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("secret detail of the crash")


urlpatterns = [
    *portal_urls,
    path("test-refused/", _refuse),
    path("test-crash/", _crash),
]


def _is_the_portals_page(html: str) -> None:
    assert 'data-testid="error-page"' in html
    assert "赣州市质量奖评审工作平台" in html  # the portal's base, in Chinese by default
    assert 'href="/"' in html
    for marker in ROUTE_LIST_MARKERS:
        assert marker not in html, marker


@pytest.mark.django_db
def test_an_unknown_address_shows_the_portals_chinese_404_page(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert [t.name for t in response.templates][:2] == ["404.html", "base.html"]
    html = response.content.decode()
    _is_the_portals_page(html)
    assert "页面不存在" in html


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_refusal_shows_the_portals_403_page_with_its_reason(client: Client) -> None:
    response = client.get("/test-refused/")
    assert response.status_code == 403
    html = response.content.decode()
    _is_the_portals_page(html)
    assert "无权访问" in html
    assert "该轮次已结束，不能再修改。" in html


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_crash_shows_the_portals_500_page_without_its_detail() -> None:
    response = Client(raise_request_exception=False).get("/test-crash/")
    assert response.status_code == 500
    html = response.content.decode()
    _is_the_portals_page(html)
    assert "系统错误" in html
    assert "secret detail" not in html
    assert "Traceback" not in html


@pytest.mark.django_db
def test_the_error_pages_are_translated(client: Client) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/no-such-page/").content.decode()
    assert "Page not found" in html
    assert "Back to the home page" in html


# --- the run script -----------------------------------------------------------------------


def _run_script_debug(tmp_path: Path, debug: str | None) -> str:
    """Run scripts/run.sh with stand-ins for python and celery that record the environment
    of the web server they are asked to start, and return its DEBUG."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    record = tmp_path / "web-debug"
    (bin_dir / "python").write_text(
        "#!/bin/sh\n"
        f'case "$2" in runserver) printf %s "${{DEBUG-unset}}" > {record};; esac\n'
        "exit 0\n"
    )
    (bin_dir / "celery").write_text("#!/bin/sh\nexec sleep 30\n")
    for stand_in in bin_dir.iterdir():
        stand_in.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    env.update(PYTHON=str(bin_dir / "python"), PORT="8999")
    if debug is not None:
        env["DEBUG"] = debug
    subprocess.run(
        ["bash", str(ROOT / "scripts" / "run.sh")],
        cwd=tmp_path,
        env=env,
        check=True,
        timeout=60,
        capture_output=True,
    )
    return record.read_text()


def test_make_run_serves_with_debug_off(tmp_path: Path) -> None:
    assert _run_script_debug(tmp_path, None) == "0"


def test_debug_1_make_run_serves_with_debug_on(tmp_path: Path) -> None:
    assert _run_script_debug(tmp_path, "1") == "1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def test_the_web_server_as_make_run_starts_it_serves_the_404_page_and_static_files(
    tmp_path: Path,
) -> None:
    """The server scripts/run.sh starts, under the environment it sets (DEBUG=0): the
    portal's 404 page for an unknown address, and the stylesheet."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env.update(DEBUG="0", VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="config.settings")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                status, html = _get(f"{base}/no-such-page/")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        assert status == 404
        _is_the_portals_page(html)
        assert "页面不存在" in html
        status, css = _get(f"{base}/static/css/portal.css")
        assert status == 200
        assert css.strip()
    finally:
        server.terminate()
        server.wait(timeout=10)
