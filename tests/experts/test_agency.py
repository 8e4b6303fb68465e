"""Contracted review agencies (评审机构): experts belong to one; the office proposes and the
leading group decides a disqualification (Art. 32) like an expert's: the agency's experts leave
the active pool and their assignments (and grants) are withdrawn, with the history kept. The
pages: office only (404 for another programme's office), the leading group decides."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.enums import Role
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from experts.models import AgencyDisqualification, ReviewAgency
from experts.services import agency as services_agency
from reviews.models import Assignment
from reviews.permissions import is_assigned_without_conflict, pool_of
from reviews.selectors.draw import draw_pool
from reviews.services import review as services
from tests.factories import UserFactory, expert_user, grant_role, leading_group_user
from tests.reviews.helpers import other_programme, profile, ready
from tests.reviews.views.test_expert import count_queries, logged_in


def agency_with(round, office, *experts) -> ReviewAgency:
    programme = round.programme
    agency = services_agency.create_agency(
        programme, actor=office, values={"name": "赣州质量评审中心", "credit_code": ""}
    )
    for user in experts:
        p = profile(user)
        p.programmes.add(programme)
        services_agency.set_expert_agency(p, agency, programme, actor=office)
    return agency


def disqualify(agency, round, office, member, confirm: bool = True) -> AgencyDisqualification:
    proposal = services_agency.propose_agency_disqualification(
        agency, round.programme, actor=office, reason="评审中弄虚作假"
    )
    return services_agency.decide_agency_disqualification(
        proposal, actor=member, confirm=confirm, referral_note="函告合同单位" if confirm else ""
    )


def test_confirmed_disqualification_withdraws_every_assignment_of_its_experts(
    round, office, application, reviewer
) -> None:
    ready(application, reviewer, office)
    agency = agency_with(round, office, reviewer)
    member = leading_group_user()
    decided = disqualify(agency, round, office, member)
    agency.refresh_from_db()
    assert not agency.active and decided.referral_note == "函告合同单位"
    assignment = Assignment.objects.get(expert=profile(reviewer))
    assert assignment.withdrawn_at is not None
    assert "Review agency disqualified" in assignment.withdrawn_reason
    assert is_assigned_without_conflict(reviewer, application) is False
    assert not pool_of(round.programme_id).filter(pk=profile(reviewer).pk).exists()
    assert profile(reviewer).pk not in set(draw_pool(round).values_list("pk", flat=True))
    with pytest.raises(DomainError, match="active expert pool"):
        services.assign_expert(application, profile(reviewer), actor=office)
    actions = set(DecisionLogEntry.objects.values_list("action", flat=True))
    assert {"pool.agency_disqualify_proposed", "pool.agency_disqualify_confirmed"} <= actions


def test_a_rejected_proposal_changes_nothing(round, office, application, reviewer) -> None:
    ready(application, reviewer, office)
    agency = agency_with(round, office, reviewer)
    disqualify(agency, round, office, leading_group_user(), confirm=False)
    agency.refresh_from_db()
    assert agency.active
    assert Assignment.objects.get(expert=profile(reviewer)).withdrawn_at is None
    # A new proposal may follow (the history keeps both).
    services_agency.propose_agency_disqualification(
        agency, round.programme, actor=office, reason="再次提出"
    )
    assert agency.disqualifications.count() == 2


def test_rules_of_the_proposal_and_decision(round, office, reviewer) -> None:
    agency = agency_with(round, office, reviewer)
    county_office = grant_role(UserFactory(), Role.OFFICE, prog=other_programme())
    with pytest.raises(DomainError):
        services_agency.propose_agency_disqualification(
            agency, round.programme, actor=county_office, reason="x"
        )
    with pytest.raises(DomainError, match="reason"):
        services_agency.propose_agency_disqualification(
            agency, round.programme, actor=office, reason=" "
        )
    proposal = services_agency.propose_agency_disqualification(
        agency, round.programme, actor=office, reason="x"
    )
    with pytest.raises(DomainError, match="already awaits"):
        services_agency.propose_agency_disqualification(
            agency, round.programme, actor=office, reason="y"
        )
    county_member = grant_role(UserFactory(), Role.LEADING_GROUP, prog=other_programme())
    for outsider in (county_member, office):
        with pytest.raises(DomainError, match="leading group"):
            services_agency.decide_agency_disqualification(
                proposal, actor=outsider, confirm=True, referral_note="x"
            )
    with pytest.raises(DomainError, match="referral"):
        services_agency.decide_agency_disqualification(
            proposal, actor=leading_group_user(), confirm=True
        )


def test_no_expert_joins_a_disqualified_agency(round, office, reviewer) -> None:
    agency = agency_with(round, office)
    disqualify(agency, round, office, leading_group_user())
    agency.refresh_from_db()
    p = profile(reviewer)
    p.programmes.add(round.programme)
    with pytest.raises(DomainError, match="disqualified"):
        services_agency.set_expert_agency(p, agency, round.programme, actor=office)


# --- the pages -----------------------------------------------------------------------------------


def test_the_office_records_an_agency_and_its_experts_in_the_browser(round, office, reviewer):
    profile(reviewer).programmes.add(round.programme)
    client = logged_in(office)
    pool = client.get(reverse("experts:pool_list")).content.decode()
    assert reverse("experts:agencies") in pool
    response = client.post(
        reverse("experts:agencies"), {"name": "赣南评审服务有限公司", "credit_code": ""}
    )
    agency = ReviewAgency.objects.get()
    assert response["Location"] == reverse("experts:agency_detail", args=[agency.pk])
    client.post(reverse("experts:agency_member", args=[agency.pk]), {"add": profile(reviewer).pk})
    assert profile(reviewer).agency_id == agency.pk
    client.post(reverse("experts:agency_propose", args=[agency.pk]), {"reason": "违反评审纪律"})
    proposal = AgencyDisqualification.objects.get()
    member = leading_group_user()
    member_client = logged_in(member)
    listing = member_client.get(reverse("experts:pool_disqualifications")).content.decode()
    url = reverse("experts:agency_disqualification_decide", args=[proposal.pk])
    assert url in listing
    assert "王专家" in member_client.get(url).content.decode()
    response = member_client.post(
        url, {"decision": "confirm", "referral_note": "书面通知", "note": ""}
    )
    assert response.status_code == 302
    agency.refresh_from_db()
    assert not agency.active
    body = client.get(reverse("experts:agency_detail", args=[agency.pk])).content.decode()
    assert "违反评审纪律" in body and "书面通知" in body


def test_agency_pages_are_404_for_outsiders(round, office, reviewer) -> None:
    agency = agency_with(round, office, reviewer)
    proposal = services_agency.propose_agency_disqualification(
        agency, round.programme, actor=office, reason="x"
    )
    county_office = grant_role(UserFactory(), Role.OFFICE, prog=other_programme())
    for outsider in (county_office, expert_user(), leading_group_user()):
        client = logged_in(outsider)
        assert client.get(reverse("experts:agency_detail", args=[agency.pk])).status_code == 404
        assert (
            client.post(
                reverse("experts:agency_member", args=[agency.pk]), {"remove": profile(reviewer).pk}
            ).status_code
            == 404
        )
        assert (
            client.post(
                reverse("experts:agency_propose", args=[agency.pk]), {"reason": "x"}
            ).status_code
            == 404
        )
    for outsider in (county_office, office, expert_user()):
        client = logged_in(outsider)
        url = reverse("experts:agency_disqualification_decide", args=[proposal.pk])
        assert client.get(url).status_code == 404
    assert profile(reviewer).agency_id == agency.pk


@pytest.mark.parametrize("size", [2, 12])
def test_agency_list_query_count_does_not_grow(size, round, office, django_assert_num_queries):
    client = logged_in(office)
    url = reverse("experts:agencies")
    client.get(url)

    def add(n: int) -> None:
        for i in range(n):
            agency = services_agency.create_agency(
                round.programme, actor=office, values={"name": f"机构{i}"}
            )
            user = expert_user()
            profile(user).programmes.add(round.programme)
            services_agency.set_expert_agency(profile(user), agency, round.programme, actor=office)

    add(2)
    two = count_queries(client, url, 'class="agency-row"', 2)
    add(size - 2)
    with django_assert_num_queries(two):
        count_queries(client, url, 'class="agency-row"', size)
