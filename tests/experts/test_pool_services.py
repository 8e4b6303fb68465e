"""Expert pool writes (Art. 11(2)) and disqualification (Art. 32, R12)."""

from __future__ import annotations

from datetime import date

import pytest

from accounts.enums import Role
from accounts.models import ProgrammeRole, User
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from experts.models import DisqualificationDecision, ExpertFormerEmployer, ExpertProfile
from experts.selectors.pool import pool_experts
from experts.services import pool as services_pool
from reviews.models import Assignment
from reviews.permissions import is_assigned_without_conflict, pool_of
from reviews.services import review as services
from tests.factories import (
    grant_role,
    leading_group_user,
    make_credit_code,
    office_user,
    programme,
)
from tests.reviews.helpers import eligible, other_programme, profile, review_round


def fields(name: str = "李明", code: str | None = None, **extra: str) -> dict[str, str]:
    values = {
        "name": name,
        "employer": "江西理工大学",
        "employer_credit_code": code or make_credit_code(),
        "title": "教授",
        "qualifications": "卓越绩效评价准则评审员",
        "specialties": "质量管理",
        "industries": "制造业",
        "region": "章贡区",
        "phone": "0797-8312000",
        "email": "liming@example.com",
    }
    values.update(extra)
    return values


def test_create_expert_joins_the_programme_with_former_employers(office: User) -> None:
    code = make_credit_code()
    expert = services_pool.create_expert(
        programme(),
        actor=office,
        fields=fields(code=code.lower()),
        former_employers=[
            {
                "employer": "赣州某某集团",
                "credit_code": make_credit_code(),
                "from_date": date(2015, 1, 1),
                "to_date": date(2023, 6, 30),
            }
        ],
    )
    assert expert.employer_credit_code == code
    assert list(expert.programmes.all()) == [programme()]
    assert ExpertFormerEmployer.objects.get(expert=expert).to_date == date(2023, 6, 30)
    assert DecisionLogEntry.objects.filter(action="pool.create").count() == 1


def test_creating_an_existing_expert_in_another_programme_shares_the_one_profile(
    office: User,
) -> None:
    """Art. 11(2): the pool is shared; the same person keeps one profile, which the programme
    that pooled it first owns: the second programme's fields do not overwrite it."""
    code = make_credit_code()
    county_office = office_user()
    ProgrammeRole.objects.filter(user=county_office).update(programme=other_programme())
    first = services_pool.create_expert(
        other_programme(), actor=county_office, fields=fields(code=code)
    )
    second = services_pool.create_expert(
        programme(), actor=office, fields=fields(code=code, title="研究员")
    )
    assert second.pk == first.pk
    assert ExpertProfile.objects.count() == 1
    assert set(second.programmes.values_list("slug", flat=True)) == {"ganzhou-mayor", "xinfeng"}
    assert ExpertProfile.objects.get().title == "教授"
    assert ExpertProfile.objects.get().owner == other_programme()


def test_another_programmes_office_cannot_create_in_this_pool(db: None) -> None:
    county_office = office_user()
    ProgrammeRole.objects.filter(user=county_office).update(programme=other_programme())
    with pytest.raises(DomainError):
        services_pool.create_expert(programme(), actor=county_office, fields=fields())
    assert ExpertProfile.objects.count() == 0


def test_create_login_grants_the_expert_role_and_returns_a_working_password(office: User) -> None:
    expert = services_pool.create_expert(programme(), actor=office, fields=fields())
    password = services_pool.create_expert_login(
        expert, programme(), actor=office, username="liming", email="liming@example.com"
    )
    user = User.objects.get(username="liming")
    assert user.check_password(password)
    assert user.full_name == "李明"
    assert ProgrammeRole.objects.filter(user=user, role=Role.EXPERT, programme=programme()).exists()
    with pytest.raises(DomainError, match="already has a login"):
        services_pool.create_expert_login(
            ExpertProfile.objects.get(pk=expert.pk),
            programme(),
            actor=office,
            username="liming2",
            email="x@example.com",
        )


def test_create_login_refuses_a_taken_username(office: User) -> None:
    expert = services_pool.create_expert(programme(), actor=office, fields=fields())
    with pytest.raises(DomainError, match="username is taken"):
        services_pool.create_expert_login(
            expert, programme(), actor=office, username="OFFICE", email="a@example.com"
        )
    assert ExpertProfile.objects.get(pk=expert.pk).user_id is None


def test_update_replaces_former_employers_and_keeps_them_consistent(office: User) -> None:
    expert = services_pool.create_expert(
        programme(),
        actor=office,
        fields=fields(),
        former_employers=[{"employer": "甲", "credit_code": "", "to_date": date(2020, 1, 1)}],
    )
    services_pool.update_expert(
        expert,
        programme(),
        actor=office,
        fields=fields(name="李明", code=expert.employer_credit_code, region="南康区"),
        active=True,
        former_employers=[{"employer": "乙", "credit_code": "", "to_date": date(2022, 1, 1)}],
    )
    expert.refresh_from_db()
    assert expert.region == "南康区"
    assert list(expert.former_employers.values_list("employer", flat=True)) == ["乙"]


def _assigned_expert(office: User, application, reviewer: User) -> ExpertProfile:
    expert = profile(reviewer)
    expert.programmes.add(programme())
    services.assign_expert(application, expert, actor=office)
    return expert


def test_confirmed_disqualification_withdraws_assignments_and_revokes_roles(
    office: User, application, reviewer: User
) -> None:
    """Art. 32 / R12: office proposes, leading group confirms; expert inactive, assignment
    withdrawn with its grant, role revoked, referral recorded."""
    expert = _assigned_expert(office, application, reviewer)
    proposal = services_pool.propose_disqualification(
        expert, programme(), actor=office, reason="泄露评审信息"
    )
    member = leading_group_user()
    decided = services_pool.decide_disqualification(
        proposal,
        actor=member,
        confirm=True,
        referral_note="已函告江西理工大学",
        referred_on=date(2026, 11, 28),
    )
    assert decided.decision == DisqualificationDecision.CONFIRMED
    assert decided.decided_by == member
    assert decided.referral_note == "已函告江西理工大学"
    assert decided.referred_on == date(2026, 11, 28)
    expert.refresh_from_db()
    assert expert.active is False
    assignment = Assignment.objects.get(expert=expert)
    assert assignment.withdrawn_at is not None
    assert assignment.withdrawn_reason == "Expert disqualified (Art. 32): 泄露评审信息"
    assert is_assigned_without_conflict(reviewer, application) is False
    assert not ProgrammeRole.objects.get(user=reviewer, role=Role.EXPERT).active
    actions = list(
        DecisionLogEntry.objects.filter(action__startswith="pool.disqualify").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["pool.disqualify_confirmed", "pool.disqualify_proposed"]
    assert DecisionLogEntry.objects.filter(action="review.withdraw").count() == 1
    with pytest.raises(DomainError, match="cannot be made active"):
        services_pool.update_expert(expert, programme(), actor=office, fields={}, active=True)


def test_rejected_disqualification_leaves_the_expert_active(
    office: User, application, reviewer: User
) -> None:
    expert = _assigned_expert(office, application, reviewer)
    proposal = services_pool.propose_disqualification(
        expert, programme(), actor=office, reason="待核实"
    )
    services_pool.decide_disqualification(
        proposal, actor=leading_group_user(), confirm=False, note="经核实不属实"
    )
    expert.refresh_from_db()
    assert expert.active is True
    assert Assignment.objects.get(expert=expert).withdrawn_at is None


def test_only_the_leading_group_decides_and_only_once(office: User, reviewer: User) -> None:
    expert = profile(reviewer)
    expert.programmes.add(programme())
    proposal = services_pool.propose_disqualification(expert, programme(), actor=office, reason="x")
    with pytest.raises(DomainError, match="leading group"):
        services_pool.decide_disqualification(
            proposal, actor=office, confirm=True, referral_note="已函告"
        )
    with pytest.raises(DomainError, match="referral"):
        services_pool.decide_disqualification(
            proposal, actor=leading_group_user(), confirm=True, referral_note=" "
        )
    services_pool.decide_disqualification(proposal, actor=leading_group_user(), confirm=False)
    with pytest.raises(DomainError, match="already decided"):
        services_pool.decide_disqualification(
            proposal, actor=leading_group_user(), confirm=True, referral_note="已函告"
        )


def test_a_second_pending_proposal_is_refused(office: User, reviewer: User) -> None:
    expert = profile(reviewer)
    expert.programmes.add(programme())
    services_pool.propose_disqualification(expert, programme(), actor=office, reason="一")
    with pytest.raises(DomainError, match="already awaits"):
        services_pool.propose_disqualification(expert, programme(), actor=office, reason="二")
    with pytest.raises(DomainError, match="reason"):
        services_pool.propose_disqualification(
            ExpertProfile.objects.get(pk=expert.pk), programme(), actor=office, reason=" "
        )


def test_a_sharing_programmes_former_employers_add_conflicts_beside_the_owners(
    office: User,
) -> None:
    """The second programme creating the same person records its own former employers; the
    owner's stay, and only the owner edits the profile."""
    code = make_credit_code()
    expert = services_pool.create_expert(
        programme(),
        actor=office,
        fields=fields(code=code),
        former_employers=[{"employer": "甲厂", "to_date": date(2025, 1, 1)}],
    )
    county_office = office_user()
    ProgrammeRole.objects.filter(user=county_office).update(programme=other_programme())
    services_pool.create_expert(
        other_programme(),
        actor=county_office,
        fields=fields(code=code),
        former_employers=[{"employer": "乙厂", "to_date": date(2025, 2, 1)}],
    )
    assert sorted(expert.former_employers.values_list("employer", flat=True)) == ["乙厂", "甲厂"]
    with pytest.raises(DomainError):
        services_pool.update_programme_record(
            expert, programme(), actor=office, note="", former_employers=[]
        )
    services_pool.update_programme_record(
        expert, other_programme(), actor=county_office, note="备注", former_employers=[]
    )
    assert list(expert.former_employers.values_list("employer", flat=True)) == ["甲厂"]


def _shared_and_assigned_in_both(
    office: User, application, reviewer: User
) -> tuple[ExpertProfile, User, Assignment, Assignment]:
    """An expert owned by the city's pool, shared with the county's, assigned in each."""
    expert = _assigned_expert(office, application, reviewer)
    county = other_programme()
    county_office = grant_role(office_user(), Role.OFFICE, prog=county)
    ProgrammeRole.objects.filter(user=county_office, programme=programme()).delete()
    services_pool.add_expert_to_programme(expert, county, actor=county_office)
    county_application = eligible(review_round(programme=county), name="信丰某某电子有限公司")
    services.assign_expert(county_application, expert, actor=county_office)
    return (
        expert,
        county_office,
        Assignment.objects.get(expert=expert, application=application),
        Assignment.objects.get(expert=expert, application=county_application),
    )


def _confirm(proposal, prog) -> None:
    services_pool.decide_disqualification(
        proposal,
        actor=grant_role(leading_group_user(), Role.LEADING_GROUP, prog=prog),
        confirm=True,
        referral_note="已函告江西理工大学",
    )


def test_r12_county_disqualification_of_a_shared_expert_acts_in_the_county_only(
    office: User, application, reviewer: User
) -> None:
    """Art. 32 / R12: the county's leading group disqualifies an expert the city owns and
    shares: the county's role and assignments end; the profile, the city's role and the
    city's assignments stay."""
    expert, county_office, city_assignment, county_assignment = _shared_and_assigned_in_both(
        office, application, reviewer
    )
    county = other_programme()
    proposal = services_pool.propose_disqualification(
        expert, county, actor=county_office, reason="泄露评审信息"
    )
    _confirm(proposal, county)
    expert.refresh_from_db()
    assert expert.active is True
    county_assignment.refresh_from_db()
    city_assignment.refresh_from_db()
    assert county_assignment.withdrawn_at is not None
    assert city_assignment.withdrawn_at is None
    roles = dict(
        ProgrammeRole.objects.filter(user=reviewer, role=Role.EXPERT).values_list(
            "programme__slug", "active"
        )
    )
    assert roles == {"ganzhou-mayor": True, "xinfeng": False}
    assert pool_of(programme().pk).filter(pk=expert.pk).exists()
    assert not pool_of(county.pk).filter(pk=expert.pk).exists()
    assert [e.pk for e in pool_experts(county, status="disqualified")] == [expert.pk]
    assert not pool_experts(programme(), status="disqualified").exists()
    with pytest.raises(DomainError, match="already inactive"):
        services_pool.propose_disqualification(expert, county, actor=county_office, reason="再")
    # Sharing it again (or re-importing it) does not give the county's role back.
    services_pool.create_expert(
        county,
        actor=county_office,
        fields=fields(name=expert.name, code=expert.employer_credit_code or make_credit_code()),
    )
    assert not ProgrammeRole.objects.get(user=reviewer, programme=county, role=Role.EXPERT).active


def test_r12_city_owner_disqualification_of_a_shared_expert_acts_in_the_city(
    office: User, application, reviewer: User
) -> None:
    """Art. 32 / R12: the owning city disqualifies: the city's role and assignments end; the
    county sharing the expert keeps it (the profile stays active for it)."""
    expert, _county_office, city_assignment, county_assignment = _shared_and_assigned_in_both(
        office, application, reviewer
    )
    proposal = services_pool.propose_disqualification(
        expert, programme(), actor=office, reason="泄露评审信息"
    )
    _confirm(proposal, programme())
    city_assignment.refresh_from_db()
    county_assignment.refresh_from_db()
    assert city_assignment.withdrawn_at is not None
    assert county_assignment.withdrawn_at is None
    assert not pool_of(programme().pk).filter(pk=expert.pk).exists()
    assert pool_of(other_programme().pk).filter(pk=expert.pk).exists()
    assert is_assigned_without_conflict(reviewer, application) is False
