"""What one warm request of each main page costs in process: function calls (cProfile), queries
and milliseconds, on the provincial-scale data set (bench/seed_province.py), logged in with the
second factor passed (bench/_setup.verified_session). Function-call counts and query counts do
not depend on the machine's load, unlike wall-clock figures.

    .venv/bin/python bench/profile_pages.py                        # every page, 1,000 applications,
                                                                   # 150 programmes
    .venv/bin/python bench/profile_pages.py --programmes 1         # the Mayor's award alone
    .venv/bin/python bench/profile_pages.py --keep /tmp/pc --top 25 --only "expert: scoring"
    .venv/bin/python bench/profile_pages.py --reuse /tmp/pc        # the same data, seeded once
    .venv/bin/python bench/profile_pages.py --reuse /tmp/pc --render   # each page rendered,
                                                                   # not served as kept

``--keep DIR`` seeds into DIR (its SQLite file stays); ``--reuse DIR`` profiles that data again
without seeding. ``--top N`` prints each page's N most expensive functions (cumulative time).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def prepare(args: argparse.Namespace) -> dict:
    var = args.reuse or args.keep or tempfile.mkdtemp(prefix="award-profile-")
    Path(var).mkdir(parents=True, exist_ok=True)
    os.environ["VAR_DIR"] = var
    os.environ["DATABASE_URL"] = f"sqlite:///{var}/db.sqlite3"
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(BENCH))
    from _setup import django_with_fresh_database

    django_with_fresh_database()
    marker = Path(var) / "seeded.json"
    if args.reuse and marker.exists():
        return json.loads(marker.read_text())
    from seed_province import seed

    from grants.models import Certificate
    from publicity.models import PublicityPeriod

    seeded = seed(
        organisations=args.organisations,
        applications=args.applications,
        experts=args.experts,
        programmes=args.programmes,
    )
    found = {
        "users": seeded.users,
        "round_id": seeded.round_id,
        "past_round_id": seeded.past_round_ids[0],
        "scored": seeded.bench_expert_application_ids[0],
        "county_round_id": seeded.county_round_id,
        "programmes": args.programmes,
    }
    found["notice"] = PublicityPeriod.objects.order_by("pk").values_list("pk", flat=True)[0]
    found["certificate"] = Certificate.objects.order_by("pk").values_list("number", flat=True)[0]
    marker.write_text(json.dumps(found))
    return found


def pages(found: dict) -> list[tuple[str, str, str | None]]:
    from django.urls import reverse

    round_id, past_id = found["round_id"], found["past_round_id"]
    county = found.get("county_round_id")
    return [
        ("trivial view, logged in", "/bench/trivial/", "office"),
        ("trivial view, anonymous", "/bench/trivial/", None),
        ("office: round list", reverse("awards:round_list"), "office"),
        ("office: dashboard", reverse("accounts:dashboard"), "office"),
        ("office: round overview", reverse("awards:round_detail", args=[round_id]), "office"),
        (
            "office: application list",
            reverse("applications:office_list", args=[round_id]),
            "office",
        ),
        ("office: review overview", reverse("reviews:round_review", args=[round_id]), "office"),
        (
            "office: calibrated view",
            reverse("reviews:calibration", args=[round_id, "material"]),
            "office",
        ),
        (
            "office: composite ranking",
            reverse("reviews:composite_report", args=[past_id]),
            "office",
        ),
        *(
            [
                ("county office: round list", reverse("awards:round_list"), "county-office"),
                ("county office: dashboard", reverse("accounts:dashboard"), "county-office"),
                (
                    "county office: round overview",
                    reverse("awards:round_detail", args=[county]),
                    "county-office",
                ),
                (
                    "county office: application list",
                    reverse("applications:office_list", args=[county]),
                    "county-office",
                ),
            ]
            if county
            else []
        ),
        ("expert: review list", reverse("accounts:dashboard"), "expert"),
        # Loaded by htmx after every page of a logged-in user (the menu's count).
        ("expert: work count (htmx)", reverse("accounts:work_count"), "expert"),
        (
            "expert: scoring page",
            reverse("reviews:score", args=[found["scored"], "material"]),
            "expert",
        ),
        ("applicant: dashboard", reverse("accounts:dashboard"), "applicant"),
        ("public: publicity", reverse("publicity:public_list"), None),
        ("public: publicity notice", reverse("publicity:notice", args=[found["notice"]]), None),
        ("public: winners", reverse("grants:winners"), None),
        *(
            [
                (
                    "public: certificate verification",
                    reverse("grants:verify_number", args=[found["certificate"]]),
                    None,
                )
            ]
            if "certificate" in found
            else []
        ),
        ("public: call notices", reverse("awards:call_list"), None),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--organisations", type=int, default=5000)
    parser.add_argument("--applications", type=int, default=1000)
    parser.add_argument("--experts", type=int, default=300)
    parser.add_argument(
        "--programmes", type=int, default=150, help="programmes in all (bench/seed_province.py)"
    )
    parser.add_argument("--keep", help="seed into this directory and keep it")
    parser.add_argument("--reuse", help="profile the data seeded earlier with --keep DIR")
    parser.add_argument("--only", help="pages whose label contains this text")
    parser.add_argument("--top", type=int, default=0)
    parser.add_argument(
        "--sort", default="cumulative", help="pstats order: cumulative, tottime, ncalls"
    )
    parser.add_argument("--repeat", type=int, default=3, help="timed warm requests a page")
    parser.add_argument(
        "--render",
        action="store_true",
        help="render every request (kept pages off: common.kept_pages), the cost of a change",
    )
    args = parser.parse_args()
    if args.render:
        os.environ["KEPT_PAGES"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "settings_bench"
    found = prepare(args)

    from _setup import verified_session
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    clients: dict[str | None, Client] = {None: Client()}
    for role, username in found["users"].items():
        clients[role] = Client()
        verified_session(clients[role], User.objects.get(username=username))

    print(f"{'page':<30} {'status':>6} {'calls':>9} {'queries':>7} {'ms':>8} {'KB':>7}")
    for label, path, role in pages(found):
        if args.only and args.only not in label:
            continue
        client = clients[role]
        client.get(path)  # warm: templates compiled, caches filled, the session renewed
        client.get(path)
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        profile = cProfile.Profile()
        with CaptureQueriesContext(connection) as queries:
            profile.enable()
            response = client.get(path)
            profile.disable()
        stats = pstats.Stats(profile)
        print(
            f"{label:<30} {response.status_code:>6} {stats.total_calls:>9} "  # type: ignore[attr-defined]
            f"{len(queries):>7} {statistics.median(times):>8.1f} {len(response.content) / 1024:>7.1f}",
            flush=True,
        )
        if args.top:
            stats.sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
