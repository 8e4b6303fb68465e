"""Every write about rounds: creation, the call notice, review rules, stage moves, deadlines."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import is_office_of
from awards import hooks
from awards.buckets import MANUFACTURING, SERVICE, default_bucket_json
from awards.enums import (
    ROUND_TRANSITIONS,
    WORK_PLAN_TRANSITIONS,
    CalendarDayKind,
    NoticeKind,
    ProgrammeTemplate,
    RoundStage,
    WorkPlanStatus,
)
from awards.models import (
    AwardProgramme,
    ConfidentialityCommitment,
    GuidanceDocument,
    HolidayCalendarDay,
    LeadingIndustry,
    PublicationOutlet,
    Round,
    ScoringScheme,
    WorkPlan,
    WorkPlanBudgetLine,
    WorkPlanMilestone,
    WorkPlanResearchNote,
    WorkPlanTraining,
)
from awards.permissions import (
    can_approve_programme_rules,
    can_approve_review_rules,
    can_approve_work_plan,
    can_draft_work_plan,
    can_edit_programme,
    can_guide_programmes,
    can_set_up_programme,
    may_sign_commitment,
    takes_part_in_review,
)
from awards.rules import (
    LEGACY_BUCKET_LIMITS,
    PROGRAMME_SETTING_FIELDS,
    check_bucket_places_match_rules,
    check_place_limits,
    check_programme_rules_approved,
    check_programme_settings,
    check_quotas,
    check_review_rules_approved,
    check_round_interval,
    check_rule_settings,
    check_sector_buckets,
    check_settings_editable,
    check_stage_passage,
    check_weights,
    parse_industry_codes,
    settle_bucket_places,
)
from awards.rulesets import (
    RULES_PAGE_FIELDS,
    default_nomination_name,
    programme_rule_settings,
    round_weights,
    rule_settings_snapshot,
)
from common.dates import SATURDAY, day_text
from common.uploads import (
    CheckedUpload,
    check_upload,
    delete_after_commit,
    removed_on_failure,
)
from decisionlog.services import record_decision
from decisionlog.workflow import DomainError, transition_logged

COMMITMENT_TEXT = (
    "本人承诺：严格遵守《赣州市市长质量奖管理办法》第三十一条，依法保守申报组织的商业秘密和技术秘密，"
    "不复制、不外传、不在评审以外使用申报材料；严于律己、公正廉洁，严格按照规定和程序评审；"
    "与申报组织存在利益冲突时主动申明并回避。"
)
# What a recommending unit's user signs (R12, Art. 31): the unit reads whole dossiers, the
# sections an applicant marked as secret included, and answers for its opinion (Art. 28).
RECOMMENDER_COMMITMENT_TEXT = (
    "本人代表推荐单位承诺：严格遵守《赣州市市长质量奖管理办法》第三十一条，依法保守申报组织的商业秘密和"
    "技术秘密（含申报组织标为秘密的内容），不复制、不外传、不在推荐工作以外使用申报材料及其附件；"
    "公正廉洁，严格按照规定和程序出具推荐意见，并依第二十八条对推荐意见的真实性负责。"
)

# Fields of a round that are its review rules (Art. 10): locked once approved.
REVIEW_RULE_FIELDS = (
    "material_weight",
    "defence_weight",
    "site_weight",
    "site_review_min_score",
    "prize_min_score",
    "nomination_min_score",
    "tilt_rule",
    "tilt_bonus_points",
)

# What the leading group approves (Art. 10): the review rules and the prize money (Art. 8).
APPROVED_FIELDS = (*REVIEW_RULE_FIELDS, "prize_amount", "nomination_amount")

# R2 quotas (Art. 6).
QUOTA_FIELDS = (
    "prize_quota",
    "prize_quota_manufacturing",
    "prize_quota_service",
    "nomination_quota",
    "nomination_quota_manufacturing",
    "nomination_quota_service",
    "bucket_places",
)

# Every setting the office may change through update_round_settings.
SETTING_FIELDS = (
    "title",
    "year",
    "applications_open_at",
    "applications_close_at",
    "recommendation_required",
    "required_attachment_kinds",
    *QUOTA_FIELDS,
    *REVIEW_RULE_FIELDS,
    "publicity_days",
    "prize_amount",
    "nomination_amount",
    "self_assessment_max_chars",
)


def transition_round(
    round: Round, to: str, *, actor: User | None, reason: str = "", **extra: Any
) -> Round:
    """The only way a round's stage changes (R1). Each change signs a checkpoint of the
    decision log (R14), which awards e-mails to the programme's office. R1: a round passes
    through the question-and-defence stage exactly when its rules hold it
    (:func:`awards.rules.check_stage_passage`, on the locked row)."""
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round.pk)
        if locked.stage != to:
            check_stage_passage(locked, to)
        return transition_logged(
            locked,
            to,
            ROUND_TRANSITIONS,
            actor,
            reason,
            extra,
            action=f"round.{to}",
            field="stage",
            checkpoint=True,
        )


def _validation_to_domain(error: ValidationError) -> DomainError:
    """A model validation error, as one message the office can read."""
    return DomainError(" ".join(str(m) for m in error.messages))


def _changed_settings(
    obj: Round | AwardProgramme, fields: dict[str, Any], known: tuple[str, ...], what: str
) -> dict[str, Any]:
    """The settings among ``fields`` whose values differ from ``obj``'s; a name outside
    ``known`` is a programming error, refused."""
    unknown = set(fields) - set(known)
    if unknown:
        raise DomainError(f"unknown {what}: {sorted(unknown)}")
    return {k: v for k, v in fields.items() if getattr(obj, k) != v}


def check_office(actor: User | None, programme_id: int) -> None:
    """Only the office of the programme runs its rounds (Art. 11)."""
    if actor is None or not is_office_of(actor, programme_id):
        raise DomainError(_("Only the office of this award programme can do this."))


@transaction.atomic
def create_round(
    programme: AwardProgramme,
    *,
    actor: User,
    year: int,
    title: str,
    applications_open_at: datetime,
    applications_close_at: datetime,
    scheme: ScoringScheme | None = None,
    **settings: Any,
) -> Round:
    """Create a draft round with the measures' defaults.

    Preconditions: ``actor`` is office staff of ``programme``; R1: one round every two years
    (no other round of the programme within the years between rounds of its current rules); the
    deadline comes after the opening; R2 sector places fit the level's places and the limits of
    the programme's current rules; publicity >= 10 days.
    Side effects: one Round row (stage draft) and a "round.create" decision.
    """
    check_office(actor, programme.pk)
    check_round_interval(programme, year)
    if applications_close_at <= applications_open_at:
        raise DomainError(_("The application deadline must come after the opening."), rule="R1")
    # R1 / Art. 20: weights not given are the programme's review-stage weights.
    settings = {**round_weights(programme_rule_settings(programme)), **settings}
    round = Round(
        programme=programme,
        year=year,
        title=title,
        applications_open_at=applications_open_at,
        applications_close_at=applications_close_at,
        scheme=scheme or ScoringScheme.objects.get(code="gbt19580-2012"),
        **settings,
    )
    settle_bucket_places(round, settings)
    check_weights(round)
    check_quotas(round)
    try:
        round.full_clean()
    except ValidationError as error:
        raise _validation_to_domain(error) from error
    round.save()
    record_decision(actor=actor, action="round.create", obj=round, to_state=round.stage)
    return round


@transaction.atomic
def update_round_settings(round: Round, *, actor: User, reason: str = "", **fields: Any) -> Round:
    """Change settings (office of the programme only).

    Review rules (Art. 10) are locked once approved: changing one after approval withdraws the
    approval, which the leading group must then give again, and is refused once review has
    started. Each other setting is fixed from the stage ``awards.rules.SETTING_EDITABLE_STAGES``
    names (R1: the window changes only through ``extend_deadline`` once the call is published).
    A new year must keep the R1 interval. Side effects: one "round.settings" decision with the
    old and new values.
    """
    check_office(actor, round.programme_id)
    locked = Round.objects.select_for_update().get(pk=round.pk)
    changed = _changed_settings(locked, fields, SETTING_FIELDS, "round settings")
    if not changed:
        return locked
    touches_rules = any(k in APPROVED_FIELDS for k in changed)
    if touches_rules and locked.stage not in (
        RoundStage.DRAFT,
        RoundStage.APPLICATION,
        RoundStage.ELIGIBILITY,
    ):
        raise DomainError(_("Review rules cannot change once review has started."), rule="R1")
    check_settings_editable(locked, changed)
    if "publicity_days" in changed and int(changed["publicity_days"]) < 10:
        raise DomainError(_("Publicity lasts at least 10 days."), rule="R1")
    if "year" in changed:
        check_round_interval(locked.programme, int(changed["year"]), exclude_pk=locked.pk)
    old = {k: str(getattr(locked, k)) for k in changed}
    for key, value in changed.items():
        setattr(locked, key, value)
    if locked.applications_close_at <= locked.applications_open_at:
        raise DomainError(_("The application deadline must come after the opening."), rule="R1")
    if any(k in changed for k in QUOTA_FIELDS):
        # R2: places given per bucket are checked against the level's places even unchanged.
        given = {k: fields[k] for k in ("bucket_places",) if k in fields}
        settle_bucket_places(locked, {**changed, **given})
    check_weights(locked)
    check_quotas(locked)
    if touches_rules and locked.rules_approved_at:
        locked.rules_approved_at = None
        locked.rules_approved_by = None
    try:
        locked.full_clean()
    except ValidationError as error:
        raise _validation_to_domain(error) from error
    locked.save()
    record_decision(
        actor=actor,
        action="round.settings",
        obj=locked,
        reason=reason,
        data={"old": old, "new": {k: str(v) for k, v in changed.items()}},
    )
    return locked


def publish_call(
    round: Round, *, actor: User, call_notice: str, required_documents: str = ""
) -> Round:
    """Art. 16: publish the call notice; the application window opens at its time.

    Preconditions: office of the programme; the round is a draft; the notice text is not
    empty; the deadline has not passed (R1); the leading group has approved the programme's
    current rules (Art. 10), and the round's year and places meet them (R1 / R2 / Art. 6: the
    years between rounds, the place limits). Side effects: stage draft -> application, the
    notice text and publication time saved, the programme's rule settings and their version kept on the round
    (a later change of the programme's rules does not touch it), one decision logged.
    """
    check_office(actor, round.programme_id)
    if not call_notice.strip():
        raise DomainError(_("The call notice text is empty."))
    if round.applications_close_at <= timezone.now():
        raise DomainError(_("The application deadline has already passed."), rule="R1")
    with transaction.atomic():
        programme = AwardProgramme.objects.select_for_update().get(pk=round.programme_id)
        check_programme_rules_approved(programme)
        # R1 / Art. 20: a draft created before the programme's stages changed weighs them as
        # the rules it is about to keep say (the office sets the round's weights first).
        if programme.holds_defence_stage != (round.defence_weight > 0):
            raise DomainError(
                _(
                    "The programme's rules now hold the question-and-defence stage differently: "
                    "set the round's review-stage weights first."
                ),
                rule="R1",
                articles=(20,),
            )
        rules = programme_rule_settings(programme)
        check_bucket_places_match_rules(round, (b.code for b in rules.buckets()))
        # R1 / R2 / Art. 6: a draft prepared before the years between rounds or the place
        # limits changed meets the rules it is about to keep.
        check_round_interval(programme, round.year, exclude_pk=round.pk)
        check_quotas(round, rules)
        return transition_round(
            round,
            RoundStage.APPLICATION,
            actor=actor,
            call_notice=call_notice,
            required_documents=required_documents,
            call_published_at=timezone.now(),
            rule_settings=rule_settings_snapshot(programme),
            rule_settings_version=programme.rules_version,
        )


@transaction.atomic
def add_publication_outlet(
    round: Round, *, actor: User, notice: str, outlet: str, published_on: Any, url: str = ""
) -> PublicationOutlet:
    """Record where else a public notice was published (Art. 16, 21). Office only; the
    round's notice must be public already (not a draft). One row and one decision."""
    check_office(actor, round.programme_id)
    if notice not in NoticeKind.values:
        raise DomainError(_("Unknown notice."))
    if round.stage == RoundStage.DRAFT:
        raise DomainError(_("Publish the call notice on the portal first."), rule="R1")
    if not outlet.strip():
        raise DomainError(_("Name the outlet where the notice was published."))
    row = PublicationOutlet.objects.create(
        round=round, notice=notice, outlet=outlet, published_on=published_on, url=url
    )
    record_decision(
        actor=actor,
        action="notice.outlet",
        obj=round,
        data={"notice": notice, "outlet": outlet, "published_on": str(published_on), "url": url},
    )
    return row


@transaction.atomic
def extend_deadline(round: Round, *, actor: User, new_close_at: datetime, reason: str) -> Round:
    """R1: the office may extend a deadline before it passes, with a logged, notified reason.

    Preconditions: office of the programme; the window is open and its deadline has not
    passed; the new deadline is later than the current one; a reason. Side effects: the
    deadline moves, one decision logged, every applicant of the round notified (by
    applications, through ``hooks.deadline_extended``).
    """
    check_office(actor, round.programme_id)
    locked = Round.objects.select_for_update().get(pk=round.pk)
    now = timezone.now()
    if locked.stage != RoundStage.APPLICATION or locked.applications_close_at <= now:
        raise DomainError(_("Only a deadline that has not yet passed can be extended."), rule="R1")
    if new_close_at <= locked.applications_close_at:
        raise DomainError(_("The new deadline must be later than the current one."), rule="R1")
    if not reason.strip():
        raise DomainError(_("Give the reason for the extension."), rule="R1")
    old = locked.applications_close_at
    locked.applications_close_at = new_close_at
    locked.save(update_fields=["applications_close_at"])
    record_decision(
        actor=actor,
        action="round.extend_deadline",
        obj=locked,
        reason=reason,
        data={"old": old.isoformat(), "new": new_close_at.isoformat()},
    )
    hooks.deadline_extended.send(locked, reason)
    return locked


def close_application_window(round: Round, *, actor: User | None = None) -> bool:
    """R1: at the deadline the window closes by itself; drafts become "not submitted" (by
    applications, through ``hooks.window_closed``, in the same transaction).

    Returns True if this call closed it, False if it was already closed or not yet due.
    """
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round.pk)
        now = timezone.now()
        if locked.stage != RoundStage.APPLICATION or now < locked.applications_close_at:
            return False
        transition_round(
            locked,
            RoundStage.ELIGIBILITY,
            actor=actor,
            reason=_("Application deadline reached."),
            window_closed_at=now,
        )
        hooks.window_closed.send(locked)
    return True


@transaction.atomic
def approve_review_rules(round: Round, *, actor: User, note: str = "") -> Round:
    """Art. 10 / R1: the leading group approves (审定) the round's review rules; they lock.

    Preconditions: ``actor`` is a leading-group member of the programme and review has not
    started; the weights add up to 1. Approving twice is a no-op. Side effects: approval time
    and member saved, one decision logged with the rules as approved.
    """
    if not can_approve_review_rules(actor, round):
        raise DomainError(
            _("Only a leading-group member can approve the review rules, before review starts."),
            rule="R1",
        )
    locked = Round.objects.select_for_update().get(pk=round.pk)
    check_weights(locked)
    if locked.rules_approved_at:
        return locked
    locked.rules_approved_at = timezone.now()
    locked.rules_approved_by = actor
    locked.save(update_fields=["rules_approved_at", "rules_approved_by"])
    record_decision(
        actor=actor,
        action="round.approve_rules",
        obj=locked,
        reason=note,
        data={k: str(getattr(locked, k)) for k in APPROVED_FIELDS},
    )
    return locked


def start_material_review(round: Round, *, actor: User) -> Round:
    """Art. 18: after eligibility is confirmed for every submitted application.

    Preconditions: office of the programme; the round is in its eligibility check; the review
    rules are approved (R1, Art. 10); no submitted application awaits its decision (R5); at
    least one is eligible (these two checked by applications, through
    ``hooks.material_review_checks``). Side effects: stage eligibility -> material review,
    logged.
    """
    check_office(actor, round.programme_id)
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round.pk)
        if locked.stage != RoundStage.ELIGIBILITY:
            raise DomainError(
                _("Material review starts only after the eligibility check."), rule="R1"
            )
        check_review_rules_approved(locked)
        hooks.material_review_checks.send(locked)
        return transition_round(locked, RoundStage.MATERIAL_REVIEW, actor=actor)


@transaction.atomic
def sign_commitment(
    round: Round, *, user: User, ip_address: str | None = None
) -> ConfidentialityCommitment:
    """R12 / Art. 31: sign the round's confidentiality and impartiality commitment (once).

    Precondition: ``user`` takes part in the round's review (office, expert, leading group,
    liaison of the programme) or speaks for a recommending unit of the programme. Signing
    twice returns the first signature. Side effects: one commitment row with the text signed
    (:func:`commitment_text_for`) and one decision.
    """
    if not may_sign_commitment(user, round):
        raise DomainError(_("Only those who take part in this round's review sign its commitment."))
    existing = ConfidentialityCommitment.objects.filter(round=round, user=user).first()
    if existing:
        return existing
    text = commitment_text_for(user, round)
    commitment = ConfidentialityCommitment.objects.create(
        round=round, user=user, text=text, ip_address=ip_address
    )
    record_decision(actor=user, action="commitment.sign", obj=round, data={"ip": ip_address})
    return commitment


def commitment_text_for(user: User, round: Round) -> str:
    """The reviewers' text for whoever takes part in the review; a recommending unit's user
    who does not signs the recommenders' text (R12, Art. 31, 28)."""
    if takes_part_in_review(user, round):
        return COMMITMENT_TEXT
    return RECOMMENDER_COMMITMENT_TEXT


def sweep_due_windows(now: datetime | None = None) -> int:
    """Close every application window whose deadline has passed. Idempotent."""
    now = now or timezone.now()
    closed = 0
    due = Round.objects.filter(stage=RoundStage.APPLICATION, applications_close_at__lte=now)
    for round in due:
        if close_application_window(round):
            closed += 1
    return closed


# --- A programme's rules (Art. 10, 13, 21) ----------------------------------------------------


@transaction.atomic
def update_programme_rules(
    programme: AwardProgramme, *, actor: User, reason: str = "", **fields: Any
) -> AwardProgramme:
    """Change the programme's rule settings (``awards.rulesets.RULES_PAGE_FIELDS``: the
    versioned settings and the money per winner of each level).

    Preconditions: ``actor`` is office staff of the programme; each number within its range
    (R5 / Art. 13); each level named, its money not negative (the prize's positive, R4); R2 /
    Art. 6: the sector buckets' places add up to the places per round when either changes, and
    the manufacturing and service places set by the office (the 2022 measures' two buckets) to
    the prize places. Side effects: a change makes a new version of the rules and withdraws the
    leading group's approval (Art. 10), which must be given again before another round opens;
    rounds already open keep the settings they opened under. One "programme.rules" decision
    with the old and new values and the new version. Nothing changed: nothing written.
    """
    check_office(actor, programme.pk)
    locked = AwardProgramme.objects.select_for_update().get(pk=programme.pk)
    changed = _changed_settings(locked, fields, RULES_PAGE_FIELDS, "programme rule settings")
    if not changed:
        return locked
    old = {k: str(getattr(locked, k)) for k in changed}
    for key, value in changed.items():
        setattr(locked, key, value)
    # R2: the programme's manufacturing and service limits (what a round's own columns are
    # checked against) follow those buckets' places, unless the office changed them itself
    # (then both stand as it gave them, checked against the prize places below).
    explicit = set(LEGACY_BUCKET_LIMITS) & set(changed)
    for bucket in programme_rule_settings(locked).buckets():
        column = {MANUFACTURING: "manufacturing_places_limit", SERVICE: "service_places_limit"}
        if bucket.code in column and not explicit:
            setattr(locked, column[bucket.code], max(bucket.prize_places, bucket.nomination_places))
    check_rule_settings(locked)
    if {"sector_buckets", "prize_places_limit", "nomination_places_limit"} & set(changed):
        # R2 / Art. 6: the buckets' places add up to the places per round at each level.
        check_sector_buckets(locked)
    if explicit:
        check_place_limits(locked)
    try:
        locked.full_clean()
    except ValidationError as error:
        raise _validation_to_domain(error) from error
    locked.rules_version += 1
    locked.rules_approved_at = None
    locked.rules_approved_by = None
    locked.save()
    record_decision(
        actor=actor,
        action="programme.rules",
        obj=locked,
        reason=reason,
        data={
            "old": old,
            "new": {k: str(v) for k, v in changed.items()},
            "version": locked.rules_version,
        },
    )
    return locked


@transaction.atomic
def approve_programme_rules(
    programme: AwardProgramme, *, actor: User, note: str = ""
) -> AwardProgramme:
    """Art. 10: the leading group approves (审定) the programme's current rules.

    Preconditions: ``actor`` is a leading-group member of the programme. Approving a version
    already approved is a no-op. Side effects: the approved version, time and member saved;
    one "programme.approve_rules" decision with the settings as approved.
    """
    if not can_approve_programme_rules(actor, programme):
        raise DomainError(
            _("Only a leading-group member of this programme can approve its rules."),
            rule="R1",
            articles=(10,),
        )
    locked = AwardProgramme.objects.select_for_update().get(pk=programme.pk)
    if locked.rules_approved:
        return locked
    locked.rules_approved_version = locked.rules_version
    locked.rules_approved_at = timezone.now()
    locked.rules_approved_by = actor
    locked.save(update_fields=["rules_approved_version", "rules_approved_at", "rules_approved_by"])
    record_decision(
        actor=actor,
        action="programme.approve_rules",
        obj=locked,
        reason=note,
        data={**rule_settings_snapshot(locked), "version": locked.rules_version},
    )
    return locked


@transaction.atomic
def add_calendar_day(
    programme: AwardProgramme, *, actor: User, day: date, kind: str, name: str = ""
) -> HolidayCalendarDay:
    """R1 / Art. 21: enter a public holiday or an adjusted working day (调休) in the
    programme's holiday calendar, as the State Council announces them.

    Preconditions: office of the programme; a known kind; the date not entered yet; an
    adjusted working day falls on a Saturday or Sunday. Publicity periods already open keep
    the end they were opened with. Side effects: one row and one "calendar.add" decision.
    """
    check_office(actor, programme.pk)
    if kind not in CalendarDayKind.values:
        raise DomainError(_("Choose whether the day is a public holiday or a working day."))
    if kind == CalendarDayKind.WORKING_DAY and day.weekday() < SATURDAY:
        raise DomainError(
            _("%(day)s is a weekday: only a Saturday or Sunday can be an adjusted working day.")
            % {"day": day_text(day)},
            rule="R1",
        )
    if HolidayCalendarDay.objects.filter(programme=programme, day=day).exists():
        raise DomainError(
            _("%(day)s is already in the calendar; remove it first to change it.")
            % {"day": day_text(day)}
        )
    entry = HolidayCalendarDay.objects.create(
        programme=programme, day=day, kind=kind, name=name.strip()
    )
    record_decision(
        actor=actor,
        action="calendar.add",
        obj=programme,
        data={"day": day.isoformat(), "kind": kind, "name": entry.name},
    )
    return entry


@transaction.atomic
def remove_calendar_day(entry: HolidayCalendarDay, *, actor: User) -> None:
    """Remove a day from the programme's holiday calendar (office of the programme only).
    Side effects: the row deleted, one "calendar.remove" decision."""
    check_office(actor, entry.programme_id)
    programme = entry.programme
    data = {"day": entry.day.isoformat(), "kind": entry.kind, "name": entry.name}
    entry.delete()
    record_decision(actor=actor, action="calendar.remove", obj=programme, data=data)


# --- R6 / Art. 15: the city's leading industries, kept by the office --------------------------


def _check_leading_industry_name(programme: AwardProgramme, name: str, exclude: int | None) -> str:
    name = name.strip()
    if not name:
        raise DomainError(_("Give the name of the leading industry."), rule="R6")
    taken = LeadingIndustry.objects.filter(programme=programme, name=name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise DomainError(
            _("%(name)s is already in the list of leading industries.") % {"name": name},
            rule="R6",
        )
    return name


@transaction.atomic
def add_leading_industry(
    programme: AwardProgramme, *, actor: User, name: str, industry_classes: str
) -> LeadingIndustry:
    """R6 / Art. 15: enter one of the city's leading industries with its GB/T 4754 codes.

    Preconditions: office of the programme; a name not in the list yet; at least one valid
    code (:func:`awards.rules.parse_industry_codes`). Side effects: one row and one
    "leading_industry.add" decision on the programme.
    """
    check_office(actor, programme.pk)
    name = _check_leading_industry_name(programme, name, None)
    codes = parse_industry_codes(industry_classes)
    entry = LeadingIndustry.objects.create(
        programme=programme, name=name, industry_classes=" ".join(codes)
    )
    record_decision(
        actor=actor,
        action="leading_industry.add",
        obj=programme,
        data={"id": entry.pk, "name": name, "classes": codes},
    )
    return entry


@transaction.atomic
def change_leading_industry(
    entry: LeadingIndustry, *, actor: User, name: str, industry_classes: str
) -> LeadingIndustry:
    """R6 / Art. 15: change a leading industry's name or codes (office of the programme).
    Tags already decided keep their decision. Side effects: the row saved, one
    "leading_industry.change" decision with the values before and after."""
    locked = LeadingIndustry.objects.select_for_update().get(pk=entry.pk)
    check_office(actor, locked.programme_id)
    name = _check_leading_industry_name(locked.programme, name, locked.pk)
    codes = parse_industry_codes(industry_classes)
    before = {"name": locked.name, "classes": locked.class_codes}
    locked.name = name
    locked.industry_classes = " ".join(codes)
    locked.save(update_fields=["name", "industry_classes"])
    record_decision(
        actor=actor,
        action="leading_industry.change",
        obj=locked.programme,
        data={"id": locked.pk, "before": before, "name": name, "classes": codes},
    )
    return locked


@transaction.atomic
def remove_leading_industry(entry: LeadingIndustry, *, actor: User) -> None:
    """R6 / Art. 15: take an industry off the list (office of the programme). Tags already
    decided keep their decision. Side effects: the row deleted, one "leading_industry.remove"
    decision keeping its name and codes."""
    check_office(actor, entry.programme_id)
    programme = entry.programme
    data = {"id": entry.pk, "name": entry.name, "classes": entry.class_codes}
    entry.delete()
    record_decision(actor=actor, action="leading_industry.remove", obj=programme, data=data)


# --- The annual work plan (Art. 11(3)) -----------------------------------------------------

PlanItem = WorkPlanMilestone | WorkPlanTraining | WorkPlanBudgetLine | WorkPlanResearchNote


def transition_work_plan(
    plan: WorkPlan,
    to: str,
    *,
    actor: User | None,
    reason: str = "",
    extra: dict[str, Any] | None = None,
) -> WorkPlan:
    """Art. 11(3): the one move of a work plan through WORK_PLAN_TRANSITIONS, locked and logged
    ("work_plan.<state>") in one transaction. Who may make it is the caller's to check."""
    return transition_logged(
        plan, to, WORK_PLAN_TRANSITIONS, actor, reason, extra or {}, action=f"work_plan.{to}"
    )


def _check_plan_office(actor: User, plan: WorkPlan) -> None:
    if not can_draft_work_plan(actor, plan):
        raise DomainError(
            _("Only the office of this award programme drafts its work plan."), articles=(11,)
        )


def _locked_draft(plan: WorkPlan) -> WorkPlan:
    """The plan's row, locked; refused unless it is a draft (an item changes only then)."""
    locked = WorkPlan.objects.select_for_update().get(pk=plan.pk)
    if not locked.editable:
        raise DomainError(
            _(
                "The work plan is with the leading group or approved: it changes only as a "
                "draft (returned by the leading group)."
            ),
            articles=(11,),
        )
    return locked


@transaction.atomic
def create_work_plan(
    programme: AwardProgramme, *, actor: User, year: int, title: str, summary: str = ""
) -> WorkPlan:
    """Art. 11(3): the office starts the year's work plan, a draft.

    Preconditions: ``actor`` is office staff of the programme; no plan for the year yet.
    Side effects: the plan; one "work_plan.create" decision.
    """
    check_office(actor, programme.pk)
    AwardProgramme.objects.select_for_update().get(pk=programme.pk)
    if WorkPlan.objects.filter(programme=programme, year=year).exists():
        raise DomainError(
            _("The programme already has a work plan for %(year)d.") % {"year": year},
            articles=(11,),
        )
    plan = WorkPlan.objects.create(programme=programme, year=year, title=title, summary=summary)
    record_decision(
        actor=actor, action="work_plan.create", obj=plan, data={"year": year, "title": title}
    )
    return plan


@transaction.atomic
def update_work_plan(plan: WorkPlan, *, actor: User, title: str, summary: str) -> WorkPlan:
    """The office changes the draft's title and summary. Side effects: one "work_plan.edit"
    decision with the old and new values; nothing changed, nothing written."""
    _check_plan_office(actor, plan)
    locked = _locked_draft(plan)
    old = {"title": locked.title, "summary": locked.summary}
    new = {"title": title, "summary": summary}
    if old == new:
        return locked
    locked.title, locked.summary = title, summary
    locked.save(update_fields=["title", "summary"])
    record_decision(actor=actor, action="work_plan.edit", obj=locked, data={"old": old, "new": new})
    return locked


def _log_item(actor: User, plan: WorkPlan, item: PlanItem, *, action: str) -> None:
    record_decision(
        actor=actor,
        action=action,
        obj=plan,
        data={"item": str(item), "item_id": item.pk},
    )


@transaction.atomic
def add_milestone(
    plan: WorkPlan,
    *,
    actor: User,
    title: str,
    due_on: date,
    round: Round | None = None,
    stage: str = "",
) -> WorkPlanMilestone:
    """A milestone of the draft, optionally a stage of one of the programme's rounds (both or
    neither). Side effects: the milestone; one "work_plan.milestone_add" decision."""
    _check_plan_office(actor, plan)
    locked = _locked_draft(plan)
    if round is not None and round.programme_id != locked.programme_id:
        raise DomainError(_("The round is not one of this programme's rounds."))
    if bool(round) != bool(stage):
        raise DomainError(_("A milestone names a round and its stage together, or neither."))
    milestone = WorkPlanMilestone.objects.create(
        plan=locked, title=title, due_on=due_on, round=round, stage=stage
    )
    _log_item(actor, locked, milestone, action="work_plan.milestone_add")
    return milestone


@transaction.atomic
def add_training(
    plan: WorkPlan,
    *,
    actor: User,
    title: str,
    audience: str,
    planned_on: date,
    participants: int = 0,
) -> WorkPlanTraining:
    """A training session of the draft (experts, applicants or county offices). Side effects:
    the session; one "work_plan.training_add" decision."""
    _check_plan_office(actor, plan)
    locked = _locked_draft(plan)
    training = WorkPlanTraining.objects.create(
        plan=locked,
        title=title,
        audience=audience,
        planned_on=planned_on,
        participants=participants,
    )
    _log_item(actor, locked, training, action="work_plan.training_add")
    return training


@transaction.atomic
def add_budget_line(
    plan: WorkPlan, *, actor: User, item: str, amount: Decimal, note: str = ""
) -> WorkPlanBudgetLine:
    """A budget line of the draft (yuan, not negative). Side effects: the line; one
    "work_plan.budget_add" decision."""
    _check_plan_office(actor, plan)
    if amount < 0:
        raise DomainError(_("A budget amount cannot be negative."))
    locked = _locked_draft(plan)
    line = WorkPlanBudgetLine.objects.create(plan=locked, item=item, amount=amount, note=note)
    _log_item(actor, locked, line, action="work_plan.budget_add")
    return line


@contextmanager
def _saved_with_document(
    row: WorkPlanResearchNote | GuidanceDocument,
    upload: UploadedFile | None,
    checked: CheckedUpload | None,
) -> Iterator[None]:
    """Save ``row`` with its optional document (already checked: ``checked``), then run the
    block (its decision-log row); should the save or the block raise, the stored file is
    deleted again (the row rolls back with the caller's transaction)."""
    with removed_on_failure() as stored:
        if upload is not None and checked is not None:
            stored.store(row.document, f"upload{checked.suffix}", upload)
            row.document_name = checked.original_name
            row.document_content_type = checked.content_type
        row.save()
        yield


@transaction.atomic
def add_research_note(
    plan: WorkPlan,
    *,
    actor: User,
    source: str,
    title: str,
    text: str = "",
    upload: UploadedFile | None = None,
) -> WorkPlanResearchNote:
    """Art. 11(3): a note of the tracking research on another province's or city's award rules
    and procedures, with the document collected (uploads.py checks: type sniffed, size).

    Side effects: the note and its file (deleted again should the write fail); one
    "work_plan.research_add" decision with the file's SHA-256.
    """
    _check_plan_office(actor, plan)
    checked = check_upload(upload) if upload is not None else None
    locked = _locked_draft(plan)
    note = WorkPlanResearchNote(plan=locked, source=source, title=title, text=text)
    with _saved_with_document(note, upload, checked):
        record_decision(
            actor=actor,
            action="work_plan.research_add",
            obj=locked,
            data={
                "item": str(note),
                "item_id": note.pk,
                "sha256": checked.sha256 if checked else "",
            },
        )
    return note


@transaction.atomic
def remove_plan_item(item: PlanItem, *, actor: User) -> None:
    """Remove an item from the draft. Side effects: the row (and a research note's file, once
    committed); one "work_plan.<kind>_remove" decision."""
    plan = item.plan
    _check_plan_office(actor, plan)
    locked = _locked_draft(plan)
    _log_item(
        actor,
        locked,
        item,
        action="work_plan.milestone_remove"
        if isinstance(item, WorkPlanMilestone)
        else "work_plan.training_remove"
        if isinstance(item, WorkPlanTraining)
        else "work_plan.budget_remove"
        if isinstance(item, WorkPlanBudgetLine)
        else "work_plan.research_remove",
    )
    if isinstance(item, WorkPlanResearchNote) and item.document:
        delete_after_commit(item.document)
    item.delete()


@transaction.atomic
def mark_milestone_done(
    milestone: WorkPlanMilestone, *, actor: User, done_on: date | None
) -> WorkPlanMilestone:
    """The office records the day a milestone was done (or clears it), at any status of the
    plan: progress is tracked against the approved plan. Not a future day. Side effects: one
    "work_plan.milestone_done" decision."""
    _check_plan_office(actor, milestone.plan)
    if done_on is not None and done_on > timezone.localdate():
        raise DomainError(_("A milestone cannot be done on a day still to come."))
    locked = WorkPlanMilestone.objects.select_for_update().get(pk=milestone.pk)
    if locked.done_on == done_on:
        return locked
    before = locked.done_on
    locked.done_on = done_on
    locked.save(update_fields=["done_on"])
    record_decision(
        actor=actor,
        action="work_plan.milestone_done",
        obj=locked.plan,
        data={
            "item": str(locked),
            "item_id": locked.pk,
            "old": str(before or ""),
            "new": str(done_on or ""),
        },
    )
    return locked


def submit_work_plan(plan: WorkPlan, *, actor: User) -> WorkPlan:
    """Art. 11(3): the office submits its draft to the leading group.

    Preconditions: ``actor`` is office staff of the programme; the plan is a draft with at
    least one milestone. Side effects: "work_plan.submitted", the time of submission.
    """
    _check_plan_office(actor, plan)
    with transaction.atomic():
        locked = WorkPlan.objects.select_for_update().get(pk=plan.pk)
        if locked.status == WorkPlanStatus.DRAFT and not locked.milestones.exists():
            raise DomainError(
                _("Add at least one milestone before you submit the work plan."), articles=(11,)
            )
        return transition_work_plan(
            locked, WorkPlanStatus.SUBMITTED, actor=actor, extra={"submitted_at": timezone.now()}
        )


def _check_plan_leading_group(actor: User, plan: WorkPlan) -> None:
    if not can_approve_work_plan(actor, plan):
        raise DomainError(
            _("Only a leading-group member of this programme can decide on its work plan."),
            articles=(10, 11),
        )


def approve_work_plan(plan: WorkPlan, *, actor: User, note: str = "") -> WorkPlan:
    """Art. 11(3), 10: the leading group approves the submitted plan; it is final.

    Preconditions: ``actor`` is a leading-group member of the programme; the plan was
    submitted. Side effects: "work_plan.approved" with the note, the member and the time.
    """
    _check_plan_leading_group(actor, plan)
    return transition_work_plan(
        plan,
        WorkPlanStatus.APPROVED,
        actor=actor,
        reason=note,
        extra={"approved_at": timezone.now(), "approved_by": actor},
    )


def return_work_plan(plan: WorkPlan, *, actor: User, reason: str) -> WorkPlan:
    """Art. 11(3): the leading group returns the submitted plan to the office, saying why.

    Side effects: "work_plan.draft" with the reason; the office may change and resubmit it.
    """
    _check_plan_leading_group(actor, plan)
    if not reason.strip():
        raise DomainError(_("Say why the work plan goes back to the office."))
    return transition_work_plan(plan, WorkPlanStatus.DRAFT, actor=actor, reason=reason)


# --- Guiding the county and zone awards (Art. 11(9)) ----------------------------------------


def publish_guidance(
    programme: AwardProgramme,
    *,
    actor: User,
    title: str,
    text: str,
    upload: UploadedFile | None = None,
) -> GuidanceDocument:
    """Art. 11(9): the city office publishes guidance to the offices of the programmes it
    guides.

    Preconditions: ``actor`` is office staff of ``programme``, which guides at least one
    programme; an upload passes the uploads.py checks. Side effects: the document and its file
    (deleted again should the write fail); one "guidance.publish" decision.
    """
    if not can_guide_programmes(actor, programme):
        raise DomainError(_("Only the city office publishes guidance."), articles=(11,))
    if not programme.guided_programmes.exists():
        raise DomainError(
            _("This programme guides no county or zone programme on the portal."),
            articles=(11,),
        )
    checked = check_upload(upload) if upload is not None else None
    with transaction.atomic():
        document = GuidanceDocument(programme=programme, title=title, text=text, published_by=actor)
        with _saved_with_document(document, upload, checked):
            record_decision(
                actor=actor,
                action="guidance.publish",
                obj=document,
                data={"title": title, "sha256": checked.sha256 if checked else ""},
            )
    return document


def create_guided_programme(
    guiding: AwardProgramme, *, actor: User, template: str, **fields: Any
) -> AwardProgramme:
    """Art. 11(9): the city office sets up a county or zone programme it is to guide, starting
    from the 2022 measures or from ``guiding``'s settings and rules (``set_up_programme``)."""
    source = guiding if template == ProgrammeTemplate.GUIDING else None
    return set_up_programme(
        actor=actor, template=template, source=source, guided_by=guiding, **fields
    )


def _refuse_names_in_use(name: str, slug: str, *, exclude: AwardProgramme | None = None) -> None:
    """A programme's name and short name are its own: refused when another programme has
    either."""
    others = AwardProgramme.objects.all()
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.filter(name=name).exists():
        raise DomainError(_("An award programme with this name already exists."))
    if others.filter(slug=slug).exists():
        raise DomainError(_("Another award programme already has this short name."))


@transaction.atomic
def set_up_programme(
    *,
    actor: User,
    template: str,
    name: str,
    slug: str,
    awarding_body: str,
    office_name: str,
    leading_group_name: str = "",
    source: AwardProgramme | None = None,
    guided_by: AwardProgramme | None = None,
    **settings: Any,
) -> AwardProgramme:
    """A new programme on the portal: set up by the installation's operator, or by the office
    of a city programme for a county or zone programme it is to guide (Art. 11(9)).

    Preconditions: ``actor`` may set up a programme under ``guided_by``
    (``can_set_up_programme``); ``guided_by``, when given, is a city programme (none guides
    it); ``template`` is a ProgrammeTemplate, and GUIDING or COPY name their ``source``;
    ``settings`` are among ``awards.rules.PROGRAMME_SETTING_FIELDS`` (one left out takes the
    template's value) and pass ``programme_setting_problems``; the name and short name are not
    taken. Side effects: the programme, with the template's rule settings (the 2022 measures'
    or the source programme's current ones) as version 1 of its rules, not yet approved: its
    own leading group approves them before its first call (Art. 10). Started from a programme,
    its holiday calendar is copied too (the State Council's arrangements hold for the whole
    country). One "programme.create" decision with the template and the settings.
    """
    if not can_set_up_programme(actor, guided_by):
        raise DomainError(
            _("Only the office of a city programme sets up the programmes it guides."),
            articles=(11,),
        )
    if guided_by is not None and guided_by.guided_by_id is not None:
        raise DomainError(
            _("Only a city programme (one no other programme guides) guides other programmes."),
            articles=(11,),
        )
    unknown = set(settings) - set(PROGRAMME_SETTING_FIELDS)
    if unknown:
        raise DomainError(f"unknown programme settings: {sorted(unknown)}")
    if template not in ProgrammeTemplate.values or (
        template != ProgrammeTemplate.MEASURES and source is None
    ):
        raise DomainError(_("Choose what the new programme starts from."))
    name, slug = name.strip(), slug.strip().lower()
    _refuse_names_in_use(name, slug)
    origin = source if template != ProgrammeTemplate.MEASURES and source else AwardProgramme()
    values = {
        name: getattr(origin, name) for name in (*PROGRAMME_SETTING_FIELDS, *RULES_PAGE_FIELDS)
    }
    # R15: the new programme's levels take its own name, never the template's.
    values["prize_name"] = name
    values["nomination_name"] = default_nomination_name(name)
    values["individual_name"] = ""  # R15: the individual award too (its default: the new name)
    values["accepted_certification_standards"] = list(values["accepted_certification_standards"])
    values.update(settings)
    # R2 / Art. 6: the template's two buckets of the 2022 measures take the new programme's
    # manufacturing and service places (another set of buckets is kept as it is, and checked).
    if {b["code"] for b in values["sector_buckets"]} == {MANUFACTURING, SERVICE}:
        values["sector_buckets"] = default_bucket_json(
            values["manufacturing_places_limit"],
            values["service_places_limit"],
            values["nomination_places_limit"],
        )
    programme = AwardProgramme(
        name=name,
        slug=slug,
        awarding_body=awarding_body.strip(),
        office_name=office_name.strip(),
        leading_group_name=leading_group_name.strip(),
        guided_by=guided_by,
        rules_version=1,
        rules_approved_version=0,
        **values,
    )
    check_programme_settings(programme)
    check_rule_settings(programme)
    check_sector_buckets(programme)
    try:
        programme.full_clean()
    except ValidationError as error:
        raise _validation_to_domain(error) from error
    programme.save()
    if origin is source and source is not None:
        HolidayCalendarDay.objects.bulk_create(
            HolidayCalendarDay(programme=programme, day=entry.day, kind=entry.kind, name=entry.name)
            for entry in source.calendar_days.all()
        )
    record_decision(
        actor=actor,
        action="programme.create",
        obj=programme,
        data={
            "guided_by": guided_by.pk if guided_by else None,
            "template": template,
            "source": source.pk if source else None,
            "settings": {name: str(getattr(programme, name)) for name in PROGRAMME_SETTING_FIELDS},
            "rules": rule_settings_snapshot(programme),
            "version": programme.rules_version,
        },
    )
    return programme


# What the operator changes of a programme once it is set up (``update_programme``): its name
# and offices as notices name them, and the city programme that guides it; never its rules.
PROGRAMME_IDENTITY_FIELDS = (
    "name",
    "slug",
    "awarding_body",
    "office_name",
    "leading_group_name",
    "guided_by",
)


def _identity(programme: AwardProgramme) -> dict[str, Any]:
    return {
        "name": programme.name,
        "slug": programme.slug,
        "awarding_body": programme.awarding_body,
        "office_name": programme.office_name,
        "leading_group_name": programme.leading_group_name,
        "guided_by": programme.guided_by_id,
        # R15: the levels' names that follow the programme's name (``AwardProgramme.save``).
        "prize_name": programme.prize_name,
        "nomination_name": programme.nomination_name,
    }


@transaction.atomic
def update_programme(
    programme: AwardProgramme,
    *,
    actor: User,
    name: str,
    slug: str,
    awarding_body: str,
    office_name: str,
    leading_group_name: str = "",
    guided_by: AwardProgramme | None = None,
) -> AwardProgramme:
    """The installation's operator corrects a programme after its set-up: its name and short
    name, its awarding body, office and leading group as notices name them, and the city
    programme that guides it (Art. 11(9)).

    Preconditions: ``actor`` is the operator (``can_edit_programme``); the name and short name
    are not another programme's; ``guided_by``, when given, is a city programme (none guides
    it) other than this one, and this one guides no programme itself (guidance has one level).
    Idempotent: nothing changed, nothing written. Side effects: the locked row saved; one
    "programme.edit" decision with each change as [before, after]. The levels' names left at
    the programme's name follow a new name (R15, ``AwardProgramme.save``); the other rule
    settings stay the office's to change, as a new version its leading group approves, and
    rounds keep the titles and rules they have.
    """
    if not can_edit_programme(actor):
        raise DomainError(
            _("Only the portal's administrator changes a programme once it is set up."),
            articles=(11,),
        )
    locked = AwardProgramme.objects.select_for_update().get(pk=programme.pk)
    name, slug = name.strip(), slug.strip().lower()
    _refuse_names_in_use(name, slug, exclude=locked)
    if guided_by is not None and guided_by.pk != locked.guided_by_id:
        if guided_by.pk == locked.pk or guided_by.guided_by_id is not None:
            raise DomainError(
                _("Only a city programme (one no other programme guides) guides other programmes."),
                articles=(11,),
            )
        if locked.guided_programmes.exists():
            raise DomainError(
                _(
                    "This programme guides other programmes: no programme can guide it "
                    "(Art. 11(9))."
                ),
                articles=(11,),
            )
    before = _identity(locked)
    locked.name = name
    locked.slug = slug
    locked.awarding_body = awarding_body.strip()
    locked.office_name = office_name.strip()
    locked.leading_group_name = leading_group_name.strip()
    locked.guided_by = guided_by
    if _identity(locked) == before:
        return locked
    # Only what changes here is checked: a value of its rules set before a check existed
    # does not stop a correction of its name.
    unchecked = [
        f.name for f in AwardProgramme._meta.fields if f.name not in PROGRAMME_IDENTITY_FIELDS
    ]
    try:
        locked.full_clean(exclude=unchecked)
    except ValidationError as error:
        raise _validation_to_domain(error) from error
    locked.save()
    after = _identity(locked)
    record_decision(
        actor=actor,
        action="programme.edit",
        obj=locked,
        data={
            "changes": {
                key: [before[key], after[key]] for key in after if before[key] != after[key]
            }
        },
    )
    return locked
