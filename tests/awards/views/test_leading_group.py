"""The leading group approves each round's review rules before review starts (Art. 10, R1):
only its members of the round's programme see the page; everyone else gets 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from awards.enums import RoundStage, TiltRule
from decisionlog.models import DecisionLogEntry
from tests.awards.helpers import other_programme_leader
from tests.factories import (
    RoundFactory,
    applicant_user,
    expert_user,
    leading_group_user,
    liaison_user,
    office_user,
    recommender_user,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "make_user",
    [
        other_programme_leader,
        office_user,
        expert_user,
        recommender_user,
        liaison_user,
        applicant_user,
    ],
    ids=["other_programme_leader", "office", "expert", "recommender", "liaison", "applicant"],
)
def test_approve_rules_is_404_for_anyone_but_the_programmes_leading_group(
    client, make_user
) -> None:  # type: ignore[no-untyped-def]
    round = RoundFactory(stage=RoundStage.DRAFT)
    client.force_login(make_user())
    url = reverse("awards:approve_rules", args=[round.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"confirm": "on"}).status_code == 404
    round.refresh_from_db()
    assert round.rules_approved_at is None


def test_approve_rules_page_shows_weights_thresholds_tilt_and_quotas(client) -> None:  # type: ignore[no-untyped-def]
    round = RoundFactory(
        stage=RoundStage.APPLICATION, tilt_rule=TiltRule.BONUS_POINTS, tilt_bonus_points=5
    )
    client.force_login(leading_group_user())
    response = client.get(reverse("awards:approve_rules", args=[round.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    for text in ("0.40", "0.60", "400.0", "550.0", "450.0", "Bonus points on the composite score"):
        assert text in body
    assert "5.0 points for the Art. 15 tag confirmed by the office" in body
    assert response.context["can_approve"] is True


def test_approve_rules_post_approves_and_logs(client) -> None:  # type: ignore[no-untyped-def]
    leader = leading_group_user()
    round = RoundFactory(stage=RoundStage.DRAFT)
    client.force_login(leader)
    response = client.post(
        reverse("awards:approve_rules", args=[round.pk]), {"confirm": "on", "note": "同意"}
    )
    assert response.status_code == 302
    round.refresh_from_db()
    assert round.rules_approved_by == leader
    assert DecisionLogEntry.objects.get(action="round.approve_rules").reason == "同意"


def test_approve_rules_without_the_confirmation_box_shows_the_error(client) -> None:  # type: ignore[no-untyped-def]
    round = RoundFactory(stage=RoundStage.DRAFT)
    client.force_login(leading_group_user())
    response = client.post(reverse("awards:approve_rules", args=[round.pk]), {})
    assert response.status_code == 200
    assert "Tick the box to confirm the approval." in response.content.decode()
    round.refresh_from_db()
    assert round.rules_approved_at is None


def test_approve_rules_once_review_started_shows_the_r1_message(client) -> None:  # type: ignore[no-untyped-def]
    round = RoundFactory(stage=RoundStage.MATERIAL_REVIEW)
    client.force_login(leading_group_user())
    url = reverse("awards:approve_rules", args=[round.pk])
    assert client.get(url).context["can_approve"] is False
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 200
    assert "before review starts." in response.content.decode()
    round.refresh_from_db()
    assert round.rules_approved_at is None


def test_leading_group_dashboard_lists_rules_to_approve_with_a_link(client) -> None:  # type: ignore[no-untyped-def]
    waiting = RoundFactory(stage=RoundStage.DRAFT, title="待审定的一届")
    RoundFactory(stage=RoundStage.MATERIAL_REVIEW, title="评审中的一届")
    client.force_login(leading_group_user())
    response = client.get(reverse("accounts:dashboard"))
    body = response.content.decode()
    assert reverse("awards:approve_rules", args=[waiting.pk]) in body
    assert "待审定的一届" in body and "评审中的一届" in body


def test_office_dashboard_lists_rounds_with_their_next_steps(client) -> None:  # type: ignore[no-untyped-def]
    round = RoundFactory(stage=RoundStage.DRAFT, title="草稿中的一届")
    client.force_login(office_user())
    body = client.get(reverse("accounts:dashboard")).content.decode()
    assert "草稿中的一届" in body
    assert reverse("awards:publish_call", args=[round.pk]) in body
    assert reverse("awards:round_detail", args=[round.pk]) in body
