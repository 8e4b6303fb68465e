"""PIPL: the round's archive for the government's files never holds an individual nominee's
national ID number, neither in full nor masked (every member read back, the Excel and Word
files opened)."""

from __future__ import annotations

import io
import zipfile

import pytest

from accounts.enums import Role
from archives.enums import ArchiveState
from archives.services import archive as services
from tests.applications.individual import NUMBER
from tests.factories import UserFactory, grant_role
from tests.grants.individual import approved_round

pytestmark = pytest.mark.django_db


def _texts(data: bytes) -> list[bytes]:
    """Every member of a ZIP, the members of an Office file (itself a ZIP) opened too."""
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as bundle:
        for name in bundle.namelist():
            member = bundle.read(name)
            if name.endswith((".xlsx", ".docx")):
                found += _texts(member)
            else:
                found.append(member)
    return found


def test_the_archive_holds_no_national_id_number(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    round, _organisation_app, person = approved_round()
    office = grant_role(UserFactory(), Role.OFFICE, prog=round.programme)
    with django_capture_on_commit_callbacks(execute=True):
        archive = services.request_archive(round, actor=office)
    archive.refresh_from_db()
    assert archive.state == ArchiveState.READY, archive.error
    with archive.file.open("rb") as handle:
        members = _texts(handle.read())
    masked = person.nominee.national_id_masked
    assert members
    assert not any(NUMBER.encode() in m or masked.encode() in m for m in members)
    # The control: the archive does name the round's organisations.
    name = person.organisation.name
    assert any(name.encode() in m or name.encode("unicode_escape") in m for m in members)
