"""What applications does when its round moves (``awards.hooks``, connected in
``applications.registrations``): awards runs the round but cannot call the app above it."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from applications.enums import ApplicationStatus
from applications.selectors.application import users_of_round_applicants
from awards.models import Round
from decisionlog.workflow import DomainError
from notifications.services import notify


def tell_applicants_deadline_extended(round: Round, reason: str) -> None:
    """R1: every applicant of the round learns the new deadline and the office's reason."""
    notify(
        users_of_round_applicants(round),
        subject=_("Application deadline extended"),
        body=_("The deadline of %(round)s is now %(when)s. Reason: %(reason)s")
        % {
            "round": round,
            "when": timezone.localtime(round.applications_close_at).strftime("%Y-%m-%d %H:%M"),
            "reason": reason,
        },
        programme_id=round.programme_id,
    )


def check_eligibility_decided(round: Round) -> None:
    """Art. 18 / R5: the material review starts only once every submitted application has its
    eligibility decided, and at least one is eligible."""
    undecided = round.applications.filter(status=ApplicationStatus.SUBMITTED).count()
    if undecided:
        raise DomainError(
            _("%(n)d submitted applications still await the eligibility decision.")
            % {"n": undecided},
            rule="R5",
        )
    if not round.applications.filter(status=ApplicationStatus.ELIGIBLE).exists():
        raise DomainError(_("No application is eligible."))
