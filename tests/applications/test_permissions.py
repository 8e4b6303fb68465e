"""Who may download an attachment (applications.permissions.application.can_download_attachment), each
with an outsider of the same role (R12: commitment and conflict checks)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.enums import Role
from applications.enums import ApplicationStatus
from applications.permissions.application import can_download_attachment, can_edit_dossier
from applications.services.application import add_attachment
from awards.enums import RoundStage
from awards.models import AwardProgramme
from awards.services import sign_commitment
from reviews.services.review import assign_expert, declare_conflict
from tests.factories import (
    ApplicationFactory,
    OrganisationFactory,
    RecommenderFactory,
    RoundFactory,
    UserFactory,
    applicant_user,
    expert_user,
    grant_role,
    leading_group_user,
    office_user,
    recommender_user,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def attachment():
    unit = RecommenderFactory()
    application = ApplicationFactory(recommender=unit)
    owner = applicant_user(application.organisation)
    return add_attachment(
        application, actor=owner, upload=SimpleUploadedFile("申报书.pdf", PDF), kind="form"
    )


def in_material_review(attachment) -> None:
    """Move the application on as the office would have (eligible, round in material review)."""
    application = attachment.application
    type(application).objects.filter(pk=application.pk).update(status=ApplicationStatus.ELIGIBLE)
    type(application.round).objects.filter(pk=application.round_id).update(
        stage=RoundStage.MATERIAL_REVIEW
    )
    application.refresh_from_db()
    application.round.refresh_from_db()


def test_the_organisation_may_download(attachment) -> None:
    owner = attachment.application.organisation.memberships.get().user
    assert can_download_attachment(owner, attachment) is True


def test_an_applicant_of_another_organisation_may_not(attachment) -> None:
    assert can_download_attachment(applicant_user(OrganisationFactory()), attachment) is False


def test_anonymous_may_not(attachment) -> None:
    assert can_download_attachment(AnonymousUser(), attachment) is False


def test_a_user_without_any_role_may_not(attachment) -> None:
    assert can_download_attachment(UserFactory(), attachment) is False


def test_the_chosen_recommending_unit_may_download_once_it_signed_the_commitment_r12(
    attachment,
) -> None:
    """Art. 31: not before the round's commitment is signed."""
    user = recommender_user(attachment.application.recommender)
    assert can_download_attachment(user, attachment) is False
    sign_commitment(attachment.application.round, user=user)
    assert can_download_attachment(user, attachment) is True


def test_another_recommending_unit_may_not(attachment) -> None:
    other = recommender_user(RecommenderFactory(name="信丰县人民政府"))
    sign_commitment(attachment.application.round, user=other)
    assert can_download_attachment(other, attachment) is False


def test_office_only_after_signing_the_commitment_r12(attachment) -> None:
    office = office_user()
    assert can_download_attachment(office, attachment) is False
    sign_commitment(attachment.application.round, user=office)
    assert can_download_attachment(office, attachment) is True


def test_office_of_another_programme_may_not_even_after_signing(attachment) -> None:
    county = AwardProgramme.objects.create(
        name="南康区区长质量奖", slug="nankang", awarding_body="南康区人民政府", office_name="区办"
    )
    other_office = grant_role(UserFactory(), Role.OFFICE, prog=county)
    assert can_download_attachment(other_office, attachment) is False


def test_leading_group_only_after_signing_the_commitment_r12(attachment) -> None:
    member = leading_group_user()
    assert can_download_attachment(member, attachment) is False
    sign_commitment(attachment.application.round, user=member)
    assert can_download_attachment(member, attachment) is True


def test_assigned_expert_after_commitment_and_no_conflict_may_download_r12(attachment) -> None:
    in_material_review(attachment)
    application = attachment.application
    expert = expert_user()
    assign_expert(application, expert.expert_profile, actor=office_user())
    assert can_download_attachment(expert, attachment) is False  # nothing signed or declared
    sign_commitment(application.round, user=expert)
    declare_conflict(application, expert.expert_profile, actor=expert, has_conflict=False)
    assert can_download_attachment(expert, attachment) is True


def test_unassigned_expert_may_not_r12(attachment) -> None:
    in_material_review(attachment)
    expert = expert_user()
    sign_commitment(attachment.application.round, user=expert)
    assert can_download_attachment(expert, attachment) is False


def test_expert_who_declared_a_conflict_may_not_r12(attachment) -> None:
    in_material_review(attachment)
    application = attachment.application
    expert = expert_user()
    assign_expert(application, expert.expert_profile, actor=office_user())
    sign_commitment(application.round, user=expert)
    declare_conflict(
        application, expert.expert_profile, actor=expert, has_conflict=True, kind="employer"
    )
    assert can_download_attachment(expert, attachment) is False


def test_dossier_editable_only_by_its_organisation_while_draft_and_open_r1_r13() -> None:
    application = ApplicationFactory(round=RoundFactory())
    owner = applicant_user(application.organisation)
    assert can_edit_dossier(owner, application) is True
    assert can_edit_dossier(applicant_user(OrganisationFactory()), application) is False
    assert can_edit_dossier(office_user(), application) is False
    submitted = ApplicationFactory(status=ApplicationStatus.SUBMITTED)
    assert can_edit_dossier(applicant_user(submitted.organisation), submitted) is False
