"""Render a round's certificates through the pipeline (context, HTML, safe fetcher, storage,
database) and the same HTML with bare WeasyPrint; report both and their ratio (target: the
pipeline costs at most 1.2x bare WeasyPrint).

The two renders alternate certificate by certificate (bare, pipeline, bare, pipeline, ...),
after one warm-up of each on a certificate left out of the figures, so that a change of the
machine's load during the run weighs on both alike; the median of the per-certificate ratios
is printed beside the ratio of the totals."""

from __future__ import annotations

import argparse
import statistics
import time

from _setup import django_with_fresh_database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10)
    args = parser.parse_args()
    django_with_fresh_database()

    from datetime import date

    from applications.enums import ApplicationStatus
    from awards.enums import RoundStage
    from grants.models import ApprovalDecision, AwardGrant, Certificate
    from grants.services.certificates import render_certificate_pdf
    from tests.factories import ApplicationFactory, RoundFactory, office_user

    office = office_user(username="bench-office")
    round = RoundFactory(stage=RoundStage.PUBLISHED, year=2042)
    approval = ApprovalDecision.objects.create(
        round=round,
        approved_on=date(2043, 1, 5),
        meeting="常务会议",
        document_number="赣市府字〔2043〕1号",
        recorded_by=office,
    )
    certificates = []
    for seq in range(args.count + 1):  # the first one warms both renders up
        app = ApplicationFactory(
            round=round, status=ApplicationStatus.AWARDED, proposed_level="prize"
        )
        grant = AwardGrant.objects.create(
            round=round,
            application=app,
            organisation=app.organisation,
            approval=approval,
            level="prize",
            approved_on=approval.approved_on,
            valid_until=date(2046, 1, 5),
        )
        certificates.append(Certificate.objects.create(grant=grant, number=f"BENCH-{seq:05d}"))
    from weasyprint import HTML

    from grants.certificates import render_certificate_html

    # The same documents, laid out by WeasyPrint alone, alternating with the pipeline.
    warm, *timed = certificates
    HTML(string=render_certificate_html(warm)).write_pdf()
    render_certificate_pdf(warm)
    bare_times: list[float] = []
    pipeline_times: list[float] = []
    for certificate in timed:
        page = render_certificate_html(certificate)
        started = time.perf_counter()
        HTML(string=page).write_pdf()
        bare_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        render_certificate_pdf(certificate)
        pipeline_times.append(time.perf_counter() - started)
    bare, elapsed = sum(bare_times), sum(pipeline_times)
    ratios = [p / b for p, b in zip(pipeline_times, bare_times, strict=True)]
    print(
        f"{args.count} certificates through the pipeline in {elapsed:.2f} s "
        f"({elapsed / args.count * 1000:.0f} ms each); bare WeasyPrint {bare:.2f} s "
        f"({bare / args.count * 1000:.0f} ms each); ratio {elapsed / bare:.2f}, median "
        f"per certificate {statistics.median(ratios):.2f} (target <= 1.2)"
    )


if __name__ == "__main__":
    main()
