"""Load on loopback: seed a provincial-scale data set (bench/seed_province.py), serve it with
gunicorn, log in as each role and drive the main pages with many concurrent clients for a fixed
time, then print requests per second, p50 and p95 per page. Beside the portal, a bare Django
"hello" project (bench/hello_settings.py: no app, no middleware, no database) is served by the
same gunicorn settings in the same run; the ratio hello/page, how many empty Django requests
one page costs, is the figure that counts on a noisy machine (targets: at most 40 for the
office's and reviewers' pages, at most 15 for public pages, at most 2 for a trivial view
through the portal's middleware, logged in). The trivial view's own ratio (trivial/page) is
kept as a second column. Both yardsticks are measured first and last; their means are used.

    .venv/bin/python bench/load.py                         # full scale (150 programmes), 200
                                                           # clients, 15 s a page
    .venv/bin/python bench/load.py --concurrency 50 --seconds 5 --organisations 500 \\
        --applications 100 --experts 30                    # a quick look
    .venv/bin/python bench/load.py --render                # every request rendered (kept pages
                                                           # off: what a page costs after a change)

Run by hand, never in CI. The second factor is on, as in production: each role's session has
passed it (bench/_setup.verified_session), so every request pays its check.
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OFFICE_LIMIT = 40
PUBLIC_LIMIT = 15
TRIVIAL_LIMIT = 2


@dataclass
class Page:
    label: str
    path: str
    cookie: str
    limit: int | None


@dataclass
class Result:
    page: Page
    rps: float
    p50: float
    p95: float
    errors: int
    requests: int


def drive(port: int, page: Page, concurrency: int, seconds: float) -> Result:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds
    headers = {"Host": "127.0.0.1", "Cookie": page.cookie} if page.cookie else {"Host": "127.0.0.1"}

    def client() -> None:
        mine: list[float] = []
        failed = 0
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            try:
                conn.request("GET", page.path, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    failed += 1
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            except (OSError, http.client.HTTPException):
                failed += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                continue
            mine.append(time.perf_counter() - started)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    ordered = sorted(latencies) or [0.0]
    return Result(
        page=page,
        rps=len(latencies) / elapsed,
        p50=statistics.median(ordered) * 1000,
        p95=ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000,
        errors=errors[0],
        requests=len(latencies),
    )


def settle(port: int, path: str, quiet_ms: float = 300, limit_s: float = 300) -> None:
    """Wait until the server has worked off requests the clients gave up on (it still
    answers them), so that they do not slow the next page's measurement."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=limit_s)
            conn.request("GET", path, headers={"Host": "127.0.0.1"})
            conn.getresponse().read()
            conn.close()
        except (OSError, http.client.HTTPException):
            pass
        if (time.perf_counter() - started) * 1000 < quiet_ms:
            return
        time.sleep(1)


def measure(args: argparse.Namespace, page: Page, port: int | None = None) -> Result:
    settle(args.port, "/bench/trivial/")
    result = drive(port or args.port, page, args.concurrency, args.seconds)
    print(
        f"  {page.label:<28} {result.rps:8.1f} req/s  p95 {result.p95:7.0f} ms",
        file=sys.stderr,
        flush=True,
    )
    return result


def county_pages(round_id: int | None, cookie: str) -> list[Page]:
    """A county's office, one programme of the province's many (none with --programmes 1)."""
    from django.urls import reverse

    if round_id is None:
        return []
    return [
        Page("county office: round list", reverse("awards:round_list"), cookie, OFFICE_LIMIT),
        Page("county office: dashboard", reverse("accounts:dashboard"), cookie, OFFICE_LIMIT),
        Page(
            "county office: round overview",
            reverse("awards:round_detail", args=[round_id]),
            cookie,
            OFFICE_LIMIT,
        ),
        Page(
            "county office: application list",
            reverse("applications:office_list", args=[round_id]),
            cookie,
            OFFICE_LIMIT,
        ),
    ]


def session_cookie(username: str) -> str:
    from _setup import verified_session
    from django.conf import settings
    from django.middleware.csrf import CSRF_ALLOWED_CHARS
    from django.test import Client
    from django.utils.crypto import get_random_string

    from accounts.models import User

    client = Client()
    verified_session(client, User.objects.get(username=username))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    # A browser holds the CSRF cookie from its first page on (kept pages need it).
    csrf = get_random_string(32, CSRF_ALLOWED_CHARS)
    return f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={csrf}"


def gunicorn(args: argparse.Namespace, port: int, app: str, settings: str) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings}
    return subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--pythonpath",
            f"{BENCH},{ROOT}",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "--backlog",
            "2048",
            "--log-level",
            "warning",
            app,
        ],
        cwd=ROOT,
        env=env,
    )


def wait_for(port: int, path: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path, headers={"Host": "127.0.0.1"})
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            raise SystemExit(f"gunicorn on port {port} did not start")
        time.sleep(0.5)


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(10)
    except subprocess.TimeoutExpired:  # requests still queued behind a slow page
        server.kill()
        server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--organisations", type=int, default=5000)
    parser.add_argument("--applications", type=int, default=1000)
    parser.add_argument("--experts", type=int, default=300)
    parser.add_argument(
        "--programmes", type=int, default=150, help="programmes in all (bench/seed_province.py)"
    )
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--render",
        action="store_true",
        help="render every request (kept pages off: common.kept_pages), as after each change",
    )
    args = parser.parse_args()
    if args.render:
        os.environ["KEPT_PAGES"] = "0"  # the gunicorn processes inherit it

    os.environ["DEBUG"] = "0"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(BENCH))
    from _setup import django_with_fresh_database

    django_with_fresh_database()
    from django.urls import reverse
    from seed_province import seed

    started = time.perf_counter()
    seeded = seed(
        organisations=args.organisations,
        applications=args.applications,
        experts=args.experts,
        programmes=args.programmes,
    )
    print(f"seeded in {time.perf_counter() - started:.1f} s", flush=True)
    cookies = {role: session_cookie(name) for role, name in seeded.users.items()}
    round_id, past_id = seeded.round_id, seeded.past_round_ids[0]
    scored = seeded.bench_expert_application_ids[0]
    from grants.models import Certificate
    from publicity.models import PublicityPeriod

    certificate_number = Certificate.objects.order_by("pk").values_list("number", flat=True)[0]
    publicity_id = PublicityPeriod.objects.order_by("pk").values_list("pk", flat=True)[0]
    pages = [
        Page(
            "office: round overview",
            reverse("awards:round_detail", args=[round_id]),
            cookies["office"],
            OFFICE_LIMIT,
        ),
        Page(
            "office: application list",
            reverse("applications:office_list", args=[round_id]),
            cookies["office"],
            OFFICE_LIMIT,
        ),
        Page(
            "office: review overview",
            reverse("reviews:round_review", args=[round_id]),
            cookies["office"],
            OFFICE_LIMIT,
        ),
        Page(
            "office: composite ranking",
            reverse("reviews:composite_report", args=[past_id]),
            cookies["office"],
            OFFICE_LIMIT,
        ),
        *county_pages(seeded.county_round_id, cookies.get("county-office", "")),
        Page("expert: review list", reverse("accounts:dashboard"), cookies["expert"], OFFICE_LIMIT),
        Page(
            "expert: scoring page",
            reverse("reviews:score", args=[scored, "material"]),
            cookies["expert"],
            OFFICE_LIMIT,
        ),
        Page(
            "applicant: dashboard",
            reverse("accounts:dashboard"),
            cookies["applicant"],
            OFFICE_LIMIT,
        ),
        Page("public: publicity", reverse("publicity:public_list"), "", PUBLIC_LIMIT),
        Page(
            "public: publicity notice",
            reverse("publicity:notice", args=[publicity_id]),
            "",
            PUBLIC_LIMIT,
        ),
        Page("public: winners", reverse("grants:winners"), "", PUBLIC_LIMIT),
        Page(
            "public: certificate verification",
            reverse("grants:verify_number", args=[certificate_number]),
            "",
            PUBLIC_LIMIT,
        ),
        Page("public: call notices", reverse("awards:call_list"), "", PUBLIC_LIMIT),
    ]
    trivial = Page("trivial view, logged in", "/bench/trivial/", cookies["office"], TRIVIAL_LIMIT)
    anonymous = Page("trivial view, anonymous", "/bench/trivial/", "", None)
    hello = Page("bare Django hello", "/hello/", "", None)
    hello_port = args.port + 1

    server = gunicorn(args, args.port, "config.wsgi:application", "settings_bench")
    bare = gunicorn(args, hello_port, "hello_wsgi:application", "hello_settings")
    try:
        wait_for(args.port, trivial.path, server)
        wait_for(hello_port, hello.path, bare)
        # Every page must answer 200 before it is timed.
        for page in [trivial, *pages]:
            conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
            conn.request("GET", page.path, headers={"Host": "127.0.0.1", "Cookie": page.cookie})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"{page.label} {page.path}: HTTP {response.status}")

        hellos = [measure(args, hello, hello_port)]
        baseline = [measure(args, trivial)]
        results = [measure(args, anonymous)]
        for page in pages:
            results.append(measure(args, page))
        baseline.append(measure(args, trivial))
        hellos.append(measure(args, hello, hello_port))
    finally:
        stop(server)
        stop(bare)

    hello_rps = statistics.mean(r.rps for r in hellos)
    trivial_rps = statistics.mean(r.rps for r in baseline)
    print(
        f"\n{args.applications} applications, {args.organisations} organisations, "
        f"{args.experts} experts, {args.programmes} programmes; {args.concurrency} clients, {args.seconds:.0f} s a page, "
        f"gunicorn {args.workers} workers x 4 threads, {os.cpu_count()} CPUs, "
        f"{'every page rendered' if args.render else 'kept pages served'}, load average "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}; bare hello "
        f"{hellos[0].rps:.0f} and {hellos[1].rps:.0f} req/s, trivial view "
        f"{baseline[0].rps:.0f} and {baseline[1].rps:.0f} req/s (first, last)\n"
    )
    print("| page | req/s | p50 ms | p95 ms | errors | hello/page | trivial/page | target |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in hellos[:1] + baseline[:1] + results + baseline[1:] + hellos[1:]:
        ratio = hello_rps / r.rps if r.rps else float("inf")
        trivial_ratio = trivial_rps / r.rps if r.rps else float("inf")
        target = f"≤ {r.page.limit}" if r.page.limit else ""
        verdict = "" if r.page.limit is None else (" ok" if ratio <= r.page.limit else " OVER")
        print(
            f"| {r.page.label} | {r.rps:.1f} | {r.p50:.0f} | {r.p95:.0f} | {r.errors} "
            f"| {ratio:.1f} | {trivial_ratio:.1f} | {target}{verdict} |"
        )


if __name__ == "__main__":
    main()
