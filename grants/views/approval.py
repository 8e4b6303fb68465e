"""Pages of approval and certificates (Art. 22, R15): the office records the government's
approval, the winners download certificates, the public sees the winners and verifies a
certificate. Views stay thin: selector, predicate, form, one service."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.http import AuthenticatedHttpRequest
from awards.selectors import previewable_programme
from common import page_cache
from common.documents import render_pdf
from common.files import generated_file_response, open_or_404, private_file_response
from common.official_docx import DOCX_CONTENT_TYPE
from common.public_list import ListFilter, kept_until, list_context, page_of
from common.views import show_refusal
from grants.certificates import SPECIMEN_LEVELS, specimen_certificate_html
from grants.commendation import commendation_decision_docx
from grants.enums import GrantStatus
from grants.forms.approval import ApprovalForm, VerifyForm
from grants.forms.records import ApprovalDocumentForm
from grants.rules.grant import TITLE_USE_RULE, grant_state
from grants.selectors import approval as selectors
from grants.selectors.approval import WINNERS_SCOPE
from grants.selectors.records import approvals_of_round
from grants.services import approval as services
from grants.services import certificates as certificate_services
from grants.services.records import attach_approval_document
from publicity.selectors.publicity import open_objections_of_round

# Winners a page of the public list shows (a province's programmes: hundreds a year).
WINNERS_PAGE_SIZE = 30


@login_required
def record_approval(request: AuthenticatedHttpRequest, round_pk: int) -> HttpResponse:
    round = selectors.round_for_approval(request.user, round_pk)
    if round is None:
        raise Http404(_("No such round."))
    candidates = list(selectors.approval_candidates(round))
    may_record = selectors.may_record_approval(request.user, round) and bool(candidates)
    form = ApprovalForm(request.POST or None, request.FILES or None, candidates=candidates)
    if request.method == "POST":
        if not selectors.may_record_approval(request.user, round):
            raise PermissionDenied(_("The round does not await approval."))
        if form.is_valid():
            with show_refusal(request, form=form):
                decision = services.record_approval(
                    round,
                    actor=request.user,
                    approved_on=form.cleaned_data["approved_on"],
                    meeting=form.cleaned_data["meeting"],
                    document_number=form.cleaned_data["document_number"],
                    application_ids=form.application_ids(),
                )
                messages.success(
                    request,
                    _(
                        "The approval was recorded; the winners are published and their "
                        "certificates are being prepared."
                    ),
                )
                if form.cleaned_data.get("document"):
                    with show_refusal(request):
                        attach_approval_document(
                            decision, actor=request.user, upload=form.cleaned_data["document"]
                        )
                return redirect("awards:round_detail", pk=round.pk)
    return render(
        request,
        "grants/approval_record.html",
        {
            "round": round,
            "form": form,
            "candidates": candidates,
            "may_record": may_record,
            "open_objections": open_objections_of_round(round).count(),
            "approvals": approvals_of_round(round),
            "may_draft_commendation": selectors.may_draft_commendation(request.user, round),
            "document_form": ApprovalDocumentForm(),
        },
    )


@login_required
@require_GET
def commendation_decision(request: HttpRequest, round_pk: int) -> HttpResponse:
    """Art. 22: the draft of the government's commendation decision as an editable .docx."""
    round = selectors.round_for_commendation(request.user, round_pk)
    if round is None:
        raise Http404(_("No such round."))
    return generated_file_response(
        commendation_decision_docx(round),
        name=f"表彰决定-{round.title}.docx",
        content_type=DOCX_CONTENT_TYPE,
    )


@login_required
@require_POST
def requeue_certificates(request: AuthenticatedHttpRequest, round_pk: int) -> HttpResponse:
    round = selectors.round_for_approval(request.user, round_pk)
    if round is None:
        raise Http404(_("No such round."))
    with show_refusal(request):
        n = certificate_services.requeue_missing_certificates(round, actor=request.user)
        messages.success(request, _("%(n)d certificates queued for rendering.") % {"n": n})
    return redirect("awards:round_detail", pk=round.pk)


@login_required
@require_POST
def certificate_render_again(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The office renders again a certificate whose render failed after the task's retries."""
    certificate = selectors.certificate_for_office(request.user, pk)
    if certificate is None:
        raise Http404(_("No such certificate."))
    with show_refusal(request):
        certificate_services.render_again(certificate, actor=request.user)
        messages.success(
            request,
            _("Certificate %(number)s is queued for rendering again.")
            % {"number": certificate.number},
        )
    return redirect("awards:round_detail", pk=certificate.grant.round_id)


@login_required
def certificate_specimen(request: HttpRequest, programme_pk: int, level: str) -> HttpResponse:
    """R15: the certificate of a level as the programme's current rules print it, with a sample
    winner, marked 样张, never numbered nor verifiable; for its office and leading group."""
    programme = previewable_programme(request.user, programme_pk)
    if programme is None or level not in SPECIMEN_LEVELS:
        raise Http404(_("No such programme."))
    pdf = render_pdf(specimen_certificate_html(programme, level))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename=specimen-{programme.slug}-{level}.pdf"
    return response


@login_required
def certificate_download(request: HttpRequest, grant_pk: int) -> HttpResponseBase:
    """The winning organisation's users and the office download the PDF; others get 404."""
    grant = selectors.grant_for_download(request.user, grant_pk)
    if grant is None:
        raise Http404(_("No such certificate."))
    certificate = getattr(grant, "certificate", None)
    if certificate is None or not certificate.file:
        messages.info(request, _("The certificate is being prepared; try again in a moment."))
        return redirect("accounts:dashboard")
    return private_file_response(
        open_or_404(
            certificate.file, _("The certificate file is missing; the office can re-queue it.")
        ),
        name=f"{grant.organisation.name}-{grant.round.year}-{certificate.number}.pdf",
        content_type="application/pdf",
    )


def winners(request: HttpRequest) -> HttpResponse:
    """The public list of winners, a page at a time, of one programme or year if asked;
    rendered once per change of what it shows, per day and per filter and page."""
    today = timezone.localdate()
    chosen = ListFilter.from_request(request)

    def build() -> tuple[str, datetime | None]:
        choices = selectors.public_winner_choices()
        grants = selectors.public_grants(chosen.programme, chosen.year)
        page = page_of(grants, WINNERS_PAGE_SIZE, chosen, choices)
        context = list_context(page, chosen, choices)
        context["rows"] = [
            {"grant": g, "state": grant_state(g.status, g.valid_until, today)}
            for g in page.object_list
        ]
        context["title_rule"] = TITLE_USE_RULE
        html = render_to_string("grants/_winners_content.html", context)
        return html, kept_until(page, chosen)

    return page_cache.cached_page(
        request,
        "grants/winners_list.html",
        "winners",
        [WINNERS_SCOPE],
        [today, *chosen.vary()],
        build,
    )


def _verify_page(request: HttpRequest, number: str) -> HttpResponse:
    """R15: the answer for one certificate number, rendered once per change and per day."""
    today = timezone.localdate()

    def build() -> tuple[str, datetime | None]:
        certificate = selectors.certificate_by_number(number) if number else None
        state = None
        revoked_on = None
        if certificate is not None:
            grant = certificate.grant
            state = grant_state(grant.status, grant.valid_until, today)
            if state == GrantStatus.REVOKED and grant.status_changed_at is not None:
                revoked_on = timezone.localdate(grant.status_changed_at)
        context = {
            "form": VerifyForm(initial={"number": number}),
            "number": number,
            "searched": bool(number),
            "certificate": certificate,
            "state": state,
            "revoked_on": revoked_on,
        }
        html = render_to_string("grants/_certificate_verify_content.html", context)
        # A number that matches nothing is kept a second only: guesses do not fill the cache.
        return html, None if certificate is not None or not number else timezone.now()

    return page_cache.cached_page(
        request, "grants/certificate_verify.html", "verify", [WINNERS_SCOPE], [today, number], build
    )


def verify(request: HttpRequest) -> HttpResponse:
    """R15: anyone checks whether a certificate is genuine, valid, expired or revoked."""
    return _verify_page(request, request.GET.get("number", "").strip()[:40])


def verify_number(request: HttpRequest, number: str) -> HttpResponse:
    """The page the certificate's QR code opens."""
    return _verify_page(request, number.strip()[:40])
