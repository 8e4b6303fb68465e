"""The round's records as Excel workbooks (openpyxl, write-only: rows go to disk as they are
written, so a provincial-scale round never sits in memory)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from applications.models import Application, EligibilityCheck
from awards.models import Round
from common.sheets import escape_cell
from common.transactions import ensure_outside_transaction
from grants.models import AwardGrant
from publicity.models import Objection, PlenaryDecision, PlenaryRecusal, PlenaryVote
from reviews.models import ItemScore, Review

CHUNK = 1000


@dataclass(frozen=True)
class Sheet:
    title: str
    headers: list[str]
    rows: Callable[[Round], Iterable[list[Any]]]


def cell_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float | Decimal):
        return value
    return str(value)


def _cell(sheet: WriteOnlyWorksheet, value: Any) -> WriteOnlyCell:
    return WriteOnlyCell(sheet, value=escape_cell(cell_value(value)))


def write_workbook(path: Path, sheets: list[Sheet], round: Round, tick: Callable[[], None]) -> None:
    ensure_outside_transaction("building a workbook")
    book = Workbook(write_only=True)
    for spec in sheets:
        sheet = book.create_sheet(title=spec.title[:31])
        sheet.append([_cell(sheet, h) for h in spec.headers])
        for n, row in enumerate(spec.rows(round), start=1):
            sheet.append([_cell(sheet, v) for v in row])
            if n % CHUNK == 0:
                tick()
    book.save(str(path))


def _name(user: Any) -> str:
    return str(user) if user is not None else ""


# --- applications ----------------------------------------------------------------------------


def application_rows(round: Round) -> Iterator[list[Any]]:
    applications = (
        Application.objects.filter(round=round)
        .select_related("organisation", "recommender")
        .order_by("organisation__name", "pk")
    )
    for a in applications.iterator(chunk_size=CHUNK):
        # R2 / R15: the sector's and level's names from the round's rules, worked out once.
        a.round = round
        yield [
            a.pk,
            a.organisation.name,
            a.organisation.credit_code,
            a.get_sector_display(),
            a.get_status_display(),
            "、".join(a.priority_tags),
            a.recommender.name if a.recommender else "",
            a.submitted_at,
            a.material_score,
            a.site_score,
            a.composite_score,
            a.sector_rank,
            a.get_proposed_level_display() if a.proposed_level else "",
        ]


def applications_sheets() -> list[Sheet]:
    return [
        Sheet(
            _("Applications"),
            [
                _("Application"),
                _("Organisation"),
                _("Unified social credit code"),
                _("Sector"),
                _("Status"),
                _("Priority tags"),
                _("Recommending unit"),
                _("Submitted at"),
                _("Material review score"),
                _("Site review score"),
                _("Composite score"),
                _("Rank in sector"),
                _("Prize level"),
            ],
            application_rows,
        )
    ]


# --- eligibility -----------------------------------------------------------------------------


def eligibility_rows(round: Round) -> Iterator[list[Any]]:
    checks = (
        EligibilityCheck.objects.filter(application__round=round)
        .select_related("application__organisation", "checked_by")
        .order_by("application__organisation__name", "application_id", "condition")
    )
    for c in checks.iterator(chunk_size=CHUNK):
        a = c.application
        yield [
            a.pk,
            a.organisation.name,
            c.get_condition_display(),
            c.met,
            c.evidence,
            _name(c.checked_by),
            c.checked_at,
            a.get_status_display(),
            a.eligibility_reason,
        ]


def eligibility_sheets() -> list[Sheet]:
    return [
        Sheet(
            _("Eligibility"),
            [
                _("Application"),
                _("Organisation"),
                _("Condition"),
                _("Met"),
                _("Evidence and notes"),
                _("Checked by"),
                _("Checked at"),
                _("Status"),
                _("Eligibility decision reason"),
            ],
            eligibility_rows,
        )
    ]


# --- scores ----------------------------------------------------------------------------------


def review_rows(round: Round) -> Iterator[list[Any]]:
    reviews = (
        Review.all_reviews.filter(application__round=round)
        .select_related("application__organisation", "expert")
        .order_by("application__organisation__name", "application_id", "stage", "pk")
    )
    for r in reviews.iterator(chunk_size=CHUNK):
        yield [
            r.pk,
            r.application_id,
            r.application.organisation.name,
            r.get_stage_display(),
            r.expert.name,
            r.is_consensus,
            r.get_status_display(),
            r.total,
            r.submitted_at,
            r.summary,
        ]


def item_score_rows(round: Round) -> Iterator[list[Any]]:
    scores = (
        ItemScore.objects.filter(review__application__round=round)
        .select_related("review__expert", "item")
        .order_by("review__application_id", "review__stage", "review_id", "item__code")
    )
    for s in scores.iterator(chunk_size=CHUNK):
        yield [
            s.review_id,
            s.review.application_id,
            s.review.get_stage_display(),
            s.review.expert.name,
            s.item.code,
            s.item.name,
            s.item.points,
            s.percent,
            s.points,
            s.comment,
        ]


def scores_sheets() -> list[Sheet]:
    return [
        Sheet(
            _("Reviews"),
            [
                _("Review"),
                _("Application"),
                _("Organisation"),
                _("Stage"),
                _("Expert"),
                _("Consensus review"),
                _("Status"),
                _("Total"),
                _("Submitted at"),
                _("Overall comment"),
            ],
            review_rows,
        ),
        Sheet(
            _("Item scores"),
            [
                _("Review"),
                _("Application"),
                _("Stage"),
                _("Expert"),
                _("Item"),
                _("Name"),
                _("Points"),
                _("Percentage"),
                _("Score"),
                _("Comment"),
            ],
            item_score_rows,
        ),
    ]


# --- votes -----------------------------------------------------------------------------------


def decision_rows(round: Round) -> Iterator[list[Any]]:
    decisions = (
        PlenaryDecision.objects.filter(meeting__round=round)
        .select_related("meeting", "application__organisation")
        .order_by("meeting__held_on", "meeting_id", "application__organisation__name")
    )
    for d in decisions.iterator(chunk_size=CHUNK):
        yield [
            d.meeting.held_on,
            d.meeting.members_total,
            d.meeting.members_present,
            d.application_id,
            d.application.organisation.name,
            d.get_level_display(),
            d.votes_agree,
            d.votes_disagree,
            d.votes_abstain,
            d.get_outcome_display(),
            d.note,
        ]


def vote_rows(round: Round) -> Iterator[list[Any]]:
    votes = (
        PlenaryVote.objects.filter(meeting__round=round)
        .select_related("meeting", "application__organisation", "member")
        .order_by("meeting__held_on", "meeting_id", "application__organisation__name", "pk")
    )
    for v in votes.iterator(chunk_size=CHUNK):
        # A secret ballot stays secret in the archive too: the vote without the member.
        member = _("(secret ballot)") if v.meeting.secret_ballot else _name(v.member)
        yield [
            v.meeting.held_on,
            v.application_id,
            v.application.organisation.name,
            member,
            v.get_choice_display(),
            v.get_level_display(),
            v.cast_at,
        ]


def recusal_rows(round: Round) -> Iterator[list[Any]]:
    recusals = (
        PlenaryRecusal.objects.filter(meeting__round=round)
        .select_related("meeting", "application__organisation", "member")
        .order_by("meeting__held_on", "pk")
    )
    for r in recusals.iterator(chunk_size=CHUNK):
        yield [
            r.meeting.held_on,
            r.application_id,
            r.application.organisation.name,
            _name(r.member),
            r.reason,
            r.declared_at,
        ]


def votes_sheets() -> list[Sheet]:
    return [
        Sheet(
            _("Plenary decisions"),
            [
                _("Meeting date"),
                _("Members of the leading group"),
                _("Members present"),
                _("Application"),
                _("Organisation"),
                _("Prize level"),
                _("Agree"),
                _("Disagree"),
                _("Abstain"),
                _("Outcome"),
                _("Note"),
            ],
            decision_rows,
        ),
        Sheet(
            _("Members' votes"),
            [
                _("Meeting date"),
                _("Application"),
                _("Organisation"),
                _("Member"),
                _("Vote"),
                _("Prize level"),
                _("Cast at"),
            ],
            vote_rows,
        ),
        Sheet(
            _("Recusals"),
            [
                _("Meeting date"),
                _("Application"),
                _("Organisation"),
                _("Member"),
                _("Reason for recusal"),
                _("Declared at"),
            ],
            recusal_rows,
        ),
    ]


# --- objections ------------------------------------------------------------------------------


def objection_rows(round: Round) -> Iterator[list[Any]]:
    objections = (
        Objection.objects.filter(publicity__round=round)
        .select_related("application__organisation", "decided_by")
        .order_by("received_at", "pk")
    )
    for o in objections.iterator(chunk_size=CHUNK):
        yield [
            o.receipt_number,
            o.application.organisation.name,
            o.objector_name,
            o.objector_phone,
            o.objector_email,
            o.grounds,
            o.received_at,
            o.get_status_display(),
            o.not_accepted_reason,
            o.verification,
            o.organisation_response,
            o.handling_opinion,
            o.decided_at,
            _name(o.decided_by),
        ]


def objections_sheets() -> list[Sheet]:
    return [
        Sheet(
            _("Objections"),
            [
                _("Receipt number"),
                _("Organisation objected to"),
                _("Objector"),
                _("Contact phone"),
                _("E-mail"),
                _("Grounds"),
                _("Received at"),
                _("Status"),
                _("Why not accepted"),
                _("Verification findings"),
                _("Organisation's response"),
                _("Handling opinion"),
                _("Decided at"),
                _("Decided by"),
            ],
            objection_rows,
        )
    ]


# --- grants ----------------------------------------------------------------------------------


def grant_rows(round: Round) -> Iterator[list[Any]]:
    grants = (
        AwardGrant.objects.filter(round=round)
        .select_related("organisation", "approval", "certificate", "round__programme")
        .order_by("level", "organisation__name", "pk")
    )
    for g in grants.iterator(chunk_size=CHUNK):
        certificate = getattr(g, "certificate", None)
        yield [
            g.organisation.name,
            g.organisation.credit_code,
            g.get_level_display(),
            g.amount,
            g.is_repeat,
            g.approval.document_number,
            g.approved_on,
            g.valid_until,
            g.get_status_display(),
            certificate.number if certificate else "",
            certificate.generated_at if certificate else None,
        ]


def grants_sheets() -> list[Sheet]:
    return [
        Sheet(
            _("Awards granted"),
            [
                _("Organisation"),
                _("Unified social credit code"),
                _("Prize level"),
                _("Prize money (CNY)"),
                _("Repeat winner"),
                _("Document number"),
                _("Approval date"),
                _("Valid until"),
                _("Status"),
                _("Verification number"),
                _("Certificate generated at"),
            ],
            grant_rows,
        )
    ]


def workbooks() -> list[tuple[str, str, list[Sheet]]]:
    """(member name, description, sheets) of every workbook in the archive. Built when called,
    so headers follow the language active during the build."""
    return [
        ("sheets/applications.xlsx", _("Applications and their scores"), applications_sheets()),
        ("sheets/eligibility.xlsx", _("Eligibility decisions"), eligibility_sheets()),
        ("sheets/scores.xlsx", _("Reviews and item scores"), scores_sheets()),
        ("sheets/votes.xlsx", _("Plenary decisions, votes and recusals"), votes_sheets()),
        ("sheets/objections.xlsx", _("Objections during the publicity"), objections_sheets()),
        ("sheets/grants.xlsx", _("Awards granted and certificates"), grants_sheets()),
    ]
