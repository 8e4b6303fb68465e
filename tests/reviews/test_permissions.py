"""can_open_dossier and score_refusal (R12): every condition, and the outsiders of each role."""

from __future__ import annotations

import pytest

from accounts.enums import Role
from applications.enums import ApplicationStatus
from applications.permissions.application import (
    can_download_attachment,
    can_read_dossier_contents,
)
from awards.enums import RoundStage
from awards.models import ConfidentialityCommitment
from awards.services import sign_commitment
from experts.models import ExpertProfile
from reviews.enums import ConflictKind
from reviews.permissions import (
    can_open_dossier,
    can_run_review,
    can_view_composite_report,
    is_assigned_without_conflict,
    score_refusal,
)
from reviews.services import review as services
from tests.factories import (
    applicant_user,
    expert_user,
    grant_role,
    leading_group_user,
    office_user,
)
from tests.reviews.helpers import (
    MATERIAL,
    SITE,
    eligible,
    expert_in,
    other_programme,
    profile,
    ready,
    review_round,
    score,
)


def test_a_ready_expert_opens_the_dossier_and_scores(application, office, reviewer) -> None:
    ready(application, reviewer, office)
    assert can_open_dossier(reviewer, application) is True
    assert score_refusal(reviewer, application, MATERIAL) is None
    assert score_refusal(reviewer, application, SITE) is not None
    # What the attachment download enforces (applications.views.applicant).
    assert can_read_dossier_contents(reviewer, application) is True


def test_each_step_before_the_dossier_is_needed(application, office, reviewer) -> None:
    expert = profile(reviewer)
    assert can_open_dossier(reviewer, application) is False  # not assigned
    services.assign_expert(application, expert, actor=office)
    assert is_assigned_without_conflict(reviewer, application) is True
    assert can_open_dossier(reviewer, application) is False  # no commitment, no declaration
    sign_commitment(application.round, user=reviewer)
    assert can_open_dossier(reviewer, application) is False  # no declaration yet
    services.declare_conflict(application, expert, actor=reviewer, has_conflict=False)
    assert can_open_dossier(reviewer, application) is True


def test_commitment_is_checked_per_round(application, office, reviewer) -> None:
    ready(application, reviewer, office)
    later = eligible(review_round())
    services.assign_expert(later, profile(reviewer), actor=office)
    assert is_assigned_without_conflict(reviewer, later) is True
    # The commitment of one round does not open another round's dossiers (R12).
    with pytest.raises(Exception, match="Sign the round's confidentiality commitment first"):
        services.declare_conflict(later, profile(reviewer), actor=reviewer, has_conflict=False)
    assert can_open_dossier(reviewer, later) is False


def test_a_declared_conflict_closes_the_dossier(application, office, reviewer) -> None:
    expert = ready(application, reviewer, office)
    services.declare_conflict(
        application, expert, actor=reviewer, has_conflict=True, kind=ConflictKind.ADVISORY
    )
    assert can_open_dossier(reviewer, application) is False
    assert is_assigned_without_conflict(reviewer, application) is False
    assert score_refusal(reviewer, application, MATERIAL) is not None


def test_a_conflict_detected_after_assignment_closes_the_dossier(
    application, office, reviewer
) -> None:
    expert = ready(application, reviewer, office)
    ExpertProfile.objects.filter(pk=expert.pk).update(
        employer_credit_code=application.organisation.credit_code.lower()
    )
    assert can_open_dossier(reviewer, application) is False
    assert is_assigned_without_conflict(reviewer, application) is False


def test_a_withdrawn_assignment_closes_the_dossier_until_the_expert_is_assigned_again(
    application, office, reviewer
) -> None:
    expert = ready(application, reviewer, office)
    assignment = expert.assignments.get()
    services.withdraw_assignment(assignment, actor=office, reason="调整")
    assert can_open_dossier(reviewer, application) is False
    services.assign_expert(application, expert, actor=office)
    assert can_open_dossier(reviewer, application) is True


def test_an_expert_leaving_the_pool_loses_access(application, office, reviewer) -> None:
    ready(application, reviewer, office)
    reviewer.programme_roles.filter(role=Role.EXPERT).update(active=False)
    assert can_open_dossier(reviewer, application) is False
    reviewer.programme_roles.filter(role=Role.EXPERT).update(active=True)
    ExpertProfile.objects.filter(user=reviewer).update(active=False)
    assert can_open_dossier(reviewer, application) is False


def test_outsiders_of_every_role_cannot_open_or_score(application, office, reviewer) -> None:
    ready(application, reviewer, office)
    from django.contrib.auth.models import AnonymousUser

    outsiders = [
        expert_user(),  # an unassigned expert of the same programme
        expert_in(other_programme()),  # an expert of another programme
        office,  # the office never scores
        leading_group_user(),
        applicant_user(application.organisation),  # the applicant itself
        AnonymousUser(),
    ]
    for user in outsiders:
        if user.is_authenticated:  # even with a commitment on record (R12)
            ConfidentialityCommitment.objects.get_or_create(
                round=application.round, user=user, defaults={"text": "承诺"}
            )
        assert can_open_dossier(user, application) is False
        assert score_refusal(user, application, MATERIAL) is not None


def test_score_refusal_says_why(application, office, reviewer) -> None:
    ready(application, reviewer, office)
    assert score_refusal(reviewer, application, "consensus") == "Unknown review stage."
    assert (
        score_refusal(reviewer, application, SITE) == "This application is not in Site review now."
    )
    score(application, reviewer, MATERIAL, 50)
    assert (
        score_refusal(reviewer, application, MATERIAL)
        == "Your review was submitted and can no longer change."
    )
    assert score_refusal(expert_user(), application, MATERIAL) == (
        "You are not an assigned reviewer of this application without a conflict."
    )


def test_site_scoring_in_site_review(office, reviewer) -> None:
    round = review_round(RoundStage.SITE_REVIEW)
    application = eligible(round, status=ApplicationStatus.SITE_REVIEW)
    ready(application, reviewer, office)
    assert score_refusal(reviewer, application, SITE) is None
    assert score_refusal(reviewer, application, MATERIAL) is not None


def test_the_dossier_download_follows_the_predicate(application, office, reviewer) -> None:
    from applications.models import Attachment

    attachment = Attachment.objects.create(
        application=application,
        kind="form",
        file="attachments/x.pdf",
        original_name="申报表.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
    )
    assert can_download_attachment(reviewer, attachment) is False
    ready(application, reviewer, office)
    assert can_download_attachment(reviewer, attachment) is True
    services.declare_conflict(
        application, profile(reviewer), actor=reviewer, has_conflict=True, kind=ConflictKind.FAMILY
    )
    assert can_download_attachment(reviewer, attachment) is False


def test_office_runs_the_review_of_its_own_programme_only(round, office) -> None:
    county_office = office_user()
    county_office.programme_roles.all().delete()
    grant_role(county_office, Role.OFFICE, prog=other_programme())
    assert can_run_review(office, round) is True
    assert can_run_review(county_office, round) is False
    assert can_run_review(leading_group_user(), round) is False
    assert can_run_review(expert_user(), round) is False


def test_composite_report_for_office_and_leading_group_of_the_programme(round, office) -> None:
    member = leading_group_user()
    county_member = leading_group_user()
    county_member.programme_roles.all().delete()
    grant_role(county_member, Role.LEADING_GROUP, prog=other_programme())
    assert can_view_composite_report(office, round) is True
    assert can_view_composite_report(member, round) is True
    assert can_view_composite_report(county_member, round) is False
    assert can_view_composite_report(expert_user(), round) is False
