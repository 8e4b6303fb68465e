"""Every write about round archives: the office's request, the worker's claim, progress and
result. The build itself (archives.services.builder) only reads the round."""

from __future__ import annotations

import logging
import tempfile
from datetime import timedelta
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import User
from archives.enums import ARCHIVE_TRANSITIONS, PENDING_STATES, ArchiveState
from archives.models import RoundArchive
from archives.permissions import can_export_archive
from archives.services.builder import build_zip, sha256_of
from archives.tasks import build_round_archive
from awards.models import Round
from decisionlog.workflow import DomainError, TransitionRefused, is_allowed

logger = logging.getLogger(__name__)

#: A build that reported no progress for this long is taken to be dead (its worker was killed)
#: and may be claimed again. Every member written reports progress.
STALE_AFTER = timedelta(seconds=getattr(settings, "ARCHIVE_STALE_SECONDS", 300))


class ArchiveTakenOver(Exception):
    """Another run claimed this build (this run was thought dead): stop writing."""


def archive_file_name(archive: RoundArchive) -> str:
    """A fixed name per archive, so a retried build overwrites rather than duplicates."""
    return f"archives/round-{archive.round_id}/archive-{archive.pk}.zip"


def transition_archive(archive: RoundArchive, to: str, **fields: object) -> RoundArchive:
    """The only way an archive's state changes: lock, check the table, save."""
    with transaction.atomic():
        locked = RoundArchive.objects.select_for_update().get(pk=archive.pk)
        if locked.state != to and not is_allowed(ARCHIVE_TRANSITIONS, locked.state, to):
            raise TransitionRefused(
                _("The archive cannot move from “%(from)s” to “%(to)s”.")
                % {"from": locked.get_state_display(), "to": ArchiveState(to).label}
            )
        locked.state = to
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save()
    return locked


def _queue_build(round_id: int) -> None:
    transaction.on_commit(partial(build_round_archive.delay, round_id))


def request_archive(round: Round, *, actor: User) -> RoundArchive:
    """The office asks for the round's archive. Idempotent: while an export of the round is
    queued or being built, that one is returned (and queued again if its worker died)."""
    if not can_export_archive(actor, round):
        raise DomainError(_("Only the programme's office exports a round's archive."))
    with transaction.atomic():
        Round.objects.select_for_update().get(pk=round.pk)
        pending = RoundArchive.objects.filter(round=round, state__in=PENDING_STATES).first()
        if pending is not None:
            if is_stale(pending):
                # Its worker died or its message was lost: queue it again.
                pending = transition_archive(
                    pending, ArchiveState.QUEUED, heartbeat_at=timezone.now()
                )
                _queue_build(round.pk)
            return pending
        archive = RoundArchive.objects.create(round=round, requested_by=actor)
        _queue_build(round.pk)
    return archive


def is_stale(archive: RoundArchive) -> bool:
    """A build whose worker stopped reporting progress (killed, or over its time limit), or a
    queued build no worker took up (its message lost, e.g. with a Redis restart)."""
    if archive.state == ArchiveState.BUILDING:
        moment = archive.heartbeat_at or archive.started_at
    elif archive.state == ArchiveState.QUEUED:
        moment = archive.heartbeat_at or archive.requested_at
    else:
        return False
    return moment is None or timezone.now() - moment > STALE_AFTER


def claim_archive(round_id: int) -> RoundArchive | None:
    """Take the round's queued export (or one whose worker stopped reporting) for this run.
    None when there is nothing to build: already built, or another worker is building."""
    with transaction.atomic():
        archive = (
            RoundArchive.objects.select_for_update()
            .filter(round_id=round_id, state__in=PENDING_STATES)
            .first()
        )
        if archive is None:
            return None
        if archive.state == ArchiveState.BUILDING and not is_stale(archive):
            return None
        now = timezone.now()
        archive.state = ArchiveState.BUILDING
        archive.started_at = now
        archive.heartbeat_at = now
        archive.attempts += 1
        archive.members_done = 0
        archive.error = ""
        archive.save()
    return archive


def report_progress(archive: RoundArchive, **fields: object) -> None:
    """Store progress and move the heartbeat; refuse if another run has claimed the build."""
    updated = RoundArchive.objects.filter(
        pk=archive.pk, state=ArchiveState.BUILDING, attempts=archive.attempts
    ).update(heartbeat_at=timezone.now(), **fields)
    if not updated:
        raise ArchiveTakenOver(f"archive {archive.pk} was claimed by another run")


def build_archive(round_id: int) -> RoundArchive | None:
    """Build the round's pending export, if any (the task's body). Safe to run twice or after
    a redelivery: a finished archive is not built again, a running build is left alone unless
    its worker stopped reporting, and the file has a fixed name."""
    claimed = claim_archive(round_id)
    if claimed is None:
        return None
    archive: RoundArchive = claimed
    round = Round.objects.select_related("programme").get(pk=round_id)
    with tempfile.TemporaryDirectory(prefix="round-archive-") as workdir:
        with override(settings.LANGUAGE_CODE):
            result = build_zip(
                round,
                Path(workdir),
                on_plan=lambda total: report_progress(archive, members_total=total),
                on_member=lambda done, name: report_progress(
                    archive, members_done=done, current_member=name[:200]
                ),
                tick=lambda: report_progress(archive),
                started_at=archive.started_at,
            )
        digest = sha256_of(result.path)
        size = result.path.stat().st_size
        name = archive_file_name(archive)
        # The copy into storage runs outside any transaction (a large file: it would hold the
        # write lock); the claim is checked before it and again when the result is recorded.
        report_progress(archive)
        if default_storage.exists(name):
            default_storage.delete(name)
        with result.path.open("rb") as handle:
            saved = default_storage.save(name, File(handle, name=Path(name).name))
        with transaction.atomic():
            locked = RoundArchive.objects.select_for_update().get(pk=archive.pk)
            if locked.state != ArchiveState.BUILDING or locked.attempts != archive.attempts:
                raise ArchiveTakenOver(f"archive {archive.pk} was claimed by another run")
            archive = transition_archive(
                locked,
                ArchiveState.READY,
                file=saved,
                size=size,
                sha256=digest,
                log_rows=result.log_rows,
                log_head=result.log_head,
                members_done=locked.members_total,
                current_member="",
                finished_at=timezone.now(),
            )
    logger.info("round %s archive %s ready: %s bytes", round_id, archive.pk, size)
    return archive


def fail_archive(round_id: int, error: str) -> None:
    """A build that cannot succeed: the office sees why and may ask again."""
    archive = RoundArchive.objects.filter(round_id=round_id, state=ArchiveState.BUILDING).first()
    if archive is not None:
        transition_archive(
            archive, ArchiveState.FAILED, error=error[:2000], finished_at=timezone.now()
        )


def release_archive(round_id: int) -> None:
    """A transient failure: put the build back in the queue for the task's retry."""
    archive = RoundArchive.objects.filter(round_id=round_id, state=ArchiveState.BUILDING).first()
    if archive is not None:
        transition_archive(archive, ArchiveState.QUEUED, heartbeat_at=timezone.now())
