"""Who may see and do what with an application. 404 where the user may not know it exists."""

from __future__ import annotations

from accounts.enums import Role
from accounts.models import ProgrammeRole
from accounts.permissions import AnyUser, is_leading_group_of, is_office_of
from applications import hooks
from applications.enums import ApplicationStatus
from applications.models import Application, Attachment
from applications.selectors.application import applications_for_recommender, organisation_id_of
from awards.enums import RoundStage
from awards.permissions import has_signed_commitment


def is_applicant_of(user: AnyUser, application: Application) -> bool:
    return organisation_id_of(user) == application.organisation_id


def can_edit_dossier(user: AnyUser, application: Application) -> bool:
    return (
        is_applicant_of(user, application)
        and application.status == ApplicationStatus.DRAFT
        and application.round.window_is_open()
    )


def is_recommender_of(user: AnyUser, application: Application) -> bool:
    if not user.is_authenticated or application.recommender_id is None:
        return False
    return ProgrammeRole.objects.filter(
        user=user,
        programme_id=application.round.programme_id,
        role=Role.RECOMMENDER,
        recommender_id=application.recommender_id,
        active=True,
    ).exists()


def recommender_sees(user: AnyUser, application: Application) -> bool:
    """The application names the user's unit, or it is submitted and in the scope of
    one of the user's units (its county/district or zone, or its industries)."""
    if not user.is_authenticated:
        return False

    return applications_for_recommender(user).filter(pk=application.pk).exists()


def can_recommend(user: AnyUser, application: Application) -> bool:
    return is_recommender_of(user, application) and application.recommendation_open


def is_expert_reviewer_of(user: AnyUser, application: Application) -> bool:
    """An assigned expert with no conflict (reviews.permissions holds the full predicate and
    adds it to ``hooks.dossier_readers``)."""
    return any(reader(user, application) for reader in hooks.dossier_readers)


def recommender_may_open(user: AnyUser, application: Application) -> bool:
    """R12 / Art. 31: a recommending unit's user opens a dossier of its scope, and downloads
    its attachments (the sections marked secret included), only after signing the round's
    confidentiality commitment."""
    return recommender_sees(user, application) and has_signed_commitment(user, application.round)


def can_read_dossier_contents(user: AnyUser, application: Application) -> bool:
    """R12: office, leading group and recommending units see dossier contents only after
    signing the commitment."""
    if is_applicant_of(user, application) or recommender_may_open(user, application):
        return True
    programme_id = application.round.programme_id
    if is_office_of(user, programme_id) or is_leading_group_of(user, programme_id):
        return has_signed_commitment(user, application.round)
    return is_expert_reviewer_of(user, application)


def can_download_attachment(user: AnyUser, attachment: Attachment) -> bool:
    return can_read_dossier_contents(user, attachment.application)


def can_decide_eligibility(user: AnyUser, application: Application) -> bool:
    return (
        is_office_of(user, application.round.programme_id)
        and application.round.stage == RoundStage.ELIGIBILITY
        and application.status == ApplicationStatus.SUBMITTED
    )
