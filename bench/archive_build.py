"""Time the round archive of a provincial-scale round (bench/seed_province.py) and show that
it is not built in memory: the process's peak memory stays far below the archive's size
times anything.

    .venv/bin/python bench/archive_build.py                 # 1,000 applications, 115,000 scores
    .venv/bin/python bench/archive_build.py --applications 200 --organisations 400
"""

from __future__ import annotations

import argparse
import resource
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--organisations", type=int, default=5000)
    parser.add_argument("--applications", type=int, default=1000)
    parser.add_argument("--experts", type=int, default=300)
    args = parser.parse_args()
    from _setup import django_with_fresh_database

    django_with_fresh_database()
    from seed_province import seed

    from archives.models import RoundArchive
    from archives.services import archive as services

    seeded = seed(
        organisations=args.organisations, applications=args.applications, experts=args.experts
    )
    from accounts.models import User
    from awards.models import Round

    round = Round.objects.get(pk=seeded.round_id)
    office = User.objects.get(username=seeded.users["office"])
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    RoundArchive.objects.create(round=round, requested_by=office)
    started = time.perf_counter()
    archive = services.build_archive(round.pk)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert archive is not None and archive.size
    print(
        f"archive of {args.applications} applications: {archive.members_total} files, "
        f"{archive.size / 1e6:.1f} MB, {archive.log_rows} log rows, built in {elapsed:.1f} s; "
        f"peak memory {before / 1024:.0f} MB before, {after / 1024:.0f} MB after"
    )


if __name__ == "__main__":
    main()
