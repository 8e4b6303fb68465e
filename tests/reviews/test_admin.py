"""The admin: experts can be edited there; what the review services write is read-only
(assignments give an expert its applications, declarations are R12 decisions, scores are the
expert's)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from experts.models import ExpertProfile
from tests.factories import UserFactory
from tests.reviews.helpers import MATERIAL, ready, score


@pytest.fixture
def admin_client_(db: None) -> Client:
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_changelists_render(admin_client_, application, office, reviewer) -> None:
    ready(application, reviewer, office)
    score(application, reviewer, MATERIAL, 50)
    for app, model in (
        ("experts", "expertprofile"),
        ("reviews", "reviewgroup"),
        ("reviews", "assignment"),
        ("reviews", "conflictdeclaration"),
        ("reviews", "review"),
        ("reviews", "assignmentdraw"),
        ("experts", "reviewagency"),
        ("experts", "agencydisqualification"),
        ("experts", "expertdisqualification"),
        ("reviews", "sitevisit"),
    ):
        assert admin_client_.get(reverse(f"admin:{app}_{model}_changelist")).status_code == 200


def test_an_expert_is_created_in_the_admin(admin_client_) -> None:
    user = UserFactory(username="new-expert")
    response = admin_client_.post(
        reverse("admin:experts_expertprofile_add"),
        {
            "user": user.pk,
            "name": "陈专家",
            "title": "高级工程师",
            "active": "on",
            "employer": "赣州有色冶金研究所",
            "employer_credit_code": " 12360700ma0000001x ",
            "specialties": "",
            "industries": "",
            "phone": "",
            "email": "",
        },
    )
    assert response.status_code == 302
    expert = ExpertProfile.objects.get(name="陈专家")
    assert (expert.user, expert.employer_credit_code) == (user, "12360700MA0000001X")


def test_scores_assignments_and_declarations_cannot_be_added_or_changed(
    admin_client_, application, office, reviewer
) -> None:
    ready(application, reviewer, office)
    review = score(application, reviewer, MATERIAL, 50)
    for model in ("assignment", "conflictdeclaration", "review"):
        assert admin_client_.get(reverse(f"admin:reviews_{model}_add")).status_code == 403
    change = admin_client_.get(reverse("admin:reviews_review_change", args=[review.pk]))
    assert change.status_code == 200
    assert b'name="_save"' not in change.content
    posted = admin_client_.post(
        reverse("admin:reviews_review_change", args=[review.pk]), {"total": "999"}
    )
    assert posted.status_code == 403
    review.refresh_from_db()
    assert str(review.total) == "500.0"
