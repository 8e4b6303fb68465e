"""Render a round's certificates through the pipeline (context, HTML, safe fetcher, storage,
database) and the same HTML with bare WeasyPrint; report both and their ratio (target: the
pipeline costs at most 1.2x bare WeasyPrint)."""

from __future__ import annotations

import argparse
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
    for seq in range(args.count):
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

    # The same documents, laid out by WeasyPrint alone (fonts warmed by the first run of each).
    pages = [render_certificate_html(certificate) for certificate in certificates]
    HTML(string=pages[0]).write_pdf()
    started = time.perf_counter()
    for page in pages:
        HTML(string=page).write_pdf()
    bare = time.perf_counter() - started

    started = time.perf_counter()
    for certificate in certificates:
        render_certificate_pdf(certificate)
    elapsed = time.perf_counter() - started
    print(
        f"{args.count} certificates through the pipeline in {elapsed:.2f} s "
        f"({elapsed / args.count * 1000:.0f} ms each); bare WeasyPrint {bare:.2f} s "
        f"({bare / args.count * 1000:.0f} ms each); ratio {elapsed / bare:.2f} (target <= 1.2)"
    )


if __name__ == "__main__":
    main()
