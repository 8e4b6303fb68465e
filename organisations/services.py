"""Every write about organisations: self-service registration."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from decisionlog.services import record_decision
from decisionlog.workflow import DomainError

from .models import Organisation, OrganisationMembership
from .selectors import credit_code_is_registered, username_is_taken
from .validators import normalise_credit_code

# What an organisation states about itself when it registers.
REGISTRATION_FIELDS = (
    "name",
    "credit_code",
    "legal_representative",
    "address",
    "division",
    "founded_on",
    "industry_section",
    "industry_class",
    "ownership",
    "size",
    "staff_count",
    "contact_name",
    "contact_phone",
    "contact_email",
)
# Bumped when the privacy notice shown at registration changes; logged with each acceptance.
PRIVACY_NOTICE_VERSION = "2026-1"


class RegistrationRefused(DomainError):
    """A registration the portal refuses; ``field`` names the form field it concerns."""

    def __init__(self, message: str, *, field: str | None = None, rule: str = "") -> None:
        super().__init__(message, rule=rule)
        self.field = field


def duplicate_organisation_message() -> str:
    return _(
        "This organisation already has an account on the portal. Ask the colleague who "
        "registered it to help you, or contact the award office."
    )


def register_organisation(
    *,
    organisation: Mapping[str, Any],
    username: str,
    password: str,
    privacy_accepted: bool,
    ip_address: str | None = None,
) -> tuple[Organisation, User]:
    """Register an organisation and its first user in one transaction.

    Preconditions: the privacy notice was accepted (Personal Information Protection Law);
    the unified social credit code is valid (GB 32100) and not registered yet (one code, one
    organisation); the user name is free; the password passes Django's validators.
    Side effects: creates the Organisation, the User (contact person's name, phone, e-mail)
    and its OrganisationMembership (may invite colleagues), and logs
    ``organisation.register`` with the privacy notice version accepted. Nothing is written
    when any step is refused.
    """
    if not privacy_accepted:
        raise RegistrationRefused(
            _("Please read and accept the privacy notice."), field="privacy_accepted"
        )
    unknown = set(organisation) - set(REGISTRATION_FIELDS)
    if unknown:
        raise RegistrationRefused(f"unknown organisation fields: {sorted(unknown)}")
    values = dict(organisation)
    values["credit_code"] = normalise_credit_code(values.get("credit_code", ""))
    username = username.strip()
    if not username:
        raise RegistrationRefused(_("Choose a user name."), field="username")
    if credit_code_is_registered(values["credit_code"]):
        raise RegistrationRefused(duplicate_organisation_message(), field="credit_code")
    if username_is_taken(username):
        raise RegistrationRefused(
            _("This user name is taken: please choose another."), field="username"
        )

    org = Organisation(**values)
    try:
        org.full_clean(validate_unique=False)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise RegistrationRefused(" ".join(messages), field=field) from exc
    user = User(
        username=username,
        full_name=org.contact_name,
        email=org.contact_email,
        phone=org.contact_phone,
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise RegistrationRefused(" ".join(exc.messages), field="password1") from exc
    user.set_password(password)

    with transaction.atomic():
        try:
            # A savepoint, so a concurrent registration of the same code fails cleanly.
            with transaction.atomic():
                org.save()
        except IntegrityError as exc:
            raise RegistrationRefused(
                duplicate_organisation_message(), field="credit_code"
            ) from exc
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError as exc:
            raise RegistrationRefused(
                _("This user name is taken: please choose another."), field="username"
            ) from exc
        OrganisationMembership.objects.create(user=user, organisation=org, is_admin=True)
        record_decision(
            actor=user,
            action="organisation.register",
            obj=org,
            data={
                "credit_code": org.credit_code,
                "username": user.username,
                "privacy_notice_version": PRIVACY_NOTICE_VERSION,
                "privacy_accepted_at": timezone.now().isoformat(),
                "ip_address": ip_address,
            },
        )
    return org, user
