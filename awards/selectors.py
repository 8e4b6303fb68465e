from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.models import ProgrammeRole, User
from accounts.permissions import AnyUser
from accounts.workqueue import WorkItem
from awards.enums import CalendarDayKind, NoticeKind, PrizeLevel, RoundStage
from awards.models import (
    AwardProgramme,
    ConfidentialityCommitment,
    HolidayCalendarDay,
    LeadingIndustry,
    PublicationOutlet,
    Round,
)
from awards.permissions import can_approve_programme_rules, can_edit_programme_rules
from awards.rules import industry_code_covers
from awards.stages import STAGE_GUIDE, next_steps, progress_percent
from common.dates import HolidayCalendar


def prize_first(field: str = "level") -> Case:
    """An ordering that lists the prize before the nomination prize (the stored values sort
    the other way), as every list of winners and candidates reads."""
    return Case(
        When(**{field: PrizeLevel.PRIZE}, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )


# The public list of call notices (common.page_cache): rendered once per change of a round or
# programme (awards.registrations).
CALLS_SCOPE = "calls"


def public_rounds() -> QuerySet[Round]:
    """Rounds whose call notice has been published, newest first."""
    return (
        Round.objects.exclude(stage=RoundStage.DRAFT)
        .select_related("programme")
        .order_by("-year", "-pk")
    )


def rounds_for_office(user: AnyUser) -> QuerySet[Round]:
    if not user.is_authenticated:
        return Round.objects.none()
    programme_ids = ProgrammeRole.objects.filter(user=user, role=Role.OFFICE, active=True).values(
        "programme_id"
    )
    return (
        Round.objects.filter(programme_id__in=programme_ids)
        .select_related("programme")
        .annotate(
            n_applications=Count("applications", distinct=True),
            n_submitted=Count(
                "applications", filter=~Q(applications__status="draft"), distinct=True
            ),
        )
        .order_by("-year")
    )


def rounds_for_leading_group(user: AnyUser) -> QuerySet[Round]:
    if not user.is_authenticated:
        return Round.objects.none()
    programme_ids = ProgrammeRole.objects.filter(
        user=user, role=Role.LEADING_GROUP, active=True
    ).values("programme_id")
    return (
        Round.objects.filter(programme_id__in=programme_ids)
        .select_related("programme")
        .order_by("-year", "-pk")
    )


def public_round(pk: int) -> Round | None:
    """A round whose call notice is public; None for a draft or an unknown id."""
    return public_rounds().filter(pk=pk).first()


def call_outlets(round: Round) -> QuerySet[PublicationOutlet]:
    """Art. 16: where else the call notice was published."""
    return round.outlets.filter(notice=NoticeKind.CALL).order_by("published_on", "pk")


def office_round(user: AnyUser, pk: int) -> Round | None:
    """A round of a programme the user is office staff of (others: None, so a 404)."""
    return (
        rounds_for_office(user).select_related("rules_approved_by", "scheme").filter(pk=pk).first()
    )


def leading_group_round(user: AnyUser, pk: int) -> Round | None:
    """A round of a programme the user is a leading-group member of."""
    return rounds_for_leading_group(user).select_related("rules_approved_by").filter(pk=pk).first()


def commitment_of(user: AnyUser, round: Round) -> ConfidentialityCommitment | None:
    if not user.is_authenticated:
        return None
    return ConfidentialityCommitment.objects.filter(round=round, user=user).first()


def dashboard_office(user: User) -> dict[str, Any]:
    """Each round of the user's programmes with what happens now and the next steps."""
    rounds = list(rounds_for_office(user))
    for round in rounds:
        round.guide = STAGE_GUIDE[round.stage]  # type: ignore[attr-defined]
        round.next_steps = next_steps(round)  # type: ignore[attr-defined]
        round.progress = progress_percent(round)  # type: ignore[attr-defined]
    return {"rounds": rounds}


def leading_group_programmes(user: User) -> list[AwardProgramme]:
    """The programmes whose leading group ``user`` belongs to, by name."""
    ids = ProgrammeRole.objects.filter(user=user, role=Role.LEADING_GROUP, active=True).values(
        "programme_id"
    )
    return list(AwardProgramme.objects.filter(pk__in=ids).order_by("name"))


def dashboard_leading_group(user: User) -> dict[str, Any]:
    rounds = list(rounds_for_leading_group(user))
    return {
        "programmes": leading_group_programmes(user),
        "rules_to_approve": [
            r
            for r in rounds
            if not r.rules_approved
            and r.stage in (RoundStage.DRAFT, RoundStage.APPLICATION, RoundStage.ELIGIBILITY)
        ],
        "rounds": rounds,
    }


# Stages in which a round's review is under way: whoever takes part signs its commitment (R12).
COMMITMENT_STAGES = (
    RoundStage.APPLICATION,
    RoundStage.ELIGIBILITY,
    RoundStage.MATERIAL_REVIEW,
    RoundStage.SITE_REVIEW,
    RoundStage.COMPOSITE,
    RoundStage.DELIBERATION,
    RoundStage.PUBLICITY,
    RoundStage.APPROVAL,
)
# Art. 10: the leading group approves the review rules before material review starts.
RULES_STAGES = (RoundStage.DRAFT, RoundStage.APPLICATION, RoundStage.ELIGIBILITY)


def _rules_item(round: Round, role: str, url: str, action: str) -> WorkItem:
    return WorkItem(
        role=role,
        what=_("%(round)s: the review rules are not yet approved by the leading group.")
        % {"round": round.title},
        on_whom=_("Leading group"),
        url=url,
        action=action,
        programme=round.programme.name,
        since=timezone.localdate(round.created_at),
        reason=_("Material review cannot start before the rules are approved (Art. 10).")
        if round.stage == RoundStage.ELIGIBILITY
        else "",
    )


def workqueue_office(user: User) -> list[WorkItem]:
    """The office's own commitment for each round under way (R12), and the rounds whose review
    rules the leading group has still to approve (Art. 10). Two queries."""
    rounds = (
        rounds_for_office(user)
        .filter(Q(stage__in=COMMITMENT_STAGES) | Q(stage__in=RULES_STAGES))
        .annotate(
            signed=Exists(
                ConfidentialityCommitment.objects.filter(round=OuterRef("pk"), user_id=user.pk)
            )
        )
        .order_by("year", "pk")
    )
    items = []
    for round in rounds:
        if round.stage in COMMITMENT_STAGES and not round.signed:  # type: ignore[attr-defined]
            items.append(
                WorkItem(
                    role=Role.OFFICE,
                    what=_(
                        "%(round)s: sign your confidentiality commitment before you see any"
                        " dossier (Art. 31)."
                    )
                    % {"round": round.title},
                    on_whom=_("You"),
                    url=reverse("awards:sign_commitment", args=[round.pk]),
                    action=_("Sign the commitment"),
                    programme=round.programme.name,
                    since=timezone.localdate(round.call_published_at)
                    if round.call_published_at
                    else None,
                )
            )
        if round.stage in RULES_STAGES and not round.rules_approved:
            items.append(
                _rules_item(
                    round,
                    Role.OFFICE,
                    reverse("awards:round_detail", args=[round.pk]),
                    _("Open the round"),
                )
            )
    return items


def workqueue_leading_group(user: User) -> list[WorkItem]:
    """Art. 10: the review rules the leading group has still to approve. One query."""
    rounds = rounds_for_leading_group(user).filter(
        stage__in=RULES_STAGES, rules_approved_at__isnull=True
    )
    return [
        _rules_item(
            round,
            Role.LEADING_GROUP,
            reverse("awards:approve_rules", args=[round.pk]),
            _("Approve the rules"),
        )
        for round in rounds
    ]


# A number the office typed before a line ("1. ", "2、", "(3)", "（4）"): the list numbers itself.
_LIST_NUMBER = re.compile(r"^(?:\d+\s*[.、．)）]|[(（]\d+[)）])\s*")


def required_document_list(round: Round) -> list[str]:
    """The call notice's required documents, one a line, without the numbers the office may
    have typed (the page shows them as a numbered list, which would number them twice)."""
    lines = (line.strip() for line in round.required_documents.splitlines())
    return [_LIST_NUMBER.sub("", line) for line in lines if line]


def holiday_calendar(programme_id: int) -> HolidayCalendar:
    """R1 / Art. 21: the programme's holiday calendar as its office keeps it."""
    holidays: set[date] = set()
    working_days: set[date] = set()
    for day, kind in HolidayCalendarDay.objects.filter(programme_id=programme_id).values_list(
        "day", "kind"
    ):
        (holidays if kind == CalendarDayKind.HOLIDAY else working_days).add(day)
    return HolidayCalendar(frozenset(holidays), frozenset(working_days))


def calendar_days(programme: AwardProgramme) -> QuerySet[HolidayCalendarDay]:
    """The programme's calendar entries, in date order."""
    return HolidayCalendarDay.objects.filter(programme=programme).order_by("day")


def leading_industries(programme_id: int) -> QuerySet[LeadingIndustry]:
    """R6 / Art. 15: the programme's list of the city's leading industries, by name."""
    return LeadingIndustry.objects.filter(programme_id=programme_id).order_by("name")


def leading_industries_covering(programme_id: int, industry_class: str) -> list[LeadingIndustry]:
    """R6 / Art. 15: the leading industries of the programme whose GB/T 4754 codes cover an
    organisation's industry class (none when the class is not given)."""
    return [
        industry
        for industry in leading_industries(programme_id)
        if any(industry_code_covers(code, industry_class) for code in industry.class_codes)
    ]


def office_programme(user: AnyUser, pk: int) -> AwardProgramme | None:
    """The programme ``pk`` if ``user`` is of its office, else None (its pages are 404)."""
    programme = AwardProgramme.objects.filter(pk=pk).first()
    if programme is None or not can_edit_programme_rules(user, programme):
        return None
    return programme


def leading_group_programme(user: AnyUser, pk: int) -> AwardProgramme | None:
    """The programme ``pk`` if ``user`` is of its leading group, else None."""
    programme = AwardProgramme.objects.filter(pk=pk).first()
    if programme is None or not can_approve_programme_rules(user, programme):
        return None
    return programme
