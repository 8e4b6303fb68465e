"""Storing a write's files: kept when the write succeeds, deleted when it fails; a removed
row's file goes once the transaction commits. (The checks of common.uploads are tested
through the dossier page in tests/applications/test_uploads.py.)"""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from applications.models import Attachment
from common.uploads import (
    MAX_NAME_LENGTH,
    delete_after_commit,
    removed_on_failure,
    safe_original_name,
    shorten_name,
    shortened_name_notice,
)


def _attachment() -> Attachment:
    # Unsaved: only its file field is used, stored under the test's private folder.
    return Attachment(application_id=7)


def test_files_stored_in_a_write_that_succeeds_are_kept() -> None:
    first, second = _attachment(), _attachment()
    with removed_on_failure() as stored:
        stored.store(first.file, "upload.pdf", ContentFile(b"%PDF-1.4 one"))
        stored.store(second.file, "upload.png", ContentFile(b"two"))
    assert first.file.name.startswith("attachments/7/") and first.file.name.endswith(".pdf")
    assert first.file.storage.exists(first.file.name)
    assert second.file.storage.exists(second.file.name)


def test_files_stored_in_a_write_that_fails_are_deleted() -> None:
    first, second = _attachment(), _attachment()
    with pytest.raises(RuntimeError), removed_on_failure() as stored:
        stored.store(first.file, "upload.pdf", ContentFile(b"%PDF-1.4 one"))
        stored.store(second.file, "upload.png", ContentFile(b"two"))
        raise RuntimeError("the insert failed")
    assert first.file.name and not first.file.storage.exists(first.file.name)
    assert second.file.name and not second.file.storage.exists(second.file.name)


def test_a_file_another_call_stored_is_deleted_too_when_kept() -> None:
    other, untouched = _attachment(), _attachment()
    other.file.save("upload.pdf", ContentFile(b"%PDF-1.4"), save=False)
    untouched.file.save("upload.pdf", ContentFile(b"%PDF-1.4"), save=False)
    with pytest.raises(RuntimeError), removed_on_failure() as stored:
        stored.keep(other.file)
        raise RuntimeError("a later row failed")
    assert not other.file.storage.exists(other.file.name)
    assert untouched.file.storage.exists(untouched.file.name)


def test_a_field_without_a_file_is_not_kept() -> None:
    with pytest.raises(RuntimeError), removed_on_failure() as stored:
        stored.keep(_attachment().file)
        raise RuntimeError("failed")  # nothing to delete, and nothing raised by deleting


@pytest.mark.django_db
def test_delete_after_commit_waits_for_the_commit(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    attachment = _attachment()
    attachment.file.save("upload.pdf", ContentFile(b"%PDF-1.4"), save=False)
    name = attachment.file.name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        delete_after_commit(attachment.file)
    assert attachment.file.storage.exists(name)
    assert len(callbacks) == 1
    callbacks[0]()
    assert not attachment.file.storage.exists(name)


# --- long file names ---------------------------------------------------------------------------

LONG_NAME = ("赣州 质量 报告 😀👍🏽 第一章 " * 30)[:296] + ".pdf"


def test_a_long_name_is_shortened_in_the_middle_and_keeps_its_suffix() -> None:
    """A 300-character name with emoji and spaces is kept in 200 characters: its start, its
    end and its ".pdf", so that the download still opens as a PDF."""
    assert len(LONG_NAME) == 300
    kept = safe_original_name(LONG_NAME)
    assert len(kept) <= MAX_NAME_LENGTH
    assert kept.endswith(".pdf")
    assert kept.startswith("赣州 质量 报告 😀👍🏽")
    assert "…" in kept
    assert "\u200d" not in (kept[0], kept[-5])


def test_the_user_is_told_only_when_the_name_was_shortened() -> None:
    assert shortened_name_notice("营业执照.pdf") == ""
    notice = shortened_name_notice(LONG_NAME)
    assert safe_original_name(LONG_NAME) in notice
    assert "200" in notice


def test_a_name_without_a_real_suffix_is_cut_in_the_middle_too() -> None:
    kept = shorten_name("报告" * 150)
    assert len(kept) == MAX_NAME_LENGTH and "…" in kept
    assert shorten_name("短名.docx") == "短名.docx"
