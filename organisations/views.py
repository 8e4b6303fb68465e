from __future__ import annotations

from collections.abc import Callable
from typing import cast
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.http import AuthenticatedHttpRequest, client_address
from accounts.models import User
from accounts.permissions import is_portal_operator
from accounts.throttles import registration_by_address, registration_by_username
from common.views import posted_data, programme_page_url, show_refusal
from organisations.forms import (
    InviteForm,
    JoinForm,
    ProgrammeInviteForm,
    RecommenderForm,
    RecommenderUserForm,
    RegistrationForm,
)
from organisations.models import (
    OrganisationInvitation,
    OrganisationMembership,
    Programme,
    ProgrammeInvitation,
    Recommender,
)
from organisations.permissions import can_invite, membership_of
from organisations.selectors import (
    colleague_invitation,
    invitable_programme,
    invitation_for_link,
    members_of,
    office_programme,
    open_programme_invitations,
    pending_invitations,
    programme_invitation,
    programme_invitation_for_link,
    programme_recommender,
    programme_recommenders,
    programme_role_holders,
)
from organisations.services import (
    RegistrationRefused,
    accept_invitation,
    accept_programme_invitation,
    accept_programme_invitation_with_account,
    account_address_differs_message,
    add_recommender_user,
    cancel_colleague_invitation,
    cancel_programme_invitation,
    closed_invitation_message,
    create_recommender,
    invite_colleague,
    invite_to_programme,
    register_organisation,
    remove_recommender_user,
    resend_colleague_invitation,
    resend_programme_invitation,
    send_verification_email,
    set_recommender_active,
    update_recommender,
    verify_email,
)


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """Public: an organisation registers itself and its first user; the page then asks the
    contact person to confirm the e-mailed link and log in. Posts are throttled per client
    address and per user name tried. A user name that is taken gets the same answer (the
    e-mail to the contact address says it is taken), so the page does not tell which accounts
    exist (the office's, the experts')."""
    if request.user.is_authenticated and request.method == "GET":
        messages.info(
            request, _("You are logged in already: log out to register another organisation.")
        )
    form = RegistrationForm(posted_data(request))
    if request.method == "POST" and _registration_throttled(request):
        # Refused before any check: the answer tells nothing about the user name.
        messages.error(request, _("Too many registration attempts; please try again later."))
        kept = {k: v for k, v in request.POST.items() if not k.startswith("password")}
        return render(
            request,
            "organisations/organisation_register.html",
            {"form": RegistrationForm(initial=kept)},
            status=429,
        )
    if request.method == "POST" and form.is_valid():
        try:
            register_organisation(
                organisation=form.organisation_data(),
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                privacy_accepted=form.cleaned_data["privacy_accepted"],
                ip_address=client_address(request),
            )
        except RegistrationRefused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            # The same page whether the account was created or its name was taken.
            return render(
                request,
                "organisations/registration_sent.html",
                {"email": form.cleaned_data["contact_email"]},
            )
    return render(request, "organisations/organisation_register.html", {"form": form})


def _registration_throttled(request: HttpRequest) -> bool:
    """Count the post for its client address and for the user name it tries (both counted)."""
    by_address = registration_by_address().hit(client_address(request) or "unknown")
    username = request.POST.get("username", "").strip().lower()
    by_username = registration_by_username().hit(username) if username else True
    return not (by_address and by_username)


def _my_membership(request: HttpRequest) -> OrganisationMembership:
    membership = membership_of(request.user)
    if membership is None:
        raise Http404
    return membership


@login_required
@require_GET
def members(request: HttpRequest) -> HttpResponse:
    """The organisation's users and its invitations not yet accepted (expired ones marked);
    the inviting user also sees the invitation form and, on each invitation, the buttons to
    send it again or cancel it. Only for users of an organisation."""
    membership = _my_membership(request)
    organisation = membership.organisation
    return render(
        request,
        "organisations/member_list.html",
        {
            "organisation": organisation,
            "members": list(members_of(organisation)),
            "invitations": list(pending_invitations(organisation)),
            "may_invite": can_invite(request.user, organisation),
            "form": InviteForm(),
        },
    )


@login_required
@require_POST
def invite(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The inviting user invites a colleague by e-mail (a one-time link)."""
    membership = _my_membership(request)
    organisation = membership.organisation
    if not can_invite(request.user, organisation):
        return _only_the_administrator_invites()
    form = InviteForm(request.POST)
    if form.is_valid():
        with show_refusal(request, form=form, field="email", show_rule=False):
            invitation = invite_colleague(
                organisation,
                actor=request.user,
                email=form.cleaned_data["email"],
            )
            messages.success(
                request,
                _("An invitation was e-mailed to %(email)s.") % {"email": invitation.email},
            )
            return redirect("organisations:members")
    return render(
        request,
        "organisations/member_list.html",
        {
            "organisation": organisation,
            "members": list(members_of(organisation)),
            "invitations": list(pending_invitations(organisation)),
            "may_invite": True,
            "form": form,
        },
    )


def _only_the_administrator_invites() -> HttpResponse:
    return HttpResponseForbidden(_("Only your organisation's administrator can invite colleagues."))


@login_required
@require_POST
def colleague_invitation_action(
    request: AuthenticatedHttpRequest, invitation_pk: int, action: str
) -> HttpResponse:
    """The organisation's administrator cancels a colleague's invitation not yet accepted or
    sends it again, as a programme's inviter does (``programme_invitation_action``). 403 for
    a colleague who may not invite; 404 for an invitation of another organisation."""
    organisation = _my_membership(request).organisation
    if not can_invite(request.user, organisation):
        return _only_the_administrator_invites()
    _act_on_invitation(
        request,
        colleague_invitation(organisation, invitation_pk),
        _COLLEAGUE_INVITERS_ACTIONS.get(action),
        action,
    )
    return redirect("organisations:members")


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, token: str) -> HttpResponse:
    """Public, through the e-mailed link: the invited colleague chooses a user name and a
    password and joins the organisation. The same page answers whether the account was made
    or its name was taken (the invited address is e-mailed which), so the link does not tell
    which accounts exist; the colleague then logs in."""
    invitation = invitation_for_link(token)
    if invitation is None or not invitation.is_open:
        return _invitation_invalid(request, invitation)
    return _join_page(
        request,
        token,
        accept_invitation,
        {
            "invitation": invitation,
            "place": invitation.organisation.name,
            "scope_note": _("You will see only this organisation's pages."),
        },
    )


@require_http_methods(["GET", "POST"])
def join_programme(request: HttpRequest, token: str) -> HttpResponse:
    """Public, through the e-mailed link: a programme's invited office user or leading-group
    member opens an account, answered as ``join``, or, logged in with the account of the
    invited address it has already, joins with it; the second factor follows at log-in."""
    invitation = programme_invitation_for_link(token)
    if invitation is None or not invitation.is_open:
        return _invitation_invalid(request, invitation)
    context: dict[str, object] = {
        "invitation": invitation,
        "place": f"{invitation.programme}（{invitation.get_role_display()}）",
        "scope_note": _(
            "You will see only this programme's pages. Office staff also set up a six-digit "
            "code from an authenticator app at their first log-in."
        ),
    }
    if request.user.is_authenticated:
        return _join_with_account(request, token, invitation, context)
    login = reverse("accounts:login") + "?" + urlencode({"next": request.path})
    return _join_page(request, token, accept_programme_invitation, {**context, "login_url": login})


def _join_with_account(
    request: HttpRequest,
    token: str,
    invitation: ProgrammeInvitation,
    context: dict[str, object],
) -> HttpResponse:
    """The logged-in visitor of a programme invitation's link joins with its account."""
    user = cast(User, request.user)
    error = ""
    if request.method == "POST":
        try:
            accept_programme_invitation_with_account(token, user=user)
        except RegistrationRefused as exc:
            error = exc.message
        else:
            messages.success(
                request,
                _("You are now %(role)s of %(programme)s.")
                % {"role": invitation.get_role_display(), "programme": invitation.programme},
            )
            return redirect("accounts:dashboard")
    differs = user.email.strip().lower() != invitation.email
    return render(
        request,
        "organisations/invitation_accept.html",
        {
            **context,
            "account": user,
            "account_error": error,
            "address_differs": account_address_differs_message(invitation) if differs else "",
        },
        status=400 if error else 200,
    )


def _invitation_invalid(
    request: HttpRequest, invitation: OrganisationInvitation | ProgrammeInvitation | None
) -> HttpResponse:
    """A link that opens nothing: a cancelled invitation says so; a used, expired or unknown
    one is answered alike."""
    cancelled = invitation is not None and invitation.cancelled_at is not None
    return render(
        request,
        "organisations/invitation_invalid.html",
        {
            "message": closed_invitation_message(invitation)
            if cancelled
            else _(
                "This invitation link has been used already, has expired or is not valid. Ask your colleague to invite you again."
            )
        },
        status=404,
    )


def _join_page(
    request: HttpRequest,
    token: str,
    accept: Callable[..., object],
    context: dict[str, object],
) -> HttpResponse:
    form = JoinForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            accept(
                token,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                full_name=form.cleaned_data["full_name"],
            )
        except RegistrationRefused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return render(request, "organisations/invitation_sent.html", context)
    return render(request, "organisations/invitation_accept.html", {"form": form, **context})


@login_required
@require_http_methods(["GET", "POST"])
def programme_accounts(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The installation's operator, or the city office that guides the programme (Art. 11(9)),
    invites the users of its office and its leading-group members by e-mail."""
    programme = invitable_programme(request.user, pk)
    if programme is None:
        raise Http404(_("No such programme."))
    form = ProgrammeInviteForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        with show_refusal(request, form=form, field="email", show_rule=False):
            invitation = invite_to_programme(
                programme,
                actor=request.user,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
            messages.success(
                request,
                _("An invitation was e-mailed to %(email)s.") % {"email": invitation.email},
            )
            return redirect("organisations:programme_accounts", pk=programme.pk)
    return render(
        request,
        "organisations/programme_accounts.html",
        {
            "programme": programme,
            "holders": list(programme_role_holders(programme)),
            "invitations": list(open_programme_invitations(programme)),
            "form": form,
            "operator": is_portal_operator(request.user),
        },
    )


# What the inviter may do with an invitation not yet accepted, and what the page then says.
_INVITERS_ACTIONS_DONE: dict[str, Promise] = {
    "cancel": gettext_lazy("The invitation to %(email)s is cancelled: its link no longer works."),
    "resend": gettext_lazy(
        "The invitation was e-mailed again to %(email)s with a new link; the earlier link "
        "no longer works."
    ),
}
_PROGRAMME_INVITERS_ACTIONS: dict[str, Callable[..., ProgrammeInvitation]] = {
    "cancel": cancel_programme_invitation,
    "resend": resend_programme_invitation,
}
_COLLEAGUE_INVITERS_ACTIONS: dict[str, Callable[..., OrganisationInvitation]] = {
    "cancel": cancel_colleague_invitation,
    "resend": resend_colleague_invitation,
}


def _act_on_invitation(
    request: AuthenticatedHttpRequest,
    invitation: OrganisationInvitation | ProgrammeInvitation | None,
    act: Callable[..., object] | None,
    action: str,
) -> None:
    """Call the inviter's service ``act`` (404 when there is no such invitation or action);
    the page redirected to says what was done, or why it was refused."""
    if invitation is None or act is None:
        raise Http404(_("No such invitation."))
    with show_refusal(request, show_rule=False):
        act(invitation, actor=request.user)
        messages.success(request, _INVITERS_ACTIONS_DONE[action] % {"email": invitation.email})


@login_required
@require_POST
def programme_invitation_action(
    request: AuthenticatedHttpRequest, pk: int, invitation_pk: int, action: str
) -> HttpResponse:
    """The inviter cancels an invitation not yet accepted (its link stops working) or sends
    it again (a new link for seven days; the old one stops working). 404 for any other
    invitation or user: a city office learns nothing of programmes it does not guide."""
    programme = invitable_programme(request.user, pk)
    invitation = programme_invitation(programme, invitation_pk) if programme else None
    _act_on_invitation(request, invitation, _PROGRAMME_INVITERS_ACTIONS.get(action), action)
    return redirect("organisations:programme_accounts", pk=pk)


@require_GET
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """Public, through the e-mailed link: confirm the registering user's address."""
    with show_refusal(request, show_rule=False):
        verify_email(token)
        messages.success(request, _("Thank you: your e-mail address is confirmed."))
    if request.user.is_authenticated:
        return redirect("accounts:dashboard")
    return redirect("accounts:login")


@login_required
@require_POST
def resend_verification(request: AuthenticatedHttpRequest) -> HttpResponse:
    """E-mail a new verification link to the logged-in user's address."""
    membership = _my_membership(request)
    if membership.email_verified:
        messages.info(request, _("Your e-mail address is confirmed already."))
    else:
        send_verification_email(request.user)
        messages.success(
            request,
            _("A new confirmation link was e-mailed to %(email)s.") % {"email": request.user.email},
        )
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return redirect("accounts:dashboard")


# --- recommending units (推荐单位): the office's pages (Art. 12, 28) -------------------------


def _units_programme(request: HttpRequest) -> Programme:
    """The office's programme (?programme=<id> when it runs more than one); 404 for anyone
    who is not its office, so other roles and other programmes' offices learn nothing."""
    raw = request.GET.get("programme") or request.POST.get("programme")
    wanted = int(raw) if raw and raw.isdigit() else None
    # Only programmes the user is office staff of (``can_manage_recommenders``); the
    # services check the predicate again before writing.
    programme = office_programme(request.user, wanted)
    if programme is None:
        raise Http404
    return programme


def _unit(programme: Programme, pk: int) -> Recommender:
    unit = programme_recommender(programme, pk)
    if unit is None:
        raise Http404
    return unit


@login_required
@require_GET
def recommender_list(request: HttpRequest) -> HttpResponse:
    """The programme's recommending units with their scope, status and users (office)."""
    programme = _units_programme(request)
    return render(
        request,
        "organisations/recommender_list.html",
        {"programme": programme, "units": list(programme_recommenders(programme))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommender_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The office adds a recommending unit to its programme."""
    programme = _units_programme(request)
    form = RecommenderForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        with show_refusal(request, form=form, show_rule=False):
            unit = create_recommender(
                programme,
                actor=request.user,
                **form.unit_values(),
            )
            messages.success(
                request, _("The recommending unit %(name)s was added.") % {"name": unit.name}
            )
            return redirect(
                programme_page_url("organisations:recommender_edit", programme.pk, unit.pk)
            )
    return render(
        request,
        "organisations/recommender_form.html",
        {"programme": programme, "form": form, "unit": None},
        status=400 if form.is_bound and form.errors else 200,
    )


def _unit_page(
    request: HttpRequest,
    programme: Programme,
    unit: Recommender,
    *,
    form: RecommenderForm | None = None,
    user_form: RecommenderUserForm | None = None,
    status: int = 200,
) -> HttpResponse:
    editable = not unit.shared  # type: ignore[attr-defined]
    if form is None and editable:
        form = RecommenderForm(initial=RecommenderForm.initial_for(unit), with_active=True)
    return render(
        request,
        "organisations/recommender_form.html",
        {
            "programme": programme,
            "unit": unit,
            # A refused change of a shared unit still shows its form with the reason.
            "form": form,
            "user_form": user_form or RecommenderUserForm(),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommender_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One unit: its name, kind, scope and status (editable unless another programme shares
    it), its users in the programme, and the form to add one."""
    programme = _units_programme(request)
    unit = _unit(programme, pk)
    if request.method == "GET":
        return _unit_page(request, programme, unit)
    form = RecommenderForm(request.POST, with_active=True)
    if form.is_valid():
        with show_refusal(request, form=form, show_rule=False):
            update_recommender(
                unit,
                programme,
                actor=request.user,
                **form.unit_values(),
            )
            messages.success(request, _("The recommending unit is saved."))
            return redirect(
                programme_page_url("organisations:recommender_edit", programme.pk, unit.pk)
            )
    return _unit_page(request, programme, unit, form=form, status=400)


@login_required
@require_POST
def recommender_set_active(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Deactivate a unit (it is never deleted: the applications it recommended name it) or
    reactivate it."""
    programme = _units_programme(request)
    unit = _unit(programme, pk)
    active = request.POST.get("active") == "1"
    with show_refusal(request, show_rule=False):
        set_recommender_active(
            unit,
            programme,
            actor=request.user,
            active=active,
        )
        messages.success(
            request,
            _("%(name)s is active again.") % {"name": unit.name}
            if active
            else _("%(name)s is deactivated: applicants can no longer name it.")
            % {"name": unit.name},
        )
    return redirect(programme_page_url("organisations:recommender_edit", programme.pk, unit.pk))


@login_required
@require_POST
def recommender_user_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Give an existing account (user name or e-mail address) the unit's recommender role."""
    programme = _units_programme(request)
    unit = _unit(programme, pk)
    user_form = RecommenderUserForm(request.POST)
    if user_form.is_valid():
        with show_refusal(request, form=user_form, show_rule=False):
            role = add_recommender_user(
                unit,
                programme,
                actor=request.user,
                identifier=user_form.cleaned_data["identifier"],
            )
            messages.success(
                request,
                _("%(user)s can now recommend for %(unit)s.")
                % {"user": role.user.username, "unit": unit.name},
            )
            return redirect(
                programme_page_url("organisations:recommender_edit", programme.pk, unit.pk)
            )
    return _unit_page(request, programme, unit, user_form=user_form, status=400)


@login_required
@require_POST
def recommender_user_remove(
    request: AuthenticatedHttpRequest, pk: int, user_pk: int
) -> HttpResponse:
    """End a user's recommender role for the unit in the programme (the account stays)."""
    programme = _units_programme(request)
    unit = _unit(programme, pk)
    if not any(role.user_id == user_pk for role in unit.programme_users):  # type: ignore[attr-defined]
        raise Http404
    with show_refusal(request, show_rule=False):
        remove_recommender_user(
            unit,
            programme,
            actor=request.user,
            user_id=user_pk,
        )
        messages.success(request, _("The user was removed from the unit."))
    return redirect(programme_page_url("organisations:recommender_edit", programme.pk, unit.pk))
