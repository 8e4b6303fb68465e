"""A worker killed (SIGKILL) in the middle of a round's certificate batch, then restarted,
finishes the batch: every certificate exactly once, no gap in the numbers (R15).

The worker is a real process on the test's own Redis; acks_late leaves the message of the
task it was running unacknowledged, and Redis gives it back after the visibility timeout (set
short here: CELERY_VISIBILITY_TIMEOUT, docs/architecture.md, pitfall 15). Rendering is idempotent
under the certificate's row lock and writes a fixed file name, so the redelivered task
overwrites a half-written file rather than adding one."""

from __future__ import annotations

import io
import re
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from pypdf import PdfReader

from grants.models import AwardGrant, Certificate
from grants.services.approval import record_approval
from tests.factories import office_user
from tests.integration.processes import (
    RedisServer,
    process_env,
    publishing_to,
    wait_until,
    worker,
)
from tests.publicity.helpers import approval_round

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.timeout(300),
]

N_PRIZE = 4
N_NOMINATION = 4
N = N_PRIZE + N_NOMINATION


def _rendered() -> int:
    return Certificate.objects.exclude(file="").count()


def test_a_killed_worker_leaves_no_duplicate_and_no_gap(tmp_path: Path) -> None:
    redis = RedisServer(tmp_path)
    redis.start()
    env = process_env(redis.url, tmp_path / "var", CELERY_VISIBILITY_TIMEOUT="5")
    first = worker(env, tmp_path / "worker-1.log", "killed")
    second = worker(env, tmp_path / "worker-2.log", "restarted")
    try:
        first.start()
        first.wait_for("ready.")
        office = office_user()
        round, apps = approval_round(n_prize=N_PRIZE, n_nomination=N_NOMINATION)
        with publishing_to(redis.url):
            record_approval(
                round,
                actor=office,
                approved_on=date(2032, 1, 15),
                meeting="市政府第12次常务会议",
                document_number="赣市府字〔2032〕3号",
            )
        assert Certificate.objects.filter(grant__round=round).count() == N

        # Kill it once a few certificates are done: the batch is half finished.
        wait_until(lambda: _rendered() >= 2, 120, "the first certificates", step=0.05)
        first.kill()
        at_kill = _rendered()
        assert 2 <= at_kill < N, f"the batch was not cut in the middle ({at_kill} of {N})"

        second.start()
        try:
            wait_until(
                lambda: second.alive() and _rendered() == N,
                120,
                "the batch after the restart",
                step=0.25,
            )
        except AssertionError as error:
            raise AssertionError(
                f"{error} ({_rendered()} of {N}):\n--- killed worker\n{first.output()[-3000:]}"
                f"\n--- restarted worker\n{second.output()[-5000:]}"
            ) from None
    finally:
        first.kill()
        second.stop()
        redis.stop()

    # One grant and one certificate per winner, each number once.
    assert AwardGrant.objects.filter(round=round).count() == N
    certificates = list(Certificate.objects.filter(grant__round=round).select_related("grant"))
    numbers = [c.number for c in certificates]
    assert len(certificates) == len(set(numbers)) == N
    # No gap: each level numbered 1..k.
    sequences = defaultdict(list)
    for number in numbers:
        match = re.fullmatch(r"GZZLJ-\d{4}-([A-Z]+)-(\d{3})-[0-9A-Z]{4}", number)
        assert match, number
        sequences[match.group(1)].append(int(match.group(2)))
    assert sorted(len(s) for s in sequences.values()) == [N_NOMINATION, N_PRIZE]
    for seq in sequences.values():
        assert sorted(seq) == list(range(1, len(seq) + 1))
    # Exactly one file per certificate in storage, under its fixed name, each a whole PDF.
    stored = sorted(p.name for p in (Path(settings.MEDIA_ROOT) / "certificates").iterdir())
    assert stored == sorted(f"{n}.pdf" for n in numbers)
    for certificate in certificates:
        assert certificate.file.name == f"certificates/{certificate.number}.pdf"
        assert certificate.generated_at is not None
        with certificate.file.open("rb") as handle:
            text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages)
        assert certificate.number in text
