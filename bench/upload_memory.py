"""Uploading a 200 MB attachment grows the web process's memory by less than 32 MB.

Builds a throw-away database with an applicant's draft, starts gunicorn (one sync worker,
the production WSGI app) on a free local port with the per-file limit raised, logs in as the
applicant, uploads a 200 MB PDF to the dossier, and reports the worker's peak resident memory
(VmHWM) before and after. The upload is streamed to a temporary file by Django and checked
(type sniffed from the head, SHA-256 chunk by chunk) without reading it into memory.

    .venv/bin/python bench/upload_memory.py [--size-mb 200]
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from _setup import ROOT, django_with_fresh_database

LIMIT_MB = 32


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _status_kb(pid: int, field: str) -> int:
    text = Path(f"/proc/{pid}/status").read_text()
    match = re.search(rf"^{field}:\s+(\d+) kB", text, re.M)
    assert match, field
    return int(match.group(1))


def _worker_pid(master: int) -> int:
    for _ in range(100):
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise RuntimeError("no gunicorn worker")


def _data() -> tuple[str, str, int]:
    """An applicant with a draft in an open round: (username, password, application id)."""
    from tests.factories import ApplicationFactory, RoundFactory, applicant_user

    application = ApplicationFactory(round=RoundFactory())
    user = applicant_user(application.organisation)
    # The server hashes with the production hashers (the set-up switched this process to MD5).
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode("bench-pass-2026", hasher.salt())
    user.save(update_fields=["password"])
    return user.username, "bench-pass-2026", application.pk


def _big_pdf(path: Path, size_mb: int) -> None:
    block = os.urandom(1024 * 1024)
    with path.open("wb") as handle:
        handle.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        for _ in range(size_mb):
            handle.write(block)
        handle.write(b"\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mb", type=int, default=200)
    args = parser.parse_args()
    os.environ["UPLOAD_MAX_FILE_BYTES"] = str((args.size_mb + 10) * 1024 * 1024)
    django_with_fresh_database()
    username, password, application_id = _data()

    port = _free_port()
    env = {**os.environ, "ALLOWED_HOSTS": "127.0.0.1,localhost", "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi:application",
            "--workers=1",
            f"--bind=127.0.0.1:{port}",
            "--timeout=300",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                requests.get(base + "/accounts/login/", timeout=20)
                break
            except requests.RequestException:
                time.sleep(0.5)
        worker = _worker_pid(server.pid)
        session = requests.Session()
        page = session.get(base + "/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert token
        session.post(
            base + "/accounts/login/",
            data={
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": token.group(1),
            },
            headers={"Referer": base + "/accounts/login/"},
        )
        edit = session.get(f"{base}/applications/{application_id}/edit/")
        assert edit.status_code == 200, edit.status_code
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', edit.text)
        assert token
        # Reset the worker's peak to its current size (Linux: "5" > clear_refs), so the peak
        # after the upload is what the upload itself needed.
        Path(f"/proc/{worker}/clear_refs").write_text("5")
        before = _status_kb(worker, "VmHWM")
        rss_before = _status_kb(worker, "VmRSS")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "大文件.pdf"
            _big_pdf(path, args.size_mb)
            started = time.perf_counter()
            with path.open("rb") as handle:
                response = session.post(
                    f"{base}/applications/{application_id}/attachments/",
                    data={"csrfmiddlewaretoken": token.group(1), "attachment-kind": "evidence"},
                    files={"attachment-file": (path.name, handle, "application/pdf")},
                    headers={"Referer": f"{base}/applications/{application_id}/edit/"},
                    allow_redirects=False,
                )
            seconds = time.perf_counter() - started
        after = _status_kb(worker, "VmHWM")
        rss_after = _status_kb(worker, "VmRSS")
        grown_mb = (after - before) / 1024
        from applications.models import Attachment

        accepted = (
            response.status_code == 302
            and Attachment.objects.filter(
                application_id=application_id, size__gt=args.size_mb * 1024 * 1024
            ).exists()
        )
        print(
            f"upload {args.size_mb} MB: status {response.status_code} "
            f"({'accepted' if accepted else 'refused'}), {seconds:.1f} s; worker peak memory "
            f"{before / 1024:.1f} MB -> {after / 1024:.1f} MB, grew {grown_mb:.1f} MB "
            f"(resident {rss_before / 1024:.1f} -> {rss_after / 1024:.1f} MB) "
            f"(target < {LIMIT_MB} MB): {'OK' if accepted and grown_mb < LIMIT_MB else 'FAIL'}"
            + ("" if accepted else f" {response.headers.get('Location')}")
        )
        if not accepted or grown_mb >= LIMIT_MB:
            sys.exit(1)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
