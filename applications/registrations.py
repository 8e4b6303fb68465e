"""What applications adds to the registries of the apps below it (called from
``ApplicationsConfig.ready``)."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _

from accounts.dashboard import register_section
from accounts.workqueue import register_provider
from applications.enums import (
    NOT_APPLICANT_KINDS,
    AdverseRecordStatus,
    ApplicationStatus,
    AttachmentKind,
)
from applications.form_pdf import FORM_PDF
from applications.models import SupplementRequest
from applications.receivers import call_published, on_supplement_saved
from applications.selectors import application as application_selectors
from applications.selectors import office as office_selectors
from applications.selectors import workqueue as work
from applications.selectors.application import programme_ids_of_applicants
from applications.selectors.office import status_counts, submitted_per_round
from applications.services.application import lapse_unsubmitted_drafts
from applications.services.rounds import (
    check_eligibility_decided,
    tell_applicants_deadline_extended,
)
from awards import hooks as round_hooks
from awards.models import Round
from common.built_documents import register_kind
from decisionlog.labels import register_state_enum
from notifications import hooks as notification_hooks


def _round_page_counts(round: Round) -> dict[str, object]:
    return {"counts": status_counts(round)}


def register() -> None:
    register_kind(FORM_PDF)
    register_state_enum("application", ApplicationStatus)
    register_state_enum("adverse_record", AdverseRecordStatus)
    round_hooks.window_closed.connect(lapse_unsubmitted_drafts)
    round_hooks.deadline_extended.connect(tell_applicants_deadline_extended)
    round_hooks.material_review_checks.connect(check_eligibility_decided)
    round_hooks.round_page_context.add(_round_page_counts)
    round_hooks.oversight_counts.add(
        round_hooks.RoundCount("applications", _("Applications submitted"), submitted_per_round)
    )
    # The recommending unit's letter is not the applicant's to upload.
    round_hooks.requirable_attachment_kinds[:] = [
        choice for choice in AttachmentKind.choices if choice[0] not in NOT_APPLICANT_KINDS
    ]
    notification_hooks.register_action_hook("round.application", call_published)
    notification_hooks.programme_sources.add(programme_ids_of_applicants)
    post_save.connect(
        on_supplement_saved,
        sender=SupplementRequest,
        dispatch_uid="applications.supplement_requested",
    )
    register_section(
        "applicant",
        "applications/_dashboard_applicant.html",
        application_selectors.dashboard_applicant,
        order=30,
    )
    register_section(
        "recommender",
        "applications/_dashboard_recommender.html",
        office_selectors.dashboard_recommender,
        order=40,
    )
    register_section(
        "liaison",
        "applications/_dashboard_liaison.html",
        office_selectors.dashboard_liaison,
        order=50,
    )
    register_provider("office", "applications", work.office_items)
    register_provider("recommender", "applications", work.recommender_items)
    register_provider("liaison", "applications", work.liaison_items)
