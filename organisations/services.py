"""Every write about organisations: self-service registration, e-mail verification,
colleagues' invitations, and the recommending units (推荐单位) each programme's office keeps."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any, TypeVar

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

from accounts.enums import Role
from accounts.models import ProgrammeRole, User
from decisionlog.services import record_decision
from decisionlog.workflow import DomainError
from organisations import hooks
from organisations.enums import RecommenderKind
from organisations.models import (
    Division,
    Organisation,
    OrganisationInvitation,
    OrganisationMembership,
    Programme,
    ProgrammeInvitation,
    Recommender,
)
from organisations.permissions import (
    can_invite,
    can_invite_programme_users,
    can_manage_recommenders,
    recommender_is_shared,
    recommender_serves,
)
from organisations.selectors import (
    accounts_matching,
    credit_code_is_registered,
    recommender_name_is_taken,
    token_hash,
    username_is_taken,
)
from organisations.validators import normalise_credit_code, validate_section_letters

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
) -> tuple[Organisation, User] | None:
    """Register an organisation and its first user in one transaction.

    Preconditions: the privacy notice was accepted (Personal Information Protection Law);
    the unified social credit code is valid (GB 32100) and not registered yet (one code, one
    organisation); the password passes Django's validators.
    Side effects: creates the Organisation, the User (contact person's name, phone, e-mail)
    and its OrganisationMembership (may invite colleagues), e-mails the verification link and
    logs ``organisation.register`` with the privacy notice version accepted. Nothing is
    written when any step is refused.

    A user name that is taken is not refused (a refusal would tell the visitor that the
    account exists): nothing is created, ``hooks.registration_name_taken`` tells the contact
    address by e-mail, and the result is ``None``. The caller answers as for a registration.
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
    if not username_is_taken(username):
        try:
            return _create_registration(org, user, ip_address)
        except _NameTaken:  # taken by a concurrent registration since the check above
            pass
    with transaction.atomic():
        hooks.registration_name_taken.send(org.contact_email, username)
    return None


class _NameTaken(Exception):
    """The user row could not be written: its name was taken meanwhile."""


def _create_registration(
    org: Organisation, user: User, ip_address: str | None
) -> tuple[Organisation, User]:
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
            raise _NameTaken from exc  # rolls the organisation back with it
        # The address is verified by the link e-mailed now; until then no submission.
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


# --- one-time invitations: colleagues' (here) and a programme's first accounts (below) ------------

Invitation = OrganisationInvitation | ProgrammeInvitation

INVITATION_VALID_FOR = timedelta(days=7)
VERIFICATION_SALT = "organisations.email-verification"
VERIFICATION_VALID_FOR = timedelta(days=3)


def _portal_link(name: str, *args: Any) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + reverse(name, args=args)


def _valid_address(email: str) -> str:
    """The address to invite, lower-cased; a DomainError when it is not one."""
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise DomainError(_("Enter a valid e-mail address.")) from exc
    return email


def _new_token(invitation: Invitation) -> str:
    """A new one-time token for ``invitation``, its hash set on the row (the caller saves):
    the link holding any earlier token ends."""
    token = secrets.token_urlsafe(32)
    invitation.token_hash = token_hash(token)
    return token


def _join_link(invitation: Invitation, token: str) -> str:
    if isinstance(invitation, ProgrammeInvitation):
        return _portal_link("organisations:join_programme", token)
    return _portal_link("organisations:join", token)


def _until(invitation: Invitation) -> str:
    """When the invitation's link stops working, Beijing time, as the e-mails write it."""
    return timezone.localtime(invitation.expires_at).strftime("%Y-%m-%d %H:%M")


def _mail(subject: str, body: str, address: str) -> None:
    transaction.on_commit(lambda: send_mail(subject, body, None, [address]))


def closed_invitation_message(invitation: Invitation | None) -> str | None:
    """Why an invitation's link opens nothing (unknown or used, cancelled by its inviter,
    expired), or None while it is open."""
    if invitation is None or invitation.accepted_at is not None:
        return _("This invitation link has been used already or is not valid.")
    if invitation.cancelled_at is not None:
        return _(
            "This invitation was cancelled by whoever sent it: its link no longer works. Ask "
            "them to invite you again if you still need an account."
        )
    if invitation.expires_at <= timezone.now():
        return _("This invitation link has expired: ask your colleague to invite you again.")
    return None


def _colleague_inviters_only(actor: User, organisation: Organisation) -> None:
    if not can_invite(actor, organisation):
        raise DomainError(_("Only your organisation's administrator can invite colleagues."))


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
    _colleague_inviters_only(actor, organisation)
    email = _valid_address(email)
    if OrganisationMembership.objects.filter(
        organisation=organisation, user__email__iexact=email
    ).exists():
        raise DomainError(_("A user with this e-mail address is a member already."))
    with transaction.atomic():
        invitation = OrganisationInvitation(
            organisation=organisation,
            email=email,
            invited_by=actor,
            expires_at=timezone.now() + INVITATION_VALID_FOR,
        )
        token = _new_token(invitation)
        invitation.save()
        record_decision(
            actor=actor, action="organisation.invite", obj=organisation, data={"email": email}
        )
        _mail_colleague_invitation(invitation, token, actor)
    return invitation


def _mail_colleague_invitation(invitation: OrganisationInvitation, token: str, actor: User) -> None:
    organisation = invitation.organisation
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
        "until": _until(invitation),
        "link": _join_link(invitation, token),
    }
    _mail(subject, body, invitation.email)


@transaction.atomic
def cancel_colleague_invitation(
    invitation: OrganisationInvitation, *, actor: User
) -> OrganisationInvitation:
    """The organisation's administrator withdraws a colleague's invitation not yet accepted:
    its link stops working at once.

    Preconditions: ``can_invite(actor, organisation)``; not accepted. Idempotent (cancelled
    already: nothing written). Side effects: ``cancelled_at`` and ``cancelled_by`` saved; one
    ``organisation.invite_cancel`` decision. Nobody is e-mailed.
    """
    return _cancel_invitation(invitation, actor, action="organisation.invite_cancel")


@transaction.atomic
def resend_colleague_invitation(
    invitation: OrganisationInvitation, *, actor: User
) -> OrganisationInvitation:
    """The organisation's administrator sends a colleague's invitation not yet accepted
    again, open or expired: a new link, valid for INVITATION_VALID_FOR from now; the link sent
    before stops working.

    Preconditions: ``can_invite(actor, organisation)``; neither accepted nor cancelled.
    Side effects: a new token hash and expiry saved; one ``organisation.invite_resend``
    decision; once committed, the invitation e-mailed again as ``invite_colleague`` e-mails
    it, in ``actor``'s name.
    """
    return _send_invitation_again(invitation, actor, action="organisation.invite_resend")


def accept_invitation(
    token: str, *, username: str, password: str, full_name: str = ""
) -> User | None:
    """The invited colleague joins the organisation with a user name and password of its own.

    Preconditions: the token names an open invitation (``closed_invitation_message``); the
    password passes Django's validators.
    Side effects: creates the User (with the invited address, counted as verified) and its
    OrganisationMembership (no right to invite), marks the invitation used (once only, on the
    locked row), logs ``organisation.join`` and, once committed, e-mails the invited address
    that the account is ready. Returns the user.

    A user name that is taken is not refused (as at registration, a refusal would tell whoever
    holds the link which accounts exist): nothing is created, the invitation gets a new token
    and the invited address is e-mailed the new link with the reason; the result is ``None``.
    The link used ends in both cases and the caller answers the same page in both.

    A colleague always opens a new account: an applicant's account belongs to one
    organisation, and no account of the award's own roles may become an applicant's.
    """
    with transaction.atomic():
        invitation = (
            OrganisationInvitation.objects.select_for_update()
            .select_related("organisation")
            .filter(token_hash=token_hash(token))
            .first()
        )
        return _open_account(
            invitation, username=username, password=password, full_name=full_name, join=_join
        )


def _open_account(
    invitation: Invitation | None,
    *,
    username: str,
    password: str,
    full_name: str,
    join: Callable[[Any, User], None],
) -> User | None:
    """The account an invitation's link opens (``accept_invitation``,
    ``accept_programme_invitation``), on the invitation's locked row: ``join`` gives the new
    user its place; a user name in use gets the invitation a new link (``_renew``)."""
    username = username.strip()
    refusal = closed_invitation_message(invitation)
    if refusal is not None or invitation is None:
        raise RegistrationRefused(refusal or "")
    if not username:
        raise RegistrationRefused(_("Choose a user name."), field="username")
    user = User(username=username, full_name=full_name.strip(), email=invitation.email)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise RegistrationRefused(" ".join(exc.messages), field="password1") from exc
    user.set_password(password)
    if not username_is_taken(username):
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:  # taken by a concurrent registration since the check above
            pass
        else:
            join(invitation, user)
            return user
    _renew(invitation, username)
    return None


def _accepted(
    invitation: Invitation,
    user: User,
    *,
    action: str,
    obj: Any,
    data: dict[str, Any],
    subject: str,
    body: str,
) -> None:
    """The invitation is used by ``user``: marked on its row, logged as ``action`` on ``obj``
    and, once committed, the invited address told (``subject``, ``body``)."""
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    record_decision(
        actor=user,
        action=action,
        obj=obj,
        data={"username": user.username, **data, "invited_by": invitation.invited_by_id},
    )
    _mail(subject, body, invitation.email)


def _join(invitation: OrganisationInvitation, user: User) -> None:
    organisation = invitation.organisation
    OrganisationMembership.objects.create(
        user=user, organisation=organisation, is_admin=False, email_verified=True
    )
    body = _(
        "Your account on the portal of the Ganzhou Mayor's Quality Award is ready: you have "
        "joined %(org)s with the user name “%(username)s”.\n\nLog in with it and the password "
        "you chose:\n%(link)s\n"
    ) % {
        "org": organisation.name,
        "username": user.username,
        "link": _portal_link("accounts:login"),
    }
    _accepted(
        invitation,
        user,
        action="organisation.join",
        obj=organisation,
        data={},
        subject=_("You have joined %(org)s on the Mayor's Quality Award portal")
        % {"org": organisation.name},
        body=body,
    )


def _renew(invitation: Invitation, username: str) -> None:
    """The user name chosen is in use: the invitation stays open under a new token, which only
    the invited address receives (the link used ends, as when the invitee joins)."""
    token = _new_token(invitation)
    invitation.save(update_fields=["token_hash"])
    values = {
        "username": username,
        "until": _until(invitation),
        "link": _join_link(invitation, token),
    }
    if isinstance(invitation, ProgrammeInvitation):
        values["programme"] = str(invitation.programme)
        subject = _("Your account for %(programme)s was not opened") % values
        body = (
            _(
                "Someone, perhaps you, opened your invitation to %(programme)s on the quality award "
                "portal and chose the user name “%(username)s”. That user name is already in use, "
                "so no account was made.\n\nOpen this new link and choose another user name (it "
                "works once, until %(until)s Beijing time):\n%(link)s\n"
            )
            % values
        )
    else:
        values["org"] = invitation.organisation.name
        subject = _("Your joining of %(org)s was not completed") % values
        body = (
            _(
                "Someone, perhaps you, opened your invitation to %(org)s on the portal of the "
                "Ganzhou Mayor's Quality Award and chose the user name “%(username)s”. That user "
                "name is already in use, so no account was made.\n\nTo join, open this new link and "
                "choose another user name (it works once, until %(until)s Beijing time):\n%(link)s\n"
            )
            % values
        )
    _mail(subject, body, invitation.email)


# --- e-mail verification at registration ----------------------------------------------------------


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


# --- recommending units (推荐单位), kept by each programme's office (Art. 12, 28) -----------


class RecommenderRefused(DomainError):
    """A change of a recommending unit the portal refuses; ``field`` names the form field."""

    def __init__(self, message: str, *, field: str | None = None, rule: str = "") -> None:
        super().__init__(message, rule=rule)
        self.field = field


def _require_recommender_office(actor: User, programme: Programme) -> None:
    if not can_manage_recommenders(actor, programme):
        raise DomainError(_("Only the office of this programme can do this."))


def _require_programme_unit(unit: Recommender, programme: Programme) -> None:
    if not recommender_serves(unit, programme):
        raise DomainError(_("This recommending unit is not one of your programme's."))


def _require_own_unit(unit: Recommender, programme: Programme) -> None:
    _require_programme_unit(unit, programme)
    if recommender_is_shared(unit, programme):
        raise DomainError(
            _(
                "This recommending unit also serves another award programme: its name, kind, "
                "scope and status are changed by the system administrator. You can still add "
                "and remove its users for your programme."
            )
        )


def _unit_values(
    *,
    name: str,
    kind: str,
    division: Division | None,
    industry_sections: str,
    exclude_pk: int | None = None,
) -> dict[str, Any]:
    """A county/district government or zone recommends its division; an industry
    department or association its GB/T 4754 sections. The other scope is cleared."""
    name = name.strip()
    if not name:
        raise RecommenderRefused(_("Give the unit's name."), field="name")
    if len(name) > Recommender._meta.get_field("name").max_length:  # type: ignore[operator]
        raise RecommenderRefused(_("The name is too long (100 characters at most)."), field="name")
    if kind not in RecommenderKind.values:
        raise RecommenderRefused(_("Choose the kind of unit."), field="kind")
    sections = industry_sections.strip().upper()
    if kind == RecommenderKind.COUNTY:
        if division is None:
            raise RecommenderRefused(
                _("A county/district government or zone recommends its division: choose it."),
                field="division",
            )
        sections = ""
    else:
        division = None
        if not sections:
            raise RecommenderRefused(
                _(
                    "An industry department or association recommends the organisations of "
                    "its industries: choose at least one GB/T 4754 section."
                ),
                field="industry_sections",
            )
        try:
            validate_section_letters(sections)
        except ValidationError as exc:
            raise RecommenderRefused(" ".join(exc.messages), field="industry_sections") from exc
        sections = "".join(sorted(sections))
    if recommender_name_is_taken(name, exclude_pk=exclude_pk):
        raise RecommenderRefused(_name_taken_message(name), field="name")
    return {"name": name, "kind": kind, "division": division, "industry_sections": sections}


def _name_taken_message(name: str) -> str:
    return _(
        "A recommending unit named “%(name)s” exists already (perhaps in another award "
        "programme): choose another name."
    ) % {"name": name}


def _described(unit: Recommender) -> dict[str, Any]:
    return {
        "name": unit.name,
        "kind": unit.kind,
        "division": unit.division_id,
        "industry_sections": unit.industry_sections,
        "active": unit.active,
    }


def _save_unit(unit: Recommender) -> None:
    try:
        with transaction.atomic():  # a savepoint: a concurrent twin fails cleanly
            unit.save()
    except IntegrityError as exc:
        raise RecommenderRefused(_name_taken_message(unit.name), field="name") from exc


@transaction.atomic
def create_recommender(
    programme: Programme,
    *,
    actor: User,
    name: str,
    kind: str,
    division: Division | None,
    industry_sections: str = "",
) -> Recommender:
    """The office adds a recommending unit to its programme (Art. 12, 28).

    Preconditions: the actor is office staff of the programme; a name no unit has; a county
    unit names its division, an industry department or association its GB/T 4754 section
    letters (each once). Side effects: the unit (active) created and joined to the
    programme; ``recommender.create`` logged.
    """
    _require_recommender_office(actor, programme)
    unit = Recommender(
        **_unit_values(name=name, kind=kind, division=division, industry_sections=industry_sections)
    )
    _save_unit(unit)
    unit.programmes.add(programme.pk)
    record_decision(
        actor=actor,
        action="recommender.create",
        obj=unit,
        data={"programme": programme.pk, **_described(unit)},
    )
    return unit


@transaction.atomic
def update_recommender(
    unit: Recommender,
    programme: Programme,
    *,
    actor: User,
    name: str,
    kind: str,
    division: Division | None,
    industry_sections: str = "",
    active: bool = True,
) -> Recommender:
    """The office corrects a unit's name, kind or scope, or (de)activates it.

    Preconditions: office of the programme; the unit is the programme's and serves no other
    programme; the values pass the checks of :func:`create_recommender`. Idempotent: nothing
    changed, nothing logged. Side effects: the unit saved; ``recommender.update`` logged with
    each change as [before, after]. The applications that named it keep naming it.
    """
    _require_recommender_office(actor, programme)
    locked = Recommender.objects.select_for_update().get(pk=unit.pk)
    _require_own_unit(locked, programme)
    before = _described(locked)
    for field, value in _unit_values(
        name=name,
        kind=kind,
        division=division,
        industry_sections=industry_sections,
        exclude_pk=locked.pk,
    ).items():
        setattr(locked, field, value)
    locked.active = active
    after = _described(locked)
    changes = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    if not changes:
        return locked
    _save_unit(locked)
    record_decision(
        actor=actor,
        action="recommender.update",
        obj=locked,
        data={"programme": programme.pk, "changes": changes},
    )
    return locked


@transaction.atomic
def set_recommender_active(
    unit: Recommender, programme: Programme, *, actor: User, active: bool
) -> Recommender:
    """Deactivate a unit (it recommends no more; never deleted once it has recommended, its
    opinions stay with the applications) or reactivate it.

    Preconditions: office of the programme; the unit is the programme's and serves no other.
    Idempotent. Side effects: ``active`` saved; ``recommender.deactivate`` or
    ``recommender.reactivate`` logged. Its users keep their accounts and roles (they still
    see what the unit recommended); the office removes them separately if it wishes.
    """
    _require_recommender_office(actor, programme)
    locked = Recommender.objects.select_for_update().get(pk=unit.pk)
    _require_own_unit(locked, programme)
    if locked.active == active:
        return locked
    locked.active = active
    locked.save(update_fields=["active"])
    record_decision(
        actor=actor,
        action="recommender.reactivate" if active else "recommender.deactivate",
        obj=locked,
        data={"programme": programme.pk},
    )
    return locked


@transaction.atomic
def add_recommender_user(
    unit: Recommender, programme: Programme, *, actor: User, identifier: str
) -> ProgrammeRole:
    """Give an existing account (found by user name or e-mail address) the recommender role
    of the unit in the programme (Art. 12).

    Preconditions: office of the programme; the unit is the programme's and active; exactly
    one active account matches; it is not an applicant organisation's user (an applicant
    does not recommend); it is not a user of another unit in the programme already (one
    recommender role per programme). Side effects: the role created or reactivated;
    ``recommender.user_add`` logged.
    """
    _require_recommender_office(actor, programme)
    locked = Recommender.objects.select_for_update().get(pk=unit.pk)
    _require_programme_unit(locked, programme)
    if not locked.active:
        raise RecommenderRefused(
            _("This unit is deactivated: reactivate it before adding users."),
            field="identifier",
        )
    found = accounts_matching(identifier)
    if not found:
        raise RecommenderRefused(
            _("No account has the user name or e-mail address “%(value)s”.")
            % {"value": identifier.strip()},
            field="identifier",
        )
    if len(found) > 1:
        raise RecommenderRefused(
            _("Several accounts use this e-mail address: give the user name instead."),
            field="identifier",
        )
    user = found[0]
    if OrganisationMembership.objects.filter(user=user).exists():
        raise RecommenderRefused(
            _(
                "This account belongs to an applicant organisation: it cannot recommend. "
                "The unit's staff need an account of their own."
            ),
            field="identifier",
        )
    role = (
        # Only the role row is locked: its unit is a nullable join, which PostgreSQL
        # cannot lock FOR UPDATE.
        ProgrammeRole.objects.select_for_update(of=("self",))
        .select_related("recommender")
        .filter(user=user, programme=programme.pk, role=Role.RECOMMENDER)
        .first()
    )
    if role is not None and role.active:
        if role.recommender_id == locked.pk:
            raise RecommenderRefused(
                _("%(user)s is a user of this unit already.") % {"user": user.username},
                field="identifier",
            )
        raise RecommenderRefused(
            _(
                "%(user)s is a user of %(unit)s in this programme already: remove it there "
                "first (one recommending unit per user and programme)."
            )
            % {"user": user.username, "unit": role.recommender},
            field="identifier",
        )
    if role is None:
        role = ProgrammeRole.objects.create(
            user=user, programme_id=programme.pk, role=Role.RECOMMENDER, recommender=locked
        )
    else:
        role.recommender = locked
        role.active = True
        role.save(update_fields=["recommender", "active"])
    record_decision(
        actor=actor,
        action="recommender.user_add",
        obj=locked,
        data={"programme": programme.pk, "user": user.pk, "username": user.username},
    )
    return role


@transaction.atomic
def remove_recommender_user(
    unit: Recommender, programme: Programme, *, actor: User, user_id: int
) -> None:
    """End a user's recommender role for the unit in the programme (the row stays, inactive,
    for the record; the account itself is untouched).

    Preconditions: office of the programme; the unit is the programme's; the user holds its
    active recommender role in the programme. Side effects: the role deactivated;
    ``recommender.user_remove`` logged.
    """
    _require_recommender_office(actor, programme)
    _require_programme_unit(unit, programme)
    role = (
        ProgrammeRole.objects.select_for_update()
        .select_related("user")
        .filter(
            user_id=user_id,
            programme=programme.pk,
            role=Role.RECOMMENDER,
            recommender=unit,
            active=True,
        )
        .first()
    )
    if role is None:
        raise DomainError(_("This account is not a user of this unit."))
    role.active = False
    role.save(update_fields=["active"])
    record_decision(
        actor=actor,
        action="recommender.user_remove",
        obj=unit,
        data={"programme": programme.pk, "user": user_id, "username": role.user.username},
    )


# --- a programme's first accounts: the operator's or the guiding city office's invitations -----

INVITABLE_ROLES = (Role.OFFICE, Role.LEADING_GROUP)


def _inviters_only(actor: User, programme: Programme) -> None:
    if not can_invite_programme_users(actor, programme):
        raise DomainError(
            _(
                "Only the portal's administrator, or the city office that guides the programme, "
                "invites the users of its office and leading group."
            ),
            articles=(11,),
        )


def invite_to_programme(
    programme: Programme, *, actor: User, email: str, role: str
) -> ProgrammeInvitation:
    """The installation's operator, or the city office that guides ``programme`` (Art. 11(9)),
    invites a user of its office or a member of its leading group by e-mail.

    Preconditions: ``can_invite_programme_users(actor, programme)``; ``role`` is office or
    leading group; the address is valid and its user does not hold the role there already.
    Side effects: stores the invitation with the SHA-256 hash of a random one-time token
    (valid for INVITATION_VALID_FOR), logs ``programme.invite`` and, once committed, e-mails
    the link holding the token to the address. The invitee chooses a user name and password,
    or joins with the account of that address it has already, and, as office staff (or where
    the programme's policy asks it of its leading group), sets up the second factor at the
    first log-in.
    """
    _inviters_only(actor, programme)
    if role not in INVITABLE_ROLES:
        raise DomainError(_("Invite a user of the office or a member of the leading group."))
    email = _valid_address(email)
    if ProgrammeRole.objects.filter(
        programme_id=programme.pk, role=role, active=True, user__email__iexact=email
    ).exists():
        raise DomainError(_("A user with this e-mail address holds this role already."))
    with transaction.atomic():
        invitation = ProgrammeInvitation(
            programme_id=programme.pk,
            role=role,
            email=email,
            invited_by=actor,
            expires_at=timezone.now() + INVITATION_VALID_FOR,
        )
        token = _new_token(invitation)
        invitation.save()
        record_decision(
            actor=actor,
            action="programme.invite",
            obj=programme,
            data={"email": email, "role": role},
        )
        _mail_programme_invitation(invitation, token, actor)
    return invitation


def _mail_programme_invitation(invitation: ProgrammeInvitation, token: str, actor: User) -> None:
    subject = _("Invitation to %(programme)s on the quality award portal") % {
        "programme": invitation.programme
    }
    body = _(
        "%(who)s invites you to the quality award portal as %(role)s of %(programme)s.\n\n"
        "Open this link to choose your user name and password (it works once, until "
        "%(until)s Beijing time):\n%(link)s\n\nAt your first log-in the portal asks office "
        "staff to set up a six-digit code from an authenticator app as well.\n"
    ) % {
        "who": actor,
        "role": invitation.get_role_display(),
        "programme": invitation.programme,
        "until": _until(invitation),
        "link": _join_link(invitation, token),
    }
    note = _(
        "If you have an account on the portal with this e-mail address already, log in with it "
        "first and then open the link to join with that account."
    )
    _mail(subject, f"{body}\n{note}\n", invitation.email)


def _locked_programme_invitation(token: str) -> ProgrammeInvitation | None:
    return (
        ProgrammeInvitation.objects.select_for_update()
        .select_related("programme")
        .filter(token_hash=token_hash(token))
        .first()
    )


def accept_programme_invitation(
    token: str, *, username: str, password: str, full_name: str = ""
) -> User | None:
    """The invited user opens an account holding the invitation's role in its programme.

    Preconditions and the answer to a user name in use: as ``accept_invitation``.
    Side effects: the User (with the invited address) and its ProgrammeRole, the invitation
    marked used on its locked row, one ``programme.join`` decision and, once committed, an
    e-mail that the account is ready. The second factor is asked at the first log-in as for
    every office user (``accounts.second_factor``).
    """
    with transaction.atomic():
        return _open_account(
            _locked_programme_invitation(token),
            username=username,
            password=password,
            full_name=full_name,
            join=_join_programme,
        )


def accept_programme_invitation_with_account(token: str, *, user: User) -> ProgrammeInvitation:
    """The invited person takes the invitation's role with the account it is logged in with,
    rather than opening another.

    Preconditions: the token names an open invitation (``closed_invitation_message``); the
    account is active and its e-mail address is the invited one (the link proves the mailbox,
    the log-in the account); it is not an applicant organisation's user (an applicant does not
    run or approve the award); it does not hold the role in the programme already.
    Side effects: the role granted (one ended earlier is made active again), the invitation
    marked used on its locked row, one ``programme.join`` decision (``existing_account``)
    and, once committed, an e-mail to the address. Office staff are asked for the second
    factor at their next log-in, as every office user is.
    """
    with transaction.atomic():
        invitation = _locked_programme_invitation(token)
        refusal = closed_invitation_message(invitation)
        if refusal is not None or invitation is None:
            raise RegistrationRefused(refusal or "")
        if not user.is_active or user.email.strip().lower() != invitation.email:
            raise RegistrationRefused(account_address_differs_message(invitation))
        if OrganisationMembership.objects.filter(user=user).exists():
            raise RegistrationRefused(
                _(
                    "Your account belongs to an applicant organisation: it cannot also run or "
                    "approve the award. Log out and open a new account with the link."
                )
            )
        _join_programme(invitation, user, existing=True)
    return invitation


def account_address_differs_message(invitation: ProgrammeInvitation) -> str:
    return _(
        "This invitation was sent to %(email)s, which is not the e-mail address of the account "
        "you are logged in with. Log out to open a new account with the link, or ask for an "
        "invitation to your account's address."
    ) % {"email": invitation.email}


def _join_programme(invitation: ProgrammeInvitation, user: User, *, existing: bool = False) -> None:
    programme = invitation.programme
    role = (
        ProgrammeRole.objects.select_for_update()
        .filter(user=user, programme_id=programme.pk, role=invitation.role)
        .first()
    )
    if role is None:
        ProgrammeRole.objects.create(user=user, programme=programme, role=invitation.role)
    elif role.active:
        raise RegistrationRefused(_("Your account holds this role in the programme already."))
    else:
        # Invited again: on again, whatever ended it (a second-factor reset included).
        ProgrammeRole.objects.filter(pk=role.pk).update(
            active=True, suspended_for_second_factor=False
        )
    values = {
        "role": invitation.get_role_display(),
        "programme": programme,
        "username": user.username,
        "link": _portal_link("accounts:login"),
    }
    if existing:
        subject = _("You are now %(role)s of %(programme)s") % values
        body = (
            _(
                "With your account “%(username)s” on the quality award portal you are now %(role)s "
                "of %(programme)s. Log in as usual:\n%(link)s\n"
            )
            % values
        )
    else:
        subject = _("Your account for %(programme)s is ready") % values
        body = (
            _(
                "Your account on the quality award portal is ready: you are %(role)s of "
                "%(programme)s with the user name “%(username)s”.\n\nLog in with it and the "
                "password you chose:\n%(link)s\n"
            )
            % values
        )
    _accepted(
        invitation,
        user,
        action="programme.join",
        obj=programme,
        data={"role": invitation.role, **({"existing_account": True} if existing else {})},
        subject=subject,
        body=body,
    )


@transaction.atomic
def cancel_programme_invitation(
    invitation: ProgrammeInvitation, *, actor: User
) -> ProgrammeInvitation:
    """The inviter (the operator, or the city office that guides the programme) withdraws an
    invitation not yet accepted: its link stops working at once.

    Preconditions: ``can_invite_programme_users(actor, programme)``; not accepted. Idempotent
    (cancelled already: nothing written). Side effects: ``cancelled_at`` and ``cancelled_by``
    saved; one ``programme.invite_cancel`` decision. Nobody is e-mailed.
    """
    return _cancel_invitation(invitation, actor, action="programme.invite_cancel")


@transaction.atomic
def resend_programme_invitation(
    invitation: ProgrammeInvitation, *, actor: User
) -> ProgrammeInvitation:
    """The inviter sends an invitation not yet accepted again, open or expired: a new link,
    valid for INVITATION_VALID_FOR from now; the link sent before stops working.

    Preconditions: ``can_invite_programme_users(actor, programme)``; neither accepted nor
    cancelled (a cancelled invitation is not revived: invite the address again). Side effects:
    a new token hash and expiry saved; one ``programme.invite_resend`` decision; once
    committed, the invitation e-mailed again, in ``actor``'s name.
    """
    return _send_invitation_again(invitation, actor, action="programme.invite_resend")


# --- its inviter cancels an invitation or sends it again: colleagues' and a programme's ----------

_Invited = TypeVar("_Invited", OrganisationInvitation, ProgrammeInvitation)


def _inviters_invitation(invitation: _Invited, actor: User) -> _Invited:
    """The invitation's locked row, for an actor who may invite into its organisation or
    programme; refused once it has been used."""
    place = "programme" if isinstance(invitation, ProgrammeInvitation) else "organisation"
    locked = (
        type(invitation)
        .objects.select_for_update(of=("self",))
        .select_related(place)
        .get(pk=invitation.pk)
    )
    if isinstance(locked, ProgrammeInvitation):
        _inviters_only(actor, locked.programme)
    else:
        _colleague_inviters_only(actor, locked.organisation)
    if locked.accepted_at is not None:
        raise DomainError(_("This invitation has been accepted already."))
    return locked


def _log_inviters_action(invitation: Invitation, actor: User, action: str) -> None:
    """One decision on the invitation's programme (with the role invited to) or
    organisation."""
    data: dict[str, Any] = {"invitation": invitation.pk, "email": invitation.email}
    if isinstance(invitation, ProgrammeInvitation):
        record_decision(
            actor=actor,
            action=action,
            obj=invitation.programme,
            data={**data, "role": invitation.role},
        )
    else:
        record_decision(actor=actor, action=action, obj=invitation.organisation, data=data)


def _cancel_invitation(invitation: _Invited, actor: User, *, action: str) -> _Invited:
    """``cancel_programme_invitation`` and ``cancel_colleague_invitation``, in their
    transaction: logged as ``action``."""
    locked = _inviters_invitation(invitation, actor)
    if locked.cancelled_at is not None:
        return locked
    locked.cancelled_at = timezone.now()
    type(locked).objects.filter(pk=locked.pk).update(
        cancelled_at=locked.cancelled_at, cancelled_by=actor
    )
    _log_inviters_action(locked, actor, action)
    return locked


def _send_invitation_again(invitation: _Invited, actor: User, *, action: str) -> _Invited:
    """``resend_programme_invitation`` and ``resend_colleague_invitation``, in their
    transaction: logged as ``action``, e-mailed as the invitation first was."""
    locked = _inviters_invitation(invitation, actor)
    if locked.cancelled_at is not None:
        raise DomainError(_("This invitation was cancelled: invite the address again instead."))
    token = _new_token(locked)
    locked.expires_at = timezone.now() + INVITATION_VALID_FOR
    locked.save(update_fields=["token_hash", "expires_at"])
    _log_inviters_action(locked, actor, action)
    if isinstance(locked, ProgrammeInvitation):
        _mail_programme_invitation(locked, token, actor)
    else:
        _mail_colleague_invitation(locked, token, actor)
    return locked
