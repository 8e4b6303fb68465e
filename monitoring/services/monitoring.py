"""Every write about a winner's obligations after the award (Art. 24-26, 29, R9, R10, R14):
re-assessments, prize-fund use reports and their check, circulars, improvement follow-up,
return visits, the practice summary and sharing activities (the annual reports:
``monitoring.services.annual_reports``). Each runs in one transaction with its decision-log
row."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import is_office_of
from applications.selectors.application import users_of_organisation
from awards.models import AwardProgramme
from common.uploads import check_upload, delete_after_commit, removed_on_failure
from decisionlog.services import record_decision
from decisionlog.workflow import DomainError, transition_state
from experts.models import ExpertProfile
from grants.models import AwardGrant
from monitoring import rules
from monitoring.enums import (
    FUND_REPORT_TRANSITIONS,
    REASSESSMENT_TRANSITIONS,
    VISIT_TRANSITIONS,
    ActionStatus,
    FundCheckResult,
    FundPurpose,
    FundReportStatus,
    ReassessmentResult,
    VisitStatus,
)
from monitoring.models import (
    AnnualReport,
    AnnualReportAttachment,
    FundUseCircular,
    FundUseItem,
    FundUseReport,
    ImprovementAction,
    ObligationFlag,
    PracticeSummary,
    ReAssessment,
    ReturnVisit,
    SharingActivity,
)
from monitoring.permissions.annual_reports import can_file_report
from monitoring.permissions.monitoring import (
    can_check_fund_report,
    can_edit_fund_report,
    can_record_visit,
    has_prize_money,
    office_may_act,
    winner_may_act,
)
from monitoring.selectors.monitoring import (
    current_grants_obligations,
    opportunities_for,
    reassessment_pool,
)
from monitoring.services.annual_reports import office_users
from notifications.services import notify


def _winner_users(grant: AwardGrant) -> Any:
    return users_of_organisation(grant.organisation_id)


def _lock_grant(grant: AwardGrant) -> AwardGrant:
    return (
        AwardGrant.objects.select_for_update()
        .select_related("round__programme", "organisation")
        .get(pk=grant.pk)
    )


def _within_validity(grant: AwardGrant, day: date, what: str) -> None:
    if not grant.approved_on <= day <= grant.valid_until:
        raise DomainError(
            _("%(what)s must fall within the validity, %(start)s to %(end)s.")
            % {"what": what, "start": grant.approved_on, "end": grant.valid_until},
            rule="R9",
        )


# --- re-assessment (Art. 24, 29) --------------------------------------------------------------


def schedule_reassessment(
    grant: AwardGrant, *, actor: User, scheduled_on: date, team: list[ExpertProfile]
) -> ReAssessment:
    """Art. 24, 29: the office schedules a re-assessment with a team from the expert pool.

    Preconditions: the actor is the programme's office; the grant is not revoked; the date is
    within validity; at least MIN_REASSESSMENT_TEAM experts, all in the programme's pool and
    none in conflict with the winner (R12, as the reviews enforce it). Side effects: the
    re-assessment with its team, a decision-log row, the winner notified.
    """
    if not office_may_act(actor, grant):
        raise DomainError(_("Only the office schedules a re-assessment of a current award."))
    if len({e.pk for e in team}) < rules.MIN_REASSESSMENT_TEAM:
        raise DomainError(
            _("Choose at least %(n)d experts for the team.") % {"n": rules.MIN_REASSESSMENT_TEAM}
        )
    with transaction.atomic():
        locked = _lock_grant(grant)
        _within_validity(locked, scheduled_on, _("The re-assessment"))
        allowed = set(reassessment_pool(locked).values_list("pk", flat=True))
        refused = [e.name for e in team if e.pk not in allowed]
        if refused:
            raise DomainError(
                _(
                    "Not in the expert pool or in conflict of interest with this "
                    "organisation: %(names)s."
                )
                % {"names": "、".join(refused)},
                rule="R12",
            )
        assessment = ReAssessment.objects.create(grant=locked, scheduled_on=scheduled_on)
        assessment.team.set(team)
        notify(
            [e.user for e in team if e.user is not None],
            subject=_("You are on a re-assessment team"),
            body=_("Re-assessment of %(org)s on %(d)s (Art. 24, 29).")
            % {"org": locked.organisation, "d": scheduled_on.isoformat()},
            programme_id=locked.round.programme_id,
        )
        record_decision(
            actor=actor,
            action="reassessment.schedule",
            obj=assessment,
            round_id=locked.round_id,
            data={"date": scheduled_on.isoformat(), "team": sorted(e.pk for e in team)},
        )
        notify(
            _winner_users(locked),
            subject=_("Re-assessment scheduled"),
            body=_("The award office scheduled a re-assessment of your organisation on %(d)s.")
            % {"d": scheduled_on.isoformat()},
            url=reverse("monitoring:winner_grant", args=[locked.pk]),
            programme_id=locked.round.programme_id,
        )
    return assessment


def record_reassessment_result(
    assessment: ReAssessment, *, actor: User, result: str, findings: str
) -> ReAssessment:
    """Art. 24, 29: the office records the re-assessment's findings and result (maintained,
    improvement required, or grounds for revocation, which the office then takes up under
    R11). Once; logged; the winner notified."""
    grant = assessment.grant
    if not office_may_act(actor, grant):
        raise DomainError(_("Only the office records a re-assessment of a current award."))
    findings = findings.strip()
    if not findings:
        raise DomainError(_("Record the findings of the re-assessment."))
    if result == ReassessmentResult.PENDING or result not in ReassessmentResult.values:
        raise DomainError(_("Choose the result of the re-assessment."))
    if assessment.scheduled_on > timezone.localdate():
        raise DomainError(_("The re-assessment has not taken place yet."))
    with transaction.atomic():
        updated = transition_state(
            assessment,
            result,
            table=REASSESSMENT_TRANSITIONS,
            actor=actor,
            action=f"reassessment.{result}",
            field="result",
            reason=findings,
            extra={"findings": findings},
        )
        notify(
            _winner_users(grant),
            subject=_("Re-assessment result: %(r)s") % {"r": ReassessmentResult(result).label},
            body=findings,
            url=reverse("monitoring:winner_grant", args=[grant.pk]),
            programme_id=grant.round.programme_id,
        )
    return updated


# --- prize-fund use (R10, Art. 26) -----------------------------------------------------------


def fund_report_of(grant: AwardGrant, *, actor: User) -> FundUseReport:
    """R10: the grant's fund-use report, created (as a draft) when the winner first opens it."""
    if not winner_may_act(actor, grant) or not has_prize_money(grant):
        raise DomainError(_("No prize-money report is required for this award."), rule="R10")
    report, _created = FundUseReport.objects.get_or_create(grant=grant)
    return report


def _locked_report(report: FundUseReport) -> FundUseReport:
    return (
        FundUseReport.objects.select_for_update()
        .select_related("grant__round", "grant__organisation")
        .get(pk=report.pk)
    )


def _store_logged(
    obj: models.Model,
    field: FieldFile,
    name: str,
    upload: UploadedFile,
    *,
    actor: User,
    action: str,
    report: FundUseReport | AnnualReport,
    data: Callable[[], dict[str, Any]],
) -> None:
    """Store a checked upload on ``obj``, save it and log ``action`` on the report; no file is
    left behind when any of it fails. ``data`` is read once ``obj`` is saved."""
    with removed_on_failure() as stored:
        stored.store(field, name, upload)
        obj.save()
        record_decision(
            actor=actor,
            action=action,
            obj=report,
            round_id=report.grant.round_id,
            data=data(),
        )


def add_fund_item(
    report: FundUseReport,
    *,
    actor: User,
    purpose: str,
    amount: Decimal,
    description: str,
    upload: UploadedFile,
) -> FundUseItem:
    """R10: the winner adds an amount spent for one purpose, with its evidence.

    The evidence passes common.uploads.check_upload (type sniffed, size limits) and is
    stored under a generated name. The report's items may not exceed the prize money."""
    description = description.strip()
    if purpose not in FundPurpose.values:
        raise DomainError(_("Choose the purpose the money was used for."), rule="R10")
    if amount <= 0:
        raise DomainError(_("Give an amount above zero."))
    if not description:
        raise DomainError(_("Say what the money was spent on."))
    with transaction.atomic():
        locked = _locked_report(report)
        if not can_edit_fund_report(actor, locked):
            raise DomainError(_("This report cannot be changed now."), rule="R10")
        items = list(locked.items.all())
        spent = sum((i.amount for i in items), Decimal(0))
        if spent + amount > locked.grant.amount:
            raise DomainError(
                _("The amounts would exceed the prize money of %(total)s CNY.")
                % {"total": locked.grant.amount},
                rule="R10",
            )
        checked = check_upload(upload, already_stored_bytes=sum(i.evidence_size for i in items))
        item = FundUseItem(
            report=locked,
            purpose=purpose,
            amount=amount,
            description=description,
            **checked.stored_fields("evidence"),
            added_by=actor,
        )
        _store_logged(
            item,
            item.evidence,
            f"evidence{checked.suffix}",
            upload,
            actor=actor,
            action="fund_use.item_add",
            report=locked,
            data=lambda: {"purpose": purpose, "amount": str(amount), "item": item.pk},
        )
    return item


def remove_fund_item(item: FundUseItem, *, actor: User) -> None:
    """R10: an item may be removed while the report is being prepared or was returned."""
    with transaction.atomic():
        locked = _locked_report(item.report)
        if not can_edit_fund_report(actor, locked):
            raise DomainError(_("This report cannot be changed now."), rule="R10")
        FundUseItem.objects.filter(pk=item.pk, report=locked).delete()
        record_decision(
            actor=actor,
            action="fund_use.item_remove",
            obj=locked,
            round_id=locked.grant.round_id,
            data={"purpose": item.purpose, "amount": str(item.amount)},
        )
        delete_after_commit(item.evidence)


def submit_fund_report(report: FundUseReport, *, actor: User, summary: str) -> FundUseReport:
    """R10: the winner submits its report (at least one item) for the office's check."""
    summary = summary.strip()
    with transaction.atomic():
        locked = _locked_report(report)
        if not can_edit_fund_report(actor, locked):
            raise DomainError(_("This report cannot be submitted now."), rule="R10")
        if not locked.items.exists():
            raise DomainError(_("Add at least one use of the money with its evidence."))
        updated = transition_state(
            locked,
            FundReportStatus.SUBMITTED,
            table=FUND_REPORT_TRANSITIONS,
            actor=actor,
            action="fund_use.submitted",
            extra={"summary": summary, "submitted_at": timezone.now(), "submitted_by": actor},
        )
        grant = locked.grant
        notify(
            office_users(grant.round.programme_id),
            subject=_("Prize-money report filed: %(org)s") % {"org": grant.organisation},
            body=_("%(org)s reported how it used its prize money.") % {"org": grant.organisation},
            url=reverse("monitoring:fund_check", args=[updated.pk]),
            programme_id=grant.round.programme_id,
        )
    return updated


def check_fund_report(
    report: FundUseReport, *, actor: User, result: str, comment: str
) -> FundUseReport:
    """R10 / Art. 26: the office records its check of a submitted report (a result), or
    returns it for revision (``result`` "return"); a finding other than compliant, and a
    return, need comments. Logged; the winner notified."""
    if not can_check_fund_report(actor, report):
        raise DomainError(_("Only a submitted report can be checked."), rule="R10")
    comment = comment.strip()
    returning = result == "return"
    if not returning and result not in FundCheckResult.values:
        raise DomainError(_("Choose the result of the check."))
    if (returning or result != FundCheckResult.COMPLIANT) and not comment:
        raise DomainError(_("Give the office's findings."))
    with transaction.atomic():
        if returning:
            updated = transition_state(
                report,
                FundReportStatus.RETURNED,
                table=FUND_REPORT_TRANSITIONS,
                actor=actor,
                action="fund_use.returned",
                reason=comment,
                extra={"check_comment": comment},
            )
            subject = _("Prize-money report returned for revision")
        else:
            updated = transition_state(
                report,
                FundReportStatus.CHECKED,
                table=FUND_REPORT_TRANSITIONS,
                actor=actor,
                action="fund_use.checked",
                reason=comment,
                data={"result": result},
                extra={
                    "check_result": result,
                    "check_comment": comment,
                    "checked_at": timezone.now(),
                    "checked_by": actor,
                },
            )
            subject = _("Prize-money report checked: %(r)s") % {"r": FundCheckResult(result).label}
        grant = report.grant
        notify(
            _winner_users(grant),
            subject=subject,
            body=comment or subject,
            url=reverse("monitoring:fund_report", args=[grant.pk]),
            programme_id=grant.round.programme_id,
        )
    return updated


def publish_circular(
    *, actor: User, programme_id: int, title: str, document_number: str, body: str
) -> FundUseCircular:
    """R10 / Art. 26: the office publishes a circular of the results of its checks: every
    checked report of the programme not yet in a circular. Logged."""
    if not is_office_of(actor, programme_id):
        raise DomainError(_("Only the office publishes circulars."))
    title, body = title.strip(), body.strip()
    if not title or not body:
        raise DomainError(_("Give the circular's title and text."))
    with transaction.atomic():
        # One circular at a time per programme: the programme row is the lock, so the query
        # below (a fresh snapshot, after the lock) sees reports an earlier circular took.
        AwardProgramme.objects.select_for_update().get(pk=programme_id)
        reports = list(
            FundUseReport.objects.filter(
                grant__round__programme_id=programme_id,
                status=FundReportStatus.CHECKED,
                circulars__isnull=True,
            ).order_by("pk")
        )
        if not reports:
            raise DomainError(_("No checked report awaits a circular."), rule="R10")
        circular = FundUseCircular.objects.create(
            programme_id=programme_id,
            title=title,
            document_number=document_number.strip(),
            body=body,
            published_by=actor,
        )
        circular.reports.set(reports)
        record_decision(
            actor=actor,
            action="fund_use.circular",
            obj=circular,
            data={"reports": [r.pk for r in reports], "title": title},
        )
    return circular


# --- improvement follow-up (Art. 24) ----------------------------------------------------------


def record_improvement(
    grant: AwardGrant,
    *,
    actor: User,
    key: str,
    action: str,
    status: str,
    completed_on: date | None = None,
) -> ImprovementAction:
    """Art. 24: the winner records what it did about one opportunity for improvement of its
    feedback report (a later record replaces the earlier; each one logged)."""
    if not winner_may_act(actor, grant):
        raise DomainError(_("Only the winner records its improvements."), rule="Art. 24")
    action = action.strip()
    if not action:
        raise DomainError(_("Say what you did about this opportunity for improvement."))
    if status not in ActionStatus.values:
        raise DomainError(_("Choose the state of the improvement."))
    if status == ActionStatus.DONE and completed_on is None:
        raise DomainError(_("Give the date the improvement was completed."))
    if completed_on and completed_on > timezone.localdate():
        raise DomainError(_("The completion date cannot be in the future."))
    opportunity = next((o for o in opportunities_for(grant) if o.key == key), None)
    if opportunity is None:
        raise DomainError(_("No such opportunity for improvement in your feedback report."))
    with transaction.atomic():
        locked = _lock_grant(grant)
        record, created = ImprovementAction.objects.update_or_create(
            grant=locked,
            key=key,
            defaults={
                "category_id": opportunity.category_id,
                "opportunity": opportunity.text,
                "action": action,
                "status": status,
                "completed_on": completed_on if status == ActionStatus.DONE else None,
                "recorded_by": actor,
            },
        )
        record_decision(
            actor=actor,
            action="improvement.record",
            obj=record,
            round_id=locked.round_id,
            to_state=status,
            data={"opportunity": opportunity.text, "new": created},
        )
    return record


# --- return visits (Art. 29) ------------------------------------------------------------------


def plan_visit(
    grant: AwardGrant, *, actor: User, planned_on: date, visitors: str, purpose: str = ""
) -> ReturnVisit:
    """Art. 29: the office plans a return visit within validity. Logged; the winner told."""
    if not office_may_act(actor, grant):
        raise DomainError(_("Only the office plans return visits to a current winner."))
    visitors = visitors.strip()
    if not visitors:
        raise DomainError(_("Name the visitors."))
    with transaction.atomic():
        locked = _lock_grant(grant)
        _within_validity(locked, planned_on, _("The visit"))
        visit = ReturnVisit.objects.create(
            grant=locked,
            planned_on=planned_on,
            visitors=visitors,
            purpose=purpose.strip(),
            planned_by=actor,
        )
        record_decision(
            actor=actor,
            action="visit.plan",
            obj=visit,
            round_id=locked.round_id,
            data={"date": planned_on.isoformat(), "visitors": visitors},
        )
        notify(
            _winner_users(locked),
            subject=_("Return visit planned"),
            body=_("The award office plans a return visit on %(d)s.")
            % {"d": planned_on.isoformat()},
            url=reverse("monitoring:winner_grant", args=[locked.pk]),
            programme_id=locked.round.programme_id,
        )
    return visit


def record_visit(
    visit: ReturnVisit, *, actor: User, visited_on: date, visitors: str, findings: str
) -> ReturnVisit:
    """Art. 29: the office records a visit made: its date, the visitors and the findings."""
    if not can_record_visit(actor, visit):
        raise DomainError(_("This visit cannot be recorded."))
    visitors, findings = visitors.strip(), findings.strip()
    if not visitors or not findings:
        raise DomainError(_("Name the visitors and record the findings."))
    if visited_on > timezone.localdate():
        raise DomainError(_("A visit cannot be recorded before it took place."))
    return transition_state(
        visit,
        VisitStatus.DONE,
        table=VISIT_TRANSITIONS,
        actor=actor,
        action="visit.done",
        reason=findings,
        extra={"visited_on": visited_on, "visitors": visitors, "findings": findings},
    )


# --- experience sharing (Art. 25) -------------------------------------------------------------


def save_practice_summary(
    grant: AwardGrant, *, actor: User, body: str, publicised_in: str = ""
) -> PracticeSummary:
    """Art. 25: the winner records its summary of practice (a later save replaces it)."""
    if not winner_may_act(actor, grant):
        raise DomainError(_("Only the winner records its summary."), rule="Art. 25")
    body = body.strip()
    if not body:
        raise DomainError(_("Write the summary of your practice."))
    with transaction.atomic():
        locked = _lock_grant(grant)
        summary, created = PracticeSummary.objects.update_or_create(
            grant=locked,
            defaults={"body": body, "publicised_in": publicised_in.strip(), "submitted_by": actor},
        )
        record_decision(
            actor=actor,
            action="sharing.summary",
            obj=summary,
            round_id=locked.round_id,
            data={"new": created},
        )
    return summary


def add_sharing_activity(
    grant: AwardGrant, *, actor: User, held_on: date, event: str, audience: str
) -> SharingActivity:
    """Art. 25: the winner records a sharing activity it took part in (within validity, not
    in the future)."""
    if not winner_may_act(actor, grant):
        raise DomainError(_("Only the winner records its activities."), rule="Art. 25")
    event, audience = event.strip(), audience.strip()
    if not event or not audience:
        raise DomainError(_("Give the event and its audience."))
    if held_on > timezone.localdate():
        raise DomainError(_("Record an activity once it has taken place."))
    with transaction.atomic():
        locked = _lock_grant(grant)
        _within_validity(locked, held_on, _("The activity"))
        activity = SharingActivity.objects.create(
            grant=locked, held_on=held_on, event=event, audience=audience, recorded_by=actor
        )
        record_decision(
            actor=actor,
            action="sharing.activity",
            obj=activity,
            round_id=locked.round_id,
            data={"date": held_on.isoformat(), "event": event},
        )
    return activity


# --- annual report attachments (Art. 24) ------------------------------------------------------


def add_report_attachment(
    report: AnnualReport, *, actor: User, upload: UploadedFile
) -> AnnualReportAttachment:
    """Art. 24: the winner attaches a document to a report it may file (due or returned).
    The upload passes common.uploads.check_upload and is stored under a generated name;
    nothing is stored when refused."""
    with transaction.atomic():
        locked = AnnualReport.objects.select_for_update().select_related("grant").get(pk=report.pk)
        if not can_file_report(actor, locked):
            raise DomainError(_("This report cannot be changed now."), rule="Art. 24")
        stored_bytes = sum(a.size for a in locked.attachments.all())
        checked = check_upload(upload, already_stored_bytes=stored_bytes)
        attachment = AnnualReportAttachment(
            report=locked,
            **checked.stored_fields(),
            uploaded_by=actor,
        )
        _store_logged(
            attachment,
            attachment.file,
            f"attachment{checked.suffix}",
            upload,
            actor=actor,
            action="annual_report.attach",
            report=locked,
            data=lambda: {"name": checked.original_name, "sha256": checked.sha256},
        )
    return attachment


def remove_report_attachment(attachment: AnnualReportAttachment, *, actor: User) -> None:
    """Art. 24: an attachment may be removed while the report may still be filed."""
    with transaction.atomic():
        locked = (
            AnnualReport.objects.select_for_update()
            .select_related("grant")
            .get(pk=attachment.report_id)
        )
        if not can_file_report(actor, locked):
            raise DomainError(_("This report cannot be changed now."), rule="Art. 24")
        AnnualReportAttachment.objects.filter(pk=attachment.pk).delete()
        record_decision(
            actor=actor,
            action="annual_report.detach",
            obj=locked,
            round_id=locked.grant.round_id,
            data={"name": attachment.original_name},
        )
        delete_after_commit(attachment.file)


# --- flags: overdue or unplanned obligations, notified once (Art. 24-26, 29) -------------------

# Annual reports have their own reminders (monitoring.services.annual_reports); the winner acts on these.
WINNER_KINDS = frozenset({"fund_use", "improvement", "summary", "sharing"})
FLAG_KINDS = WINNER_KINDS | {"reassessment", "visit"}


def sweep_obligation_flags(today: date | None = None) -> int:
    """Notify once, for every current grant, each obligation that has become overdue or not
    planned (a re-assessment missing in the last year of validity, Art. 24): the office
    always, the winner for what it must do. Each (grant, obligation, state) is claimed by
    inserting its ObligationFlag row, so a second run, or a second worker, sends nothing.
    Returns the flags raised."""
    today = today or timezone.localdate()
    raised = 0
    for row in current_grants_obligations(today):
        grant = row.grant
        for ob in row.obligations:
            if ob.kind not in FLAG_KINDS or ob.state not in rules.FLAGGED_STATES:
                continue
            with transaction.atomic():
                _flag, created = ObligationFlag.objects.get_or_create(
                    grant=grant, kind=ob.kind, state=ob.state
                )
                if not created:
                    continue
                subject = _("%(org)s: %(what)s — %(state)s") % {
                    "org": grant.organisation,
                    "what": ob.label,
                    "state": ob.state_label,
                }
                notify(
                    office_users(grant.round.programme_id),
                    subject=subject,
                    body=subject,
                    url=reverse("monitoring:office_grant", args=[grant.pk]),
                    programme_id=grant.round.programme_id,
                )
                if ob.kind in WINNER_KINDS:
                    notify(
                        _winner_users(grant),
                        subject=subject,
                        body=subject,
                        url=reverse("monitoring:winner_grant", args=[grant.pk]),
                        programme_id=grant.round.programme_id,
                    )
                record_decision(
                    actor=None,
                    action="monitoring.flag",
                    obj=grant,
                    round_id=grant.round_id,
                    data={"kind": ob.kind, "state": ob.state},
                )
            raised += 1
    return raised
