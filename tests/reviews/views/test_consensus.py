"""The group leader's consensus page (docs/rules.md, Scoring; R12: only the leader, others 404)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from reviews.enums import ReviewStatus
from reviews.models import Review
from tests.factories import applicant_user, expert_user
from tests.reviews.helpers import MATERIAL, items_of, score
from tests.reviews.test_consensus import form_group
from tests.reviews.views.test_expert import logged_in


@pytest.fixture
def member(db):
    return expert_user(username="member", full_name="李专家")


def url(application, stage=MATERIAL):
    return reverse("reviews:consensus", args=[application.pk, stage])


def test_the_leader_sees_every_member_side_by_side_with_the_spread_flagged(
    round, application, office, reviewer, member
) -> None:
    form_group(application, office, reviewer, member)
    score(application, reviewer, MATERIAL, 60)
    score(application, member, MATERIAL, 80)
    response = logged_in(reviewer).get(url(application))
    assert response.status_code == 200
    html = response.content.decode()
    assert "王专家" in html and "李专家" in html
    assert html.count('class="badge text-bg-warning spread-flag"') == len(items_of(round))
    assert 'id="consensus-form"' in html


def test_the_leader_submits_the_consensus(round, application, office, reviewer, member) -> None:
    form_group(application, office, reviewer, member)
    score(application, reviewer, MATERIAL, 60)
    score(application, member, MATERIAL, 80)
    data = {"action": "submit", "summary": "一致意见"}
    for item in items_of(round):
        data[f"percent_{item.pk}"] = "70"
        data[f"comment_{item.pk}"] = "讨论后"
    response = logged_in(reviewer).post(url(application), data)
    assert response.status_code == 302
    consensus = Review.all_reviews.get(is_consensus=True)
    assert (consensus.status, consensus.total, consensus.summary) == (
        ReviewStatus.SUBMITTED,
        Decimal("700.0"),
        "一致意见",
    )
    page = logged_in(reviewer).get(url(application)).content.decode()
    assert 'id="consensus-submitted"' in page and 'id="consensus-form"' not in page


def test_the_form_waits_for_every_member(round, application, office, reviewer, member) -> None:
    form_group(application, office, reviewer, member)
    score(application, reviewer, MATERIAL, 60)
    client = logged_in(reviewer)
    html = client.get(url(application)).content.decode()
    assert 'id="consensus-waiting"' in html and 'id="consensus-form"' not in html
    assert client.post(url(application), {"action": "save"}).status_code == 403


def test_a_member_who_is_not_the_leader_gets_404(
    round, application, office, reviewer, member
) -> None:
    form_group(application, office, reviewer, member)
    score(application, reviewer, MATERIAL, 60)
    score(application, member, MATERIAL, 80)
    assert logged_in(member).get(url(application)).status_code == 404


def test_outsiders_get_404(round, application, office, reviewer, member) -> None:
    # R12: an unassigned expert, the applicant and the office never see the members' scores.
    form_group(application, office, reviewer, member)
    outsider = expert_user(username="outsider", full_name="赵专家")
    for user in (outsider, applicant_user(application.organisation), office):
        assert logged_in(user).get(url(application)).status_code == 404
    assert logged_in(reviewer).get(url(application, "nonsense")).status_code == 404


def test_the_dashboard_links_the_consensus_for_the_leader_only(
    round, application, office, reviewer, member
) -> None:
    form_group(application, office, reviewer, member)
    score(application, reviewer, MATERIAL, 60)
    score(application, member, MATERIAL, 80)
    link = f'href="{url(application)}"'
    assert link in logged_in(reviewer).get(reverse("accounts:dashboard")).content.decode()
    assert link not in logged_in(member).get(reverse("accounts:dashboard")).content.decode()
