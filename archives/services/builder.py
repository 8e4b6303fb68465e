"""Writes a round's archive ZIP member by member into a temporary file on disk (never the
whole archive in memory), hashing every member as it goes, then the manifest.

The ZIP holds:
  pdf/00-work-plan.pdf                                the year's approved work plan
                                                      (Art. 11(3)), when there is one
  work-plan/<note>-<name>                             the documents of its research notes
  pdf/01-composite-report.pdf … pdf/04-approval.pdf   the round's documents
  certificates/<number>.pdf                           the certificates already rendered
  feedback/<application>.pdf                          feedback reports, once released
  sheets/*.xlsx                                       applications, eligibility, scores,
                                                      votes, objections, grants
  decision-log.json                                   the round's log rows with their hashes
  decision-log-checkpoints.json                       signed checkpoints and their public keys
  manifest.json                                       every member's size and SHA-256
  SHA256SUMS                                          the same, for ``sha256sum -c``
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from archives import documents, sheets
from archives.logexport import write_checkpoints_json, write_log_json
from awards.models import Round
from awards.selectors import approved_plan_for_round
from decisionlog.chain import format_time
from decisionlog.verify import verify_chain
from grants.models import Certificate

MANIFEST_FORMAT = "ganzhou-award-round-archive/1"
COPY_CHUNK = 1024 * 1024


class HashingWriter:
    """A write-only stream that counts and hashes what passes through it."""

    def __init__(self, target: IO[bytes]) -> None:
        self.target = target
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        self.size += len(data)
        self.target.write(data)
        return len(data)

    def flush(self) -> None:
        self.target.flush()


@dataclass
class Member:
    name: str
    description: str
    write: Callable[[IO[bytes]], None]
    compress: bool = False


@dataclass
class BuildResult:
    path: Path
    members: list[dict[str, Any]] = field(default_factory=list)
    log_rows: int = 0
    log_head: str = ""
    missing_certificates: list[str] = field(default_factory=list)


def _copy_from_storage(file_field: Any) -> Callable[[IO[bytes]], None]:
    def write(out: IO[bytes]) -> None:
        with file_field.open("rb") as handle:
            shutil.copyfileobj(handle, out, COPY_CHUNK)

    return write


def _bytes(make: Callable[[], bytes]) -> Callable[[IO[bytes]], None]:
    def write(out: IO[bytes]) -> None:
        out.write(make())

    return write


def _workbook(
    round: Round, specs: list[sheets.Sheet], workdir: Path, tick: Callable[[], None]
) -> Callable[[IO[bytes]], None]:
    def write(out: IO[bytes]) -> None:
        path = workdir / "sheet.xlsx"
        sheets.write_workbook(path, specs, round, tick)
        with path.open("rb") as handle:
            shutil.copyfileobj(handle, out, COPY_CHUNK)
        path.unlink()

    return write


def plan_members(
    round: Round, workdir: Path, state: BuildResult, tick: Callable[[], None]
) -> list[Member]:
    """Every member but the manifest, in archive order."""
    members: list[Member] = []
    plan = approved_plan_for_round(round)
    if plan is not None:
        members.append(
            Member(
                "pdf/00-work-plan.pdf",
                _("The year's work plan approved by the leading group"),
                _bytes(partial(documents.render_work_plan, round, plan)),
            )
        )
        for note in plan.research_notes.exclude(document="").order_by("pk"):
            if note.document.storage.exists(note.document.name):
                members.append(
                    Member(
                        f"work-plan/{note.pk}{PurePosixPath(note.document.name).suffix}",
                        _("Research document: %(title)s") % {"title": note.title},
                        _copy_from_storage(note.document),
                    )
                )
    for name, template, context in documents.DOCUMENTS:
        members.append(
            Member(
                name,
                _("Round document"),
                _bytes(partial(documents.render_document, round, template, context)),
            )
        )
    certificates = (
        Certificate.objects.filter(grant__round=round)
        .select_related("grant__organisation")
        .order_by("number")
    )
    for certificate in certificates:
        if certificate.file and certificate.file.storage.exists(certificate.file.name):
            members.append(
                Member(
                    f"certificates/{certificate.number}.pdf",
                    _("Certificate of %(org)s") % {"org": certificate.grant.organisation.name},
                    _copy_from_storage(certificate.file),
                )
            )
        else:
            state.missing_certificates.append(certificate.number)
    for application in documents.feedback_applications(round):
        members.append(
            Member(
                f"feedback/{application.pk}-{application.organisation.credit_code}.pdf",
                _("Feedback report of %(org)s") % {"org": application.organisation.name},
                _bytes(partial(documents.render_feedback, application)),
            )
        )
    for name, description, specs in sheets.workbooks():
        members.append(Member(name, description, _workbook(round, specs, workdir, tick)))

    def write_log(out: IO[bytes]) -> None:
        state.log_rows, state.log_head = write_log_json(
            out,
            round_info=round_info(round),
            chain=verify_chain(),
            exported_at=timezone.now(),
        )

    members.append(
        Member("decision-log.json", _("The round's decision log with hashes"), write_log, True)
    )

    def write_checkpoints(out: IO[bytes]) -> None:
        write_checkpoints_json(out, round_id=round.pk)

    members.append(
        Member(
            "decision-log-checkpoints.json",
            _("Signed checkpoints of the decision log and their public keys"),
            write_checkpoints,
            True,
        )
    )
    return members


def round_info(round: Round) -> dict[str, Any]:
    return {
        "id": round.pk,
        "programme": round.programme.name,
        "year": round.year,
        "title": round.title,
        "stage": round.stage,
    }


def build_zip(
    round: Round,
    workdir: Path,
    *,
    on_plan: Callable[[int], None],
    on_member: Callable[[int, str], None],
    tick: Callable[[], None],
    started_at: datetime | None = None,
) -> BuildResult:
    """Write the archive into a new file under ``workdir``; ``on_member(done, next_name)``
    reports progress after each member."""
    descriptor, name = tempfile.mkstemp(dir=workdir, suffix=".zip")
    os.close(descriptor)
    result = BuildResult(path=Path(name))
    members = plan_members(round, workdir, result, tick)
    on_plan(len(members) + 2)
    with zipfile.ZipFile(result.path, "w", allowZip64=True) as archive:
        for done, member in enumerate(members):
            on_member(done, member.name)
            compression = zipfile.ZIP_DEFLATED if member.compress else zipfile.ZIP_STORED
            info = zipfile.ZipInfo(member.name, date_time=_zip_time())
            info.compress_type = compression
            with archive.open(info, "w", force_zip64=True) as target:
                writer = HashingWriter(target)
                member.write(writer)  # type: ignore[arg-type]
            result.members.append(
                {
                    "name": member.name,
                    "description": str(member.description),
                    "size": writer.size,
                    "sha256": writer.digest.hexdigest(),
                }
            )
        on_member(len(members), "manifest.json")
        manifest = {
            "format": MANIFEST_FORMAT,
            "round": round_info(round),
            "generated_at": format_time(timezone.now()),
            "started_at": format_time(started_at) if started_at else None,
            "decision_log": {"rows": result.log_rows, "last_row_hash": result.log_head},
            "certificates_not_yet_rendered": result.missing_certificates,
            "members": result.members,
        }
        data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
        archive.writestr(_info("manifest.json"), data)
        sums = [(m["sha256"], m["name"]) for m in result.members]
        sums.append((hashlib.sha256(data).hexdigest(), "manifest.json"))
        archive.writestr(
            _info("SHA256SUMS"), "".join(f"{digest}  {name}\n" for digest, name in sums)
        )
    return result


def _zip_time() -> tuple[int, int, int, int, int, int]:
    now = timezone.localtime()
    return (now.year, now.month, now.day, now.hour, now.minute, now.second)


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_zip_time())
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(COPY_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()
