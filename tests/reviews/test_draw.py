"""The assignment suggestion and the random draw (随机抽取): the pure draw (reproducible from the
seed, exclusions never drawn, industry matches first, load balanced), the inputs taken from the
database (every R12 exclusion), the services (logged seed, pool and result; accept as drawn or
edited; discard) and the pages (office only, constant queries)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from experts.models import ExpertFormerEmployer, ExpertProfile
from reviews.enums import ConflictKind, ConflictSource, DrawMethod, DrawStatus
from reviews.models import Assignment, AssignmentDraw, ConflictDeclaration
from reviews.permissions import is_assigned_without_conflict
from reviews.rules.draw import DrawInputs, draw, industry_matches, industry_tokens, shortfalls
from reviews.selectors.draw import draw_inputs
from reviews.services import draw as services_draw
from reviews.services import review as services
from tests.factories import UserFactory, expert_user, grant_role, leading_group_user
from tests.reviews.helpers import eligible, other_programme, profile
from tests.reviews.views.test_expert import count_queries, logged_in

# --- the pure draw -----------------------------------------------------------------------------


def inputs(apps: int = 4, experts: int = 6, **kwargs) -> DrawInputs:
    return DrawInputs(
        pool=tuple(range(1, experts + 1)),
        needed={100 + a: 2 for a in range(apps)},
        **kwargs,
    )


@pytest.mark.parametrize("method", DrawMethod.values)
def test_the_same_seed_gives_the_same_draw(method) -> None:
    first = draw(inputs(), seed=20261128, method=method)
    again = draw(DrawInputs.from_json(inputs().to_json()), seed=20261128, method=method)
    assert first == again
    assert all(len(v) == 2 for v in first.values())


def test_different_seeds_give_different_draws() -> None:
    draws = {str(draw(inputs(10, 20), seed=s, method=DrawMethod.RANDOM)) for s in range(1, 11)}
    assert len(draws) > 1


def test_an_excluded_expert_is_never_drawn() -> None:
    data = inputs(1, 4, excluded={100: frozenset({1, 2})})
    for seed in range(1, 30):
        assert set(draw(data, seed=seed, method=DrawMethod.RANDOM)[100]) == {3, 4}


def test_the_suggestion_takes_experts_of_the_industry_first() -> None:
    data = inputs(1, 6, matches={100: frozenset({5, 6})})
    for seed in range(1, 30):
        assert sorted(draw(data, seed=seed, method=DrawMethod.SUGGESTION)[100]) == [5, 6]


def test_the_draw_balances_the_load() -> None:
    # 6 applications x 2 reviewers over 4 experts: each expert gets exactly 3.
    result = draw(inputs(6, 4), seed=7, method=DrawMethod.RANDOM)
    counts = [sum(e in v for v in result.values()) for e in range(1, 5)]
    assert counts == [3, 3, 3, 3]


def test_an_existing_load_counts() -> None:
    # Expert 1 already reviews 5 applications of the round: the two others are drawn.
    result = draw(inputs(1, 3, load={1: 5}), seed=3, method=DrawMethod.RANDOM)
    assert sorted(result[100]) == [2, 3]


def test_a_shortfall_is_reported() -> None:
    data = inputs(1, 3, excluded={100: frozenset({1, 2})})
    result = draw(data, seed=1, method=DrawMethod.SUGGESTION)
    assert result == {100: [3]}
    assert shortfalls(data, result) == {100: 1}


def test_industry_words_match_section_class_or_sector() -> None:
    assert industry_tokens("制造业、电子信息，C") == ["制造业", "电子信息", "C"]
    assert industry_matches(["制造业"], ["C", "C 制造业", "制造业"])
    assert industry_matches(["c"], ["C", "C Manufacturing"])
    assert industry_matches(["稀土"], ["C", "稀土永磁材料制造"])
    assert not industry_matches(["金融"], ["C", "C 制造业", "制造业"])
    assert not industry_matches(["M"], ["C", "C Manufacturing"])  # a letter only as a letter


# --- inputs from the database (R12 exclusions) ---------------------------------------------------


def pooled(name: str, **kwargs) -> ExpertProfile:
    return profile(expert_user(full_name=name, **kwargs))


def test_inputs_exclude_every_conflict_on_record(round, office, application) -> None:
    org = application.organisation
    clean = pooled("甲")
    employee = pooled("乙")
    employee.employer_credit_code = org.credit_code
    employee.save()
    former = pooled("丙")
    ExpertFormerEmployer.objects.create(
        expert=former,
        employer=org.name,
        credit_code=org.credit_code,
        to_date=timezone.localdate() - timedelta(days=400),
    )
    long_ago = pooled("丁")
    ExpertFormerEmployer.objects.create(
        expert=long_ago,
        employer=org.name,
        credit_code=org.credit_code,
        to_date=timezone.localdate() - timedelta(days=365 * 4),
    )
    # A conflict named for another application of the same organisation (an earlier round).
    named = pooled("戊")
    from tests.reviews.helpers import review_round

    earlier = eligible(review_round(), name="旧申报")
    earlier.organisation = org
    earlier.save()
    ConflictDeclaration.objects.create(
        expert=named,
        application=earlier,
        has_conflict=True,
        kind=ConflictKind.COMPETITOR,
        source=ConflictSource.APPLICANT,
    )
    withdrawn = pooled("己")
    assignment = services.assign_expert(application, withdrawn, actor=office)
    services.withdraw_assignment(assignment, actor=office, reason="另有安排")
    outside = profile(expert_user(full_name="庚"))
    ExpertProfile.objects.filter(pk=outside.pk).update(active=False)

    data, _apps, _experts = draw_inputs(round, per_application=3)
    assert set(data.pool) == {clean.pk, employee.pk, former.pk, long_ago.pk, named.pk, withdrawn.pk}
    assert data.excluded[application.pk] == {employee.pk, former.pk, named.pk, withdrawn.pk}
    assert set(data.candidates(application.pk)) == {clean.pk, long_ago.pk}
    assert data.needed == {application.pk: 3}


def test_inputs_count_standing_assignments_and_load(round, office, application, reviewer) -> None:
    services.assign_expert(application, profile(reviewer), actor=office)
    other = eligible(round)
    data, _apps, _experts = draw_inputs(round, per_application=1)
    assert data.needed == {other.pk: 1}  # the first application already has its reviewer
    assert data.load == {profile(reviewer).pk: 1}


def test_inputs_match_the_experts_industries(round, application) -> None:
    maker = pooled("制造专家")
    maker.industries = "制造业、稀土"
    maker.save()
    banker = pooled("金融专家")
    banker.industries = "金融"
    banker.save()
    data, _apps, _experts = draw_inputs(round, per_application=2)
    assert data.matches[application.pk] == {maker.pk}


def test_a_group_draws_from_its_members_for_its_sector(round, office, application) -> None:
    members = [pooled(f"组员{n}") for n in range(3)]
    pooled("非组员")
    group = services.create_review_group(
        round, actor=office, name="制造业组", sector="manufacturing", members=members
    )
    eligible(round, section="L")  # service sector: not this group's
    data, _apps, _experts = draw_inputs(round, per_application=2, group=group)
    assert set(data.pool) == {m.pk for m in members}
    assert list(data.needed) == [application.pk]


# --- the services --------------------------------------------------------------------------------


def five_experts() -> list[ExpertProfile]:
    return [pooled(f"专家{n}") for n in range(5)]


def test_a_draw_is_logged_with_seed_pool_and_result_and_re_runs_the_same(
    round, office, application
) -> None:
    five_experts()
    eligible(round)
    first = services_draw.propose_draw(
        round, actor=office, method=DrawMethod.RANDOM, per_application=2, seed=424242
    )
    entry = DecisionLogEntry.objects.filter(action="review.draw").get()
    assert entry.data["seed"] == 424242
    assert entry.data["inputs"]["pool"] == sorted(first.inputs["pool"])
    assert entry.data["result"] == first.result
    assert services_draw.is_reproduced(first)
    # Running the draw again with the recorded seed gives the same experts.
    again = services_draw.propose_draw(
        round, actor=office, method=DrawMethod.RANDOM, per_application=2, seed=424242
    )
    assert again.result == first.result
    assert Assignment.objects.count() == 0  # a draw assigns no one until accepted


def test_a_fresh_seed_is_recorded_when_none_is_given(round, office, application) -> None:
    five_experts()
    made = services_draw.propose_draw(
        round, actor=office, method=DrawMethod.SUGGESTION, per_application=2
    )
    assert made.seed >= 1
    assert services_draw.is_reproduced(made)


def test_a_tampered_result_is_not_reproduced(round, office, application) -> None:
    experts = five_experts()
    made = services_draw.propose_draw(
        round, actor=office, method=DrawMethod.RANDOM, per_application=1, seed=9
    )
    drawn = made.result[str(application.pk)][0]
    made.result = {str(application.pk): [next(e.pk for e in experts if e.pk != drawn)]}
    assert not services_draw.is_reproduced(made)


def test_accepting_as_drawn_assigns_with_grants(round, office, application) -> None:
    five_experts()
    made = services_draw.propose_draw(
        round, actor=office, method=DrawMethod.RANDOM, per_application=3, seed=5
    )
    accepted = services_draw.accept_draw(made, actor=office)
    assert accepted.status == DrawStatus.ACCEPTED
    drawn = set(made.result[str(application.pk)])
    assigned = set(
        Assignment.objects.filter(application=application, withdrawn_at__isnull=True).values_list(
            "expert_id", flat=True
        )
    )
    assert assigned == drawn
    for expert in ExpertProfile.objects.filter(pk__in=drawn).select_related("user"):
        assert is_assigned_without_conflict(expert.user, application) is True
    entry = DecisionLogEntry.objects.filter(action="review.draw_accept").get()
    assert entry.data["changes"] == {}


def test_an_edit_needs_a_reason_and_is_logged(round, office, application) -> None:
    experts = five_experts()
    made = services_draw.propose_draw(
        round, actor=office, method=DrawMethod.RANDOM, per_application=1, seed=5
    )
    drawn = made.result[str(application.pk)][0]
    instead = next(e.pk for e in experts if e.pk != drawn)
    with pytest.raises(DomainError, match="reason for changing"):
        services_draw.accept_draw(made, actor=office, chosen={application.pk: [instead]})
    services_draw.accept_draw(
        made, actor=office, chosen={application.pk: [instead]}, reason="专业更对口"
    )
    assert list(
        Assignment.objects.filter(application=application).values_list("expert_id", flat=True)
    ) == [instead]
    entry = DecisionLogEntry.objects.filter(action="review.draw_accept").get()
    assert entry.data["changes"] == {str(application.pk): {"added": [instead], "removed": [drawn]}}
    assert entry.reason == "专业更对口"


def test_an_excluded_expert_cannot_be_picked_by_hand(round, office, application) -> None:
    five_experts()
    employee = pooled("员工专家")
    employee.employer_credit_code = application.organisation.credit_code
    employee.save()
    made = services_draw.propose_draw(
        round, actor=office, method=DrawMethod.RANDOM, per_application=1, seed=5
    )
    with pytest.raises(DomainError, match="R12"):
        services_draw.accept_draw(
            made, actor=office, chosen={application.pk: [employee.pk]}, reason="x"
        )
    assert not Assignment.objects.exists()


def test_a_conflict_declared_after_the_draw_refuses_the_whole_acceptance(
    round, office, application
) -> None:
    five_experts()
    second = eligible(round)
    made = services_draw.propose_draw(
        round, actor=office, method=DrawMethod.RANDOM, per_application=1, seed=11
    )
    late = made.result[str(second.pk)][0]
    ConflictDeclaration.objects.create(
        expert_id=late,
        application=second,
        has_conflict=True,
        kind=ConflictKind.FAMILY,
        source=ConflictSource.OFFICE,
        recorded_by=office,
    )
    with pytest.raises(DomainError):
        services_draw.accept_draw(made, actor=office)
    assert not Assignment.objects.exists()  # all or nothing
    assert AssignmentDraw.objects.get(pk=made.pk).status == DrawStatus.PROPOSED


def test_a_draw_is_accepted_or_discarded_once(round, office, application) -> None:
    five_experts()
    made = services_draw.propose_draw(
        round, actor=office, method=DrawMethod.RANDOM, per_application=1, seed=2
    )
    services_draw.discard_draw(made, actor=office, reason="重抽")
    with pytest.raises(DomainError):
        services_draw.accept_draw(made, actor=office)
    assert not Assignment.objects.exists()


def test_only_the_programmes_office_draws(round, office, application) -> None:
    five_experts()
    county = grant_role(UserFactory(), Role.OFFICE, prog=other_programme())
    for outsider in (county, leading_group_user()):
        with pytest.raises(DomainError):
            services_draw.propose_draw(
                round, actor=outsider, method=DrawMethod.RANDOM, per_application=1
            )
    made = services_draw.propose_draw(
        round, actor=office, method=DrawMethod.RANDOM, per_application=1, seed=3
    )
    with pytest.raises(DomainError):
        services_draw.accept_draw(made, actor=county)


def test_nothing_to_draw_is_refused(round, office, application, reviewer) -> None:
    services.assign_expert(application, profile(reviewer), actor=office)
    with pytest.raises(DomainError, match="already has 1 reviewers"):
        services_draw.propose_draw(round, actor=office, method=DrawMethod.RANDOM, per_application=1)


# --- the pages -----------------------------------------------------------------------------------


def test_the_office_draws_and_accepts_in_the_browser_pages(round, office, application) -> None:
    experts = five_experts()
    client = logged_in(office)
    hub = client.get(reverse("reviews:round_review", args=[round.pk])).content.decode()
    assert reverse("reviews:draws", args=[round.pk]) in hub
    response = client.post(
        reverse("reviews:draws", args=[round.pk]),
        {"method": DrawMethod.RANDOM, "per_application": 2, "seed": 77},
    )
    made = AssignmentDraw.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("reviews:draw_detail", args=[made.pk])
    body = client.get(response.url).content.decode()
    assert "77" in body and 'id="draw-reproduced"' in body and "gives the same result" in body
    drawn = made.result[str(application.pk)]
    keep = drawn[0]
    instead = next(e.pk for e in experts if e.pk not in drawn)
    refused = client.post(
        response.url, {f"expert_{application.pk}": [keep], f"add_{application.pk}": instead}
    )
    assert refused.status_code == 400
    assert "Give the reason for changing the draw." in refused.content.decode()
    done = client.post(
        response.url,
        {f"expert_{application.pk}": [keep], f"add_{application.pk}": instead, "reason": "对口"},
    )
    assert done.status_code == 302
    assert set(Assignment.objects.values_list("expert_id", flat=True)) == {keep, instead}


def test_draw_pages_are_404_for_outsiders(round, office, application) -> None:
    five_experts()
    made = services_draw.propose_draw(
        round, actor=office, method=DrawMethod.RANDOM, per_application=1, seed=3
    )
    county = grant_role(UserFactory(), Role.OFFICE, prog=other_programme())
    for outsider in (county, leading_group_user(), expert_user()):
        client = logged_in(outsider)
        assert client.get(reverse("reviews:draws", args=[round.pk])).status_code == 404
        assert client.get(reverse("reviews:draw_detail", args=[made.pk])).status_code == 404
        assert client.post(reverse("reviews:draw_detail", args=[made.pk])).status_code == 404
        assert client.post(reverse("reviews:draw_discard", args=[made.pk])).status_code == 404
    assert AssignmentDraw.objects.get().status == DrawStatus.PROPOSED
    assert not Assignment.objects.exists()


@pytest.mark.parametrize("size", [2, 12])
def test_draw_list_query_count_does_not_grow(size, round, office, django_assert_num_queries):
    eligible(round)
    five_experts()
    client = logged_in(office)
    url = reverse("reviews:draws", args=[round.pk])
    client.get(url)
    for seed in range(1, 3):
        services_draw.propose_draw(
            round, actor=office, method=DrawMethod.RANDOM, per_application=1, seed=seed
        )
    two = count_queries(client, url, 'class="draw-row"', 2)
    for seed in range(3, size + 1):
        services_draw.propose_draw(
            round, actor=office, method=DrawMethod.RANDOM, per_application=1, seed=seed
        )
    with django_assert_num_queries(two):
        count_queries(client, url, 'class="draw-row"', size)


@pytest.mark.parametrize("size", [2, 12])
def test_draw_detail_query_count_does_not_grow(size, round, office, django_assert_num_queries):
    five_experts()
    client = logged_in(office)
    small = [eligible(round) for _n in range(2)]
    first = services_draw.propose_draw(
        round, actor=office, method=DrawMethod.RANDOM, per_application=1, seed=1
    )
    url = reverse("reviews:draw_detail", args=[first.pk])
    client.get(url)
    two = count_queries(client, url, 'class="draw-app-row"', len(small))
    for _n in range(size - 2):
        eligible(round)
    second = services_draw.propose_draw(
        round, actor=office, method=DrawMethod.RANDOM, per_application=1, seed=1
    )
    with django_assert_num_queries(two):
        count_queries(
            client, reverse("reviews:draw_detail", args=[second.pk]), 'class="draw-app-row"', size
        )


# --- a decline draws a replacement ---------------------------------------------------------------


def test_a_decline_withdraws_and_draws_a_replacement_the_same_way(
    round, office, application
) -> None:
    from notifications.models import Notification

    experts = five_experts()
    made = services_draw.propose_draw(
        round, actor=office, method=DrawMethod.RANDOM, per_application=2, seed=8
    )
    services_draw.accept_draw(made, actor=office)
    decliner = ExpertProfile.objects.select_related("user").get(
        pk=made.result[str(application.pk)][0]
    )
    replacement = services_draw.decline_assignment(
        application, decliner, actor=decliner.user, reason="出差在外"
    )
    gone = Assignment.objects.get(application=application, expert=decliner)
    assert gone.withdrawn_at is not None and "出差在外" in gone.withdrawn_reason
    assert is_assigned_without_conflict(decliner.user, application) is False
    assert replacement is not None and replacement.method == DrawMethod.RANDOM
    assert replacement.status == DrawStatus.PROPOSED
    (drawn,) = replacement.result[str(application.pk)]
    assert drawn != decliner.pk and drawn in {e.pk for e in experts}
    assert decliner.pk in replacement.inputs["excluded"][str(application.pk)]
    assert services_draw.is_reproduced(replacement)
    actions = list(DecisionLogEntry.objects.values_list("action", flat=True))
    assert actions.count("review.decline") == 1 and actions.count("review.draw") == 2
    assert Notification.objects.filter(user=office).exists()
    services_draw.accept_draw(replacement, actor=office)
    assert (
        Assignment.objects.filter(application=application, withdrawn_at__isnull=True).count() == 2
    )


def test_decline_rules(round, office, application, reviewer) -> None:
    from tests.reviews.helpers import MATERIAL, ready, score

    ready(application, reviewer, office)
    other = expert_user()
    with pytest.raises(DomainError, match="Only the expert"):
        services_draw.decline_assignment(application, profile(reviewer), actor=other, reason="x")
    with pytest.raises(DomainError, match="reason"):
        services_draw.decline_assignment(application, profile(reviewer), actor=reviewer, reason=" ")
    score(application, reviewer, MATERIAL, 50)
    with pytest.raises(DomainError, match="submitted a review"):
        services_draw.decline_assignment(application, profile(reviewer), actor=reviewer, reason="x")
    assert Assignment.objects.get(expert=profile(reviewer)).withdrawn_at is None


def test_the_expert_declines_on_the_declaration_page(round, office, application, reviewer):
    from awards.services import sign_commitment

    services.assign_expert(application, profile(reviewer), actor=office)
    five_experts()
    sign_commitment(round, user=reviewer)
    client = logged_in(reviewer)
    page = client.get(reverse("reviews:declare", args=[application.pk])).content.decode()
    url = reverse("reviews:decline", args=[application.pk])
    assert url in page
    assert 'id="decline-form"' in client.get(url).content.decode()
    outsider = expert_user()
    assert logged_in(outsider).get(url).status_code == 404
    assert logged_in(outsider).post(url, {"reason": "x"}).status_code == 404
    response = client.post(url, {"reason": "身体原因"})
    assert response.status_code == 302
    assert Assignment.objects.get(expert=profile(reviewer)).withdrawn_at is not None
    assert AssignmentDraw.objects.get().status == DrawStatus.PROPOSED
    # Once declined, the expert is no longer assigned: 404.
    assert client.post(url, {"reason": "x"}).status_code == 404
