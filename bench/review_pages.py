"""Expert review at scale: the reviewer's scoring page and the office's review pages
make the same number of queries with 1,000 applications (300 experts, 5 reviews each over the
23 items) as with 10; optionally requests per second under gunicorn on loopback.

    .venv/bin/python bench/review_pages.py                       # SQLite, query counts + ms
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/award_bench \\
        .venv/bin/python bench/review_pages.py --gunicorn         # + requests/second

The data is written in bulk (not through the services, which would take an hour): each
assignment with its "no conflict" declaration and submitted review with 23
item scores, as the services leave them; one review per round stays a draft for the scoring
page. Use an empty database: the script migrates it and fills it.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from typing import Any

from _setup import ROOT, django_with_fresh_database


def build_round(n_apps: int, experts: list[Any], per_app: int, year: int, office: Any) -> Any:
    from datetime import timedelta

    from django.utils import timezone

    from applications.enums import ApplicationStatus
    from applications.models import Application
    from awards.enums import RoundStage
    from awards.models import ConfidentialityCommitment, ScoringItem
    from reviews.enums import ReviewStage, ReviewStatus
    from reviews.models import Assignment, ConflictDeclaration, ItemScore, Review
    from reviews.rules.scoring import review_total
    from tests.factories import ApplicationFactory, OrganisationFactory, RoundFactory

    now = timezone.now()
    round = RoundFactory(
        stage=RoundStage.MATERIAL_REVIEW,
        year=year,
        applications_open_at=now - timedelta(days=90),
        applications_close_at=now - timedelta(days=60),
        rules_approved_at=now - timedelta(days=70),
    )
    apps = [
        ApplicationFactory(
            round=round,
            organisation=OrganisationFactory(industry_section="C" if i % 2 else "L"),
            status=ApplicationStatus.ELIGIBLE,
            sector_confirmed=True,
        )
        for i in range(n_apps)
    ]
    items = list(ScoringItem.objects.filter(category__scheme_id=round.scheme_id))
    pairs = [
        (app, experts[(i * per_app + k) % len(experts)])
        for i, app in enumerate(apps)
        for k in range(per_app)
    ]
    Assignment.objects.bulk_create(
        [Assignment(application=a, expert=e, assigned_by=office) for a, e in pairs],
        batch_size=2000,
    )
    ConflictDeclaration.objects.bulk_create(
        [
            ConflictDeclaration(
                expert=e, application=a, has_conflict=False, recorded_by_id=e.user_id
            )
            for a, e in pairs
        ],
        batch_size=2000,
    )
    ConfidentialityCommitment.objects.bulk_create(
        [ConfidentialityCommitment(round=round, user_id=e.user_id, text="承诺") for e in experts]
        + [ConfidentialityCommitment(round=round, user=office, text="承诺")]
    )
    rng = random.Random(year)
    percents = {(a.pk, e.pk): [rng.choice(range(20, 95, 5)) for _i in items] for a, e in pairs}
    draft_key = (pairs[0][0].pk, pairs[0][1].pk)
    Review.all_reviews.bulk_create(
        [
            Review(
                application=a,
                expert=e,
                stage=ReviewStage.MATERIAL,
                status=ReviewStatus.DRAFT if (a.pk, e.pk) == draft_key else ReviewStatus.SUBMITTED,
                submitted_at=None if (a.pk, e.pk) == draft_key else now,
                total=review_total(
                    (i.points, p) for i, p in zip(items, percents[(a.pk, e.pk)], strict=True)
                ),
            )
            for a, e in pairs
        ],
        batch_size=2000,
    )
    review_ids = {
        (r.application_id, r.expert_id): r.pk
        for r in Review.all_reviews.filter(application__round=round).only(
            "pk", "application_id", "expert_id"
        )
    }
    batch: list[ItemScore] = []
    for key, values in percents.items():
        for item, percent in zip(items, values, strict=True):
            batch.append(
                ItemScore(review_id=review_ids[key], item=item, percent=percent, comment="")
            )
        if len(batch) >= 20000:
            ItemScore.objects.bulk_create(batch, batch_size=5000)
            batch = []
    ItemScore.objects.bulk_create(batch, batch_size=5000)
    round.bench_draft = (Application.objects.get(pk=draft_key[0]), pairs[0][1])  # type: ignore[attr-defined]
    return round


def pages(round: Any, office: Any) -> list[tuple[str, Any, str]]:
    from django.urls import reverse

    app, expert = round.bench_draft
    return [
        (
            "scoring page (reviewer)",
            expert.user,
            reverse("reviews:score", args=[app.pk, "material"]),
        ),
        ("review overview (office)", office, reverse("reviews:round_review", args=[round.pk])),
        (
            "calibrated view (office)",
            office,
            reverse("reviews:calibration", args=[round.pk, "material"]),
        ),
        ("draws (office)", office, reverse("reviews:draws", args=[round.pk])),
    ]


def measure(user: Any, url: str, repeat: int) -> tuple[int, float, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    client.get(url)  # warm up (sessions, caches)
    timings = []
    queries = 0
    response = None
    for _n in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    assert response is not None
    return queries, statistics.median(timings) * 1000, len(response.content)


def session_cookie(user: Any) -> str:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def requests_per_second(base: str, url: str, cookie: str, seconds: float, threads: int) -> float:
    done = 0
    errors = 0
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker() -> None:
        nonlocal done, errors
        while time.perf_counter() < stop:
            request = urllib.request.Request(base + url, headers={"Cookie": cookie})
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    response.read()
                    ok = response.status == 200
            except Exception:
                ok = False
            with lock:
                done += ok
                errors += not ok

    pool = [threading.Thread(target=worker) for _n in range(threads)]
    started = time.perf_counter()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    if errors:
        print(f"    {errors} failed requests")
    return done / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=1000)
    parser.add_argument("--small", type=int, default=10)
    parser.add_argument("--experts", type=int, default=300)
    parser.add_argument("--reviews", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--gunicorn", action="store_true", help="also requests/second")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    os.environ.setdefault("OTP_ENFORCED", "false")  # no second factor for the bench users
    django_with_fresh_database()
    import logging
    import warnings

    from django.db import connection

    logging.getLogger("axes").setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", message="No directory at")

    from tests.factories import expert_user, office_user

    office = office_user(username="bench-office")
    experts = [
        expert_user(username=f"bench-expert-{n}").expert_profile for n in range(args.experts)
    ]
    started = time.perf_counter()
    small = build_round(args.small, experts, args.reviews, 2060, office)
    big = build_round(args.applications, experts, args.reviews, 2062, office)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # planner statistics after the bulk load
            cursor.execute("ANALYZE")
    print(
        f"data: {args.applications} + {args.small} applications, {args.experts} experts, "
        f"{args.reviews} reviews each over 23 items ({time.perf_counter() - started:.0f} s, "
        f"{connection.vendor})"
    )
    same = True
    for (name, user, url), (_n, big_user, big_url) in zip(
        pages(small, office), pages(big, office), strict=True
    ):
        q_small, ms_small, kb_small = measure(user, url, args.repeat)
        q_big, ms_big, kb_big = measure(big_user, big_url, args.repeat)
        same = same and q_small == q_big
        print(
            f"{name:<28} {args.small:>5}: {q_small:3d} queries {ms_small:8.1f} ms "
            f"{kb_small / 1000:6.1f} KB   {args.applications:>5}: {q_big:3d} queries "
            f"{ms_big:8.1f} ms {kb_big / 1000:6.1f} KB   "
            f"{'same' if q_small == q_big else 'DIFFERENT'}"
        )
    if args.gunicorn:
        port = free_port()
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "false"}
        server = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/gunicorn"),
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.workers),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _n in range(100):
                try:
                    urllib.request.urlopen(base + "/", timeout=2).read()
                    break
                except Exception:
                    time.sleep(0.2)
            for name, user, url in pages(big, office)[:3]:
                rps = requests_per_second(
                    base, url, session_cookie(user), args.seconds, args.threads
                )
                print(
                    f"gunicorn {args.workers} workers, {args.threads} clients: {name:<28} {rps:7.1f} req/s"
                )
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
