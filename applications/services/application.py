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
from accounts.permissions import is_office_of
from applications import hooks
from applications.eligibility import applicable_conditions, compute_conditions
from applications.enums import (
    ADVANCING_STATUSES,
    APPLICATION_TRANSITIONS,
    NOT_APPLICANT_KINDS,
    OPEN_STATUSES,
    AdverseRecordStatus,
    ApplicationStatus,
    AttachmentKind,
    ComplianceDeclaration,
    ConsultationResult,
    EligibilityCondition,
    FinancialMetric,
    LeaderTagDecision,
    SafetyLevel,
)
from applications.form_data import (
    CERTIFICATE_KEYS,
    MAX_CERTIFICATES,
    deadline_date,
    form_years,
    parse_amount,
    scheme_categories,
)
from applications.models import (
    AdverseRecord,
    Application,
    Attachment,
    Consultation,
    DossierVersion,
    EligibilityCheck,
    SupplementRequest,
)
from applications.permissions.application import (
    can_edit_dossier,
    is_applicant_of,
    is_recommender_of,
    organisation_id_of,
)
from applications.permissions.office import can_consult, is_liaison_for, is_office_for
from applications.rules import check_not_banned, check_reapplication_interval, check_window_open
from applications.selectors.adverse import (
    check_no_unresolved_adverse_records,
    unresolved_adverse_records,
)
from applications.selectors.application import dossier_gaps, stored_bytes, users_of_organisation
from applications.selectors.office import liaisons_of_department, office_users_of_programme
from applications.services.adverse import record_adverse_reply, transition_adverse_record
from awards.areas import check_registration_area
from awards.enums import CertificateStandard, NomineeKind, PrizeLevel, RoundStage
from awards.models import AwardProgramme, Round
from awards.permissions import has_signed_commitment
from awards.rulesets import round_bucket_places, round_sector_for
from awards.selectors import leading_industries_covering
from common.uploads import (
    StoredFiles,
    check_upload,
    delete_after_commit,
    removed_on_failure,
)
from decisionlog.services import record_decision
from decisionlog.workflow import DomainError, transition_logged
from notifications.services import notify, notify_event
from organisations.models import Department, Organisation, Recommender
from organisations.permissions import email_is_verified

DOSSIER_FIELDS = (
    "main_products",
    "quality_summary",
    "self_assessment",
    "tag_sme_innovation",
    "tag_digital_economy",
    "tag_key_industry_leader",
    # Art. 13(4): a non-profit organisation and its social contribution.
    "non_profit",
    "social_contribution",
    "recommender",
    # The full application form (申报表).
    "financials",
    "certificates",
    "excellence_model_since",
    "safety_level",
    "honours",
    "compliance_declarations",
    "self_assessment_sections",
    "secret_sections",
)


def check_form_values(application: Application, fields: dict[str, Any]) -> None:
    """What the form's structured fields may hold, checked on the server whatever
    the browser sent; the self-assessment per category within the round's limit."""
    round = application.round
    if "self_assessment_sections" in fields:
        sections = fields["self_assessment_sections"] or {}
        codes = {code for code, _name in scheme_categories(round, application.scheme_in_use_id)}
        if not isinstance(sections, dict) or set(sections) - codes:
            raise DomainError(_("Unknown self-assessment category."))
        limit = round.self_assessment_max_chars
        for code, _name in scheme_categories(round, application.scheme_in_use_id):
            text = sections.get(code) or ""
            if len(text) > limit:
                raise DomainError(
                    _(
                        "The self-assessment of %(category)s has %(count)d characters; at most "
                        "%(limit)d are allowed in this round. Shorten it and save again."
                    )
                    % {"category": _name, "count": len(text), "limit": limit}
                )
    if "secret_sections" in fields:
        codes = {code for code, _name in scheme_categories(round, application.scheme_in_use_id)}
        if not set(fields["secret_sections"] or []) <= codes:
            raise DomainError(_("Unknown self-assessment category."))
    declared = set(fields.get("compliance_declarations") or [])
    if not declared <= set(ComplianceDeclaration.values):
        raise DomainError(_("Unknown compliance declaration."))
    if fields.get("safety_level") and fields["safety_level"] not in SafetyLevel.values:
        raise DomainError(_("Unknown safety standardisation level."))
    if "financials" in fields:
        years = {str(y) for y in form_years(round)}
        financials = fields["financials"] or {}
        if not isinstance(financials, dict) or set(financials) - years:
            raise DomainError(_("The financial table holds only the last three years."))
        for values in financials.values():
            for metric, amount in (values or {}).items():
                if metric not in FinancialMetric.values or (
                    amount not in (None, "") and parse_amount(amount) is None
                ):
                    raise DomainError(_("Enter the amounts as numbers in 10,000 CNY."))
    if "certificates" in fields:
        certificates = fields["certificates"] or []
        if len(certificates) > MAX_CERTIFICATES:
            raise DomainError(_("At most %(n)d certificates.") % {"n": MAX_CERTIFICATES})
        for entry in certificates:
            if (
                set(entry) - set(CERTIFICATE_KEYS)
                or entry.get("standard") not in CertificateStandard.values
            ):
                raise DomainError(_("Choose the standard of each certificate."))
            issued, expires = entry.get("issued_on") or "", entry.get("expires_on") or ""
            if not issued or not expires or expires <= issued:
                raise DomainError(
                    _("Each certificate needs the date first certified and a later expiry date.")
                )


def transition_application(
    application: Application, to: str, *, actor: User | None, reason: str = "", **extra: Any
) -> Application:
    """The only way an application's status changes. R5: no step forward (site review, the
    candidate list, the proposed list, the award) while an adverse record received after the
    eligibility decision is unresolved."""
    if to in ADVANCING_STATUSES:
        check_no_unresolved_adverse_records([application.pk])
    return transition_logged(
        application, to, APPLICATION_TRANSITIONS, actor, reason, extra, action=f"application.{to}"
    )


@transaction.atomic
def start_application(round: Round, organisation: Organisation, *, actor: User) -> Application:
    """Open a draft dossier for the actor's own organisation.

    Preconditions: the actor belongs to the organisation; the round's window is open (R1);
    the organisation is registered within the round's registration area (R5 / Art. 13(1)),
    is not barred (R8) and not within two rounds of a prize win (R7).
    Idempotent: one application per round, an existing one is returned as it is.
    Side effects: creates the draft and logs ``application.start``.
    """
    if organisation_id_of(actor) != organisation.pk:
        raise DomainError(_("Only the organisation itself can start its application."))
    check_window_open(round)
    check_registration_area(organisation, round)
    check_not_banned(organisation, round.programme, round=round)
    check_reapplication_interval(organisation, round)
    existing = Application.objects.filter(
        round=round, organisation=organisation, nominee_kind=NomineeKind.ORGANISATION
    ).first()
    if existing:
        return existing
    application = Application.objects.create(
        round=round,
        organisation=organisation,
        # R2: the organisation's bucket in the round's rules, from its GB/T 4754 section.
        sector=round_sector_for(round, organisation.industry_section, organisation.sector),
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
    """No silent overwrite: a save conflicts when a colleague saved the dossier after
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
            .select_related("round", "last_saved_by", "organisation__division")
            .get(pk=application.pk)
        )
        if not can_edit_dossier(actor, locked):
            check_window_open(locked.round)
            raise DomainError(_("This dossier can no longer be changed."), rule="R13")
        unknown = set(fields) - set(DOSSIER_FIELDS)
        if unknown:
            raise DomainError(f"unknown dossier fields: {sorted(unknown)}")
        check_form_values(locked, fields)
        check_recommender_in_scope(locked, locked.organisation, fields)
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


def _store_attachment(
    application: Application,
    upload: UploadedFile,
    stored: StoredFiles,
    *,
    kind: str,
    actor: User,
    is_secret: bool = False,
) -> Attachment:
    """Check an upload against the dossier (:func:`common.uploads.check_upload`: type sniffed,
    size limits with the files already stored) and store it under a generated name as a new
    attachment of ``kind``, keeping its original name. The row is the caller's to save; a
    refused upload stores nothing."""
    checked = check_upload(upload, already_stored_bytes=stored_bytes(application))
    attachment = Attachment(
        application=application,
        kind=kind,
        **checked.stored_fields(),
        is_secret=is_secret,
        uploaded_by=actor,
    )
    stored.store(attachment.file, f"upload{checked.suffix}", upload)
    return attachment


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
    :func:`common.uploads.check_upload` (type sniffed from the content and matching
    the name, size limits). Side effects: writes the file under
    ``attachments/<application>/<uuid><suffix>`` and its Attachment row; a refused upload
    stores nothing.
    """
    locked = Application.objects.select_for_update().select_related("round").get(pk=application.pk)
    if not can_edit_dossier(actor, locked):
        check_window_open(locked.round)
        raise DomainError(_("This dossier can no longer be changed."), rule="R13")
    if kind not in AttachmentKind.values or kind in NOT_APPLICANT_KINDS:
        raise DomainError(_("Choose what kind of document this is."))
    with removed_on_failure() as stored:
        attachment = _store_attachment(
            locked, upload, stored, kind=kind, actor=actor, is_secret=is_secret
        )
        attachment.save()
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
    if attachment.kind in NOT_APPLICANT_KINDS:
        raise DomainError(_("The recommending unit's letter cannot be removed."))
    Attachment.objects.filter(pk=attachment.pk).delete()
    delete_after_commit(attachment.file)


def declaration_text() -> str:
    """R13 / Art. 28: the declaration of truthfulness the applicant gives on submission."""
    return _(
        "We declare that this application and all its attachments are true, accurate and "
        "complete, and we answer for them. We know that an organisation that obtains the award "
        "by fraud loses the honour, returns the plaque and certificate, repays the prize money, "
        "is announced publicly, and may not apply for the Mayor's Quality Award, the Jinggang "
        "Quality Award or the China Quality Award for ten years (Art. 28 of the Measures)."
    )


def recommendation_declaration_text() -> str:
    """R13 / Art. 28: the declaration the recommending unit gives with its opinion."""
    return _(
        "Our unit declares that this recommendation opinion is true and based on what we know "
        "of the organisation, and we answer for it: a recommending unit is responsible for the "
        "truth of what it provides (Art. 28 of the Measures)."
    )


def required_attachment_checklist(application: Application) -> list[tuple[str, str, bool]]:
    """R13: each attachment type the round requires, as (value, label, present)."""
    present = set(application.attachments.values_list("kind", flat=True))
    labels = dict(AttachmentKind.choices)
    return [
        (kind, str(labels.get(kind, kind)), kind in present)
        for kind in application.round.required_attachment_kinds or []
    ]


def required_attachments_gap(application: Application) -> str:
    """R13: the message listing the missing required types ("" when none)."""
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
    time); the organisation is not barred (R8); the actor's e-mail address is verified; the
    declaration is given; the dossier is complete
    (:func:`applications.selectors.application.dossier_gaps`: fields, an attachment, the
    recommending unit when the round requires one) and holds at least one attachment of each
    type the round requires (:func:`required_attachments_gap`).
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
        check_not_banned(locked.organisation, locked.round.programme, round=locked.round)
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

        notify(
            users_of_organisation(locked.organisation_id),
            subject=_("Application submitted"),
            body=_("Your application to %(round)s was submitted at %(when)s.")
            % {"round": locked.round, "when": timezone.localtime(now).strftime("%Y-%m-%d %H:%M")},
            programme_id=locked.round.programme_id,
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
def record_recommendation(
    application: Application,
    *,
    actor: User,
    opinion: str,
    declaration: bool,
    letter: UploadedFile | None = None,
) -> Application:
    """Art. 12, 28: the recommending unit writes its opinion and answers for it.

    Preconditions: ``actor`` is a recommender user of the unit the application names, in its
    programme, and has signed the round's confidentiality commitment (R12, Art. 31); the
    application is a draft or submitted (before the eligibility decision); the opinion is not
    empty; the unit declares it true (R13, Art. 28). A new opinion replaces the old one, with
    the declaration text; each is kept in the decision log (R13, R14).
    """
    locked = Application.objects.select_for_update().select_related("round").get(pk=application.pk)
    if not is_recommender_of(actor, locked):
        raise DomainError(_("Only the chosen recommending unit can write this opinion."))
    if not has_signed_commitment(actor, locked.round):
        raise DomainError(_("Sign the round's confidentiality commitment first."), rule="R12")
    if locked.status not in (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED):
        raise DomainError(_("The recommendation can no longer be changed."))
    if not opinion.strip():
        raise DomainError(_("The recommendation opinion is empty."))
    if not declaration:
        raise DomainError(
            _("The opinion needs the unit's declaration that it is true."), rule="R13"
        )
    stored: Attachment | None = None
    if letter is not None:
        # Art. 12, 28: the unit's sealed letter, kept with the application (checked like
        # every upload; a refused file stores nothing).
        with removed_on_failure() as files:
            stored = _store_attachment(
                locked, letter, files, kind=AttachmentKind.RECOMMENDATION_LETTER, actor=actor
            )
            stored.save()
    locked.recommendation_opinion = opinion
    locked.recommended_at = timezone.now()
    locked.recommendation_declaration = recommendation_declaration_text()
    locked.save(
        update_fields=[
            "recommendation_opinion",
            "recommended_at",
            "recommendation_declaration",
            "updated_at",
        ]
    )
    record_decision(
        actor=actor,
        action="application.recommend",
        obj=locked,
        reason=opinion,
        data={
            "letter": {"id": stored.pk, "sha256": stored.sha256} if stored else None,
            "declaration": locked.recommendation_declaration,
        },
    )
    return locked


@transaction.atomic
def record_eligibility_check(
    application: Application, *, actor: User, condition: str, met: bool, evidence: str = ""
) -> EligibilityCheck:
    """R5: record one condition of Art. 13 with its evidence (office of the programme only).

    Preconditions: the application is submitted (its eligibility not yet decided). A new
    check of the same condition replaces the old one; every check is in the decision log.
    """
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
    if condition not in applicable_conditions(application):
        # Art. 13(4): the profit row for a non-profit organisation, or the other way round.
        raise DomainError(
            _("This condition does not apply to this application: %(c)s")
            % {"c": EligibilityCondition(condition).label},
            rule="R5",
        )
    if application.status != ApplicationStatus.SUBMITTED:
        raise DomainError(_("Eligibility is checked only for submitted applications."))
    if not met and not evidence.strip():
        raise DomainError(_("Say why the condition is not met."), rule="R5")

    computed = compute_conditions(application)[EligibilityCondition(condition)]
    if computed.met is not None and computed.met != met and not evidence.strip():
        raise DomainError(
            _(
                "The dossier's data says “%(computed)s” (%(working)s) Give the reason and the "
                "evidence for overriding it."
            )
            % {
                "computed": _("met") if computed.met else _("not met"),
                "working": computed.working,
            },
            rule="R5",
        )
    if condition == EligibilityCondition.INVESTIGATION and not evidence.strip():
        raise DomainError(
            _("Record the findings of the investigation of the quality record and reputation."),
            rule="R5",
        )
    check, _created = EligibilityCheck.objects.update_or_create(
        application=application,
        condition=condition,
        defaults={
            "met": met,
            "evidence": evidence,
            "checked_by": actor,
            "computed_met": computed.met,
            "computed_working": computed.working,
        },
    )
    record_decision(
        actor=actor,
        action="eligibility.check",
        obj=application,
        reason=evidence,
        data={
            "condition": condition,
            "met": met,
            "computed_met": computed.met,
            "working": computed.working,
            "overridden": computed.met is not None and computed.met != met,
        },
    )
    return check


def eligibility_blockers(application: Application) -> list[str]:
    """Why the office cannot (yet) confirm eligibility: R5 conditions and adverse records."""
    blockers: list[str] = []
    checks = {c.condition: c for c in application.eligibility_checks.all()}
    for condition in applicable_conditions(application):
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
    for record in unresolved_adverse_records([application.pk]):
        blockers.append(_("Adverse record reported by %(d)s") % {"d": record.reported_by})
    if application.round.recommendation_required and not application.recommended_at:
        blockers.append(_("The recommending unit has not written its opinion."))
    for request in application.supplement_requests.all():
        if request.answered_at is None:
            blockers.append(
                _("The supplement requested is not answered: %(what)s") % {"what": request.what}
            )
    return blockers


@transaction.atomic
def decide_leader_tag(
    application: Application, *, actor: User, confirmed: bool, reason: str
) -> Application:
    """R6 / Art. 15: the office confirms or refuses the applicant's claim to be a leading or
    advantaged enterprise of one of the city's leading industries, with its reason; only a
    confirmed tag carries the tilt in review.

    Preconditions: office of the programme; the application claims the tag and is submitted
    (its eligibility not yet decided); a reason. A new decision replaces the earlier one.
    Side effects: the decision and reason saved on the locked row; one "application.leader_tag"
    decision with the organisation's industry class and the leading industries covering it.
    """
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("round", "organisation")
        .get(pk=application.pk)
    )
    if not is_office_for(actor, locked):
        raise DomainError(_("Only the office confirms a priority tag."))
    if not locked.tag_key_industry_leader:
        raise DomainError(
            _("The application does not claim to be a leading enterprise (Art. 15)."), rule="R6"
        )
    if locked.status != ApplicationStatus.SUBMITTED:
        raise DomainError(
            _("The tag is confirmed or refused during the eligibility check only."), rule="R6"
        )
    if not reason.strip():
        raise DomainError(_("Give the reason for the decision on the tag."), rule="R6")
    before = locked.leader_tag_decision
    locked.leader_tag_decision = (
        LeaderTagDecision.CONFIRMED if confirmed else LeaderTagDecision.REFUSED
    )
    locked.leader_tag_reason = reason.strip()
    locked.save(update_fields=["leader_tag_decision", "leader_tag_reason", "updated_at"])
    industry_class = locked.organisation.industry_class
    record_decision(
        actor=actor,
        action="application.leader_tag",
        obj=locked,
        reason=locked.leader_tag_reason,
        data={
            "confirmed": confirmed,
            "before": before,
            "industry_class": industry_class,
            "leading_industries": [
                industry.name
                for industry in leading_industries_covering(
                    locked.round.programme_id, industry_class
                )
            ],
        },
    )
    return locked


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
        # R2: one of the sector buckets of the round's rules.
        if sector and sector not in round_bucket_places(application.round)[PrizeLevel.PRIZE]:
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

        # In each recipient's language (template "eligibility_decision").
        notify_event(
            "eligibility_decision",
            users=users_of_organisation(application.organisation_id),
            context={
                "organisation": application.organisation.name,
                "round": str(application.round),
                "eligible": eligible,
                "reason": reason,
            },
            url=reverse("applications:detail", args=[application.pk]),
            programme_id=application.round.programme_id,
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

    notify(
        liaisons_of_department(department.pk, application.round.programme_id),
        subject=_("Consultation from the award office"),
        body=_("The award office asks about %(org)s: %(question)s")
        % {"org": application.organisation, "question": question},
        url=reverse("applications:consultation_answer", args=[consultation.pk]),
        programme_id=application.round.programme_id,
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


def _store_reply_letter(
    consultation: Consultation, letter: UploadedFile, stored: StoredFiles
) -> None:
    """Art. 17: the department's sealed reply letter, checked like every upload (a refused
    file stores nothing) and stored with the consultation, which the caller saves."""
    checked = check_upload(letter)
    consultation.reply_letter_name = checked.original_name
    consultation.reply_letter_type = checked.content_type
    consultation.reply_letter_size = checked.size
    consultation.reply_letter_sha256 = checked.sha256
    stored.store(consultation.reply_letter, f"upload{checked.suffix}", letter)


@transaction.atomic
def answer_consultation(
    consultation: Consultation,
    *,
    actor: User,
    result: str,
    details: str = "",
    letter: UploadedFile | None = None,
    letter_of: Consultation | None = None,
) -> Consultation:
    """Art. 17: the department liaison answers: no adverse record / adverse record with details,
    optionally with the department's sealed reply letter (checked like every upload).

    ``letter_of``: instead of ``letter``, the letter already stored with another answer of the
    same reply sheet (one letter for the whole sheet): its file is referenced, not stored again.

    Preconditions: ``actor`` is a liaison of the consulted department in the programme and has
    signed the round's commitment (R12); the consultation is unanswered; an adverse record is
    described. Side effects: the answer (and the letter) saved, one decision logged (with the
    letter's hash and stored file), the office notified.
    """
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
    with removed_on_failure() as stored:
        if letter is not None:
            _store_reply_letter(locked, letter, stored)
        elif letter_of is not None and letter_of.reply_letter:
            locked.reply_letter = letter_of.reply_letter.name
            locked.reply_letter_name = letter_of.reply_letter_name
            locked.reply_letter_type = letter_of.reply_letter_type
            locked.reply_letter_size = letter_of.reply_letter_size
            locked.reply_letter_sha256 = letter_of.reply_letter_sha256
        locked.save()
        record_decision(
            actor=actor,
            action="consultation.answer",
            obj=locked.application,
            reason=details,
            data={
                "department": str(locked.department),
                "result": result,
                "letter": {
                    "sha256": locked.reply_letter_sha256,
                    "file": locked.reply_letter.name,
                }
                if locked.reply_letter
                else None,
            },
        )
        # R5: after the eligibility decision an adverse reply blocks the application.
        if result == ConsultationResult.ADVERSE:
            record_adverse_reply(locked, actor=actor)

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
        programme_id=locked.application.round.programme_id,
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


def disqualify_application(
    application: Application, *, actor: User, reason: str, fraud: bool = False
) -> Application:
    """R8: fraud found before an award disqualifies the application.

    The office states whether the ground is fraud (Art. 28). For fraud a bar decision opens
    in the same transaction (grants, through ``hooks.fraud_found``: no bar with a reason, or a
    bar proposed and decided by the municipal government); any other ground asks nothing more.
    """
    if not is_office_of(actor, application.round.programme_id):
        raise DomainError(_("Only the office can disqualify an application."))
    if not reason.strip():
        raise DomainError(_("Give the reason."), rule="R8")
    with transaction.atomic():
        disqualified = transition_application(
            application, ApplicationStatus.DISQUALIFIED, actor=actor, reason=reason
        )
        if fraud:
            hooks.fraud_found.send(disqualified, actor, reason)
    return disqualified


def resolve_adverse_record(
    record: AdverseRecord, *, actor: User, disqualify: bool, reason: str
) -> AdverseRecord:
    """R5 / Art. 13(6), 17: the office reviews an adverse record received after the
    eligibility decision and either records why it does not apply (the application goes on)
    or disqualifies the application.

    Preconditions: office of the application's programme; the record is unresolved; a
    reason; to disqualify, the application is still in the running. Side effects, in one
    transaction: the record (locked) -> waived or disqualified with the reason, who and when,
    logged; for a disqualification, the application -> disqualified through
    :func:`disqualify_application` (logged with the same reason).
    """
    reason = reason.strip()
    with transaction.atomic():
        locked = (
            AdverseRecord.objects.select_for_update(of=("self",))
            .select_related("application__round", "application__organisation")
            .get(pk=record.pk)
        )
        application = locked.application
        if not is_office_for(actor, application):
            raise DomainError(_("Only the office of the programme reviews an adverse record."))
        if locked.status != AdverseRecordStatus.UNRESOLVED:
            raise DomainError(_("This adverse record has already been reviewed."), rule="R14")
        if not reason:
            raise DomainError(
                _("Give the reason why the adverse record does not apply.")
                if not disqualify
                else _("Give the reason for the disqualification."),
                rule="R5",
                articles=(13, 17),
            )
        if disqualify and application.status not in OPEN_STATUSES:
            raise DomainError(_("This application is no longer in the running."))
        to = AdverseRecordStatus.DISQUALIFIED if disqualify else AdverseRecordStatus.WAIVED
        resolved = transition_adverse_record(
            locked,
            to,
            actor=actor,
            reason=reason,
            resolution_reason=reason,
            resolved_by=actor,
            resolved_at=timezone.now(),
        )
        if disqualify:
            disqualify_application(application, actor=actor, reason=reason)
    return resolved


def recommenders_for(
    organisation: Organisation | None, programme: AwardProgramme | None = None
) -> list[Recommender]:
    """The units serving the programme (all when None) whose scope covers the organisation
    (Art. 12, 28: its county/district or zone, or the industry departments and associations
    of its industry), the county first; every unit when no organisation is given."""
    units = Recommender.objects.all()
    if programme is not None:
        units = units.filter(programmes=programme)
    if organisation is None:
        return sorted(units, key=lambda r: (r.kind != "county", r.name))
    return sorted(
        (unit for unit in units if unit.covers(organisation)),
        key=lambda r: (r.kind != "county", r.name),
    )


def check_recommender_in_scope(
    application: Application, organisation: Organisation, fields: dict[str, Any]
) -> None:
    """Art. 12, 28: a recommending unit newly chosen for the dossier covers the organisation
    (its county/district or zone, or a department or association of its industry). A unit the
    dossier already names stays, whatever its scope became since."""
    unit = fields.get("recommender")
    if unit is None or unit.pk == application.recommender_id or unit.covers(organisation):
        return
    raise DomainError(
        _(
            "%(unit)s recommends %(scope)s, which does not include %(org)s (%(division)s, "
            "%(industry)s). Choose the government or zone of your county/district, or an "
            "industry department or association of your industry."
        )
        % {
            "unit": unit,
            "scope": unit.scope_label() or "–",
            "org": organisation,
            "division": organisation.division,
            "industry": organisation.get_industry_section_display() or "–",
        },
        articles=(12,),
    )


# --- Supplement requests (Art. 17) ----------------------------------------------------------------


@transaction.atomic
def request_supplement(
    application: Application, *, actor: User, what: str, due_at: Any
) -> SupplementRequest:
    """Art. 17: the office asks the applicant for a supplement with a reply deadline.

    Preconditions: office of the programme; the application is submitted (its eligibility not
    yet decided); what is missing is said; the deadline is in the future (server time).
    Side effects: the request, ``supplement.request`` logged, the organisation's users
    notified with a link to the answer page (once, by ``applications.receivers``).
    """
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("round", "organisation")
        .get(pk=application.pk)
    )
    if not is_office_for(actor, locked):
        raise DomainError(_("Only the office can request a supplement."))
    if locked.status != ApplicationStatus.SUBMITTED:
        raise DomainError(_("Supplements are requested only while eligibility is checked."))
    if not what.strip():
        raise DomainError(_("Say what is missing."))
    if due_at is None or due_at <= timezone.now():
        raise DomainError(_("The reply deadline must be in the future."))
    request = SupplementRequest.objects.create(
        application=locked, what=what, due_at=due_at, requested_by=actor
    )
    record_decision(
        actor=actor,
        action="supplement.request",
        obj=locked,
        reason=what,
        data={"request": request.pk, "due_at": due_at.isoformat()},
    )
    # The organisation is told once, by applications.receivers (a new SupplementRequest row:
    # template "supplement_requested", in each recipient's language).
    return request


def answer_supplement(
    request: SupplementRequest,
    *,
    actor: User,
    answer: str,
    upload: UploadedFile | None = None,
    is_secret: bool = False,
) -> SupplementRequest:
    """The applicant answers a supplement request before its deadline, also after the main
    application deadline (R1 exception); the answer becomes a new dossier version (R13).

    Preconditions: the actor belongs to the organisation; the request is unanswered; the
    reply deadline has not passed (server time); the answer is not empty; an uploaded file
    passes :func:`common.uploads.check_upload`. Side effects, all or nothing: the file
    (as an "other evidence" attachment), the answer, a new DossierVersion holding the
    dossier with the supplement, ``supplement.answer`` logged, the office notified.
    """
    stored: Attachment | None = None
    with removed_on_failure() as files, transaction.atomic():
        locked = (
            SupplementRequest.objects.select_for_update()
            .select_related("application__round", "application__organisation")
            .get(pk=request.pk)
        )
        application = Application.objects.select_for_update(of=("self",)).get(
            pk=locked.application_id
        )
        if not is_applicant_of(actor, application):
            raise DomainError(_("Only the organisation itself can answer this request."))
        if locked.answered_at is not None:
            raise DomainError(_("This request has already been answered."), rule="R13")
        now = timezone.now()
        if now > locked.due_at:
            raise DomainError(
                _("The reply deadline of this request passed on %(when)s.")
                % {"when": timezone.localtime(locked.due_at).strftime("%Y-%m-%d %H:%M")},
                rule="R1",
            )
        if not answer.strip():
            raise DomainError(_("Write the answer."))
        if upload is not None:
            stored = _store_attachment(
                application,
                upload,
                files,
                kind=AttachmentKind.EVIDENCE,
                actor=actor,
                is_secret=is_secret,
            )
            stored.save()
        number = (application.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        snapshot = application.dossier_snapshot()
        snapshot["supplement"] = {
            "request": locked.pk,
            "what": locked.what,
            "answer": answer,
            "attachment": (
                {"id": stored.pk, "name": stored.original_name, "sha256": stored.sha256}
                if stored
                else None
            ),
            "answered_at": now.isoformat(),
        }
        version = DossierVersion.objects.create(
            application=application, number=number, data=snapshot, created_by=actor
        )
        locked.answer = answer
        locked.answered_at = now
        locked.answered_by = actor
        locked.version = version
        locked.save(update_fields=["answer", "answered_at", "answered_by", "version"])
        record_decision(
            actor=actor,
            action="supplement.answer",
            obj=application,
            reason=answer,
            data={"request": locked.pk, "version": number},
        )
        notify(
            office_users_of_programme(locked.application.round.programme_id),
            subject=_("A supplement was answered"),
            body=_("%(org)s answered the supplement request: %(what)s")
            % {"org": locked.application.organisation, "what": locked.what},
            url=reverse("applications:office_detail", args=[application.pk]),
            programme_id=locked.application.round.programme_id,
        )
    return locked


# --- A dossier received on paper, entered by the office -------------------------------------------


def enter_paper_dossier(
    round: Round,
    organisation: Organisation,
    *,
    actor: User,
    received_on: Any,
    fields: dict[str, Any],
    files: list[tuple[str, UploadedFile]],
) -> Application:
    """The office enters a dossier received on paper on the organisation's behalf, marked as
    such (R1, R7, R8, R13).

    Preconditions: office of the programme; the round is in its application window or its
    eligibility check; the paper arrived by the deadline (Beijing date) and not in the
    future; the organisation is not barred (R8) nor within two rounds of a prize (R7) and has
    no application to the round yet; the fields pass :func:`check_form_values`; every file
    passes :func:`common.uploads.check_upload`; the dossier is complete
    (:func:`applications.selectors.application.dossier_gaps`, the round's required types).
    Side effects, all or nothing: the application, submitted at once with
    ``entered_on_behalf_by`` and ``paper_received_on``; its files; version 1 marked as
    entered on paper; ``application.paper_entry`` and the status change logged; the
    organisation's users notified.
    """
    with removed_on_failure() as stored, transaction.atomic():
        if not is_office_of(actor, round.programme_id):
            raise DomainError(_("Only the office enters a dossier received on paper."))
        if round.stage not in (RoundStage.APPLICATION, RoundStage.ELIGIBILITY):
            raise DomainError(
                _(
                    "Paper dossiers are entered during the application window or the "
                    "eligibility check."
                ),
                rule="R1",
            )
        if received_on is None or received_on > timezone.localdate():
            raise DomainError(_("Give the date the paper dossier was received."))
        if received_on > deadline_date(round):
            raise DomainError(
                _("The paper dossier arrived after the deadline (%(when)s).")
                % {"when": deadline_date(round).isoformat()},
                rule="R1",
            )
        check_not_banned(organisation, round.programme, round=round)
        check_reapplication_interval(organisation, round)
        if Application.objects.filter(
            round=round, organisation=organisation, nominee_kind=NomineeKind.ORGANISATION
        ).exists():
            raise DomainError(
                _("%(org)s already has an application to this round.") % {"org": organisation}
            )
        unknown = set(fields) - set(DOSSIER_FIELDS)
        if unknown:
            raise DomainError(f"unknown dossier fields: {sorted(unknown)}")
        application = Application(
            round=round,
            organisation=organisation,
            sector=round_sector_for(round, organisation.industry_section, organisation.sector),
            entered_on_behalf_by=actor,
            paper_received_on=received_on,
        )
        check_form_values(application, fields)
        check_recommender_in_scope(application, organisation, fields)
        for key, value in fields.items():
            setattr(application, key, value)
        application.last_saved_by = actor
        application.last_saved_at = timezone.now()
        application.save()
        for kind, upload in files:
            if kind not in AttachmentKind.values:
                raise DomainError(_("Choose what kind of document this is."))
            _store_attachment(application, upload, stored, kind=kind, actor=actor).save()
        gaps = dossier_gaps(application)
        required_gap = required_attachments_gap(application)
        if required_gap:
            gaps.append(required_gap)
        if gaps:
            raise DomainError(" ".join(gaps), rule="R13")
        record_decision(
            actor=actor,
            action="application.paper_entry",
            obj=application,
            to_state="draft",
            data={"received_on": received_on.isoformat()},
        )
        now = timezone.now()
        application = transition_application(
            application,
            ApplicationStatus.SUBMITTED,
            actor=actor,
            reason=_("Entered by the office from the paper dossier received on %(d)s.")
            % {"d": received_on.isoformat()},
            submitted_at=now,
            submitted_by=actor,
            declaration_accepted_at=now,
        )
        snapshot = application.dossier_snapshot()
        snapshot["recommender"] = (
            {"id": application.recommender_id, "name": str(application.recommender)}
            if application.recommender_id
            else None
        )
        snapshot["declaration"] = declaration_text()
        snapshot["submitted_at"] = now.isoformat()
        snapshot["entered_on_behalf"] = {
            "by": str(actor),
            "received_on": received_on.isoformat(),
        }
        DossierVersion.objects.create(
            application=application, number=1, data=snapshot, created_by=actor
        )
        notify(
            users_of_organisation(organisation.pk),
            subject=_("Your paper dossier was entered"),
            body=_(
                "The award office entered the dossier received on paper on %(d)s; it is "
                "submitted to %(round)s."
            )
            % {"d": received_on.isoformat(), "round": round},
            programme_id=round.programme_id,
        )
    return application


@transaction.atomic
def enter_paper_reply(
    consultation: Consultation,
    *,
    actor: User,
    result: str,
    details: str,
    received_on: Any,
    letter: UploadedFile | None = None,
) -> Consultation:
    """Art. 17: the office enters a department's reply received on paper (sealed letter),
    optionally with the scan of the sealed reply letter, checked and stored exactly like the
    letter a liaison uploads with an online answer (:func:`answer_consultation`).

    Preconditions: office of the programme; the consultation is unanswered; the answer is
    given, an adverse record described; the date received is not in the future; the letter,
    if any, passes :func:`common.uploads.check_upload` (a refused file raises
    ``UploadRefused`` and nothing is saved). Side effects: the answer (and the letter) saved
    with the office as ``answered_by`` and ``paper_reply_received_on``;
    ``consultation.paper_reply`` logged with the letter's SHA-256 (R14).
    """
    locked = (
        Consultation.objects.select_for_update()
        .select_related("application__round", "department")
        .get(pk=consultation.pk)
    )
    if not is_office_for(actor, locked.application):
        raise DomainError(_("Only the office enters a reply received on paper."))
    if locked.result != ConsultationResult.PENDING:
        raise DomainError(_("This consultation has already been answered."))
    if result not in (ConsultationResult.NO_ADVERSE, ConsultationResult.ADVERSE):
        raise DomainError(_("Choose the answer."))
    if result == ConsultationResult.ADVERSE and not details.strip():
        raise DomainError(_("Describe the adverse record."))
    if received_on is None or received_on > timezone.localdate():
        raise DomainError(_("Give the date the paper reply was received."))
    locked.result = result
    locked.details = details
    locked.answered_at = timezone.now()
    locked.answered_by = actor
    locked.paper_reply_received_on = received_on
    with removed_on_failure() as stored:
        if letter is not None:
            _store_reply_letter(locked, letter, stored)
        locked.save()
        record_decision(
            actor=actor,
            action="consultation.paper_reply",
            obj=locked.application,
            reason=details,
            data={
                "department": str(locked.department),
                "result": result,
                "received_on": received_on.isoformat(),
                "letter": {"sha256": locked.reply_letter_sha256} if letter is not None else None,
            },
        )
        # R5: after the eligibility decision an adverse reply blocks the application.
        if result == ConsultationResult.ADVERSE:
            record_adverse_reply(locked, actor=actor)
    return locked


# Liaisons are reminded this many days before a consultation's reply date.
CONSULTATION_REMINDER_DAYS = 2


def sweep_consultation_reminders(today: Any = None) -> dict[str, int]:
    """Art. 17: remind the department's liaisons of a pending consultation once,
    ``CONSULTATION_REMINDER_DAYS`` before its reply date, and tell them and the office once
    when the date has passed. Idempotent: each notice is claimed by a conditional update, so a
    second run (or a second worker) sends nothing."""
    from datetime import timedelta

    today = today or timezone.localdate()
    now = timezone.now()
    pending = Consultation.objects.filter(result=ConsultationResult.PENDING, due_on__isnull=False)
    reminded = overdue = 0
    for consultation in pending.filter(
        reminded_at__isnull=True,
        due_on__gte=today,
        due_on__lte=today + timedelta(days=CONSULTATION_REMINDER_DAYS),
    ).select_related("application__organisation", "application__round", "department"):
        claimed = Consultation.objects.filter(pk=consultation.pk, reminded_at__isnull=True).update(
            reminded_at=now
        )
        if not claimed:
            continue
        reminded += 1
        notify(
            liaisons_of_department(
                consultation.department_id, consultation.application.round.programme_id
            ),
            subject=_("Reminder: a consultation awaits your reply"),
            body=_("Please reply about %(org)s by %(due)s.")
            % {
                "org": consultation.application.organisation,
                "due": consultation.due_on.isoformat() if consultation.due_on else "",
            },
            url=reverse("applications:consultation_answer", args=[consultation.pk]),
            programme_id=consultation.application.round.programme_id,
        )
    for consultation in pending.filter(
        overdue_notified_at__isnull=True, due_on__lt=today
    ).select_related("application__organisation", "application__round", "department"):
        claimed = Consultation.objects.filter(
            pk=consultation.pk, overdue_notified_at__isnull=True
        ).update(overdue_notified_at=now)
        if not claimed:
            continue
        overdue += 1
        programme_id = consultation.application.round.programme_id
        body = _("The reply of %(d)s about %(org)s was due on %(due)s and is overdue.") % {
            "d": consultation.department,
            "org": consultation.application.organisation,
            "due": consultation.due_on.isoformat() if consultation.due_on else "",
        }
        notify(
            liaisons_of_department(consultation.department_id, programme_id),
            subject=_("Overdue: a consultation awaits your reply"),
            body=body,
            url=reverse("applications:consultation_answer", args=[consultation.pk]),
            programme_id=programme_id,
        )
        notify(
            office_users_of_programme(programme_id),
            subject=_("A department's reply is overdue"),
            body=body,
            url=reverse("applications:office_detail", args=[consultation.application_id]),
            programme_id=programme_id,
        )
    return {"reminded": reminded, "overdue": overdue}


def send_consultation_batch(
    applications: list[Application],
    *,
    actor: User,
    department: Department,
    question: str,
    due_on: Any = None,
) -> tuple[list[Consultation], list[Application]]:
    """Art. 17: send one department a batch of the round's organisations with one reply date.

    Each is sent through :func:`send_consultation` (its preconditions hold for every one), in
    one transaction: a refusal sends none. Applications the department was already consulted
    about are left out and returned as skipped. Returns (sent, skipped)."""
    if not applications:
        raise DomainError(_("Choose at least one application."))
    sent: list[Consultation] = []
    skipped: list[Application] = []
    with transaction.atomic():
        already = set(
            Consultation.objects.filter(
                department=department, application__in=applications
            ).values_list("application_id", flat=True)
        )
        for application in applications:
            if application.pk in already:
                skipped.append(application)
                continue
            sent.append(
                send_consultation(
                    application,
                    actor=actor,
                    department=department,
                    question=question,
                    due_on=due_on,
                )
            )
    return sent, skipped
