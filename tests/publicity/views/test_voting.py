"""The members' ballot page and the voting session page (Art. 21, R12, R14)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.enums import Role
from applications.enums import ApplicationStatus
from awards.enums import PrizeLevel
from awards.models import AwardProgramme
from publicity.models import PlenaryMeeting, PlenaryVote
from publicity.services.voting import cast_ballot, open_voting
from tests.factories import UserFactory, applicant_user, grant_role, leading_group_user, office_user
from tests.publicity.helpers import candidate, deliberation_round, signed

pytestmark = pytest.mark.django_db


def _vote_url(round) -> str:
    return reverse("publicity:vote", kwargs={"round_pk": round.pk})


def _manage_url(round) -> str:
    return reverse("publicity:voting_manage", kwargs={"round_pk": round.pk})


def _session(round, office, *, secret: bool = False, total: int = 5) -> PlenaryMeeting:
    return open_voting(
        round, actor=office, held_on=date(2031, 11, 20), members_total=total, secret_ballot=secret
    )


def test_urls() -> None:
    assert _vote_url(type("R", (), {"pk": 7})) == "/rounds/7/vote/"
    assert _manage_url(type("R", (), {"pk": 7})) == "/office/rounds/7/voting/"


@pytest.mark.parametrize("who", ["applicant", "other_programme_leader", "no_role"])
def test_outsiders_get_404(client, who: str) -> None:
    round = deliberation_round()
    candidate(round)
    if who == "applicant":
        user = applicant_user()
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
    assert client.get(_vote_url(round)).status_code == 404
    assert client.post(_vote_url(round), {}).status_code == 404
    assert client.get(_manage_url(round)).status_code == 404
    assert client.post(_manage_url(round), {"action": "open"}).status_code == 404


def test_office_gets_403_on_the_member_ballot_page(client) -> None:
    round = deliberation_round()
    client.force_login(signed(office_user(), round))
    assert client.get(_vote_url(round)).status_code == 403


def test_member_who_has_not_signed_is_sent_to_the_commitment(client) -> None:
    # R12
    round = deliberation_round()
    client.force_login(leading_group_user())
    response = client.get(_vote_url(round))
    assert response.status_code == 302
    assert response["Location"].startswith(f"/rounds/{round.pk}/commitment/")


def test_office_opens_votes_are_cast_and_close_produces_the_proposed_list(client) -> None:
    round = deliberation_round()
    office = signed(office_user(), round)
    a = candidate(round, rank=1)
    b = candidate(round, rank=2)
    members = [signed(leading_group_user(), round) for _ in range(3)]
    client.force_login(office)
    response = client.post(
        _manage_url(round),
        {"action": "open", "held_on": "2031-11-20", "members_total": "5"},
    )
    assert response.status_code == 302
    session = PlenaryMeeting.objects.get(round=round, voting_open=True)
    for member in members:
        client.force_login(member)
        page = client.get(_vote_url(round))
        assert page.status_code == 200
        assert a.organisation.name in page.content.decode()
        for app, choice in ((a, "agree"), (b, "disagree")):
            response = client.post(
                _vote_url(round),
                {"application": app.pk, "choice": choice, "level": "prize", "reason": ""},
            )
            assert response.status_code == 302
    assert PlenaryVote.objects.filter(meeting=session).count() == 6
    client.force_login(office)
    response = client.post(_manage_url(round), {"action": "close", "minutes": "纪要"})
    assert response.status_code == 302
    assert response["Location"] == reverse("publicity:plenary", kwargs={"round_pk": round.pk})
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, b.status) == (ApplicationStatus.PROPOSED, ApplicationStatus.NOT_PROPOSED)


def test_member_changes_the_vote_on_the_page(client) -> None:
    round = deliberation_round()
    office = signed(office_user(), round)
    a = candidate(round)
    member = signed(leading_group_user(), round)
    session = _session(round, office)
    client.force_login(member)
    for choice in ("disagree", "agree"):
        client.post(
            _vote_url(round), {"application": a.pk, "choice": choice, "level": "nomination"}
        )
    vote = PlenaryVote.objects.get(meeting=session, member=member)
    assert (vote.choice, vote.level) == ("agree", PrizeLevel.NOMINATION)


def test_recusal_without_reason_shows_the_error(client) -> None:
    round = deliberation_round()
    office = signed(office_user(), round)
    a = candidate(round)
    member = signed(leading_group_user(), round)
    _session(round, office)
    client.force_login(member)
    response = client.post(
        _vote_url(round), {"application": a.pk, "choice": "recused", "reason": ""}
    )
    assert response.status_code == 200
    assert response.context["rows"][0]["form"].errors["reason"] == [
        _("Give the reason for your recusal.")
    ]


def test_no_quorum_close_shows_the_error(client) -> None:
    round = deliberation_round()
    office = signed(office_user(), round)
    a = candidate(round)
    session = _session(round, office, total=5)
    cast_ballot(
        session, a, member=signed(leading_group_user(), round), choice="agree", level="prize"
    )
    client.force_login(office)
    response = client.post(_manage_url(round), {"action": "close", "minutes": ""})
    assert response.status_code == 200
    errors = response.context["close_form"].non_field_errors()
    assert len(errors) == 1 and not errors[0].endswith("）")
    assert errors[0] in response.content.decode()
    session.refresh_from_db()
    assert session.voting_open is True


def test_quota_exceeded_keeps_the_session_open_with_the_message(client) -> None:
    # R2: at most 3 manufacturing prizes.
    round = deliberation_round()
    office = signed(office_user(), round)
    apps = [candidate(round, rank=i + 1) for i in range(4)]
    session = _session(round, office, total=3)
    for member in [signed(leading_group_user(), round) for _i in range(2)]:
        for app in apps:
            cast_ballot(session, app, member=member, choice="agree", level="prize")
    client.force_login(office)
    response = client.post(_manage_url(round), {"action": "close", "minutes": ""})
    assert response.status_code == 200
    errors = response.context["close_form"].non_field_errors()
    assert len(errors) == 1 and errors[0].endswith("（《管理办法》第六条）")
    assert errors[0] in response.content.decode()
    session.refresh_from_db()
    assert session.voting_open is True


def test_open_ballot_shows_the_office_who_voted_what(client) -> None:
    round = deliberation_round()
    office = signed(office_user(), round)
    a = candidate(round)
    member = signed(leading_group_user(full_name="张委员"), round)
    session = _session(round, office, secret=False)
    cast_ballot(session, a, member=member, choice="disagree", level="prize")
    client.force_login(office)
    html = client.get(_manage_url(round)).content.decode()
    assert 'id="ballots"' in html
    assert str(member) in html


def test_secret_ballot_shows_only_counts(client) -> None:
    round = deliberation_round()
    office = signed(office_user(), round)
    a = candidate(round)
    voter = signed(leading_group_user(full_name="李委员"), round)
    onlooker = signed(leading_group_user(), round)
    session = _session(round, office, secret=True)
    cast_ballot(session, a, member=voter, choice="disagree", level="nomination")
    client.force_login(office)
    html = client.get(_manage_url(round)).content.decode()
    assert 'id="ballots"' not in html
    assert str(voter) not in html
    assert 'id="tally"' in html
    # Another member sees only its own (empty) ballot: no other member's choice.
    client.force_login(onlooker)
    html = client.get(_vote_url(round)).content.decode()
    assert "current-ballot" not in html
    assert str(voter) not in html
    html = client.get(_manage_url(round)).content.decode()
    assert 'id="tally"' not in html
    assert str(voter) not in html


def test_member_sees_only_its_own_ballot(client) -> None:
    round = deliberation_round()
    office = signed(office_user(), round)
    a = candidate(round)
    m1 = signed(leading_group_user(), round)
    m2 = signed(leading_group_user(), round)
    session = _session(round, office)
    cast_ballot(session, a, member=m1, choice="disagree", level="nomination")
    client.force_login(m2)
    assert "current-ballot" not in client.get(_vote_url(round)).content.decode()
    client.force_login(m1)
    assert "current-ballot" in client.get(_vote_url(round)).content.decode()


@pytest.mark.parametrize("n", [1, 5])
def test_ballot_page_query_count_does_not_grow_with_candidates(
    client, django_assert_num_queries, n: int
) -> None:
    round = deliberation_round()
    office = signed(office_user(), round)
    for i in range(n):
        candidate(round, rank=i + 1)
    member = signed(leading_group_user(), round)
    _session(round, office)
    client.force_login(member)
    client.get(_vote_url(round))
    with django_assert_num_queries(QUERIES_BALLOT_PAGE):
        assert client.get(_vote_url(round)).status_code == 200


QUERIES_BALLOT_PAGE = 17
