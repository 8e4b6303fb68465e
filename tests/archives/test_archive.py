"""The round archive: one ZIP of PDFs, Excel sheets and the decision log as JSON
with a manifest of SHA-256 hashes, built by an idempotent task."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import timedelta

import pytest
from celery.exceptions import Retry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from archives.enums import ArchiveState
from archives.models import RoundArchive
from archives.services import archive as services
from archives.tasks import build_round_archive
from archives.verify import verify_archive
from awards import services as award_services
from awards.enums import RoundStage
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from grants.models import Certificate
from tests.archives.helpers import FORMULA_NAME, completed_round
from tests.factories import RoundFactory, leading_group_user, office_user

pytestmark = pytest.mark.django_db

TINY_PDF = b"%PDF-1.4\n%tiny\n"


@pytest.fixture
def cheap_pdfs(monkeypatch):  # type: ignore[no-untyped-def]
    """Tests of the task's bookkeeping need no real rendering."""
    monkeypatch.setattr("archives.documents.render_document", lambda *a: TINY_PDF)
    monkeypatch.setattr("archives.documents.render_feedback", lambda a: TINY_PDF)


@pytest.fixture
def export(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Ask for the archive and run what the request queues on commit (the eager task)."""

    def run(round, office):  # type: ignore[no-untyped-def]
        with django_capture_on_commit_callbacks(execute=True):
            archive = services.request_archive(round, actor=office)
        archive.refresh_from_db()
        return archive

    return run


def _zip(archive: RoundArchive) -> zipfile.ZipFile:
    with archive.file.open("rb") as handle:
        return zipfile.ZipFile(io.BytesIO(handle.read()))


def test_completed_round_exports_every_record_and_the_archive_verifies(
    django_capture_on_commit_callbacks, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        round, apps, office = completed_round()
    with django_capture_on_commit_callbacks(execute=True):
        archive = services.request_archive(round, actor=office)
    archive.refresh_from_db()
    assert archive.state == ArchiveState.READY, archive.error
    assert archive.members_done == archive.members_total > 0

    with archive.file.open("rb") as handle:
        data = handle.read()
    assert hashlib.sha256(data).hexdigest() == archive.sha256
    assert len(data) == archive.size
    bundle = zipfile.ZipFile(io.BytesIO(data))
    names = set(bundle.namelist())
    certificates = list(Certificate.objects.filter(grant__round=round))
    assert len(certificates) == 2
    expected = {
        "pdf/01-composite-report.pdf",
        "pdf/02-candidate-list.pdf",
        "pdf/03-plenary-record.pdf",
        "pdf/04-approval.pdf",
        "sheets/applications.xlsx",
        "sheets/eligibility.xlsx",
        "sheets/scores.xlsx",
        "sheets/votes.xlsx",
        "sheets/objections.xlsx",
        "sheets/grants.xlsx",
        "decision-log.json",
        "decision-log-checkpoints.json",
        "manifest.json",
        "SHA256SUMS",
        *{f"certificates/{c.number}.pdf" for c in certificates},
        # Published: the feedback reports are out, one per reviewed application.
        *{f"feedback/{a.pk}-{a.organisation.credit_code}.pdf" for a in apps},
    }
    assert names == expected
    assert verify_archive(io.BytesIO(data)) == []

    # The certificates are the files already rendered, byte for byte.
    for certificate in certificates:
        with certificate.file.open("rb") as handle:
            assert bundle.read(f"certificates/{certificate.number}.pdf") == handle.read()

    # The documents are real PDFs about this round.
    approval_text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(bundle.read("pdf/04-approval.pdf"))).pages
    )
    assert "赣市府字〔2032〕3号" in approval_text
    compact = "".join(approval_text.split())  # table cells wrap long numbers
    for certificate in certificates:
        assert certificate.number in compact
    plenary_text = "".join(
        p.extract_text()
        for p in PdfReader(io.BytesIO(bundle.read("pdf/03-plenary-record.pdf"))).pages
    )
    assert "全体会议审议通过拟奖名单" in plenary_text

    # The manifest lists every member but itself with its hash, and SHA256SUMS agrees.
    manifest = json.loads(bundle.read("manifest.json"))
    listed = {m["name"]: m["sha256"] for m in manifest["members"]}
    assert set(listed) == names - {"manifest.json", "SHA256SUMS"}
    for name, digest in listed.items():
        assert hashlib.sha256(bundle.read(name)).hexdigest() == digest
    sums = dict(
        reversed(line.split("  ", 1)) for line in bundle.read("SHA256SUMS").decode().splitlines()
    )
    assert sums["manifest.json"] == hashlib.sha256(bundle.read("manifest.json")).hexdigest()

    # The log holds every row of the round, with hashes that recompute.
    log = json.loads(bundle.read("decision-log.json"))
    rows = DecisionLogEntry.objects.filter(round_id=round.pk).order_by("id")
    assert [e["id"] for e in log["entries"]] == [r.pk for r in rows]
    assert [e["row_hash"] for e in log["entries"]] == [r.row_hash for r in rows]
    assert log["chain"]["intact"] is True
    assert archive.log_rows == rows.count()
    assert archive.log_head == rows.last().row_hash
    assert {"approval.record", "grant.create"} <= {e["action"] for e in log["entries"]}

    # The signed checkpoints of the round's stage changes, with the keys that verify them, and
    # the file as verify_decision_log's outside copy (R14, docs/security.md).
    anchored = json.loads(bundle.read("decision-log-checkpoints.json"))
    stages = {c["reason"] for c in anchored["checkpoints"] if c["round_id"] == round.pk}
    assert "round.published" in stages
    assert {c["key_id"] for c in anchored["checkpoints"]} <= set(anchored["public_keys"])
    assert anchored["public_keys"][anchored["checkpoints"][-1]["key_id"]].startswith(
        "-----BEGIN PUBLIC KEY-----"
    )
    outside = tmp_path / "checkpoints.json"
    outside.write_bytes(bundle.read("decision-log-checkpoints.json"))
    call_command("verify_decision_log", checkpoints=[str(outside)], stdout=io.StringIO())

    # The sheets: the applications, the grants with their numbers; a name that looks like a
    # formula stays text.
    book = load_workbook(io.BytesIO(bundle.read("sheets/applications.xlsx")))
    sheet = book.worksheets[0]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert len(values) == 1 + len(apps)
    formula_cells = [c for row in sheet.iter_rows() for c in row if c.value == "'" + FORMULA_NAME]
    assert formula_cells and all(c.data_type == "s" for c in formula_cells)
    grants = load_workbook(io.BytesIO(bundle.read("sheets/grants.xlsx"))).worksheets[0]
    numbers = {c.value for row in grants.iter_rows(min_row=2) for c in row}
    assert {c.number for c in certificates} <= numbers
    objections = load_workbook(io.BytesIO(bundle.read("sheets/objections.xlsx"))).worksheets[0]
    assert objections.max_row == 2
    votes = load_workbook(io.BytesIO(bundle.read("sheets/votes.xlsx")))
    assert [ws.max_row for ws in votes.worksheets][0] == 1 + len(apps)


def test_a_changed_member_or_log_row_is_found(cheap_pdfs, export) -> None:  # type: ignore[no-untyped-def]
    office = office_user()
    round = RoundFactory(title="篡改检测")
    from awards.services import sign_commitment

    sign_commitment(round, user=office)
    archive = export(round, office)
    bundle = _zip(archive)
    assert verify_archive(io.BytesIO(_bytes(archive))) == []

    def rewrite(change) -> bytes:  # type: ignore[no-untyped-def]
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as copy:
            for name in bundle.namelist():
                copy.writestr(name, change(name, bundle.read(name)))
        return out.getvalue()

    # A PDF swapped: its hash no longer matches the manifest.
    swapped = rewrite(lambda n, d: b"%PDF-1.4 forged" if n == "pdf/04-approval.pdf" else d)
    assert verify_archive(io.BytesIO(swapped)) == [
        "pdf/04-approval.pdf: SHA-256 or size differs from the manifest"
    ]

    # A log row's reason rewritten and the manifest recomputed to match: the row's own hash
    # still gives it away.
    log = json.loads(bundle.read("decision-log.json"))
    assert log["entries"], "signing the commitment is logged"
    log["entries"][0]["reason"] = "改写的理由"
    forged_log = json.dumps(log, ensure_ascii=False).encode()
    manifest = json.loads(bundle.read("manifest.json"))
    for member in manifest["members"]:
        if member["name"] == "decision-log.json":
            member["sha256"] = hashlib.sha256(forged_log).hexdigest()
            member["size"] = len(forged_log)
    forged = rewrite(
        lambda n, d: (
            forged_log
            if n == "decision-log.json"
            else json.dumps(manifest).encode()
            if n == "manifest.json"
            else d
        )
    )
    problems = verify_archive(io.BytesIO(forged))
    assert problems == [
        f"decision-log.json: row id={log['entries'][0]['id']}: content does not match its hash"
    ]


def _bytes(archive: RoundArchive) -> bytes:
    with archive.file.open("rb") as handle:
        return handle.read()


def test_the_task_run_twice_builds_one_archive(cheap_pdfs, export) -> None:  # type: ignore[no-untyped-def]
    office = office_user()
    round = RoundFactory()
    first = export(round, office)
    assert first.state == ArchiveState.READY
    name, digest = first.file.name, first.sha256
    # Redelivered or queued twice: nothing left to build.
    assert build_round_archive.delay(round.pk).get() is None
    first.refresh_from_db()
    assert (first.file.name, first.sha256, first.attempts) == (name, digest, 1)
    assert RoundArchive.objects.filter(round=round).count() == 1
    assert first.file.name == f"archives/round-{round.pk}/archive-{first.pk}.zip"


def test_asking_again_while_one_is_pending_returns_it(cheap_pdfs, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    queued = []
    monkeypatch.setattr(services, "_queue_build", queued.append)
    office = office_user()
    round = RoundFactory()
    first = services.request_archive(round, actor=office)
    second = services.request_archive(round, actor=office)
    assert first.pk == second.pk
    assert queued == [round.pk]
    assert RoundArchive.objects.filter(round=round).count() == 1


def test_a_build_whose_worker_died_is_taken_over(cheap_pdfs, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(services, "_queue_build", lambda round_id: None)
    office = office_user()
    round = RoundFactory()
    archive = services.request_archive(round, actor=office)
    dead = services.claim_archive(round.pk)
    assert dead is not None and dead.attempts == 1
    # While its heartbeat is fresh nobody else builds it.
    assert services.claim_archive(round.pk) is None
    assert services.build_archive(round.pk) is None
    # The worker was killed: no progress for longer than STALE_AFTER.
    RoundArchive.objects.filter(pk=archive.pk).update(
        heartbeat_at=timezone.now() - services.STALE_AFTER - timedelta(seconds=1)
    )
    built = services.build_archive(round.pk)
    assert built is not None and built.state == ArchiveState.READY and built.attempts == 2
    # The dead run, were it to wake up, may not write any more.
    with pytest.raises(services.ArchiveTakenOver):
        services.report_progress(dead, members_done=1)


def test_asking_again_requeues_a_build_whose_worker_died(cheap_pdfs, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    queued = []
    monkeypatch.setattr(services, "_queue_build", queued.append)
    office = office_user()
    round = RoundFactory()
    archive = services.request_archive(round, actor=office)
    services.claim_archive(round.pk)
    RoundArchive.objects.filter(pk=archive.pk).update(
        heartbeat_at=timezone.now() - services.STALE_AFTER - timedelta(seconds=1)
    )
    again = services.request_archive(round, actor=office)
    assert again.pk == archive.pk and again.state == ArchiveState.QUEUED
    assert queued == [round.pk, round.pk]


def test_a_build_that_fails_says_why_and_can_be_asked_again(
    cheap_pdfs, monkeypatch, export
) -> None:  # type: ignore[no-untyped-def]
    office = office_user()
    round = RoundFactory()

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise ValueError("模板错误")

    monkeypatch.setattr(services, "build_zip", broken)
    with pytest.raises(ValueError):
        export(round, office)
    archive = RoundArchive.objects.get(round=round)
    assert archive.state == ArchiveState.FAILED
    assert "模板错误" in archive.error
    monkeypatch.undo()
    monkeypatch.setattr("archives.documents.render_document", lambda *a: TINY_PDF)
    again = export(round, office)
    assert again.pk != archive.pk and again.state == ArchiveState.READY


def test_a_transient_error_is_retried_and_the_build_completes(
    cheap_pdfs, monkeypatch, export
) -> None:  # type: ignore[no-untyped-def]
    from archives.services import builder

    office = office_user()
    round = RoundFactory()
    real = builder.sha256_of
    calls = []

    def flaky(path):  # type: ignore[no-untyped-def]
        calls.append(path)
        if len(calls) == 1:
            raise OSError("disk briefly away")
        return real(path)

    monkeypatch.setattr(services, "sha256_of", flaky)
    monkeypatch.setattr(services, "_queue_build", lambda round_id: None)
    archive = services.request_archive(round, actor=office)
    # The first run meets the error: the build goes back in the queue and a retry is asked
    # for (with backoff: 30 s, then doubled).
    with pytest.raises(Retry) as retry:
        build_round_archive.apply(args=[round.pk], throw=True)
    assert retry.value.when == 30
    archive.refresh_from_db()
    assert archive.state == ArchiveState.QUEUED
    # The retry, as the worker runs it later, completes the build.
    assert build_round_archive.apply(args=[round.pk]).get() == archive.pk
    archive.refresh_from_db()
    assert archive.state == ArchiveState.READY and archive.attempts == 2
    assert len(calls) == 2


def test_only_the_programme_office_may_ask() -> None:
    round = RoundFactory()
    with pytest.raises(DomainError):
        services.request_archive(round, actor=leading_group_user())
    assert not RoundArchive.objects.exists()


def test_a_queued_build_whose_message_was_lost_is_queued_again(cheap_pdfs, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    queued = []
    monkeypatch.setattr(services, "_queue_build", queued.append)
    office = office_user()
    round = RoundFactory()
    archive = services.request_archive(round, actor=office)
    assert services.request_archive(round, actor=office).pk == archive.pk
    assert queued == [round.pk]  # fresh: not queued twice
    # No worker took it up (the message went with a Redis restart).
    RoundArchive.objects.filter(pk=archive.pk).update(
        requested_at=timezone.now() - services.STALE_AFTER - timedelta(seconds=1)
    )
    again = services.request_archive(round, actor=office)
    assert again.pk == archive.pk and again.state == ArchiveState.QUEUED
    assert queued == [round.pk, round.pk]
    # Queued again just now: not stale, so a third request queues nothing more.
    services.request_archive(round, actor=office)
    assert queued == [round.pk, round.pk]


def test_the_years_approved_work_plan_goes_into_the_archive(
    cheap_pdfs, export, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """Art. 11(3): the approved work plan of the round's programme and year, with the
    documents of its tracking research, is a member of the round's archive."""
    settings.MEDIA_ROOT = tmp_path
    office = office_user()
    round = RoundFactory(stage=RoundStage.PUBLISHED, year=2030, title="2030年度赣州市市长质量奖")
    plan = award_services.create_work_plan(
        round.programme, actor=office, year=2030, title="2030年度工作计划"
    )
    award_services.add_milestone(
        plan, actor=office, title="发布评审通知", due_on=timezone.localdate()
    )
    research = award_services.add_research_note(
        plan,
        actor=office,
        source="江西省",
        title="井冈质量奖办法",
        upload=SimpleUploadedFile("办法.pdf", TINY_PDF),
    )
    award_services.submit_work_plan(plan, actor=office)
    award_services.approve_work_plan(plan, actor=leading_group_user())
    archive = export(round, office)
    assert archive.state == ArchiveState.READY, archive.error
    bundle = _zip(archive)
    names = set(bundle.namelist())
    assert {"pdf/00-work-plan.pdf", f"work-plan/{research.pk}.pdf"} <= names
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(bundle.read("pdf/00-work-plan.pdf"))).pages
    )
    assert "2030年度工作计划" in text and "井冈质量奖办法" in text
    assert bundle.read(f"work-plan/{research.pk}.pdf") == TINY_PDF


def test_a_plan_not_approved_stays_out_of_the_archive(cheap_pdfs, export) -> None:  # type: ignore[no-untyped-def]
    office = office_user()
    round = RoundFactory(stage=RoundStage.PUBLISHED, year=2030)
    plan = award_services.create_work_plan(
        round.programme, actor=office, year=2030, title="2030年度工作计划"
    )
    award_services.add_milestone(
        plan, actor=office, title="发布评审通知", due_on=timezone.localdate()
    )
    award_services.submit_work_plan(plan, actor=office)
    archive = export(round, office)
    assert "pdf/00-work-plan.pdf" not in _zip(archive).namelist()
