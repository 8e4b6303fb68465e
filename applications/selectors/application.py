from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from accounts.enums import Role
from accounts.models import ProgrammeRole, User
from accounts.permissions import AnyUser
from applications.enums import (
    APPLICATION_TRANSITIONS,
    ApplicationStatus,
    AttachmentKind,
    EligibilityCondition,
)
from applications.form_data import form_gaps
from applications.models import Application, Attachment, Consultation, DossierVersion
from applications.rules import (
    check_not_banned,
    check_window_open,
    programmes_that_may_refuse,
    start_refusal,
)
from awards import history
from awards.areas import all_divisions, area_refusal, in_registration_area
from awards.enums import NomineeKind, RoundStage
from awards.models import Round
from awards.rulesets import RULE_SETTING_FIELDS, round_rule_settings
from common.urls import id_urls
from decisionlog.selectors import decisions_for_object
from decisionlog.workflow import DomainError
from organisations.enums import RecommenderKind
from organisations.models import Division, Organisation, OrganisationMembership
from organisations.selectors import organisation_of

# R13: the dossier fields that must be filled in before submission.
SUBMISSION_REQUIRED_FIELDS = ("main_products", "quality_summary", "self_assessment")


def organisation_id_of(user: AnyUser) -> int | None:
    """The organisation the user belongs to (an applicant), as its id; None otherwise."""
    if not user.is_authenticated:
        return None
    # Read through the user's relation: Django keeps the membership (or its absence) on the
    # user object, so the several sections of a page that ask cost one query.
    try:
        return user.organisation_membership.organisation_id
    except OrganisationMembership.DoesNotExist:
        return None


def applications_of_my_organisation(user: AnyUser) -> QuerySet[Application]:
    org_id = organisation_id_of(user)
    if org_id is None:
        return Application.objects.none()
    return Application.objects.filter(organisation_id=org_id).select_related(
        "round__programme", "organisation"
    )


def applications_for_office(user: AnyUser, round: Round | None = None) -> QuerySet[Application]:
    """Every application of the programmes the user is office staff of."""
    if not user.is_authenticated:
        return Application.objects.none()
    programme_ids = ProgrammeRole.objects.filter(user=user, role=Role.OFFICE, active=True).values(
        "programme_id"
    )
    qs = Application.objects.filter(round__programme_id__in=programme_ids).select_related(
        "round__programme", "organisation", "organisation__division", "recommender"
    )
    if round is not None:
        qs = qs.filter(round=round)
    return qs


# A recommending unit sees every application in its scope once it is submitted; a
# draft, withdrawn or never-submitted one only when it names the unit.
NOT_YET_OR_NEVER_SUBMITTED = (
    ApplicationStatus.DRAFT,
    ApplicationStatus.WITHDRAWN,
    ApplicationStatus.NOT_SUBMITTED,
)


def _recommender_grants(user: AnyUser) -> QuerySet[ProgrammeRole]:
    if not user.is_authenticated or user.pk is None:
        return ProgrammeRole.objects.none()
    return ProgrammeRole.objects.filter(
        user_id=user.pk, role=Role.RECOMMENDER, active=True, recommender__isnull=False
    )


def names_my_unit(user: AnyUser) -> Exists:
    """Per application: it names a recommending unit of the user in its programme."""
    return Exists(
        _recommender_grants(user).filter(
            programme_id=OuterRef("round__programme_id"), recommender_id=OuterRef("recommender_id")
        )
    )


def in_my_scope(user: AnyUser) -> Exists:
    """Per application (Art. 12): its organisation is in the scope of a recommending
    unit of the user in its programme: the unit's county/district or zone, or for an
    industry department or association one of its GB/T 4754 sections."""
    return Exists(
        _recommender_grants(user)
        .filter(programme_id=OuterRef("round__programme_id"))
        .filter(
            Q(
                recommender__kind=RecommenderKind.COUNTY,
                recommender__division_id=OuterRef("organisation__division_id"),
            )
            | Q(
                ~Q(recommender__kind=RecommenderKind.COUNTY),
                recommender__industry_sections__contains=OuterRef("organisation__industry_section"),
            )
        )
    )


def applications_for_recommender(user: AnyUser) -> QuerySet[Application]:
    """Art. 12: the applications naming one of the user's units, and every submitted one in
    the scope of its units (``names_unit`` says which of them the unit writes the opinion
    for)."""
    if not user.is_authenticated:
        return Application.objects.none()
    return (
        Application.objects.annotate(names_unit=names_my_unit(user))
        .filter(
            Q(names_unit=True)
            | (
                Q(in_my_scope(user))
                & ~Q(status__in=NOT_YET_OR_NEVER_SUBMITTED)
                & ~Q(organisation__industry_section="")
            )
        )
        .select_related("round__programme", "organisation")
    )


def consultations_for_liaison(user: AnyUser) -> QuerySet[Consultation]:
    if not user.is_authenticated:
        return Consultation.objects.none()
    grants = ProgrammeRole.objects.filter(user=user, role=Role.LIAISON, active=True)
    return Consultation.objects.filter(
        department_id__in=grants.values("department_id"),
        application__round__programme_id__in=grants.values("programme_id"),
    ).select_related("application__organisation", "application__round__programme", "department")


def users_of_round_applicants(round: Round) -> QuerySet[User]:
    return User.objects.filter(
        organisation_membership__organisation__applications__round=round
    ).distinct()


def users_of_organisation(organisation_id: int) -> QuerySet[User]:
    return User.objects.filter(organisation_membership__organisation_id=organisation_id)


def programme_ids_of_applicants(user_ids: list[int]) -> set[int]:
    """The programmes of the rounds the users' organisations applied to."""
    return set(
        Application.objects.filter(organisation__memberships__user_id__in=user_ids).values_list(
            "round__programme_id", flat=True
        )
    )


def stored_bytes(application: Application) -> int:
    from django.db.models import Sum

    return application.attachments.aggregate(total=Sum("size"))["total"] or 0


# --- The applicant organisation's side ------------------------------------------------------

# Bootstrap badge colour of each status, as the applicant sees it.
STATUS_BADGES: dict[str, str] = {
    ApplicationStatus.DRAFT: "secondary",
    ApplicationStatus.SUBMITTED: "primary",
    ApplicationStatus.ELIGIBLE: "info",
    ApplicationStatus.SITE_REVIEW: "info",
    ApplicationStatus.CANDIDATE: "info",
    ApplicationStatus.PROPOSED: "warning",
    ApplicationStatus.AWARDED: "success",
    ApplicationStatus.NOT_SUBMITTED: "dark",
    ApplicationStatus.WITHDRAWN: "dark",
    ApplicationStatus.INELIGIBLE: "danger",
    ApplicationStatus.NOT_SELECTED: "danger",
    ApplicationStatus.NOT_CANDIDATE: "danger",
    ApplicationStatus.NOT_PROPOSED: "danger",
    ApplicationStatus.NOT_AWARDED: "danger",
    ApplicationStatus.DISQUALIFIED: "danger",
}
FINAL_STATUSES = {s for s, moves in APPLICATION_TRANSITIONS.items() if not moves}


def open_rounds_now(now: datetime | None = None) -> QuerySet[Round]:
    """R1: the rounds whose application window is open now."""
    now = now or timezone.now()
    return (
        Round.objects.filter(
            stage=RoundStage.APPLICATION,
            applications_open_at__lte=now,
            applications_close_at__gt=now,
        )
        .select_related("programme")
        .order_by("applications_close_at", "pk")
    )


def time_left(end: datetime, now: datetime) -> str:
    """The time left before ``end`` as an office writes it beside a deadline: whole days while a
    day or more is left (剩余20天, not Django's "2 周，6 日"), then hours, then minutes."""
    seconds = max(int((end - now).total_seconds()), 0)
    if seconds >= 86400:
        days = seconds // 86400
        return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
    if seconds >= 3600:
        hours = seconds // 3600
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    minutes = max(seconds // 60, 1)
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


def _deadline(round: Round) -> str:
    return timezone.localtime(round.applications_close_at).strftime("%Y-%m-%d %H:%M")


def deadline_text(application: Application, now: datetime | None = None) -> str:
    """The countdown an applicant sees beside its application (R1: server time)."""
    now = now or timezone.now()
    round = application.round
    if application.status == ApplicationStatus.DRAFT:
        if round.window_is_open(now):
            return _("%(left)s left (deadline %(when)s)") % {
                "left": time_left(round.applications_close_at, now),
                "when": _deadline(round),
            }
        return _("The deadline passed on %(when)s.") % {"when": _deadline(round)}
    if application.submitted_at:
        return _("Submitted on %(when)s") % {
            "when": timezone.localtime(application.submitted_at).strftime("%Y-%m-%d %H:%M")
        }
    return ""


def next_steps(application: Application, now: datetime | None = None) -> list[dict[str, Any]]:
    """What the organisation can do next with its application: (label, URL name) pairs."""
    if application.status == ApplicationStatus.DRAFT and application.round.window_is_open(now):
        return [
            {"label": _("Fill in the dossier"), "url_name": "applications:edit", "primary": False},
            {"label": _("Review and submit"), "url_name": "applications:submit", "primary": True},
        ]
    if application.status in FINAL_STATUSES or application.status == ApplicationStatus.DRAFT:
        label = _("See the result")
    else:
        label = _("Follow its progress")
    return [{"label": label, "url_name": "applications:detail", "primary": False}]


DASHBOARD_ROUND_COLUMNS = (
    "programme__name",
    "year",
    "title",
    "stage",
    "applications_open_at",
    "applications_close_at",
    "rule_settings",
    # A round that kept no copy of its rules follows its programme's (awards.rulesets).
    *(f"programme__{name}" for name in RULE_SETTING_FIELDS),
)
# What the section shows of each application and what its deadline and next steps read.
DASHBOARD_APPLICATION_COLUMNS = (
    "round_id",
    "status",
    "nominee_kind",
    "submitted_at",
    "round__year",
    "round__title",
    "round__stage",
    "round__applications_open_at",
    "round__applications_close_at",
    "nominee__full_name",
)


def dashboard_applicant(user: User) -> dict[str, Any]:
    """The applicant's dashboard section: its organisation, the rounds it can apply to now,
    and its applications with status, deadline and next step. Three queries at any size."""
    organisation = organisation_of(user)
    if organisation is None:
        return {
            "organisation": None,
            "open_rounds": [],
            "nominate_rounds": [],
            "applications": [],
        }
    now = timezone.now()
    # The organisation's applications, with the columns the section shows and its next steps
    # read (a round's whole row and its programme's were most of the query's cost).
    own = list(
        Application.objects.filter(organisation=organisation)
        .select_related("round", "nominee")
        .only(*DASHBOARD_APPLICATION_COLUMNS)
        .order_by("-round__year", "-pk")
    )
    # The rounds it applied to for itself, from its applications: no subquery per open round.
    applied = {a.round_id for a in own if a.nominee_kind == NomineeKind.ORGANISATION}
    # R7, R8: asked only in the programmes that can refuse the organisation (a prize won, a
    # bar in force), once each (a programme has one round open at a time): the queries stay
    # flat however many programmes have a round open.
    # One query for both the rounds the organisation may apply to for itself and those where
    # it may nominate a person (R4).
    # The columns the section shows and its rules read: fifty open rounds with every column of
    # the round and its programme were most of the page's time.
    every_open = list(open_rounds_now(now).only(*DASHBOARD_ROUND_COLUMNS))
    # Each round's rules read once (a round without its copy follows its programme's).
    settings = {round.pk: round_rule_settings(round) for round in every_open}
    rounds = [round for round in every_open if round.pk not in applied]
    today = timezone.localdate(now)
    # R8: the bars in force, shown above the rounds; the programmes that decided them are
    # those a bar keeps the organisation out of (with those honouring their bars).
    bars = bars_of(organisation, today)
    may_refuse = (
        programmes_that_may_refuse(organisation, today, {bar.programme_id for bar in bars})
        if rounds
        else set()
    )
    refusals: dict[int, str | None] = {}
    # R5 / Art. 13(1): the registration area each round's rules kept, decided without a query
    # (the divisions' names, read once, only to say why).
    divisions: list[Division] = []

    def outside(round: Round) -> str | None:
        if in_registration_area(organisation, round, settings[round.pk]):
            return None
        if not divisions:
            divisions.extend(all_divisions())
        return area_refusal(organisation, round, divisions)

    def refusal(round: Round) -> str | None:
        if (reason := outside(round)) is not None:
            return reason
        if round.programme_id not in may_refuse:
            return None
        if round.programme_id not in refusals:
            refusals[round.programme_id] = start_refusal(organisation, round)
        return refusals[round.programme_id]

    # R4: the open rounds whose programme awards people too, where the organisation may
    # nominate its own (whether or not it applies for itself); R5: a person follows the
    # employer's registration.
    nominate_rounds = [
        {
            "round": round,
            "award_name": settings[round.pk].individual_award_name(round.programme.name),
            "refusal": outside(round),
        }
        for round in every_open
        if settings[round.pk].accepts_individuals
    ]
    call_url, start_url = id_urls("awards:call_detail"), id_urls("applications:start")
    # The sentence and the countdown once per deadline: the rounds of a call share theirs.
    deadline_format = _("Deadline %(when)s (%(left)s left)")
    deadline_lines: dict[datetime, str] = {}

    def deadline_line(round: Round) -> str:
        close_at = round.applications_close_at
        if close_at not in deadline_lines:
            deadline_lines[close_at] = deadline_format % {
                "when": _deadline(round),
                "left": time_left(close_at, now),
            }
        return deadline_lines[close_at]

    open_rounds = [
        {
            "round": round,
            "deadline_line": deadline_line(round),
            "refusal": refusal(round),
            "call_url": call_url(round.pk),
            "start_url": start_url(round.pk),
        }
        for round in rounds
    ]
    applications = [
        {
            "application": application,
            "badge": STATUS_BADGES.get(application.status, "secondary"),
            "deadline_text": deadline_text(application, now),
            "next_steps": next_steps(application, now),
        }
        for application in own
    ]
    # The dossier a new application may start as a copy of: the latest (the same in every row).
    previous = own[0] if own else None
    if previous is not None and open_rounds:
        copy_url = id_urls("applications:start_copy", 2)
        for round, row in zip(rounds, open_rounds, strict=True):
            row["copy_url"] = copy_url(round.pk, previous.pk)
    return {
        "organisation": organisation,
        "copy_label": (
            _("Start as a copy of my %(year)s dossier") % {"year": previous.round.year}
            if previous is not None
            else ""
        ),
        "open_rounds": open_rounds,
        "nominate_rounds": nominate_rounds,
        "applications": applications,
        "bars": bars,
    }


def bars_of(organisation: Organisation, on: date | None = None) -> list[history.BarInForce]:
    """R8: the bars in force on the organisation on ``on`` (today), each with the programme
    that decided it (Art. 28, 30: a bar keeps it out of that programme's award), its last day
    and reason, for its own page (awards.history is the one rule; two queries)."""
    return history.bars_in_force(organisation, on or timezone.localdate())


def attachments_of(application: Application) -> QuerySet[Attachment]:
    return application.attachments.order_by("kind", "uploaded_at", "pk")


# The dossier's sections and the attachment types that belong to each: the dossier page lists
# a section's attachments inside it, with the way to upload one of its type. A type in no
# section (the signed form, a recommending unit's letter) is listed at the top or by others.
SECTION_ATTACHMENT_KINDS: dict[str, tuple[str, ...]] = {
    "quality": (AttachmentKind.BUSINESS_LICENCE, AttachmentKind.EVIDENCE),
    "financials": (AttachmentKind.FINANCIALS, AttachmentKind.TAX),
    "certificates": (AttachmentKind.CERTIFICATE,),
    "declarations": (AttachmentKind.COMPLIANCE,),
    "self_assessment": (AttachmentKind.SELF_ASSESSMENT,),
    "non_profit": (AttachmentKind.SOCIAL_CONTRIBUTION,),
}


def section_attachments(attachments: Iterable[Attachment]) -> dict[str, dict[str, Any]]:
    """Each dossier section's attachments (from the list the page already holds: no query)
    and the types one uploads there, with their labels."""
    listed = list(attachments)
    labels = dict(AttachmentKind.choices)
    return {
        section: {
            "key": section,
            "attachments": [a for a in listed if a.kind in kinds],
            "kinds": [{"value": kind, "label": labels[kind]} for kind in kinds],
        }
        for section, kinds in SECTION_ATTACHMENT_KINDS.items()
    }


def attachment_for_download(pk: int) -> Attachment | None:
    """The attachment with what its permission check reads (application, round)."""
    return (
        Attachment.objects.select_related(
            "application__round__programme", "application__organisation"
        )
        .filter(pk=pk)
        .first()
    )


def my_attachment(user: AnyUser, pk: int) -> Attachment | None:
    """An attachment of the user's own organisation, or None (outsiders: 404)."""
    org_id = organisation_id_of(user)
    if org_id is None:
        return None
    return (
        Attachment.objects.select_related("application__round__programme")
        .filter(pk=pk, application__organisation_id=org_id)
        .first()
    )


def latest_version(application: Application) -> DossierVersion | None:
    """R13: the dossier exactly as last submitted."""
    return application.versions.order_by("-number").first()


def dossier_gaps(application: Application) -> list[str]:
    """R13: what the dossier still lacks before it can be submitted (one message each)."""
    gaps = [
        _("Fill in “%(field)s”.") % {"field": application._meta.get_field(name).verbose_name}  # type: ignore[union-attr]
        for name in SUBMISSION_REQUIRED_FIELDS
        if not (getattr(application, name) or "").strip()
    ]
    if not application.attachments.exists():
        gaps.append(_("Attach at least one file: the signed and sealed application form."))
    if application.round.recommendation_required and application.recommender_id is None:
        gaps.append(_("Choose the recommending unit."))

    return gaps + form_gaps(application)


def submission_blockers(application: Application, now: datetime | None = None) -> list[str]:
    """Everything that stops submission now: status, R1 window, R8 bar, R13 completeness."""
    if application.status != ApplicationStatus.DRAFT:
        return [
            _("This application is “%(status)s”: it cannot be submitted again.")
            % {"status": application.get_status_display()}
        ]
    blockers: list[str] = []
    for check in (
        lambda: check_window_open(application.round, now),
        lambda: check_not_banned(
            application.organisation, application.round.programme, round=application.round
        ),
    ):
        try:
            check()
        except DomainError as exc:
            blockers.append(exc.message)
    return blockers + dossier_gaps(application)


# Log actions as the applicant reads them; "application.<status>" is a status change.
APPLICANT_ACTION_LABELS: dict[str, Any] = {
    "application.start": _lazy("Dossier started"),
    "application.recommend": _lazy("Recommendation opinion written"),
    "eligibility.check": _lazy("Eligibility condition checked"),
    "consultation.send": _lazy("Relevant department consulted"),
    "consultation.answer": _lazy("Department replied"),
    "supplement.request": _lazy("Supplement requested by the award office"),
    "supplement.answer": _lazy("Supplement answered (new dossier version)"),
    "application.paper_entry": _lazy("Paper dossier entered by the award office"),
    "consultation.paper_reply": _lazy("Department replied on paper"),
    "application.leader_tag": _lazy("Leading-enterprise tag (Art. 15) decided by the award office"),
}


# Who reviews an application, and their conflicts, stay inside the review (R12).
APPLICANT_HIDDEN_ACTIONS = frozenset({"review.assign", "review.withdraw", "review.conflict"})


def timeline_for_applicant(application: Application) -> list[dict[str, Any]]:
    """The decision-log entries about the application, for its own organisation: action, time,
    from/to, and who acted as a role only ("your organisation", "the award office"...), never
    the name of an office member or expert (R12, R14)."""
    own_users = set(users_of_organisation(application.organisation_id).values_list("pk", flat=True))
    statuses = dict(ApplicationStatus.choices)
    rows: list[dict[str, Any]] = []
    for entry in decisions_for_object(application).order_by("created_at", "pk"):
        if entry.action in APPLICANT_HIDDEN_ACTIONS:
            continue
        if entry.action in APPLICANT_ACTION_LABELS:
            label = APPLICANT_ACTION_LABELS[entry.action]
        elif entry.action.startswith("application.") and entry.to_state:
            label = _("Status changed")
        else:
            label = entry.action_display
        if entry.actor_id is None:
            by = _("The portal (automatic)") if entry.actor_label == "system" else _("Public")
        elif entry.actor_id in own_users:
            by = _("Your organisation")
        elif entry.action == "application.recommend":
            by = _("The recommending unit")
        elif entry.action in ("consultation.answer", "consultation.paper_reply"):
            by = _("A relevant department")
        else:
            by = _("The award office and its reviewers")
        row = {
            "at": entry.created_at,
            "action": label,
            "from": statuses.get(entry.from_state, entry.from_state),
            "to": statuses.get(entry.to_state, entry.to_state),
            "by": by,
            "details": _timeline_details(entry.action, entry.data),
        }
        previous = rows[-1] if rows else None
        if previous is not None and _same_decision(previous, row):
            # One line per decision: the office checks the conditions one after another in
            # the same minute; the conditions are folded under the one line.
            previous["details"] += row["details"]
            continue
        rows.append(row)
    return rows


def _timeline_details(action: str, data: dict[str, Any] | None) -> list[str]:
    """What a folded timeline line lists: the condition checked (not its result, which the
    applicant reads with the office's decision)."""
    if action == "eligibility.check" and data and data.get("condition"):
        condition = data["condition"]
        if condition in EligibilityCondition.values:
            return [str(EligibilityCondition(condition).label)]
    return []


def _same_decision(previous: dict[str, Any], row: dict[str, Any]) -> bool:
    return (
        bool(row["details"])
        and previous["action"] == row["action"]
        and previous["by"] == row["by"]
        and previous["to"] == row["to"]
        and previous["at"].replace(second=0, microsecond=0)
        == row["at"].replace(second=0, microsecond=0)
    )
