"""The plenary page (Art. 21): leading group (or office on its behalf) only, after R12."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.enums import Role
from applications.enums import ApplicationStatus
from awards.enums import PrizeLevel, RoundStage
from awards.models import AwardProgramme
from publicity.models import PlenaryMeeting
from tests.factories import (
    UserFactory,
    applicant_user,
    expert_user,
    grant_role,
    leading_group_user,
    office_user,
)
from tests.publicity.helpers import candidate, deliberation_round, manufacturer, past_prize, signed

pytestmark = pytest.mark.django_db


def _url(round) -> str:
    return reverse("publicity:plenary", kwargs={"round_pk": round.pk})


def _post_data(apps, *, total=9, present=7, agree=7, level=None) -> dict[str, str]:
    data = {
        "held_on": "2031-11-20",
        "members_total": str(total),
        "members_present": str(present),
        "minutes": "纪要",
    }
    for app in apps:
        data[f"level_{app.pk}"] = level or app.proposed_level
        data[f"agree_{app.pk}"] = str(agree)
        data[f"disagree_{app.pk}"] = "0"
        data[f"abstain_{app.pk}"] = "0"
    return data


def test_anonymous_is_sent_to_log_in(client) -> None:
    round = deliberation_round()
    response = client.get(_url(round))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("who", ["applicant", "expert", "other_programme_leader", "no_role"])
def test_outsiders_get_404(client, who: str) -> None:
    round = deliberation_round()
    candidate(round)
    if who == "applicant":
        user = applicant_user()
    elif who == "expert":
        user = expert_user()
    elif who == "no_role":
        user = UserFactory()
    else:
        county = AwardProgramme.objects.create(
            name="章贡区区长质量奖",
            slug="zhanggong",
            awarding_body="章贡区人民政府",
            office_name="办公室",
        )
        user = grant_role(UserFactory(), Role.LEADING_GROUP, prog=county)
    client.force_login(user)
    assert client.get(_url(round)).status_code == 404
    assert client.post(_url(round), _post_data([])).status_code == 404


def test_member_who_has_not_signed_is_sent_to_the_commitment(client) -> None:
    # R12: sign the round's commitment first, then come back.
    round = deliberation_round()
    client.force_login(leading_group_user())
    response = client.get(_url(round))
    assert response.status_code == 302
    assert (
        response["Location"]
        == f"/rounds/{round.pk}/commitment/?next=%2Frounds%2F{round.pk}%2Fplenary%2F"
    )


def test_member_sees_candidates_with_score_rank_tags_and_repeat_flag(client) -> None:
    round = deliberation_round(year=2040)
    leader = signed(leading_group_user(), round)
    repeat_org = manufacturer(name="赣州老牌企业有限公司")
    past_prize(repeat_org, 2030)
    candidate(round, organisation=repeat_org, score="812.5", rank=1, tag_digital_economy=True)
    client.force_login(leader)
    page = client.get(_url(round)).content.decode()
    assert "赣州老牌企业有限公司" in page
    assert "812.5" in page
    assert "Digital-economy organisation" in page or "数字经济" in page
    assert 'title="' in page and "第二十七条" in page
    assert 'id="plenary-form"' in page
    assert 'id="on-behalf"' not in page


def test_member_records_the_plenary(client) -> None:
    round = deliberation_round()
    leader = signed(leading_group_user(), round)
    app = candidate(round)
    client.force_login(leader)
    response = client.post(_url(round), _post_data([app]))
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == ApplicationStatus.PROPOSED
    page = client.get(_url(round)).content.decode()
    assert 'id="proposed-list"' in page


def test_office_records_on_the_members_behalf(client) -> None:
    round = deliberation_round()
    office = signed(office_user(), round)
    app = candidate(round)
    client.force_login(office)
    assert 'id="on-behalf"' in client.get(_url(round)).content.decode()
    client.post(_url(round), _post_data([app]))
    assert PlenaryMeeting.objects.get(round=round).entered_on_behalf is True


def test_plenary_without_quorum_shows_the_error(client) -> None:
    round = deliberation_round()
    leader = signed(leading_group_user(), round)
    app = candidate(round)
    client.force_login(leader)
    response = client.post(_url(round), _post_data([app], total=9, present=4, agree=4))
    assert response.status_code == 200
    page = response.content.decode()
    assert "alert-danger" in page and "R14" not in page
    app.refresh_from_db()
    assert app.status == ApplicationStatus.CANDIDATE


def test_plenary_over_the_quota_shows_the_violations(client) -> None:
    round = deliberation_round()
    leader = signed(leading_group_user(), round)
    apps = [candidate(round, rank=i + 1) for i in range(4)]
    client.force_login(leader)
    response = client.post(_url(round), _post_data(apps, level=PrizeLevel.PRIZE))
    page = response.content.decode()
    assert response.status_code == 200
    assert "（《管理办法》第六条）" in page
    assert PlenaryMeeting.objects.count() == 0


def test_posting_outside_deliberation_is_forbidden(client) -> None:
    round = deliberation_round()
    leader = signed(leading_group_user(), round)
    app = candidate(round)
    type(round).objects.filter(pk=round.pk).update(stage=RoundStage.PUBLICITY)
    client.force_login(leader)
    assert 'id="not-in-deliberation"' in client.get(_url(round)).content.decode()
    assert client.post(_url(round), _post_data([app])).status_code == 403


def test_leading_group_dashboard_lists_deliberation_and_open_objections(client) -> None:
    round = deliberation_round()
    candidate(round)
    leader = leading_group_user()
    client.force_login(leader)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert 'id="dashboard-deliberation"' in page
    assert _url(round) in page


def test_dashboard_leaves_out_rounds_with_nothing_to_decide(client) -> None:
    round = deliberation_round()
    candidate(round, status=ApplicationStatus.PROPOSED)
    client.force_login(leading_group_user())
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert _url(round) not in page
