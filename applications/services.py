"""Every write about applications: dossier, attachments, submission, eligibility, consultations."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from awards.enums import RoundStage
from awards.models import Round
from decisionlog.services import record_decision
from decisionlog.workflow import DomainError, transition_state
from organisations.models import Department, Organisation, Recommender
from organisations.permissions import email_is_verified

from .enums import (
    APPLICATION_TRANSITIONS,
    OPEN_STATUSES,
    ApplicationStatus,
    AttachmentKind,
    ConsultationResult,
    EligibilityCondition,
)
from .models import Application, Attachment, Consultation, DossierVersion, EligibilityCheck
from .permissions import can_edit_dossier, is_applicant_of, is_recommender_of, organisation_id_of
from .rules import check_not_banned, check_reapplication_interval, check_window_open
from .selectors import dossier_gaps, stored_bytes, users_of_organisation
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
    """Open a draft dossier for the actor's own organisation.

    Preconditions: the actor belongs to the organisation; the round's window is open (R1);
    the organisation is not barred (R8) and not within two rounds of a prize win (R7).
    Idempotent: one application per round, an existing one is returned as it is.
    Side effects: creates the draft and logs ``application.start``.
    """
    if organisation_id_of(actor) != organisation.pk:
        raise DomainError(_("Only the organisation itself can start its application."))
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


class DossierConflict(DomainError):
    """A save refused because a colleague saved the dossier after the user's page was loaded.

    ``differences`` maps each submitted field whose stored value differs from the user's to
    the stored (the colleague's) value; ``current`` is the stored application.
    """

    def __init__(self, message: str, *, current: Application, differences: dict[str, Any]) -> None:
        super().__init__(message)
        self.current = current
        self.differences = differences

    @property
    def revision(self) -> int:
        return self.current.dossier_revision


def _stored_value(application: Application, name: str) -> Any:
    if name == "recommender":
        return application.recommender_id
    return getattr(application, name)


def _submitted_value(name: str, value: Any) -> Any:
    if name == "recommender":
        return getattr(value, "pk", value)
    return value


def dossier_save_conflicts(
    application: Application, *, actor: User, expected_revision: int | None
) -> bool:
    """Issue 3, no silent overwrite: a save conflicts when a colleague saved the dossier after
    the saving user's page was loaded (the stored revision is newer than the page's). The
    user's own later save (e.g. an autosave still in flight when they press Save) is not a
    conflict."""
    if expected_revision is None or application.dossier_revision == expected_revision:
        return False
    return application.last_saved_by_id != actor.pk


def update_dossier(
    application: Application,
    *,
    actor: User,
    expected_revision: int | None = None,
    **fields: Any,
) -> Application:
    """Save dossier fields while the application is a draft and the window is open (R1).

    Preconditions: the actor belongs to the organisation; the application is a draft (R13:
    what was submitted is never overwritten); only the fields in DOSSIER_FIELDS; when
    ``expected_revision`` is given (every page of the portal gives the revision it was loaded
    with), no colleague saved since (:func:`dossier_save_conflicts`): otherwise
    :class:`DossierConflict` is raised with their values and nothing is written.
    Side effects: saves the fields on the locked row, increments ``dossier_revision`` and sets
    ``last_saved_by``/``last_saved_at``, all in one transaction.
    """
    with transaction.atomic():
        locked = (
            # Lock only the application row: last_saved_by is a nullable (outer) join.
            Application.objects.select_for_update(of=("self",))
            .select_related("round", "last_saved_by")
            .get(pk=application.pk)
        )
        if not can_edit_dossier(actor, locked):
            check_window_open(locked.round)
            raise DomainError(_("This dossier can no longer be changed."), rule="R13")
        unknown = set(fields) - set(DOSSIER_FIELDS)
        if unknown:
            raise DomainError(f"unknown dossier fields: {sorted(unknown)}")
        if dossier_save_conflicts(locked, actor=actor, expected_revision=expected_revision):
            differences = {
                name: _stored_value(locked, name)
                for name, value in fields.items()
                if _stored_value(locked, name) != _submitted_value(name, value)
            }
            who = str(locked.last_saved_by) if locked.last_saved_by else _("a colleague")
            when = (
                timezone.localtime(locked.last_saved_at).strftime("%Y-%m-%d %H:%M:%S")
                if locked.last_saved_at
                else ""
            )
            raise DossierConflict(
                _(
                    "Not saved: %(who)s saved this dossier at %(when)s, after you opened it. "
                    "Your text is kept below; compare it with their version, then save again "
                    "to keep yours."
                )
                % {"who": who, "when": when},
                current=locked,
                differences=differences,
            )
        for key, value in fields.items():
            setattr(locked, key, value)
        locked.dossier_revision += 1
        locked.last_saved_by = actor
        locked.last_saved_at = timezone.now()
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
    """Store a checked upload under a generated name; keep its original name.

    Preconditions: the actor belongs to the organisation, the application is a draft and the
    window is open (R1, R13); ``kind`` is an AttachmentKind; the upload passes
    :func:`applications.uploads.check_upload` (type sniffed from the content and matching
    the name, size limits). Side effects: writes the file under
    ``attachments/<application>/<uuid><suffix>`` and its Attachment row; a refused upload
    stores nothing.
    """
    locked = Application.objects.select_for_update().select_related("round").get(pk=application.pk)
    if not can_edit_dossier(actor, locked):
        check_window_open(locked.round)
        raise DomainError(_("This dossier can no longer be changed."), rule="R13")
    if kind not in AttachmentKind.values:
        raise DomainError(_("Choose what kind of document this is."))
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
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def remove_attachment(attachment: Attachment, *, actor: User) -> None:
    """A draft's attachment may be removed before submission; submitted ones never are (R13).

    Preconditions: as for :func:`add_attachment`. Side effects: deletes the row, and the
    stored file once the transaction commits.
    """
    locked = (
        Application.objects.select_for_update()
        .select_related("round")
        .get(pk=attachment.application_id)
    )
    if not can_edit_dossier(actor, locked):
        check_window_open(locked.round)
        raise DomainError(_("This dossier can no longer be changed."), rule="R13")
    stored = attachment.file.name
    storage = attachment.file.storage
    Attachment.objects.filter(pk=attachment.pk).delete()
    transaction.on_commit(lambda: storage.delete(stored))


def declaration_text() -> str:
    """R13 / Art. 28: the declaration of truthfulness the applicant gives on submission."""
    return _(
        "We declare that this application and all its attachments are true, accurate and "
        "complete, and we answer for them. We know that an organisation that obtains the award "
        "by fraud loses the honour, returns the plaque and certificate, repays the prize money, "
        "is announced publicly, and may not apply for the Mayor's Quality Award, the Jinggang "
        "Quality Award or the China Quality Award for ten years (Art. 28 of the Measures)."
    )


def required_attachment_checklist(application: Application) -> list[tuple[str, str, bool]]:
    """R13 / issue 3: each attachment type the round requires, as (value, label, present)."""
    present = set(application.attachments.values_list("kind", flat=True))
    labels = dict(AttachmentKind.choices)
    return [
        (kind, str(labels.get(kind, kind)), kind in present)
        for kind in application.round.required_attachment_kinds or []
    ]


def missing_required_attachments(application: Application) -> list[str]:
    """R13 / issue 3: the labels of the required attachment types without any attachment."""
    return [
        label for _kind, label, present in required_attachment_checklist(application) if not present
    ]


def required_attachments_gap(application: Application) -> str:
    """R13 / issue 3: the message listing the missing required types ("" when none)."""
    checklist = required_attachment_checklist(application)
    missing = [label for _kind, label, present in checklist if not present]
    if not missing:
        return ""
    missing_kinds = [kind for kind, _label, present in checklist if not present]
    if missing_kinds == [AttachmentKind.APPLICATION_FORM] and not application.attachments.exists():
        # dossier_gaps already asks for the signed and sealed form: say it once.
        return ""
    return _("Attach the required documents: %(types)s.") % {"types": "、".join(missing)}


def submit_application(application: Application, *, actor: User, declaration: bool) -> Application:
    """Submit before the deadline with the declaration of truthfulness (R13, Art. 28).

    Preconditions: the actor belongs to the organisation; the window is open (R1, server
    time); the organisation is not barred (R8); the actor's e-mail address is verified
    (issue 3); the declaration is given; the dossier is
    complete (:func:`applications.selectors.dossier_gaps`: fields, an attachment, the
    recommending unit when the round requires one) and holds at least one attachment of each
    type the round requires (:func:`missing_required_attachments`, issue 3).
    Side effects: DRAFT -> SUBMITTED (logged), keeps the dossier exactly as submitted as a new
    DossierVersion with the declaration text, and notifies the organisation's users.
    """
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update()
            .select_related("round", "organisation")
            .get(pk=application.pk)
        )
        if not is_applicant_of(actor, locked):
            raise DomainError(_("Only the organisation itself can submit its application."))
        if locked.status != ApplicationStatus.DRAFT:
            # Re-submitting would add a version over what was submitted (R13).
            raise DomainError(
                _("This application is “%(status)s”: it cannot be submitted again.")
                % {"status": locked.get_status_display()},
                rule="R13",
            )
        check_window_open(locked.round)
        check_not_banned(locked.organisation)
        if not email_is_verified(actor):
            raise DomainError(
                _(
                    "Please confirm your e-mail address first: open the link we e-mailed to "
                    "%(email)s, or ask for a new one."
                )
                % {"email": actor.email}
            )
        if not declaration:
            raise DomainError(
                _("Submission needs the declaration that the dossier is true and complete."),
                rule="R13",
            )
        gaps = dossier_gaps(locked)
        required_gap = required_attachments_gap(locked)
        if required_gap:
            gaps.append(required_gap)
        if gaps:
            raise DomainError(" ".join(gaps), rule="R13")
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
        snapshot = locked.dossier_snapshot()
        snapshot["recommender"] = (
            {"id": locked.recommender_id, "name": str(locked.recommender)}
            if locked.recommender_id
            else None
        )
        snapshot["declaration"] = declaration_text()
        snapshot["submitted_at"] = now.isoformat()
        DossierVersion.objects.create(
            application=locked, number=number, data=snapshot, created_by=actor
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
    """Art. 12, 28: the recommending unit writes its opinion and answers for it.

    Preconditions: ``actor`` is a recommender user of the unit the application names, in its
    programme; the application is a draft or submitted (before the eligibility decision); the
    opinion is not empty. A new opinion replaces the old one; each is kept in the decision log
    (R13, R14).
    """
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
    """R5: record one condition of Art. 13 with its evidence (office of the programme only).

    Preconditions: the application is submitted (its eligibility not yet decided). A new
    check of the same condition replaces the old one; every check is in the decision log.
    """
    from .permissions_office import is_office_for

    # The caller's copy may be stale (a status changed since it was read): decide on the row.
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("round")
        .get(pk=application.pk)
    )
    if not is_office_for(actor, application):
        raise DomainError(_("Only the office checks eligibility."))
    if condition not in EligibilityCondition.values:
        raise DomainError(_("Unknown eligibility condition."))
    if application.status != ApplicationStatus.SUBMITTED:
        raise DomainError(_("Eligibility is checked only for submitted applications."))
    if not met and not evidence.strip():
        raise DomainError(_("Say why the condition is not met."), rule="R5")
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
    """Art. 17: the office confirms an application eligible, or not with a reason (R5).

    Preconditions: office of the programme; the round is in its eligibility check; eligible
    only with no blocker (every condition of Art. 13 checked and met, no pending consultation,
    no unwaived adverse record, the recommendation written when the round requires one);
    not eligible only with a reason. ``sector`` (R2) is the sector bucket the office confirms.
    Side effects: status submitted -> eligible/ineligible, logged; the organisation notified.
    """
    from accounts.permissions import is_office_of
    from organisations.enums import Sector

    with transaction.atomic():
        # Decide on the locked row and the round as it is now, not the caller's copy.
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("round")
            .get(pk=application.pk)
        )
        if not is_office_of(actor, application.round.programme_id):
            raise DomainError(_("Only the office decides eligibility."))
        if application.round.stage != RoundStage.ELIGIBILITY:
            raise DomainError(_("The round is not in its eligibility check."), rule="R1")
        if sector and sector not in Sector.values:
            raise DomainError(_("Unknown sector."), rule="R2")
        if application.status != ApplicationStatus.SUBMITTED:
            raise DomainError(_("The eligibility of this application has already been decided."))
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
    """Art. 17: ask a department about the applicant's record (office of the programme only).

    Preconditions: the application is still in the running; the question is not empty; the
    reply date is not in the past. One consultation per department: sending the same question
    again returns the first, a different one is refused. Side effects: one consultation row,
    one decision, the department's liaisons notified.
    """
    from .permissions_office import can_consult

    if not can_consult(actor, application):
        raise DomainError(
            _("Only the office consults departments about an application in the running.")
        )
    if not question.strip():
        raise DomainError(_("Write the question for the department."))
    if due_on is not None and due_on < timezone.localdate():
        raise DomainError(_("The reply date is in the past."))
    existing = Consultation.objects.filter(application=application, department=department).first()
    if existing is not None:
        if existing.question == question:
            return existing
        raise DomainError(
            _("%(d)s has already been consulted about this application.") % {"d": department}
        )
    consultation = Consultation.objects.create(
        application=application,
        department=department,
        question=question,
        due_on=due_on,
        sent_by=actor,
    )
    record_decision(
        actor=actor,
        action="consultation.send",
        obj=application,
        data={"department": department.name, "question": question},
    )
    from notifications.services import notify

    from .selectors_office import liaisons_of_department

    notify(
        liaisons_of_department(department.pk, application.round.programme_id),
        subject=_("Consultation from the award office"),
        body=_("The award office asks about %(org)s: %(question)s")
        % {"org": application.organisation, "question": question},
        url=reverse("applications:consultation_answer", args=[consultation.pk]),
    )
    return consultation


@transaction.atomic
def waive_adverse_record(consultation: Consultation, *, actor: User, reason: str) -> Consultation:
    """R5 / Art. 17: an adverse record blocks the organisation unless the office records why
    it does not apply.

    Preconditions: office of the programme; the department answered "adverse record"; the
    application's eligibility is not yet decided; a reason. Side effects: the reason saved
    (once: it is not overwritten, R14) and one decision logged.
    """
    from .permissions_office import is_office_for

    locked = (
        Consultation.objects.select_for_update()
        .select_related("application__round", "department")
        .get(pk=consultation.pk)
    )
    if not is_office_for(actor, locked.application):
        raise DomainError(_("Only the office can record why an adverse record does not apply."))
    if locked.result != ConsultationResult.ADVERSE:
        raise DomainError(_("Only an adverse record can be set aside."), rule="R5")
    if locked.adverse_waiver_reason:
        raise DomainError(_("The reason has already been recorded."), rule="R14")
    if locked.application.status != ApplicationStatus.SUBMITTED:
        raise DomainError(_("The eligibility of this application has already been decided."))
    if not reason.strip():
        raise DomainError(_("Give the reason why the adverse record does not apply."), rule="R5")
    locked.adverse_waiver_reason = reason
    locked.save(update_fields=["adverse_waiver_reason"])
    record_decision(
        actor=actor,
        action="consultation.waive",
        obj=locked.application,
        reason=reason,
        data={"department": str(locked.department), "details": locked.details},
    )
    return locked


@transaction.atomic
def answer_consultation(
    consultation: Consultation, *, actor: User, result: str, details: str = ""
) -> Consultation:
    """Art. 17: the department liaison answers: no adverse record / adverse record with details.

    Preconditions: ``actor`` is a liaison of the consulted department in the programme and has
    signed the round's commitment (R12); the consultation is unanswered; an adverse record is
    described. Side effects: the answer saved, one decision logged, the office notified.
    """
    from awards.permissions import has_signed_commitment

    from .permissions_office import is_liaison_for

    locked = (
        Consultation.objects.select_for_update()
        .select_related("application__round", "application__organisation", "department")
        .get(pk=consultation.pk)
    )
    if not is_liaison_for(actor, locked):
        raise DomainError(_("Only the department's liaison can answer this consultation."))
    if result not in (ConsultationResult.NO_ADVERSE, ConsultationResult.ADVERSE):
        raise DomainError(_("Choose the answer."))
    if result == ConsultationResult.ADVERSE and not details.strip():
        raise DomainError(_("Describe the adverse record."))
    if locked.result != ConsultationResult.PENDING:
        raise DomainError(_("This consultation has already been answered."))
    if not has_signed_commitment(actor, locked.application.round):
        raise DomainError(_("Sign the round's confidentiality commitment first."), rule="R12")
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
    from notifications.services import notify

    from .selectors_office import office_users_of_programme

    notify(
        office_users_of_programme(locked.application.round.programme_id),
        subject=_("A department answered a consultation"),
        body=_("%(d)s answered about %(org)s: %(result)s")
        % {
            "d": locked.department,
            "org": locked.application.organisation,
            "result": locked.get_result_display(),
        },
        url=reverse("applications:office_detail", args=[locked.application_id]),
    )
    return locked


def withdraw_application(application: Application, *, actor: User, reason: str = "") -> Application:
    """The organisation withdraws its application while it is a draft or still in the running.

    Side effects: -> WITHDRAWN through the locking transition, logged with the reason.
    """
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
