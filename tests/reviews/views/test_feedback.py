"""The feedback report (反馈报告): the organisation sees it after release, the office any time,
others 404; no reviewer's name on it (R12)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from awards.enums import RoundStage
from reviews.services import review as services
from tests.factories import applicant_user, expert_user
from tests.reviews.helpers import MATERIAL, all_scores, categories_of, profile
from tests.reviews.test_consensus import form_group
from tests.reviews.views.test_expert import logged_in


@pytest.fixture
def member(db):
    return expert_user(username="member", full_name="李专家")


@pytest.fixture
def reviewed(round, application, office, reviewer, member):
    form_group(application, office, reviewer, member)
    first = categories_of(round)[0]
    for user in (reviewer, member):
        review = services.save_review(
            application,
            profile(user),
            MATERIAL,
            actor=user,
            scores=all_scores(round, 60, "评审意见"),
            feedback={first.pk: ("过程管理规范", "加强数据分析")},
        )
        services.submit_review(review, actor=user)
    return application


def url(application):
    return reverse("reviews:feedback", args=[application.pk])


def test_the_organisation_sees_the_report_only_after_release(reviewed, office) -> None:
    client = logged_in(applicant_user(reviewed.organisation))
    before = client.get(url(reviewed))
    assert before.status_code == 200
    html = before.content.decode()
    assert 'id="feedback-not-released"' in html and "过程管理规范" not in html
    response = logged_in(office).post(
        reverse("reviews:release_feedback", args=[reviewed.round.pk]), {"note": "提前"}
    )
    assert response.status_code == 302
    after = client.get(url(reviewed)).content.decode()
    assert "过程管理规范" in after and "加强数据分析" in after and "50–65%" in after


def test_the_report_names_no_reviewer(reviewed, office) -> None:
    reviewed.round.stage = RoundStage.PUBLISHED  # the winners published (set directly for the test)
    reviewed.round.save(update_fields=["stage"])
    html = logged_in(applicant_user(reviewed.organisation)).get(url(reviewed)).content.decode()
    assert "过程管理规范" in html
    assert "王专家" not in html and "李专家" not in html and "评审意见" not in html


def test_the_office_previews_before_release(reviewed, office) -> None:
    html = logged_in(office).get(url(reviewed)).content.decode()
    assert 'id="feedback-preview"' in html and "过程管理规范" in html


def test_others_get_404(reviewed, reviewer) -> None:
    # Another organisation's applicant and a reviewer of the application are outsiders here.
    assert logged_in(applicant_user()).get(url(reviewed)).status_code == 404
    assert logged_in(reviewer).get(url(reviewed)).status_code == 404


def test_only_the_office_releases(reviewed, reviewer) -> None:
    response = logged_in(reviewer).post(
        reverse("reviews:release_feedback", args=[reviewed.round.pk]), {}
    )
    assert response.status_code == 404


def test_the_application_page_links_the_report(reviewed, office) -> None:
    reviewed.material_score = 600
    reviewed.save(update_fields=["material_score"])
    html = (
        logged_in(applicant_user(reviewed.organisation))
        .get(reverse("applications:detail", args=[reviewed.pk]))
        .content.decode()
    )
    assert reverse("reviews:feedback", args=[reviewed.pk]) in html
