"""The office's review hub and the composite report (office and leading group), each with the
outsiders of the same role, and every URL of the reviews namespace walked for an outsider."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from accounts.enums import Role
from accounts.models import User
from applications.enums import ApplicationStatus
from awards.enums import RoundStage
from awards.models import ConfidentialityCommitment
from awards.services import sign_commitment
from experts import urls as expert_urls
from experts.services import pool as services_pool
from reviews import urls as review_urls
from reviews.models import Assignment, ReviewGroup
from reviews.services import review as services
from reviews.views import review as views_review
from tests.factories import UserFactory, expert_user, grant_role, leading_group_user
from tests.reviews.helpers import (
    MATERIAL,
    SITE,
    eligible,
    other_programme,
    profile,
    ready,
    review_round,
    score,
)
from tests.reviews.views.test_expert import count_queries, logged_in


def county_office() -> User:
    return grant_role(UserFactory(), Role.OFFICE, prog=other_programme())


def page(round) -> str:
    return reverse("reviews:round_review", args=[round.pk])


# --- the review hub ----------------------------------------------------------------------------


def test_round_review_is_for_the_programmes_office_only(round, office) -> None:
    assert logged_in(office).get(page(round)).status_code == 200
    for outsider in (county_office(), leading_group_user(), expert_user()):
        assert logged_in(outsider).get(page(round)).status_code == 404


def test_round_review_shows_assignments_declarations_and_reviews(round, office, reviewer) -> None:
    app = eligible(round, name="赣州稀土新材料股份有限公司")
    ready(app, reviewer, office)
    score(app, reviewer, MATERIAL, 45)
    body = logged_in(office).get(page(round)).content.decode()
    assert "赣州稀土新材料股份有限公司" in body
    assert "王专家" in body
    assert "No conflict" in body
    assert "Submitted · 450.0" in body
    assert f'id="select-{app.pk}"' in body
    assert f'action="{reverse("reviews:select_site", args=[round.pk])}"' in body


def test_assign_from_the_page(round, office, reviewer) -> None:
    app = eligible(round)
    response = logged_in(office).post(
        reverse("reviews:assign", args=[round.pk]),
        {"application": app.pk, "expert": profile(reviewer).pk},
    )
    assert response["Location"] == page(round)
    assert Assignment.objects.get().expert == profile(reviewer)


def test_assign_shows_the_conflict_refusal(round, office) -> None:
    # R12: detected conflict (the expert works for the applicant) refuses the assignment.
    app = eligible(round, name="赣州某电子有限公司")
    insider = expert_user(full_name="李工")
    expert = profile(insider)
    expert.employer_credit_code = app.organisation.credit_code
    expert.save()
    response = logged_in(office).post(
        reverse("reviews:assign", args=[round.pk]), {"application": app.pk, "expert": expert.pk}
    )
    assert response.status_code == 200
    assert "李工 works for 赣州某电子有限公司: a conflict of interest" in response.content.decode()
    assert not Assignment.objects.exists()


def test_assign_refuses_an_application_of_another_round(round, office, reviewer) -> None:
    elsewhere = eligible(review_round())
    response = logged_in(office).post(
        reverse("reviews:assign", args=[round.pk]),
        {"application": elsewhere.pk, "expert": profile(reviewer).pk},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Assignment.objects.exists()


def test_create_a_group_from_the_page(round, office, reviewer) -> None:
    url = reverse("reviews:group_create", args=[round.pk])
    member = profile(reviewer)
    client = logged_in(office)
    response = client.post(url, {"name": "", "sector": "manufacturing", "members": [member.pk]})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    response = client.post(
        url, {"name": "制造业组", "sector": "manufacturing", "leader": member.pk}
    )
    assert response["Location"] == page(round)
    group = ReviewGroup.objects.get()
    assert (group.name, group.leader, list(group.members.all())) == ("制造业组", member, [member])


def test_withdraw_from_the_page(round, office, reviewer) -> None:
    app = eligible(round)
    assignment = services.assign_expert(app, profile(reviewer), actor=office)
    url = reverse("reviews:withdraw_assignment", args=[assignment.pk])
    assert logged_in(county_office()).post(url, {"reason": "x"}).status_code == 404
    assert logged_in(office).post(url, {"reason": "时间冲突"})["Location"] == page(round)
    assignment.refresh_from_db()
    assert assignment.withdrawn_reason == "时间冲突"


def test_during_publicity_the_hub_offers_no_group_draw_or_withdrawal(
    round, office, reviewer
) -> None:
    """R1: the actions that would be refused once the scores are the record are not shown;
    the page says why."""
    app = eligible(round)
    assignment = services.assign_expert(app, profile(reviewer), actor=office)
    body = logged_in(office).get(page(round)).content.decode()
    assert 'id="group-details"' in body and 'id="draw-link"' in body
    assert reverse("reviews:withdraw_assignment", args=[assignment.pk]) in body
    round.stage = RoundStage.PUBLICITY
    round.save(update_fields=["stage"])
    body = logged_in(office).get(page(round)).content.decode()
    assert 'id="group-details"' not in body and 'id="draw-link"' not in body
    assert reverse("reviews:withdraw_assignment", args=[assignment.pk]) not in body
    assert "staffing-closed" in body


def test_select_for_site_review_from_the_page(round, office, reviewer) -> None:
    strong, weak = eligible(round), eligible(round)
    ready(strong, reviewer, office)
    url = reverse("reviews:select_site", args=[round.pk])
    client = logged_in(office)
    response = client.post(url, {})
    assert response.status_code == 200
    assert "Material review is not complete." in response.content.decode()
    ready(weak, reviewer, office)
    score(strong, reviewer, MATERIAL, 80)
    score(weak, reviewer, MATERIAL, 30)
    response = client.post(url, {"manual": "on", "applications": [weak.pk]})
    assert "Give the reason for a manual selection." in response.content.decode()
    assert client.post(url, {})["Location"] == page(round)
    round.refresh_from_db()
    strong.refresh_from_db()
    weak.refresh_from_db()
    assert (round.stage, strong.status, weak.status) == (
        RoundStage.SITE_REVIEW,
        ApplicationStatus.SITE_REVIEW,
        ApplicationStatus.NOT_SELECTED,
    )


def test_composite_and_candidate_list_from_the_page(round, office, reviewer) -> None:
    member = leading_group_user()
    app = eligible(round)
    ready(app, reviewer, office)
    score(app, reviewer, MATERIAL, 80)
    services.select_for_site_review(round, actor=office)
    client = logged_in(office)
    composite = reverse("reviews:complete_composite", args=[round.pk])
    response = client.post(composite, follow=True)
    assert "Site review is not complete." in response.content.decode()
    score(app, reviewer, SITE, 70)
    response = client.post(composite)
    assert response["Location"] == reverse("reviews:composite_report", args=[round.pk])
    app.refresh_from_db()
    assert (app.composite_score, app.proposed_level) == (Decimal("740.0"), "prize")
    response = client.post(reverse("reviews:submit_candidates", args=[round.pk]))
    assert response["Location"] == page(round)
    round.refresh_from_db()
    assert round.stage == RoundStage.DELIBERATION
    assert member.notifications.count() == 1


def test_post_only_actions_refuse_get(round, office) -> None:
    for name in (
        "assign",
        "group_create",
        "select_site",
        "complete_composite",
        "submit_candidates",
    ):
        assert logged_in(office).get(reverse(f"reviews:{name}", args=[round.pk])).status_code == 405


@pytest.mark.parametrize("size", [1, 5])
def test_round_review_query_count_does_not_grow(
    size, office, django_assert_num_queries, settings
) -> None:
    settings.KEPT_PAGES = False  # the render's queries, not a kept page's (common.kept_pages)
    round = review_round()
    client = logged_in(office)
    experts = [expert_user() for _n in range(2)]
    client.get(page(round))

    def add(n: int) -> None:
        for _i in range(n):
            app = eligible(round)
            for user in experts:
                ready(app, user, office)
            score(app, experts[0], MATERIAL, 50)

    add(1)
    cache.clear()  # rendered afresh, not from the page cache (measured below)
    one = count_queries(client, page(round), 'class="assignment-row', 2)
    add(size - 1)
    cache.clear()
    with django_assert_num_queries(one):
        count_queries(client, page(round), 'class="assignment-row', 2 * size)
    # From the page cache: the progress and the tables are neither counted nor read again.
    with django_assert_num_queries(one - 11):
        count_queries(client, page(round), 'class="assignment-row', 2 * size)


# --- the composite report ---------------------------------------------------------------------


def composite_round(office, reviewer, tagged: bool = False):
    round = review_round()
    apps = []
    for n, (section, material, site) in enumerate((("C", 80, 70), ("L", 60, 50))):
        app = eligible(round, name=f"{n}号公司", section=section, tag_sme_innovation=tagged)
        ready(app, reviewer, office)
        score(app, reviewer, MATERIAL, material)
        apps.append((app, site))
    services.select_for_site_review(round, actor=office)
    for app, site in apps:
        score(app, reviewer, SITE, site)
    services.complete_composite_evaluation(round, actor=office)
    return round


def test_composite_report_needs_the_commitment_then_shows_the_ranking(office, reviewer) -> None:
    round = composite_round(office, reviewer, tagged=True)
    url = reverse("reviews:composite_report", args=[round.pk])
    client = logged_in(office)
    response = client.get(url)
    assert (
        response["Location"]
        == f"/rounds/{round.pk}/commitment/?next=%2Frounds%2F{round.pk}%2Fcomposite%2F"
    )
    sign_commitment(round, user=office)
    body = client.get(url).content.decode()
    assert body.count('class="ranking-row"') == 2
    assert "740.0" in body  # 800 x 0.4 + 700 x 0.6
    assert "540.0" in body  # 600 x 0.4 + 500 x 0.6 -> nomination prize
    assert "SME with own IP and strong innovation" in body
    assert "1 / 3" in body  # one manufacturing prize place of three


def test_composite_report_for_the_leading_group_and_nobody_else(office, reviewer) -> None:
    round = composite_round(office, reviewer)
    url = reverse("reviews:composite_report", args=[round.pk])
    member = leading_group_user()
    sign_commitment(round, user=member)
    assert logged_in(member).get(url).status_code == 200
    county_member = grant_role(UserFactory(), Role.LEADING_GROUP, prog=other_programme())
    for outsider in (county_office(), county_member, reviewer, expert_user()):
        ConfidentialityCommitment.objects.get_or_create(
            round=round, user=outsider, defaults={"text": "承诺"}
        )
        assert logged_in(outsider).get(url).status_code == 404


def test_composite_report_before_the_evaluation(round, office) -> None:
    sign_commitment(round, user=office)
    body = (
        logged_in(office).get(reverse("reviews:composite_report", args=[round.pk])).content.decode()
    )
    assert "has not been completed for this round yet" in body


@pytest.mark.parametrize("size", [1, 5])
def test_composite_report_query_count_does_not_grow(
    size, office, django_assert_num_queries, settings
) -> None:
    settings.KEPT_PAGES = False  # the render's queries, not a kept page's (common.kept_pages)
    round = review_round(RoundStage.COMPOSITE)
    sign_commitment(round, user=office)
    url = reverse("reviews:composite_report", args=[round.pk])
    client = logged_in(office)

    def add(n: int) -> None:
        for i in range(n):
            eligible(
                round,
                status=ApplicationStatus.CANDIDATE,
                composite_score=Decimal(600 + i),
                sector_rank=i + 1,
                proposed_level="nomination",
            )

    add(1)
    client.get(url)
    one = count_queries(client, url, 'class="ranking-row"', 1)
    add(size - 1)
    with django_assert_num_queries(one):
        count_queries(client, url, 'class="ranking-row"', size)


def test_round_hub_partial_links_both_pages(round) -> None:
    html = render_to_string(
        "reviews/_round_hub_office.html", {"round": round}, request=RequestFactory().get("/")
    )
    assert f'href="/office/rounds/{round.pk}/review/"' in html
    assert f'href="/rounds/{round.pk}/composite/"' in html


# --- every URL of the namespace, for an outsider ------------------------------------------------


def test_every_review_url_is_404_for_an_outsider_expert(round, office, reviewer) -> None:
    # Walk the resolver so that a new URL cannot escape the check.
    app = eligible(round)
    assignment = services.assign_expert(app, profile(reviewer), actor=office)
    outsider = expert_user()
    ConfidentialityCommitment.objects.create(round=round, user=outsider, text="承诺")
    client = logged_in(outsider)
    pooled = profile(reviewer)
    pooled.programmes.add(round.programme)
    proposal = services_pool.propose_disqualification(
        pooled, round.programme, actor=office, reason="x"
    )
    from reviews.enums import DrawMethod
    from reviews.services.draw import propose_draw

    made = propose_draw(round, actor=office, method=DrawMethod.RANDOM, per_application=2, seed=1)
    pk_for = {
        "draw_detail": made.pk,
        "draw_discard": made.pk,
        "withdraw_assignment": assignment.pk,
        "declare": app.pk,
        "dossier": app.pk,
        "score": app.pk,
        "consensus": app.pk,
        "feedback": app.pk,
        "applicant_conflicts": app.pk,
        "record_defence": app.pk,
        "pool_disqualification_decide": proposal.pk,
    }
    checked = []
    patterns = [("reviews", p) for p in review_urls.urlpatterns]
    patterns += [("experts", p) for p in expert_urls.urlpatterns]
    for namespace, pattern in patterns:
        kwargs: dict[str, object] = {}
        if "<int:pk>" in str(pattern.pattern):
            default = pooled.pk if pattern.name.startswith("pool_") else round.pk
            kwargs["pk"] = pk_for.get(pattern.name, default)
        if "<str:stage>" in str(pattern.pattern):
            kwargs["stage"] = MATERIAL
        if "<str:fmt>" in str(pattern.pattern):
            kwargs["fmt"] = "xlsx"
        url = reverse(f"{namespace}:{pattern.name}", kwargs=kwargs)
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, {"reason": "x", "has_conflict": "no"}).status_code == 404, url
        checked.append(pattern.name)
    assert (
        len(checked) == 49
    )  # every review and pool URL, the office's conflict and defence actions included
    assert Assignment.objects.filter(withdrawn_at__isnull=True).count() == 1
    assert not ReviewGroup.objects.exists()


# --- the hub's forms, fetched when opened ---------------------------------------------------


def test_each_assignable_row_opens_its_assignment_form(round, office, reviewer) -> None:
    app = eligible(round, name="赣州稀土新材料股份有限公司")
    client = logged_in(office)
    body = client.get(page(round)).content.decode()
    url = reverse("reviews:assign_form", args=[round.pk])
    assert f'hx-get="{url}?application={app.pk}"' in body
    assert 'name="expert"' not in body and 'name="members"' not in body
    fragment = client.get(url, {"application": app.pk}).content.decode()
    assert f'<input type="hidden" name="application" value="{app.pk}">' in fragment
    assert "赣州稀土新材料股份有限公司" in fragment
    assert f'<option value="{profile(reviewer).pk}">王专家' in fragment
    assert f'action="{reverse("reviews:assign", args=[round.pk])}"' in fragment


def test_the_assignment_form_is_only_for_an_assignable_application_of_the_round(
    round, office
) -> None:
    url = reverse("reviews:assign_form", args=[round.pk])
    client = logged_in(office)
    assert client.get(url).status_code == 400
    elsewhere = eligible(review_round())
    assert client.get(url, {"application": elsewhere.pk}).status_code == 404
    done = eligible(round, status=ApplicationStatus.CANDIDATE)
    assert client.get(url, {"application": done.pk}).status_code == 404
    mine = eligible(round)
    for outsider in (county_office(), leading_group_user(), expert_user()):
        assert logged_in(outsider).get(url, {"application": mine.pk}).status_code == 404


def test_the_group_form_is_fetched_with_the_pool_for_the_programmes_office_only(
    round, office, reviewer
) -> None:
    url = reverse("reviews:group_form", args=[round.pk])
    assert f'hx-get="{url}"' in logged_in(office).get(page(round)).content.decode()
    fragment = logged_in(office).get(url).content.decode()
    member = profile(reviewer).pk
    assert f'<option value="{member}">王专家' in fragment
    assert f'name="members" value="{member}"' in fragment
    assert f'action="{reverse("reviews:group_create", args=[round.pk])}"' in fragment
    for outsider in (county_office(), leading_group_user(), expert_user()):
        assert logged_in(outsider).get(url).status_code == 404


def test_the_progress_per_reviewer_is_fetched_by_the_programmes_office_only(
    round, office, reviewer
) -> None:
    ready(eligible(round), reviewer, office)
    url = reverse("reviews:progress_reviewers", args=[round.pk])
    fragment = logged_in(office).get(url).content.decode()
    assert 'id="progress-reviewers"' in fragment and "王专家" in fragment
    for outsider in (county_office(), leading_group_user(), expert_user()):
        assert logged_in(outsider).get(url).status_code == 404


def test_a_refused_assignment_shows_its_form_filled_in_on_the_hub(round, office) -> None:
    app = eligible(round, name="赣州某电子有限公司")
    response = logged_in(office).post(
        reverse("reviews:assign", args=[round.pk]), {"application": app.pk}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="assign-form"' in body
    assert f'<input type="hidden" name="application" value="{app.pk}">' in body
    assert "This field is required." in body


def test_the_hub_html_does_not_grow_with_the_round_or_the_pool(monkeypatch, office) -> None:  # type: ignore[no-untyped-def]
    # Five applications and five experts more add nothing but what the tables page shows:
    # no option or check box per application or per expert of the pool.
    monkeypatch.setattr(views_review, "ASSIGNMENT_PAGE_SIZE", 2)
    monkeypatch.setattr(views_review, "CANDIDATE_PAGE_SIZE", 2)
    round = review_round()
    client = logged_in(office)

    def grow(n: int) -> int:
        for _n in range(n):
            eligible(round, name="赣州某某制造有限公司")
            expert_user(full_name="某专家")
        return len(client.get(page(round)).content)

    small = grow(3)
    big = grow(25)
    assert big - small < 200, (small, big)
