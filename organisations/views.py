from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.http import client_address
from decisionlog.workflow import DomainError

from .forms import InviteForm, JoinForm, RegistrationForm
from .models import OrganisationMembership
from .permissions import can_invite, membership_of
from .selectors import members_of, open_invitations, pending_invitation
from .services import (
    RegistrationRefused,
    accept_invitation,
    invite_colleague,
    register_organisation,
    send_verification_email,
    verify_email,
)


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """Public: an organisation registers itself and its first user, then lands on its
    dashboard, logged in."""
    if request.user.is_authenticated and request.method == "GET":
        messages.info(
            request, _("You are logged in already: log out to register another organisation.")
        )
    form = RegistrationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation, user = register_organisation(
                organisation=form.organisation_data(),
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                privacy_accepted=form.cleaned_data["privacy_accepted"],
                ip_address=client_address(request),
            )
        except RegistrationRefused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _(
                    "%(org)s is registered. You can now apply to an open round. Please confirm "
                    "your e-mail address with the link we sent to %(email)s: until then you "
                    "can fill in a dossier but not submit it."
                )
                % {"org": organisation.name, "email": user.email},
            )
            return redirect("accounts:dashboard")
    return render(request, "organisations/organisation_register.html", {"form": form})


def _my_membership(request: HttpRequest) -> OrganisationMembership:
    membership = membership_of(request.user)
    if membership is None:
        raise Http404
    return membership


@login_required
@require_GET
def members(request: HttpRequest) -> HttpResponse:
    """The organisation's users and open invitations; the inviting user also sees the
    invitation form (issue 3). Only for users of an organisation."""
    membership = _my_membership(request)
    organisation = membership.organisation
    return render(
        request,
        "organisations/member_list.html",
        {
            "organisation": organisation,
            "members": list(members_of(organisation)),
            "invitations": list(open_invitations(organisation)),
            "may_invite": can_invite(request.user, organisation),
            "form": InviteForm(),
        },
    )


@login_required
@require_POST
def invite(request: HttpRequest) -> HttpResponse:
    """The inviting user invites a colleague by e-mail (a one-time link)."""
    membership = _my_membership(request)
    organisation = membership.organisation
    if not can_invite(request.user, organisation):
        return HttpResponseForbidden(
            _("Only your organisation's administrator can invite colleagues.")
        )
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            invitation = invite_colleague(
                organisation,
                actor=request.user,  # type: ignore[arg-type]
                email=form.cleaned_data["email"],
            )
        except DomainError as exc:
            form.add_error("email", exc.message)
        else:
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
            "invitations": list(open_invitations(organisation)),
            "may_invite": True,
            "form": form,
        },
    )


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, token: str) -> HttpResponse:
    """Public, through the e-mailed link: the invited colleague chooses a user name and a
    password and joins the organisation, logged in."""
    invitation = pending_invitation(token)
    if invitation is None:
        return render(
            request,
            "organisations/invitation_invalid.html",
            {
                "message": _(
                    "This invitation link has been used already, has expired or is not valid. Ask your colleague to invite you again."
                )
            },
            status=404,
        )
    form = JoinForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = accept_invitation(
                token,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                full_name=form.cleaned_data["full_name"],
            )
        except RegistrationRefused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _("Welcome: you have joined %(org)s.") % {"org": invitation.organisation.name},
            )
            return redirect("accounts:dashboard")
    return render(
        request, "organisations/invitation_accept.html", {"form": form, "invitation": invitation}
    )


@require_GET
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """Public, through the e-mailed link: confirm the registering user's address."""
    try:
        verify_email(token)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Thank you: your e-mail address is confirmed."))
    if request.user.is_authenticated:
        return redirect("accounts:dashboard")
    return redirect("accounts:login")


@login_required
@require_POST
def resend_verification(request: HttpRequest) -> HttpResponse:
    """E-mail a new verification link to the logged-in user's address."""
    membership = _my_membership(request)
    if membership.email_verified:
        messages.info(request, _("Your e-mail address is confirmed already."))
    else:
        send_verification_email(request.user)  # type: ignore[arg-type]
        messages.success(
            request,
            _("A new confirmation link was e-mailed to %(email)s.") % {"email": request.user.email},  # type: ignore[union-attr]
        )
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return redirect("accounts:dashboard")
