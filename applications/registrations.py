"""What applications adds to the registries of the apps below it (called from
``ApplicationsConfig.ready``)."""

from __future__ import annotations

from applications.enums import NOT_APPLICANT_KINDS, AttachmentKind
from applications.selectors.office import status_counts
from applications.services.application import lapse_unsubmitted_drafts
from applications.services.rounds import (
    check_eligibility_decided,
    tell_applicants_deadline_extended,
)
from awards import hooks as round_hooks
from awards.models import Round


def _round_page_counts(round: Round) -> dict[str, object]:
    return {"counts": status_counts(round)}


def register() -> None:
    round_hooks.window_closed.connect(lapse_unsubmitted_drafts)
    round_hooks.deadline_extended.connect(tell_applicants_deadline_extended)
    round_hooks.material_review_checks.connect(check_eligibility_decided)
    round_hooks.round_page_context.append(_round_page_counts)
    # The recommending unit's letter is not the applicant's to upload.
    round_hooks.requirable_attachment_kinds[:] = [
        choice for choice in AttachmentKind.choices if choice[0] not in NOT_APPLICANT_KINDS
    ]
