"""Every write about organisations: self-service registration, e-mail verification and
colleagues' invitations."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from decisionlog.services import record_decision
from decisionlog.workflow import DomainError

from .models import Organisation, OrganisationInvitation, OrganisationMembership
from .permissions import can_invite
from .selectors import credit_code_is_registered, token_hash, username_is_taken
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
        # Issue 3: the address is verified by the link e-mailed now; until then no submission.
        OrganisationMembership.objects.create(
            user=user, organisation=org, is_admin=True, email_verified=False
        )
        send_verification_email(user)
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


# --- colleagues: one-time invitations (issue 3) --------------------------------------------

INVITATION_VALID_FOR = timedelta(days=7)
VERIFICATION_SALT = "organisations.email-verification"
VERIFICATION_VALID_FOR = timedelta(days=3)


def _portal_link(name: str, *args: Any) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + reverse(name, args=args)


def invite_colleague(
    organisation: Organisation, *, actor: User, email: str
) -> OrganisationInvitation:
    """An organisation's inviting user invites a colleague by e-mail.

    Preconditions: the actor is a member of ``organisation`` who may invite
    (``OrganisationMembership.is_admin``); the address is valid and is not a member's already.
    Side effects: stores the invitation with the SHA-256 hash of a random one-time token
    (valid for INVITATION_VALID_FOR), logs ``organisation.invite`` and, once committed,
    e-mails the link holding the token to the address.
    """
    if not can_invite(actor, organisation):
        raise DomainError(_("Only your organisation's administrator can invite colleagues."))
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise DomainError(_("Enter a valid e-mail address.")) from exc
    if OrganisationMembership.objects.filter(
        organisation=organisation, user__email__iexact=email
    ).exists():
        raise DomainError(_("A user with this e-mail address is a member already."))
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        invitation = OrganisationInvitation.objects.create(
            organisation=organisation,
            email=email,
            token_hash=token_hash(token),
            invited_by=actor,
            expires_at=now + INVITATION_VALID_FOR,
        )
        record_decision(
            actor=actor, action="organisation.invite", obj=organisation, data={"email": email}
        )
        link = _portal_link("organisations:join", token)
        subject = _("Invitation to %(org)s on the Mayor's Quality Award portal") % {
            "org": organisation.name
        }
        body = _(
            "%(who)s invites you to join %(org)s on the portal of the Ganzhou Mayor's Quality "
            "Award.\n\nOpen this link to choose your user name and password (it works once, "
            "until %(until)s Beijing time):\n%(link)s\n"
        ) % {
            "who": actor,
            "org": organisation.name,
            "until": timezone.localtime(invitation.expires_at).strftime("%Y-%m-%d %H:%M"),
            "link": link,
        }
        transaction.on_commit(lambda: send_mail(subject, body, None, [email]))
    return invitation


def accept_invitation(token: str, *, username: str, password: str, full_name: str = "") -> User:
    """The invited colleague joins the organisation with a user name and password of its own.

    Preconditions: the token names an invitation that is neither used nor expired; the user
    name is free; the password passes Django's validators.
    Side effects: creates the User (with the invited address, counted as verified) and its
    OrganisationMembership (no right to invite), marks the invitation used (once only, on the
    locked row) and logs ``organisation.join``.
    """
    username = username.strip()
    with transaction.atomic():
        invitation = (
            OrganisationInvitation.objects.select_for_update()
            .filter(token_hash=token_hash(token))
            .first()
        )
        if invitation is None or invitation.accepted_at is not None:
            raise RegistrationRefused(
                _("This invitation link has been used already or is not valid.")
            )
        if invitation.expires_at <= timezone.now():
            raise RegistrationRefused(
                _("This invitation link has expired: ask your colleague to invite you again.")
            )
        if not username:
            raise RegistrationRefused(_("Choose a user name."), field="username")
        if username_is_taken(username):
            raise RegistrationRefused(
                _("This user name is taken: please choose another."), field="username"
            )
        user = User(username=username, full_name=full_name.strip(), email=invitation.email)
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise RegistrationRefused(" ".join(exc.messages), field="password1") from exc
        user.set_password(password)
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError as exc:
            raise RegistrationRefused(
                _("This user name is taken: please choose another."), field="username"
            ) from exc
        OrganisationMembership.objects.create(
            user=user, organisation=invitation.organisation, is_admin=False, email_verified=True
        )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        record_decision(
            actor=user,
            action="organisation.join",
            obj=invitation.organisation,
            data={"username": user.username, "invited_by": invitation.invited_by_id},
        )
    return user


# --- e-mail verification at registration (issue 3) -----------------------------------------


def verification_token(user: User) -> str:
    """A signed, expiring token naming the user and the address it verifies."""
    return signing.dumps({"u": user.pk, "e": user.email}, salt=VERIFICATION_SALT)


def send_verification_email(user: User) -> None:
    """E-mail the verification link to the user's address (after the transaction commits)."""
    link = _portal_link("organisations:verify_email", verification_token(user))
    subject = _("Please confirm your e-mail address")
    body = _(
        "Please confirm that this is your e-mail address for the portal of the Ganzhou Mayor's "
        "Quality Award by opening this link (valid for three days):\n%(link)s\n\nUntil then "
        "you can fill in your dossier but not submit it."
    ) % {"link": link}
    address = user.email
    transaction.on_commit(lambda: send_mail(subject, body, None, [address]))


def verify_email(token: str) -> User:
    """Mark the address a verification link names as verified.

    Preconditions: the token is genuine (signed), not older than VERIFICATION_VALID_FOR, and
    the user's address is still the one it names. Idempotent: a second use changes nothing.
    Side effects: sets ``OrganisationMembership.email_verified`` and logs
    ``organisation.email_verified`` the first time.
    """
    try:
        data = signing.loads(token, salt=VERIFICATION_SALT, max_age=VERIFICATION_VALID_FOR)
    except signing.SignatureExpired as exc:
        raise DomainError(
            _("This verification link has expired: log in and ask for a new one.")
        ) from exc
    except signing.BadSignature as exc:
        raise DomainError(_("This verification link is not valid.")) from exc
    with transaction.atomic():
        membership = (
            OrganisationMembership.objects.select_for_update()
            .select_related("user")
            .filter(user_id=data.get("u"))
            .first()
        )
        if membership is None or membership.user.email != data.get("e"):
            raise DomainError(_("This verification link is not valid."))
        if not membership.email_verified:
            membership.email_verified = True
            membership.save(update_fields=["email_verified"])
            record_decision(
                actor=membership.user,
                action="organisation.email_verified",
                obj=membership.organisation,
                data={"email": membership.user.email},
            )
    return membership.user
