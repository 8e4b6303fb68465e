"""Reads for deliberation, publicity and objections, filtered to what a user may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.models import ProgrammeRole, User
from accounts.permissions import AnyUser
from applications.enums import ApplicationStatus
from applications.models import Application
from applications.selectors.adverse import with_adverse_flag
from awards.enums import NoticeKind, RoundStage
from awards.models import PublicationOutlet, Round
from awards.rulesets import round_rule_settings
from awards.selectors import holiday_calendar, prize_first
from common.public_list import ListChoices
from decisionlog.models import DecisionLogEntry
from publicity.enums import OPEN_OBJECTION_STATUSES, ObjectionStatus
from publicity.models import ListDecision, Objection, PlenaryMeeting, PublicityPeriod
from publicity.permissions import (
    can_draft_publicity_notice,
    can_manage_publicity,
    can_see_deliberation,
    can_see_objection,
)
from publicity.rules import days_text_zh, is_repeat_win, publicity_window


def _programme_ids(user: User, *roles: str) -> QuerySet[ProgrammeRole, Any]:
    return ProgrammeRole.objects.filter(user=user, role__in=roles, active=True).values(
        "programme_id"
    )


def round_for_deliberation(user: AnyUser, pk: int) -> Round | None:
    """The round if the user belongs to its programme's leading group or office; else None."""
    if not user.is_authenticated:
        return None
    round = Round.objects.select_related("programme").filter(pk=pk).first()
    if round is None or not can_see_deliberation(user, round):
        return None
    return round


def round_for_publicity_office(user: AnyUser, pk: int) -> Round | None:
    if not user.is_authenticated:
        return None
    round = Round.objects.select_related("programme").filter(pk=pk).first()
    if round is None or not can_manage_publicity(user, round):
        return None
    return round


def publicity_for_office(user: AnyUser, pk: int) -> PublicityPeriod | None:
    """The publicity period if the user is its programme's office (to draft its notice);
    else None (404)."""
    if not user.is_authenticated:
        return None
    period = (
        PublicityPeriod.objects.select_related("round__programme", "list_decision")
        .filter(pk=pk)
        .first()
    )
    if period is None or not can_draft_publicity_notice(user, period):
        return None
    return period


@dataclass
class PlenaryCandidate:
    """A candidate as the plenary sees it (R6 tags, R7 repeat flag shown to every decider);
    ``is_repeat``: the organisation won the prize in an earlier round."""

    application: Application
    is_repeat: bool
    # R5: an adverse record received after its eligibility decision is not yet resolved (the
    # plenary cannot put it on the proposed list until the office has reviewed it).
    adverse: bool = False

    @property
    def level(self) -> str:
        return self.application.proposed_level


def plenary_candidates(
    round: Round, *, decided_at: PlenaryMeeting | None = None
) -> list[PlenaryCandidate]:
    """The round's candidates (status CANDIDATE), or those ``decided_at`` a plenary decided
    on, prize before nomination, then by rank."""
    chosen = (
        Q(plenary_decisions__meeting=decided_at)
        if decided_at is not None
        else Q(status=ApplicationStatus.CANDIDATE)
    )
    applications = (
        with_adverse_flag(Application.objects.filter(chosen, round=round))
        .select_related("organisation", "round__programme")
        .order_by(prize_first("proposed_level"), "sector", "sector_rank", "-composite_score", "pk")
    )
    level_order = {"prize": 0, "nomination": 1}
    # R7: flag an earlier prize winner whatever level it is proposed for now, so the plenary
    # sees it before choosing the level.
    result = [
        PlenaryCandidate(
            application=app,
            is_repeat=is_repeat_win(app.organisation, round, "prize"),
            adverse=app.adverse_unresolved,  # type: ignore[attr-defined]  # with_adverse_flag
        )
        for app in applications
    ]
    result.sort(key=lambda c: level_order.get(c.level, 2))
    return result


def plenaries_of(round: Round) -> QuerySet[PlenaryMeeting]:
    return (
        PlenaryMeeting.objects.filter(round=round)
        .select_related("recorded_by", "round__programme")
        .prefetch_related("decisions__application__organisation")
    )


def proposed_applications(round: Round) -> QuerySet[Application]:
    return (
        Application.objects.filter(round=round, status=ApplicationStatus.PROPOSED)
        .select_related("organisation", "round__programme", "nominee")
        .order_by(prize_first("proposed_level"), "sector", "sector_rank", "organisation__name")
    )


# --- Public pages ---------------------------------------------------------------------------


# The public list of publicities (common.page_cache): rendered once per change of what
# public_publicities reads (publicity.registrations; the service that closes a period).
PUBLICITY_SCOPE = "publicity"
# A publicity notice (common.page_cache) shows PUBLICITY_SCOPE's data and, besides, its
# applications, their organisations and the outlets the notice was published in.
PUBLICITY_NOTICE_SCOPE = "publicity_notice"


def public_publicities(
    programme_id: int | None = None, year: int | None = None
) -> QuerySet[PublicityPeriod]:
    """Every publicity period, newest first, with its round and number of organisations; of
    one programme and one year (the round's) when given."""
    periods = PublicityPeriod.objects.all()
    if programme_id is not None:
        periods = periods.filter(round__programme_id=programme_id)
    if year is not None:
        periods = periods.filter(round__year=year)
    return (
        periods.select_related("round__programme", "list_decision")
        .annotate(n_applications=Count("applications"))
        .order_by("-starts_at", "-pk")
    )


def public_publicity_choices() -> ListChoices:
    """The programmes and years the public list of publicities can be narrowed to, with their
    numbers of periods. One query, no model instance."""
    rows = (
        PublicityPeriod.objects.values_list(
            "round__programme_id", "round__programme__name", "round__year"
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    return ListChoices.from_rows(rows)


def public_publicity(pk: int) -> PublicityPeriod | None:
    return (
        PublicityPeriod.objects.select_related("round__programme", "list_decision")
        .prefetch_related(
            Prefetch(
                "applications",
                queryset=Application.objects.select_related(
                    "organisation", "round__programme", "nominee"
                ).order_by("proposed_level", "nominee_kind", "sector", "organisation__name"),
            )
        )
        .filter(pk=pk)
        .first()
    )


def publicity_outlets(round: Round) -> QuerySet[PublicationOutlet]:
    """Where else the publicity notice was published (Art. 21)."""
    return PublicationOutlet.objects.filter(round=round, notice=NoticeKind.PUBLICITY).order_by(
        "published_on", "pk"
    )


def objection_by_receipt(receipt: str) -> Objection | None:
    receipt = receipt.strip().upper()
    if not receipt:
        return None
    return (
        Objection.objects.select_related(
            "application__organisation", "application__nominee", "publicity__round"
        )
        .filter(receipt_number=receipt)
        .first()
    )


# --- Office and leading group ---------------------------------------------------------------


def objections_of_round(round: Round) -> QuerySet[Objection]:
    return (
        Objection.objects.filter(publicity__round=round)
        .select_related(
            "application__organisation",
            "application__nominee",
            "publicity",
            "entered_by",
            "list_decision",
        )
        .order_by("-received_at", "-pk")
    )


def objection_for_user(user: AnyUser, pk: int) -> Objection | None:
    if not user.is_authenticated:
        return None
    objection = (
        Objection.objects.select_related(
            "application__organisation",
            "publicity__round__programme",
            "entered_by",
            "decided_by",
        )
        .filter(pk=pk)
        .first()
    )
    if objection is None or not can_see_objection(user, objection):
        return None
    return objection


def open_objections_of_round(round: Round) -> QuerySet[Objection]:
    return Objection.objects.filter(publicity__round=round, status__in=OPEN_OBJECTION_STATUSES)


def office_users(programme_id: int) -> QuerySet[User]:
    return User.objects.filter(
        programme_roles__programme_id=programme_id,
        programme_roles__role=Role.OFFICE,
        programme_roles__active=True,
        is_active=True,
    ).distinct()


def dashboard_leading_group(user: User) -> dict[str, Any]:
    """Rounds in deliberation with candidates to decide; objections awaiting the decision."""
    programme_ids = _programme_ids(user, Role.LEADING_GROUP)
    rounds = list(
        Round.objects.filter(programme_id__in=programme_ids, stage=RoundStage.DELIBERATION)
        .select_related("programme")
        .annotate(
            n_candidates=Count(
                "applications", filter=Q(applications__status=ApplicationStatus.CANDIDATE)
            )
        )
        .filter(n_candidates__gt=0)
        .order_by("-year")
    )
    objections = list(
        Objection.objects.filter(
            Q(status__in=OPEN_OBJECTION_STATUSES)
            | Q(
                status=ObjectionStatus.UPHELD,
                removed_from_list=True,
                list_decision__isnull=True,
                publicity__round__stage=RoundStage.PUBLICITY,
            ),
            publicity__round__programme_id__in=programme_ids,
        )
        .select_related("application__organisation", "application__nominee", "publicity__round")
        .order_by("received_at")
    )
    return {"deliberations": rounds, "objections": objections}


def hub_summary(round: Round) -> dict[str, Any]:
    """What the office round hub's publicity card shows."""
    publicities = list(PublicityPeriod.objects.filter(round=round).order_by("-starts_at", "-pk"))
    counts = Objection.objects.filter(publicity__round=round).aggregate(
        total=Count("pk"), open=Count("pk", filter=Q(status__in=OPEN_OBJECTION_STATUSES))
    )
    # One query for both numbers.
    listed = Application.objects.filter(
        round=round, status__in=(ApplicationStatus.CANDIDATE, ApplicationStatus.PROPOSED)
    ).aggregate(
        candidates=Count("pk", filter=Q(status=ApplicationStatus.CANDIDATE)),
        proposed=Count("pk", filter=Q(status=ApplicationStatus.PROPOSED)),
    )
    return {
        "publicity": publicities[0] if publicities else None,
        "n_candidates": listed["candidates"] or 0,
        "n_proposed": listed["proposed"] or 0,
        "objections_total": counts["total"] or 0,
        "objections_open": counts["open"] or 0,
        "pending": publicity_pending(round) if round.stage == RoundStage.PUBLICITY else [],
    }


def list_decision_of(objection: Objection) -> ListDecision | None:
    """The leading group's decision on the list after this objection, with the added
    candidates' own publicity."""
    return (
        ListDecision.objects.filter(objection=objection)
        .select_related("publicity", "decided_by")
        .prefetch_related("publicity__applications__organisation")
        .first()
    )


def publicity_pending(round: Round) -> list[str]:
    """Art. 21: what still keeps the round in publicity: a period still running, an objection
    not yet decided, or an upheld objection whose list decision the leading group has not
    taken. Empty when the round may await the government's approval."""
    pending: list[str] = []
    if PublicityPeriod.objects.filter(round=round, closed_at=None).exists():
        pending.append(_("A publicity period is still running."))
    if Objection.objects.filter(
        publicity__round=round, status__in=OPEN_OBJECTION_STATUSES
    ).exists():
        pending.append(_("An objection is still being handled."))
    if Objection.objects.filter(
        publicity__round=round,
        status=ObjectionStatus.UPHELD,
        removed_from_list=True,
        list_decision__isnull=True,
    ).exists():
        pending.append(
            _(
                "The leading group has not yet confirmed or amended the list after an upheld objection."
            )
        )
    return pending


@dataclass
class HandlingStep:
    at: Any
    label: str
    detail: str = ""


def objection_handling_steps(objection: Objection) -> list[HandlingStep]:
    """The objection's handling as the objector may see it (Art. 21): when it was received,
    accepted or not, verified and decided, from the decision log (R14). Never anyone's identity:
    no actor is shown, and the grounds and findings stay with the office."""
    labels = {
        "objection.submit": _("Received"),
        "objection.not_accepted": _("Not accepted"),
        "objection.verifying": _("Accepted; verification began"),
        "objection.upheld": _("Decided by the leading group: upheld"),
        "objection.dismissed": _("Decided by the leading group: dismissed"),
    }
    entries = DecisionLogEntry.objects.filter(
        object_type=Objection._meta.label, object_id=str(objection.pk), action__in=labels
    ).order_by("created_at", "id")
    steps = []
    for entry in entries:
        detail = ""
        if entry.action == "objection.not_accepted":
            detail = objection.not_accepted_reason
        elif entry.action in ("objection.upheld", "objection.dismissed"):
            detail = objection.handling_opinion
        steps.append(
            HandlingStep(at=entry.created_at, label=str(labels[entry.action]), detail=detail)
        )
    decision = list_decision_of(objection)
    if decision is not None:
        steps.append(
            HandlingStep(
                at=decision.decided_at,
                label=str(
                    _("The leading group amended the proposed list")
                    if decision.amended
                    else _("The leading group confirmed the proposed list")
                ),
                detail=decision.reason,
            )
        )
    return steps


def other_periods_of(period: PublicityPeriod) -> list[PublicityPeriod]:
    """The round's other publicity periods (the first list, or candidates added later)."""
    return list(
        PublicityPeriod.objects.filter(round_id=period.round_id)
        .exclude(pk=period.pk)
        .select_related("list_decision")
        .order_by("starts_at", "pk")
    )


def round_publicity_window(
    round: Round, starts_on: date, days: int, *, opened_at: datetime | None = None
) -> tuple[datetime, datetime]:
    """R1 / Art. 21: the period from ``starts_on`` for ``days`` days, counted as the round's
    rules say (calendar or working days, kept when the round opened) on its programme's
    holiday calendar. Every period of the round is opened through this, and every page shows
    the end it stored."""
    return publicity_window(
        starts_on,
        days,
        opened_at=opened_at,
        unit=round_rule_settings(round).publicity_day_unit,
        calendar=holiday_calendar(round.programme_id),
    )


def publicity_days_text(round: Round, days: int) -> str:
    """The length as the round's Chinese notices state it: 10天 or 10个工作日."""
    return days_text_zh(days, round_rule_settings(round).publicity_day_unit)
