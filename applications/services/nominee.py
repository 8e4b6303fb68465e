"""Individual nominees (R4 / Art. 8): an organisation nominates a person it employs in a round
whose programme awards individuals. PIPL: the national ID number is checked, kept only
encrypted (common.pii) and never written to the decision log."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from applications.models import Application, Nominee
from applications.permissions.application import can_edit_dossier, organisation_id_of
from applications.rules import check_not_banned, check_window_open
from awards.areas import check_registration_area
from awards.enums import NomineeKind
from awards.models import Round, ScoringScheme
from awards.rulesets import round_rule_settings, round_sector_for
from common.pii import (
    encrypt_identifier,
    identifier_digest,
    mask_national_id,
    validate_national_id,
)
from decisionlog.services import record_decision
from decisionlog.workflow import DomainError
from organisations.models import Organisation


def checked_national_id(value: str) -> str:
    """The number checked against GB 11643 (a DomainError with the reason otherwise)."""
    try:
        return validate_national_id(value)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error


def _check_not_nominated(round: Round, digest: str, *, exclude_pk: int | None = None) -> None:
    """R4: a person is nominated once in a round (by whichever employer)."""
    same = Nominee.objects.filter(application__round=round, national_id_digest=digest)
    if exclude_pk is not None:
        same = same.exclude(pk=exclude_pk)
    if same.exists():
        raise DomainError(_("This person is already nominated in this round."), rule="R4")


def _set_national_id(nominee: Nominee, number: str) -> None:
    nominee.national_id_encrypted = encrypt_identifier(number)
    nominee.national_id_digest = identifier_digest(number)
    nominee.national_id_masked = mask_national_id(number)


def _person_fields(values: dict[str, Any]) -> dict[str, str]:
    person = {k: str(values.get(k) or "").strip() for k in ("full_name", "position", "phone")}
    missing = [k for k, v in person.items() if not v]
    if missing:
        raise DomainError(_("Give the nominee's full name, position and phone."))
    person["email"] = str(values.get("email") or "").strip()
    return person


def _nominee_dates(values: dict[str, Any]) -> dict[str, date | None]:
    """R5 / Art. 8: since when the nominee works for the organisation and in quality work, of
    those given (a date or its ISO text; empty: not given, and the eligibility rows say so);
    neither in the future."""
    dates: dict[str, date | None] = {}
    for key in ("employed_since", "quality_work_since"):
        if key not in values:
            continue
        value = values[key] or None
        try:
            dates[key] = date.fromisoformat(value) if isinstance(value, str) else value
        except ValueError as error:
            raise DomainError(_("Give the dates as YYYY-MM-DD."), rule="R5") from error
    today = timezone.localdate()
    if any(d is not None and d > today for d in dates.values()):
        raise DomainError(
            _("The nominee's dates of employment and of quality work cannot lie in the future."),
            rule="R5",
        )
    return dates


@transaction.atomic
def start_individual_application(
    round: Round, organisation: Organisation, *, actor: User, **values: Any
) -> Application:
    """Open a draft dossier nominating a person the actor's organisation employs.

    Preconditions: the actor belongs to the organisation; the round's window is open (R1); the
    round's programme awards individuals (R4, the rules the round kept); the organisation is
    registered within the round's registration area (R5 / Art. 13(1): a person follows the
    employer's registration) and not barred (R8); the national ID number passes GB 11643 and the person is not nominated
    in the round already. Side effects: the draft (scored on the round's individual scheme)
    and its nominee, the number encrypted; logs ``application.start`` without the number.
    """
    if organisation_id_of(actor) != organisation.pk:
        raise DomainError(_("Only the organisation itself can nominate its people."))
    check_window_open(round)
    settings = round_rule_settings(round)
    if not settings.accepts_individuals:
        raise DomainError(_("This round does not award individuals."), rule="R4", articles=(8,))
    check_registration_area(organisation, round)
    check_not_banned(organisation, round.programme, round=round)
    person = _person_fields(values)
    dates = _nominee_dates(values)
    number = checked_national_id(str(values.get("national_id") or ""))
    digest = identifier_digest(number)
    _check_not_nominated(round, digest)
    scheme = ScoringScheme.objects.filter(code=settings.individual_scheme).first()
    if scheme is None:
        raise DomainError(
            _("The office has not yet chosen the scoring scheme for individuals."), rule="R4"
        )
    application = Application.objects.create(
        round=round,
        organisation=organisation,
        sector=round_sector_for(round, organisation.industry_section, organisation.sector),
        nominee_kind=NomineeKind.INDIVIDUAL,
        individual_scheme=scheme,
    )
    nominee = Nominee(application=application, **person, **dates)
    _set_national_id(nominee, number)
    nominee.save()
    record_decision(
        actor=actor,
        action="application.start",
        obj=application,
        to_state="draft",
        data={"nominee_kind": NomineeKind.INDIVIDUAL, "nominee": nominee.full_name},
    )
    return application


@transaction.atomic
def update_nominee(application: Application, *, actor: User, **values: Any) -> Nominee:
    """Change the nominee's details while the dossier is a draft and the window open (R1,
    R13). An empty national ID number keeps the one given. Logs ``application.nominee`` with
    the names of the fields changed (never the number)."""
    if not can_edit_dossier(actor, application):
        raise DomainError(_("The nominee's details can no longer be changed."), rule="R13")
    nominee = Nominee.objects.select_for_update().get(application=application)
    person: dict[str, Any] = {**_person_fields(values), **_nominee_dates(values)}
    changed = [k for k, v in person.items() if getattr(nominee, k) != v]
    for key, value in person.items():
        setattr(nominee, key, value)
    raw = str(values.get("national_id") or "").strip()
    if raw:
        number = checked_national_id(raw)
        digest = identifier_digest(number)
        if digest != nominee.national_id_digest:
            _check_not_nominated(application.round, digest, exclude_pk=nominee.pk)
            _set_national_id(nominee, number)
            changed.append("national_id")
    if not changed:
        return nominee
    nominee.save()
    record_decision(
        actor=actor, action="application.nominee", obj=application, data={"changed": changed}
    )
    return nominee
