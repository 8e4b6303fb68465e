"""Reads of an individual nominee (R4 / Art. 8). PIPL: the national ID number is decrypted only
for the office of the application's own programme; everyone else reads its masked form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from accounts.permissions import AnyUser
from applications.models import Application, Nominee
from applications.permissions.office import is_office_for
from common.pii import decrypt_identifier


@dataclass(frozen=True)
class NomineeCard:
    """The nominee as a page shows them to one reader."""

    full_name: str
    position: str
    phone: str
    email: str
    # R5 / Art. 8: since when the nominee works for the organisation and in quality work.
    employed_since: date | None
    quality_work_since: date | None
    employer: str
    national_id: str
    # Whether ``national_id`` is the number itself (the office's own page) or masked.
    unmasked: bool


def nominee_of(application: Application) -> Nominee | None:
    if not application.is_individual:
        return None
    return Nominee.objects.filter(application=application).first()


def nominee_card(
    user: AnyUser, application: Application, *, unmask: bool = False
) -> NomineeCard | None:
    """The nominee for ``user``'s page; the number itself only when ``unmask`` is asked (the
    office's application page) and ``user`` is office staff of the application's programme."""
    nominee = nominee_of(application)
    if nominee is None:
        return None
    unmasked = unmask and is_office_for(user, application)
    return NomineeCard(
        full_name=nominee.full_name,
        position=nominee.position,
        phone=nominee.phone,
        email=nominee.email,
        employed_since=nominee.employed_since,
        quality_work_since=nominee.quality_work_since,
        employer=application.organisation.name,
        national_id=(
            decrypt_identifier(nominee.national_id_encrypted)
            if unmasked
            else nominee.national_id_masked
        ),
        unmasked=unmasked,
    )
