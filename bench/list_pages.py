"""Time and count the queries of the main list pages at a given number of applications, with
the second factor on as in production (the office's session has passed it)."""

from __future__ import annotations

import argparse
import statistics
import time

from _setup import django_with_fresh_database, verified_session


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    django_with_fresh_database()

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from applications.enums import ApplicationStatus
    from awards.enums import RoundStage
    from tests.factories import (
        ApplicationFactory,
        OrganisationFactory,
        RoundFactory,
        applicant_user,
        office_user,
    )

    office = office_user(username="bench-office")
    round = RoundFactory(stage=RoundStage.ELIGIBILITY, year=2040)
    orgs = OrganisationFactory.create_batch(args.applications)
    for org in orgs:
        ApplicationFactory(round=round, organisation=org, status=ApplicationStatus.SUBMITTED)
    applicant = applicant_user(orgs[0], username="bench-applicant")

    pages = [
        (office, reverse("awards:round_list")),
        (office, reverse("awards:round_detail", args=[round.pk])),
        (office, reverse("applications:office_list", args=[round.pk])),
        (office, reverse("awards:decision_log", args=[round.pk])),
        (office, reverse("accounts:dashboard")),
        (applicant, reverse("accounts:dashboard")),
        (None, reverse("grants:winners")),
        (None, reverse("awards:call_list")),
    ]
    for user, url in pages:
        client = Client()
        if user is not None:
            verified_session(client, user)
        timings = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                timings.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
        print(
            f"{url:<45} {statistics.median(timings) * 1000:7.1f} ms median  "
            f"{len(queries):4d} queries  ({args.applications} applications)"
        )


if __name__ == "__main__":
    main()
