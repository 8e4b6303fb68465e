"""Every write about a winner's obligations (Art. 24, R9): the schedule of annual quality
performance reports, their filing and review, due-date changes and the reminders sent once
each (before the due date, on it, and the day after)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, IntegerField, Q, QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.models import User
from applications.selectors.application import users_of_organisation
from awards.rulesets import round_rule_settings
from decisionlog.services import record_decision
from decisionlog.workflow import DomainError, transition_logged
from grants.enums import GrantStatus
from grants.models import AwardGrant
from grants.rules.grant import add_years
from monitoring.enums import REPORT_TRANSITIONS, ReportStatus
from monitoring.models import AnnualReport
from monitoring.permissions.annual_reports import (
    can_change_due_date,
    can_file_report,
    can_review_report,
)
from notifications.services import notify

# Art. 24: reminders are sent for reports the winner still has to file.
OPEN_REPORT_STATUSES = (ReportStatus.DUE, ReportStatus.RETURNED)

# The three reminders of Art. 24 and the timestamp field that claims each one.
REMINDER_FIELDS = {
    "before": "reminded_before_at",
    "on": "reminded_on_at",
    "after": "reminded_after_at",
}


def reminder_days() -> int:
    """Art. 24: the first reminder goes this many days before the due date."""
    return int(getattr(settings, "ANNUAL_REPORT_REMINDER_DAYS", 14))


def report_due_dates(approved_on: date, validity_years: int) -> list[date]:
    """Art. 24, R9: one report per year of validity, due on each anniversary of approval."""
    return [add_years(approved_on, n) for n in range(1, validity_years + 1)]


def transition_report(
    report: AnnualReport, to: str, *, actor: User | None, reason: str = "", **extra: Any
) -> AnnualReport:
    """The only way an annual report's status changes (Art. 24)."""
    return transition_logged(
        report, to, REPORT_TRANSITIONS, actor, reason, extra, action=f"annual_report.{to}"
    )


def office_users(programme_id: int) -> QuerySet[User]:
    return User.objects.filter(
        programme_roles__programme_id=programme_id,
        programme_roles__role=Role.OFFICE,
        programme_roles__active=True,
    ).distinct()


def _winner_users(grant: AwardGrant) -> QuerySet[User]:
    return users_of_organisation(grant.organisation_id)


def schedule_annual_reports(grant: AwardGrant, *, actor: User | None = None) -> list[AnnualReport]:
    """Art. 24, R9: create the grant's missing annual reports, one per year of validity, due
    on each anniversary of the approval date.

    Idempotent: a report already scheduled (whatever its state or changed due date) is kept;
    only the missing years are created. Nothing is scheduled for a revoked grant. Returns the
    reports created (logged in the decision log, R14).
    """
    if grant.status == GrantStatus.REVOKED:
        return []
    validity_years = round_rule_settings(grant.round).validity_years
    created: list[AnnualReport] = []
    with transaction.atomic():
        locked = AwardGrant.objects.select_for_update().get(pk=grant.pk)
        existing = set(AnnualReport.objects.filter(grant=locked).values_list("year", flat=True))
        for due_on in report_due_dates(locked.approved_on, validity_years):
            if due_on.year in existing:
                continue
            created.append(
                AnnualReport.objects.create(grant=locked, year=due_on.year, due_on=due_on)
            )
        if created:
            record_decision(
                actor=actor,
                action="annual_report.schedule",
                obj=locked,
                round_id=locked.round_id,
                data={"due_on": [r.due_on.isoformat() for r in created]},
            )
    return created


def schedule_missing_annual_reports() -> int:
    """Art. 24: give every valid grant without its full schedule its reports (grants approved
    before this schedule existed, or imported). Idempotent. Returns the reports created."""
    grants = (
        AwardGrant.objects.filter(status=GrantStatus.VALID)
        .annotate(n_reports=Count("annual_reports"))
        # R9: the validity the round's rules set (its kept copy; a draft's programme's).
        .annotate(
            validity=Coalesce(
                Cast(KeyTextTransform("validity_years", "round__rule_settings"), IntegerField()),
                F("round__programme__validity_years"),
                output_field=IntegerField(),
            )
        )
        .filter(n_reports__lt=F("validity"))
        .select_related("round__programme")
    )
    return sum(len(schedule_annual_reports(grant)) for grant in grants)


def file_annual_report(
    report: AnnualReport,
    *,
    actor: User,
    key_indicators: str,
    improvements: str,
    body: str,
) -> AnnualReport:
    """Art. 24: the winner files its annual quality performance report.

    Preconditions: the actor is a user of the winning organisation; the report is due or was
    returned; the grant is not revoked; the key indicators and the body are given.
    Side effects: the report's text is saved and it moves to SUBMITTED (logged, R14); the
    programme's office is notified.
    """
    if not can_file_report(actor, report):
        raise DomainError(_("This report cannot be filed now."), rule="Art. 24")
    key_indicators, improvements, body = key_indicators.strip(), improvements.strip(), body.strip()
    if not key_indicators or not body:
        raise DomainError(_("Give the key quality indicators and the report."))
    with transaction.atomic():
        locked = AnnualReport.objects.select_for_update().get(pk=report.pk)
        if locked.status not in OPEN_REPORT_STATUSES:
            raise DomainError(_("This report has already been filed."), rule="Art. 24")
        updated = transition_report(
            locked,
            ReportStatus.SUBMITTED,
            actor=actor,
            reason=_("Annual report for %(year)d filed.") % {"year": locked.year},
            key_indicators=key_indicators,
            improvements=improvements,
            body=body,
            submitted_at=timezone.now(),
            submitted_by=actor,
        )
        grant = report.grant
        notify(
            office_users(grant.round.programme_id),
            subject=_("Annual report filed: %(org)s") % {"org": grant.organisation},
            body=_("%(org)s filed its %(year)d quality performance report for review.")
            % {"org": grant.organisation, "year": updated.year},
            url=reverse("monitoring:annual_report_review", args=[updated.pk]),
            programme_id=grant.round.programme_id,
        )
    return updated


def save_annual_report_draft(
    report: AnnualReport,
    *,
    actor: User,
    key_indicators: str,
    improvements: str,
    body: str,
) -> AnnualReport:
    """Art. 24: the winner keeps the report it is writing, to go on later; nothing is filed.

    Preconditions: as for filing (the actor's organisation, a due or returned report of a
    grant not revoked); the text may be incomplete.
    Side effects: the three texts and the time of the draft saved. Not a decision: nothing is
    logged until the report is filed (``file_annual_report`` logs the text as filed).
    """
    if not can_file_report(actor, report):
        raise DomainError(_("This report cannot be filed now."), rule="Art. 24")
    with transaction.atomic():
        locked = AnnualReport.objects.select_for_update().get(pk=report.pk)
        if locked.status not in OPEN_REPORT_STATUSES:
            raise DomainError(_("This report has already been filed."), rule="Art. 24")
        locked.key_indicators = key_indicators
        locked.improvements = improvements
        locked.body = body
        locked.draft_saved_at = timezone.now()
        locked.save(update_fields=["key_indicators", "improvements", "body", "draft_saved_at"])
    return locked


def review_annual_report(
    report: AnnualReport, *, actor: User, accept: bool, comment: str = ""
) -> AnnualReport:
    """Art. 24: the office accepts a submitted report, or returns it with comments.

    Preconditions: the actor is the programme's office; the report is SUBMITTED; a return
    gives comments. Side effects: SUBMITTED -> ACCEPTED or RETURNED with the comment, the
    reviewer and time (logged, R14); the winner's users notified.
    """
    if not can_review_report(actor, report):
        raise DomainError(_("Only a submitted report can be reviewed."), rule="Art. 24")
    comment = comment.strip()
    if not accept and not comment:
        raise DomainError(_("Say what the organisation must revise."))
    to = ReportStatus.ACCEPTED if accept else ReportStatus.RETURNED
    with transaction.atomic():
        updated = transition_report(
            report,
            to,
            actor=actor,
            reason=comment,
            office_comment=comment,
            reviewed_by=actor,
            reviewed_at=timezone.now(),
        )
        grant = report.grant
        if accept:
            subject = _("Annual report accepted")
            body = _("The office accepted your %(year)d quality performance report.") % {
                "year": updated.year
            }
        else:
            subject = _("Annual report returned for revision")
            body = _("The office returned your %(year)d quality performance report: %(c)s") % {
                "year": updated.year,
                "c": comment,
            }
        notify(
            _winner_users(grant),
            subject=subject,
            body=body,
            url=reverse("monitoring:annual_report_file", args=[updated.pk]),
            programme_id=grant.round.programme_id,
        )
    return updated


def change_report_due_date(
    report: AnnualReport, *, actor: User, due_on: date, reason: str
) -> AnnualReport:
    """Art. 24: the office sets another due date for a report, with a reason.

    Preconditions: the actor is the programme's office; the report is not accepted; a reason
    is given; the date differs. Side effects: the due date changes, the reminders not yet
    relevant under the new date may be sent again (their timestamps are cleared), a
    decision-log row with the old and new dates (R14); the winner notified.
    """
    if not can_change_due_date(actor, report):
        raise DomainError(_("The due date of an accepted report cannot change."))
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Give the reason for the new due date."))
    with transaction.atomic():
        locked = AnnualReport.objects.select_for_update().get(pk=report.pk)
        old = locked.due_on
        if due_on == old:
            raise DomainError(_("The new due date is the same as the current one."))
        locked.due_on = due_on
        locked.reminded_before_at = None
        locked.reminded_on_at = None
        locked.reminded_after_at = None
        locked.save(
            update_fields=["due_on", "reminded_before_at", "reminded_on_at", "reminded_after_at"]
        )
        grant = report.grant
        record_decision(
            actor=actor,
            action="annual_report.due_date",
            obj=locked,
            reason=reason,
            round_id=grant.round_id,
            data={"from": old.isoformat(), "to": due_on.isoformat()},
        )
        notify(
            _winner_users(grant),
            subject=_("New due date for your annual report"),
            body=_("Your %(year)d quality performance report is now due on %(date)s: %(reason)s")
            % {"year": locked.year, "date": due_on.isoformat(), "reason": reason},
            url=reverse("monitoring:winner_overview"),
            programme_id=grant.round.programme_id,
        )
    return locked


def reminder_due(kind: str, due_on: date, today: date, days_before: int) -> bool:
    """Art. 24: whether the ``kind`` reminder belongs to ``today`` for a report due on
    ``due_on``: "before" from ``days_before`` days ahead until the day before, "on" on the
    due date, "after" from the day after (overdue)."""
    if kind == "before":
        return due_on - timedelta(days=days_before) <= today < due_on
    if kind == "on":
        return today == due_on
    if kind == "after":
        return today > due_on
    raise ValueError(kind)


def _reminder_text(kind: str, report: AnnualReport) -> tuple[str, str]:
    values = {"year": report.year, "date": report.due_on.isoformat()}
    if kind == "before":
        return (
            _("Annual report due on %(date)s") % values,
            _("Your %(year)d quality performance report is due on %(date)s (Art. 24).") % values,
        )
    if kind == "on":
        return (
            _("Annual report due today"),
            _("Your %(year)d quality performance report is due today, %(date)s (Art. 24).")
            % values,
        )
    return (
        _("Annual report overdue"),
        _(
            "Your %(year)d quality performance report was due on %(date)s and is overdue "
            "(Art. 24). File it now."
        )
        % values,
    )


def sweep_annual_report_reminders(today: date | None = None) -> int:
    """Art. 24: schedule missing reports, then send each due reminder once (before, on and
    after the due date) to the organisation's users for reports still to be filed (due or
    returned) of grants not revoked.

    Each reminder is claimed by a conditional update of its timestamp (only when still empty),
    so a second run, or a second worker, sends nothing. Returns the reminders sent.
    """
    today = today or timezone.localdate()
    schedule_missing_annual_reports()
    days = reminder_days()
    sent = 0
    candidates = (
        AnnualReport.objects.filter(
            Q(reminded_before_at__isnull=True, due_on__gt=today)
            | Q(reminded_on_at__isnull=True, due_on=today)
            | Q(reminded_after_at__isnull=True, due_on__lt=today),
            status__in=OPEN_REPORT_STATUSES,
            due_on__lte=today + timedelta(days=days),
        )
        .exclude(grant__status=GrantStatus.REVOKED)
        .select_related("grant__organisation", "grant__round")
        .order_by("due_on", "pk")
    )
    for report in candidates:
        for kind, field in REMINDER_FIELDS.items():
            if getattr(report, field) is not None:
                continue
            if not reminder_due(kind, report.due_on, today, days):
                continue
            with transaction.atomic():
                claimed = AnnualReport.objects.filter(
                    pk=report.pk,
                    status__in=OPEN_REPORT_STATUSES,
                    due_on=report.due_on,
                    **{f"{field}__isnull": True},
                ).update(**{field: timezone.now()})
                if not claimed:
                    continue
                subject, body = _reminder_text(kind, report)
                notify(
                    _winner_users(report.grant),
                    subject=subject,
                    body=body,
                    url=reverse("monitoring:annual_report_file", args=[report.pk]),
                    programme_id=report.grant.round.programme_id,
                )
            sent += 1
    return sent
