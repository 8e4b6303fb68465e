"""Every write about applications: dossier, attachments, submission, eligibility, consultations."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from awards.enums import RoundStage
from awards.models import Round
from decisionlog.services import record_decision
from decisionlog.workflow import DomainError, transition_state
from organisations.models import Department, Organisation, Recommender

from .enums import (
    APPLICATION_TRANSITIONS,
    OPEN_STATUSES,
    ApplicationStatus,
    ConsultationResult,
    EligibilityCondition,
)
from .models import Application, Attachment, Consultation, DossierVersion, EligibilityCheck
from .permissions import can_edit_dossier, is_applicant_of, is_recommender_of
from .rules import check_not_banned, check_reapplication_interval, check_window_open
from .selectors import stored_bytes, users_of_organisation
from .uploads import check_upload

DOSSIER_FIELDS = (
    "main_products",
    "quality_summary",
    "self_assessment",
    "tag_sme_innovation",
    "tag_digital_economy",
    "tag_key_industry_leader",
    "recommender",
)


def transition_application(
    application: Application, to: str, *, actor: User | None, reason: str = "", **extra: Any
) -> Application:
    """The only way an application's status changes."""
    return transition_state(
        application,
        to,
        table=APPLICATION_TRANSITIONS,
        actor=actor,
        action=f"application.{to}",
        reason=reason,
        extra=extra,
    )


@transaction.atomic
def start_application(round: Round, organisation: Organisation, *, actor: User) -> Application:
    """Open a draft dossier. R1 window, R7 interval, R8 bar; one application per round."""
    check_window_open(round)
    check_not_banned(organisation)
    check_reapplication_interval(organisation, round)
    existing = Application.objects.filter(round=round, organisation=organisation).first()
    if existing:
        return existing
    application = Application.objects.create(
        round=round, organisation=organisation, sector=organisation.sector
    )
    record_decision(actor=actor, action="application.start", obj=application, to_state="draft")
    return application


@transaction.atomic
def update_dossier(application: Application, *, actor: User, **fields: Any) -> Application:
    """Save dossier fields while the application is a draft and the window is open (R1)."""
    locked = Application.objects.select_for_update().select_related("round").get(pk=application.pk)
    if not can_edit_dossier(actor, locked):
        check_window_open(locked.round)
        raise DomainError(_("This dossier can no longer be changed."), rule="R13")
    unknown = set(fields) - set(DOSSIER_FIELDS)
    if unknown:
        raise DomainError(f"unknown dossier fields: {sorted(unknown)}")
    for key, value in fields.items():
        setattr(locked, key, value)
    locked.save()
    return locked


@transaction.atomic
def add_attachment(
    application: Application,
    *,
    actor: User,
    upload: UploadedFile,
    kind: str,
    is_secret: bool = False,
) -> Attachment:
    """Store a checked upload under a generated name; keep its original name (R13: drafts only)."""
    locked = Application.objects.select_for_update().select_related("round").get(pk=application.pk)
    if not can_edit_dossier(actor, locked):
        check_window_open(locked.round)
        raise DomainError(_("This dossier can no longer be changed."), rule="R13")
    checked = check_upload(upload, already_stored_bytes=stored_bytes(locked))
    attachment = Attachment(
        application=locked,
        kind=kind,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        is_secret=is_secret,
        uploaded_by=actor,
    )
    attachment.file.save(f"upload{checked.suffix}", upload, save=False)
    # If the insert fails the stored file must go too: nothing half-written.
    transaction.on_commit(lambda: None)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def remove_attachment(attachment: Attachment, *, actor: User) -> None:
    """A draft's attachment may be removed before submission; submitted ones never are (R13)."""
    if not can_edit_dossier(actor, attachment.application):
        raise DomainError(_("This dossier can no longer be changed."), rule="R13")
    stored = attachment.file.name
    storage = attachment.file.storage
    Attachment.objects.filter(pk=attachment.pk).delete()
    transaction.on_commit(lambda: storage.delete(stored))


def submit_application(application: Application, *, actor: User, declaration: bool) -> Application:
    """Submit before the deadline with the declaration of truthfulness (R13, Art. 28).

    Keeps the dossier exactly as submitted as a new version and notifies the organisation.
    """
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update()
            .select_related("round", "organisation")
            .get(pk=application.pk)
        )
        if not is_applicant_of(actor, locked):
            raise DomainError(_("Only the organisation itself can submit its application."))
        check_window_open(locked.round)
        if not declaration:
            raise DomainError(
                _("Submission needs the declaration that the dossier is true and complete."),
                rule="R13",
            )
        missing = [
            str(locked._meta.get_field(f).verbose_name)  # type: ignore[union-attr]
            for f in ("main_products", "quality_summary", "self_assessment")
            if not getattr(locked, f).strip()
        ]
        if missing:
            raise DomainError(_("Please fill in: %(fields)s.") % {"fields": "、".join(missing)})
        if not locked.attachments.exists():
            raise DomainError(_("Attach at least the signed application form."))
        if locked.round.recommendation_required and locked.recommender_id is None:
            raise DomainError(_("Choose the recommending unit."))
        now = timezone.now()
        locked = transition_application(
            locked,
            ApplicationStatus.SUBMITTED,
            actor=actor,
            submitted_at=now,
            submitted_by=actor,
            declaration_accepted_at=now,
        )
        number = (locked.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        DossierVersion.objects.create(
            application=locked, number=number, data=locked.dossier_snapshot(), created_by=actor
        )
        from notifications.services import notify

        notify(
            users_of_organisation(locked.organisation_id),
            subject=_("Application submitted"),
            body=_("Your application to %(round)s was submitted at %(when)s.")
            % {"round": locked.round, "when": timezone.localtime(now).strftime("%Y-%m-%d %H:%M")},
        )
    return locked


def lapse_unsubmitted_drafts(round: Round) -> int:
    """When the window closes, drafts become "not submitted" (each logged)."""
    count = 0
    for application in round.applications.filter(status=ApplicationStatus.DRAFT):
        transition_application(
            application,
            ApplicationStatus.NOT_SUBMITTED,
            actor=None,
            reason=_("Application deadline reached before submission."),
        )
        count += 1
    return count


@transaction.atomic
def record_recommendation(application: Application, *, actor: User, opinion: str) -> Application:
    """Art. 12, 28: the recommending unit writes its opinion and answers for it."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if not is_recommender_of(actor, locked):
        raise DomainError(_("Only the chosen recommending unit can write this opinion."))
    if locked.status not in (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED):
        raise DomainError(_("The recommendation can no longer be changed."))
    if not opinion.strip():
        raise DomainError(_("The recommendation opinion is empty."))
    locked.recommendation_opinion = opinion
    locked.recommended_at = timezone.now()
    locked.save(update_fields=["recommendation_opinion", "recommended_at", "updated_at"])
    record_decision(actor=actor, action="application.recommend", obj=locked, reason=opinion)
    return locked


@transaction.atomic
def record_eligibility_check(
    application: Application, *, actor: User, condition: str, met: bool, evidence: str = ""
) -> EligibilityCheck:
    """R5: record one condition of Art. 13 with its evidence."""
    if condition not in EligibilityCondition.values:
        raise DomainError(_("Unknown eligibility condition."))
    if application.status != ApplicationStatus.SUBMITTED:
        raise DomainError(_("Eligibility is checked only for submitted applications."))
    check, _created = EligibilityCheck.objects.update_or_create(
        application=application,
        condition=condition,
        defaults={"met": met, "evidence": evidence, "checked_by": actor},
    )
    record_decision(
        actor=actor,
        action="eligibility.check",
        obj=application,
        reason=evidence,
        data={"condition": condition, "met": met},
    )
    return check


def eligibility_blockers(application: Application) -> list[str]:
    """Why the office cannot (yet) confirm eligibility: R5 conditions and adverse records."""
    blockers: list[str] = []
    checks = {c.condition: c for c in application.eligibility_checks.all()}
    for condition in EligibilityCondition:
        check = checks.get(condition.value)
        if check is None:
            blockers.append(_("Not yet checked: %(c)s") % {"c": condition.label})
        elif not check.met:
            blockers.append(_("Not met: %(c)s") % {"c": condition.label})
    for consultation in application.consultations.select_related("department"):
        if consultation.result == ConsultationResult.PENDING:
            blockers.append(_("Awaiting the reply of %(d)s") % {"d": consultation.department})
        elif consultation.blocks:
            blockers.append(_("Adverse record reported by %(d)s") % {"d": consultation.department})
    if application.round.recommendation_required and not application.recommended_at:
        blockers.append(_("The recommending unit has not written its opinion."))
    return blockers


def decide_eligibility(
    application: Application, *, actor: User, eligible: bool, reason: str = "", sector: str = ""
) -> Application:
    """Art. 17: the office confirms an application eligible, or not with a reason (R5)."""
    from accounts.permissions import is_office_of

    if not is_office_of(actor, application.round.programme_id):
        raise DomainError(_("Only the office decides eligibility."))
    if application.round.stage != RoundStage.ELIGIBILITY:
        raise DomainError(_("The round is not in its eligibility check."), rule="R1")
    with transaction.atomic():
        if eligible:
            blockers = eligibility_blockers(application)
            if blockers:
                raise DomainError("; ".join(blockers), rule="R5")
            extra: dict[str, Any] = {"eligibility_reason": reason, "sector_confirmed": True}
            if sector:
                extra["sector"] = sector
            result = transition_application(
                application, ApplicationStatus.ELIGIBLE, actor=actor, reason=reason, **extra
            )
        else:
            if not reason.strip():
                raise DomainError(
                    _("Give the reason why the application is not eligible."), rule="R5"
                )
            result = transition_application(
                application,
                ApplicationStatus.INELIGIBLE,
                actor=actor,
                reason=reason,
                eligibility_reason=reason,
            )
        from notifications.services import notify

        notify(
            users_of_organisation(application.organisation_id),
            subject=_("Eligibility decision"),
            body=(
                _("Your application is eligible and goes on to material review.")
                if eligible
                else _("Your application is not eligible. Reason: %(r)s") % {"r": reason}
            ),
        )
    return result


@transaction.atomic
def send_consultation(
    application: Application,
    *,
    actor: User,
    department: Department,
    question: str,
    due_on: Any = None,
) -> Consultation:
    """Art. 17: ask a department about the applicant's record."""
    consultation, created = Consultation.objects.get_or_create(
        application=application,
        department=department,
        defaults={"question": question, "due_on": due_on, "sent_by": actor},
    )
    if created:
        record_decision(
            actor=actor,
            action="consultation.send",
            obj=application,
            data={"department": department.name, "question": question},
        )
    return consultation


@transaction.atomic
def answer_consultation(
    consultation: Consultation, *, actor: User, result: str, details: str = ""
) -> Consultation:
    """The department liaison answers: no adverse record / adverse record with details."""
    from accounts.enums import Role
    from accounts.models import ProgrammeRole

    locked = (
        Consultation.objects.select_for_update()
        .select_related("application__round")
        .get(pk=consultation.pk)
    )
    is_liaison = ProgrammeRole.objects.filter(
        user=actor,
        role=Role.LIAISON,
        department_id=locked.department_id,
        programme_id=locked.application.round.programme_id,
        active=True,
    ).exists()
    if not is_liaison:
        raise DomainError(_("Only the department's liaison can answer this consultation."))
    if result not in (ConsultationResult.NO_ADVERSE, ConsultationResult.ADVERSE):
        raise DomainError(_("Choose the answer."))
    if result == ConsultationResult.ADVERSE and not details.strip():
        raise DomainError(_("Describe the adverse record."))
    if locked.result != ConsultationResult.PENDING:
        raise DomainError(_("This consultation has already been answered."))
    locked.result = result
    locked.details = details
    locked.answered_at = timezone.now()
    locked.answered_by = actor
    locked.save()
    record_decision(
        actor=actor,
        action="consultation.answer",
        obj=locked.application,
        reason=details,
        data={"department": str(locked.department), "result": result},
    )
    return locked


def withdraw_application(application: Application, *, actor: User, reason: str = "") -> Application:
    if not is_applicant_of(actor, application):
        raise DomainError(_("Only the organisation itself can withdraw its application."))
    if application.status not in OPEN_STATUSES | {ApplicationStatus.DRAFT}:
        raise DomainError(_("This application can no longer be withdrawn."))
    return transition_application(
        application, ApplicationStatus.WITHDRAWN, actor=actor, reason=reason
    )


def disqualify_application(application: Application, *, actor: User, reason: str) -> Application:
    """R8: fraud found before an award disqualifies the application."""
    from accounts.permissions import is_office_of

    if not is_office_of(actor, application.round.programme_id):
        raise DomainError(_("Only the office can disqualify an application."))
    if not reason.strip():
        raise DomainError(_("Give the reason."), rule="R8")
    return transition_application(
        application, ApplicationStatus.DISQUALIFIED, actor=actor, reason=reason
    )


def recommenders_for(organisation: Organisation) -> list[Recommender]:
    """The county of the organisation first, then the industry departments and associations."""
    return sorted(
        Recommender.objects.all(),
        key=lambda r: (r.division_id != organisation.division_id, r.kind != "county", r.name),
    )
