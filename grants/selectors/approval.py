"""Reads about awards granted: winners, certificates, verification, the winner's dashboard."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.permissions import AnyUser
from applications.enums import ApplicationStatus
from applications.models import Application
from applications.permissions.application import organisation_id_of
from awards.enums import RoundStage
from awards.models import Round
from awards.rulesets import RULE_SETTING_FIELDS
from awards.selectors import prize_first
from common.public_list import ListChoices
from grants.enums import CertificateRender
from grants.models import AwardGrant, Certificate
from grants.permissions.approval import (
    can_download_certificate,
    can_draft_commendation,
    can_manage_certificates,
    can_record_approval,
)
from grants.rules.grant import TITLE_USE_RULE, grant_state


def round_for_approval(user: AnyUser, pk: int) -> Round | None:
    """The round if the user is its programme's office (any stage); else None (404)."""
    if not user.is_authenticated:
        return None
    round = Round.objects.select_related("programme").filter(pk=pk).first()
    if round is None or not can_manage_certificates(user, round):
        return None
    return round


def round_for_commendation(user: AnyUser, pk: int) -> Round | None:
    """The round if the user is its programme's office and the publicity has closed (to draft
    the commendation decision); else None (404)."""
    if not user.is_authenticated:
        return None
    round = Round.objects.select_related("programme").filter(pk=pk).first()
    if round is None or not can_draft_commendation(user, round):
        return None
    return round


def may_draft_commendation(user: AnyUser, round: Round) -> bool:
    return can_draft_commendation(user, round)


def may_record_approval(user: AnyUser, round: Round) -> bool:
    return can_record_approval(user, round)


def approval_candidates(round: Round) -> QuerySet[Application]:
    """The proposed list that goes to the municipal government (Art. 22)."""
    return (
        Application.objects.filter(round=round, status=ApplicationStatus.PROPOSED)
        .select_related("organisation", "round__programme", "nominee")
        .order_by(prize_first("proposed_level"), "sector", "sector_rank", "organisation__name")
    )


# The public pages of winners and certificate verification (common.page_cache): rendered once
# per change of the rows public_grants and certificate_by_number read (grants.registrations).
WINNERS_SCOPE = "winners"


def public_grants(programme_id: int | None = None, year: int | None = None) -> QuerySet[AwardGrant]:
    """Every published round's winners (R15: the public sees valid, expired or revoked), the
    same rounds whose announcement page is public (selectors_records.public_round); of one
    programme and one year when given."""
    grants = AwardGrant.objects.filter(round__stage=RoundStage.PUBLISHED)
    if programme_id is not None:
        grants = grants.filter(round__programme_id=programme_id)
    if year is not None:
        grants = grants.filter(round__year=year)
    return grants.select_related(
        "organisation", "round__programme", "approval", "application__nominee"
    ).order_by(
        "-round__year", "round__programme__name", "round_id", prize_first(), "organisation__name"
    )


def public_winner_choices() -> ListChoices:
    """The programmes and years the public list of winners can be narrowed to (those with
    published winners), with their numbers of winners. One query, no model instance."""
    rows = (
        AwardGrant.objects.filter(round__stage=RoundStage.PUBLISHED)
        .values_list("round__programme_id", "round__programme__name", "round__year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return ListChoices.from_rows(rows)


def grant_for_download(user: AnyUser, pk: int) -> AwardGrant | None:
    grant = (
        AwardGrant.objects.select_related("round__programme", "organisation", "certificate")
        .filter(pk=pk)
        .first()
    )
    if grant is None or not can_download_certificate(user, grant):
        return None
    return grant


def certificate_by_number(number: str) -> Certificate | None:
    number = number.strip().upper()
    if not number:
        return None
    return (
        Certificate.objects.select_related(
            "grant__organisation",
            "grant__round__programme",
            "grant__approval",
            "grant__application__nominee",
        )
        .filter(number=number)
        .first()
    )


def certificate_counts(round: Round) -> dict[str, int]:
    """The round's certificates by where their PDF is: queued, being rendered, failed, done;
    ``pending`` is every certificate without its file (what "re-queue" would queue)."""
    rows = (
        Certificate.objects.filter(grant__round=round)
        .values("render_state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_state = {row["render_state"]: row["n"] for row in rows}
    counts = {state.value: by_state.get(state.value, 0) for state in CertificateRender}
    counts["total"] = sum(by_state.values())
    counts["pending"] = Certificate.objects.filter(grant__round=round, file="").count()
    return counts


def failed_certificates(round: Round) -> QuerySet[Certificate]:
    """The round's certificates whose render failed after the task's retries, with the error."""
    return (
        Certificate.objects.filter(grant__round=round, render_state=CertificateRender.FAILED)
        .select_related("grant__organisation")
        .order_by("number")
    )


def certificate_for_office(user: AnyUser, pk: int) -> Certificate | None:
    """The certificate if the user is its programme's office; else None (404)."""
    if not user.is_authenticated:
        return None
    certificate = (
        Certificate.objects.select_related("grant__round__programme").filter(pk=pk).first()
    )
    if certificate is None or not can_manage_certificates(user, certificate.grant.round):
        return None
    return certificate


# What the applicant's section (grants/_dashboard_applicant.html) shows of each award: the
# whole rows of the award, its round, its programme and its approval cost more to ask for
# than the few awards they return. The round's rules name the level (Round.level_name), a
# round without its copy of the rules its programme's.
DASHBOARD_GRANT_COLUMNS = (
    "level",
    "amount",
    "valid_until",
    "status",
    "certificate__file",
    "certificate__number",
    "certificate__render_state",
    "round__year",
    "round__rule_settings",
    "round__programme__name",
    *(f"round__programme__{name}" for name in RULE_SETTING_FIELDS),
)


def dashboard_applicant(user: User) -> dict[str, Any]:
    """The organisation's awards: level, validity, certificate, and the R15 rule."""
    org_id = organisation_id_of(user)
    if org_id is None:
        return {"grants": [], "title_rule": TITLE_USE_RULE}
    grants = list(
        AwardGrant.objects.filter(organisation_id=org_id)
        .select_related("round__programme", "certificate")
        .only(*DASHBOARD_GRANT_COLUMNS)
        .order_by("-round__year")
    )
    today = timezone.localdate()
    rows = []
    for grant in grants:
        certificate = getattr(grant, "certificate", None)
        rows.append(
            {
                "grant": grant,
                "state": grant_state(grant.status, grant.valid_until, today),
                "certificate_ready": bool(certificate and certificate.file),
                "certificate_failed": bool(
                    certificate
                    and not certificate.file
                    and certificate.render_state == CertificateRender.FAILED
                ),
                "certificate": certificate,
            }
        )
    return {"grants": rows, "title_rule": TITLE_USE_RULE}


def grants_per_round(round_ids: list[int]) -> dict[int, int]:
    """Art. 11(9): the awards granted in each round (prize and nomination prize, whatever
    became of them since), one aggregate query."""
    rows = (
        AwardGrant.objects.filter(round_id__in=round_ids)
        .values("round_id")
        .annotate(n=Count("pk"))
        .values_list("round_id", "n")
    )
    return dict(rows)
