"""Members' voting in the portal (Art. 21): the member's ballot page and the session page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedHttpRequest
from accounts.permissions import is_office_of
from applications.models import Application
from common.views import show_refusal
from decisionlog.workflow import DomainError
from publicity.forms.voting import BallotForm, CloseVotingForm, OpenVotingForm
from publicity.permissions import can_record_plenary
from publicity.selectors.voting import (
    RECUSED,
    members_present,
    open_ballot_rows,
    open_session,
    own_ballots,
    round_for_voting,
    round_for_voting_manage,
    tally,
)
from publicity.services import voting
from publicity.views.publicity import commitment_redirect_of_round


@login_required
def vote(request: AuthenticatedHttpRequest, round_pk: int) -> HttpResponse:
    """A leading-group member's ballot on each candidate of the open session (R12, R14)."""
    round = round_for_voting(request.user, round_pk)
    if round is None:
        if round_for_voting_manage(request.user, round_pk) is not None:
            raise PermissionDenied(_("Only members of the leading group vote."))
        raise Http404(_("No such round."))
    sign_first = commitment_redirect_of_round(request, round)
    if sign_first is not None:
        return sign_first
    session = open_session(round)
    posted: BallotForm | None = None
    if request.method == "POST":
        if session is None:
            raise PermissionDenied(_("No voting session is open."))
        posted = BallotForm(request.POST, round=round)
        if posted.is_valid():
            data = posted.cleaned_data
            application = Application.objects.filter(pk=data["application"], round=round).first()
            if application is None:
                raise Http404(_("No such candidate."))
            with show_refusal(request, form=posted):
                voting.cast_ballot(
                    session,
                    application,
                    member=request.user,
                    choice=data["choice"],
                    level=data["level"],
                    reason=data["reason"],
                )
                messages.success(
                    request,
                    _("Your ballot on %(org)s was saved.") % {"org": application.organisation},
                )
                return redirect("publicity:vote", round_pk=round.pk)
    rows = []
    if session is not None:
        ballots = own_ballots(session, request.user)
        for row in tally(session):
            app = row.application
            ballot = ballots.get(app.pk)
            if posted is not None and str(posted.data.get("application")) == str(app.pk):
                form = posted
            else:
                form = BallotForm(
                    initial={
                        "application": app.pk,
                        "choice": ballot.choice if ballot else "",
                        "level": (ballot.level if ballot else "") or app.proposed_level,
                        "reason": ballot.reason if ballot else "",
                    },
                    prefix=None,
                    auto_id=f"id_%s_{app.pk}",
                    round=round,
                )
            level = round.level_name(ballot.level) if ballot else ""
            rows.append({"candidate": row, "ballot": ballot, "ballot_level": level, "form": form})
    return render(
        request,
        "publicity/vote_ballot.html",
        {"round": round, "session": session, "rows": rows, "recused": RECUSED},
    )


@login_required
def voting_manage(request: AuthenticatedHttpRequest, round_pk: int) -> HttpResponse:
    """Open and close the members' voting session; the office sees the live tally."""
    round = round_for_voting_manage(request.user, round_pk)
    if round is None:
        raise Http404(_("No such round."))
    sign_first = commitment_redirect_of_round(request, round)
    if sign_first is not None:
        return sign_first
    user = request.user
    session = open_session(round)
    open_form = OpenVotingForm(request.POST if request.POST.get("action") == "open" else None)
    close_form = CloseVotingForm(request.POST if request.POST.get("action") == "close" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "open":
            if session is not None or not can_record_plenary(user, round):
                raise PermissionDenied(_("A voting session cannot be opened now."))
            if open_form.is_valid():
                with show_refusal(request, form=open_form):
                    voting.open_voting(
                        round,
                        actor=user,
                        held_on=open_form.cleaned_data["held_on"],
                        members_total=open_form.cleaned_data["members_total"],
                        secret_ballot=open_form.cleaned_data["secret_ballot"],
                    )
                    messages.success(request, _("The voting session is open."))
                    return redirect("publicity:voting_manage", round_pk=round.pk)
        elif action == "close":
            if session is None or not voting.may_close_voting(user, session):
                raise PermissionDenied(_("You cannot close this voting session."))
            if close_form.is_valid():
                try:
                    voting.close_voting(
                        session, actor=user, minutes=close_form.cleaned_data["minutes"]
                    )
                except DomainError as error:
                    close_form.add_error(None, error.user_message)
                    messages.error(request, error.user_message)
                else:
                    messages.success(
                        request, _("The voting session is closed and the decisions recorded.")
                    )
                    return redirect("publicity:plenary", round_pk=round.pk)
        else:
            raise PermissionDenied(_("Unknown action."))
    office = is_office_of(user, round.programme_id)
    context = {
        "round": round,
        "session": session,
        "open_form": open_form,
        "close_form": close_form,
        "may_open": session is None and can_record_plenary(user, round),
        "may_close": session is not None and voting.may_close_voting(user, session),
        "office": office,
        "present": members_present(session) if session else 0,
        # Live counts for the office only; members see only their own ballot before the close.
        "tally": tally(session) if session and office else [],
        "ballot_rows": open_ballot_rows(session) if session and office else [],
        "recused": RECUSED,
    }
    return render(request, "publicity/vote_manage.html", context)
