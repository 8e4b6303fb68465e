"""The embedded default under a small office's load: SQLite and the filesystem broker, served
by ``scripts/run.sh`` (web, worker and beat) exactly as ``make run`` serves them.

Right after the set-up (a throw-away ``VAR_DIR``: migrate, the demo, 20 more applicant
organisations with their drafts and a round of 20 certificates to render), 20 simulated
users log in through the log-in form, then for ``--seconds`` open their dashboard and their
dossier and autosave it as a person typing would, while the worker renders the 20
certificates and builds a round archive. Printed: requests, 5xx answers, "database is
locked" in the answers or the logs, p50/p95/max per kind of request, and how far the worker
got. Targets (docs/testing.md): no 5xx, no "database is locked", p95 under
1 s for the users' pages on a 2-core machine.

    .venv/bin/python bench/embedded_load.py                 # 20 users, 120 s
    .venv/bin/python bench/embedded_load.py --users 5 --seconds 20

Run by hand, never in CI. It needs a free port (``--port``, default 8765).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
P95_TARGET = 1.0
LOCKED = "database is locked"

# Run in `manage.py shell`: 20 more applicant organisations with a draft each in the round
# open for applications, and a round of certificates waiting for the worker. Prints JSON.
SEED = r"""
import json
from datetime import date

from accounts.models import User
from applications.enums import ApplicationStatus
from applications.services.application import start_application
from awards.enums import RoundStage
from awards.models import Round
from demo.people import DEMO_PASSWORD, credit_code
from grants.models import ApprovalDecision, AwardGrant, Certificate
from organisations.models import Organisation, OrganisationMembership
from tests.factories import ApplicationFactory, RoundFactory

USERS = {users}
CERTIFICATES = {certificates}
open_round = Round.objects.filter(stage=RoundStage.APPLICATION).order_by("-year").first()
model = Organisation.objects.order_by("pk").first()
applications = {{}}
for n in range(1, USERS + 1):
    username = f"bench{{n:02d}}"
    org = Organisation.objects.create(
        name=f"赣州压测示范{{n:02d}}有限公司",
        credit_code=credit_code(500 + n),
        legal_representative="王海",
        address=f"江西省赣州市章贡区压测路{{n}}号",
        division=model.division,
        founded_on=date(2001, 1, 1),
        industry_section=model.industry_section,
        industry_class=model.industry_class,
        staff_count=500,
        contact_name="质量部 联系人",
        contact_phone=f"0797-86{{n:05d}}",
        contact_email=f"bench{{n}}@demo-company.cn",
    )
    user = User.objects.create_user(username=username, password=DEMO_PASSWORD)
    OrganisationMembership.objects.create(user=user, organisation=org)
    applications[username] = start_application(open_round, org, actor=user).pk
office = User.objects.get(username="office")
batch = RoundFactory(stage=RoundStage.PUBLISHED, year=2041)
approval = ApprovalDecision.objects.create(
    round=batch, approved_on=date(2042, 1, 5), meeting="常务会议",
    document_number="赣市府字〔2042〕1号", recorded_by=office,
)
certificates = []
for seq in range(CERTIFICATES):
    app = ApplicationFactory(round=batch, status=ApplicationStatus.AWARDED, proposed_level="prize")
    grant = AwardGrant.objects.create(
        round=batch, application=app, organisation=app.organisation, approval=approval,
        level="prize", approved_on=approval.approved_on, valid_until=date(2045, 1, 5),
    )
    certificates.append(Certificate.objects.create(grant=grant, number=f"BENCH-{{seq:05d}}").pk)
archive_round = Round.objects.filter(stage=RoundStage.PUBLISHED).exclude(pk=batch.pk).first()
print(json.dumps({{
    "password": DEMO_PASSWORD, "applications": applications,
    "certificates": certificates, "archive_round": archive_round.pk,
}}))
"""

# Run in `manage.py shell` when the users start: the office queues the renders and the archive
# through the services, as its pages do.
KICK = r"""
from django.db import transaction
from accounts.models import User
from archives.services.archive import request_archive
from awards.models import Round
from grants.services.certificates import queue_render

with transaction.atomic():
    queue_render({certificates})
request_archive(Round.objects.get(pk={archive_round}), actor=User.objects.get(username="office"))
"""

PROGRESS = r"""
from grants.models import Certificate
from archives.models import RoundArchive
print(Certificate.objects.filter(pk__in={certificates}).exclude(file="").count(),
      RoundArchive.objects.filter(round_id={archive_round}).values_list("state", flat=True).first())
"""


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    lock = threading.Lock()

    def add(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)

    def fail(self, message: str) -> None:
        with self.lock:
            self.errors.append(message)


def shell(env: dict[str, str], code: str) -> str:
    done = subprocess.run(
        [PY, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"manage.py shell failed:\n{done.stderr[-3000:]}")
    return done.stdout.strip().splitlines()[-1]


def form_fields(page: str) -> dict[str, str]:
    """The dossier form's fields and values, as the browser would post them."""
    start = page.index('hx-post="')
    end = page.index("</form>", start)
    form = page[start:end]
    fields: dict[str, str] = {}
    for tag in re.finditer(r"<input\b[^>]*>", form):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', tag.group(0)))
        kind = attrs.get("type", "text")
        if "name" not in attrs or kind in ("submit", "button", "file"):
            continue
        if kind in ("checkbox", "radio") and "checked" not in tag.group(0):
            continue
        fields[attrs["name"]] = attrs.get("value", "on" if kind == "checkbox" else "")
    for area in re.finditer(r'<textarea\b[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        fields[area.group(1)] = area.group(2)
    for select in re.finditer(r'<select\b[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', select.group(2))
        first = re.search(r'<option value="([^"]*)"', select.group(2))
        fields[select.group(1)] = (chosen or first).group(1) if (chosen or first) else ""
    return fields


def user(
    base: str, username: str, password: str, application: int, stop_at: float, tally: Tally
) -> None:
    session = requests.Session()

    def timed(kind: str, method: str, path: str, **kwargs: object) -> requests.Response | None:
        started = time.perf_counter()
        try:
            response = session.request(method, base + path, timeout=60, **kwargs)  # type: ignore[arg-type]
        except requests.RequestException as exc:
            tally.fail(f"{kind}: {exc}")
            return None
        tally.add(kind, time.perf_counter() - started)
        if response.status_code >= 500 or LOCKED in response.text:
            tally.fail(f"{kind}: {response.status_code} {response.text[:200]!r}")
        return response

    page = timed("log-in page", "GET", "/accounts/login/")
    if page is None:
        return
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    answer = timed(
        "log in",
        "POST",
        "/accounts/login/",
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": token.group(1) if token else "",
        },
        headers={"Referer": base + "/accounts/login/"},
    )
    if answer is None or "/accounts/login/" in answer.url:
        tally.fail(f"{username} could not log in")
        return
    typed = 0
    while time.perf_counter() < stop_at:
        timed("dashboard", "GET", "/accounts/dashboard/")
        edit = timed("dossier", "GET", f"/applications/{application}/edit/")
        if edit is None or edit.status_code != 200:
            continue
        fields = form_fields(edit.text)
        csrf = session.cookies.get("csrftoken", "")
        # Three autosaves a few seconds apart, as the page sends them while one types.
        for _ in range(3):
            typed += 1
            for name in fields:
                if name.startswith("summary") or name.endswith("description"):
                    fields[name] = f"我单位坚持质量第一。第{typed}次修改。"
            saved = timed(
                "autosave",
                "POST",
                f"/applications/{application}/autosave/",
                data=fields,
                headers={"HX-Request": "true", "X-CSRFToken": csrf, "Referer": base + "/"},
            )
            if saved is not None:
                revision = re.search(r'name="revision"[^>]*value="(\d+)"', saved.text)
                revision = revision or re.search(r'value="(\d+)"[^>]*name="revision"', saved.text)
                if revision:
                    fields["revision"] = revision.group(1)
                if "refused" in saved.text and "alert-warning" in saved.text:
                    tally.fail(f"autosave refused for {username}: {saved.text[:300]!r}")
            time.sleep(3)
            if time.perf_counter() >= stop_at:
                break


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--certificates", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--keep", action="store_true", help="keep the VAR_DIR afterwards")
    args = parser.parse_args()

    var = tempfile.mkdtemp(prefix="award-embedded-")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(VAR_DIR=var, PORT=str(args.port), PYTHONUNBUFFERED="1")
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    print(f"VAR_DIR={var}")
    started = time.perf_counter()
    subprocess.run(
        [PY, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    subprocess.run(
        [PY, "manage.py", "load_demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )
    seeded = json.loads(shell(env, SEED.format(users=args.users, certificates=args.certificates)))
    print(f"set up in {time.perf_counter() - started:.0f} s")

    server = subprocess.Popen(
        ["bash", "scripts/run.sh"],
        cwd=ROOT,
        env={**env, "PYTHON": PY},
        stdout=open(Path(var) / "run.log", "w"),  # noqa: SIM115 - closed with the process
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(120):
            try:
                requests.get(base + "/", timeout=2)
                break
            except requests.RequestException:
                time.sleep(0.5)
        shell(env, KICK.format(**seeded))
        tally = Tally()
        stop_at = time.perf_counter() + args.seconds
        threads = [
            threading.Thread(
                target=user,
                args=(base, name, seeded["password"], app, stop_at, tally),
            )
            for name, app in seeded["applications"].items()
        ]
        load_started = time.perf_counter()
        for thread in threads:
            thread.start()
            time.sleep(0.2)  # people do not log in in the same millisecond
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - load_started
        rendered, archive_state = shell(env, PROGRESS.format(**seeded)).split()
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)

    logs = ""
    for name in ("worker.log", "beat.log"):
        path = Path(var, "log", name)
        if path.exists():
            logs += path.read_text(errors="replace")
    logs += (Path(var) / "run.log").read_text(errors="replace")
    locked_in_logs = logs.count(LOCKED)

    every = [s for values in tally.latencies.values() for s in values]
    print(
        f"\n{args.users} users for {elapsed:.0f} s: {len(every)} requests, "
        f"{len(tally.errors)} errors, '{LOCKED}' {locked_in_logs} times in the logs"
    )
    print(f"{'request':<14} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    worst_p95 = 0.0
    for kind, values in tally.latencies.items():
        values.sort()
        p95 = values[max(0, int(len(values) * 0.95) - 1)]
        if kind not in ("log-in page", "log in"):
            worst_p95 = max(worst_p95, p95)
        print(
            f"{kind:<14} {len(values):>6} {statistics.median(values) * 1000:>8.0f} "
            f"{p95 * 1000:>8.0f} {values[-1] * 1000:>8.0f}"
        )
    print(f"worker: {rendered}/{args.certificates} certificates rendered, archive {archive_state}")
    for message in tally.errors[:10]:
        print("  error:", message)
    verdict = not tally.errors and not locked_in_logs and worst_p95 < P95_TARGET
    print(
        f"targets (no 5xx, no '{LOCKED}', p95 < {P95_TARGET:.0f} s): "
        + ("met" if verdict else "NOT met")
    )
    if not args.keep:
        shutil.rmtree(var, ignore_errors=True)


if __name__ == "__main__":
    main()
