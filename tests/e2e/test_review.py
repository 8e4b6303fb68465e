"""Expert review in a real browser: a reviewer signs the commitment, declares no conflict, scores
the 23 items with the live total, saves a draft and submits; a conflicted expert gets 404 for
the dossier; the group leader sees the members side by side with the spreads of 20 points or
more flagged, and records and submits the group's consensus.

The data up to the step under test is made through the services (tests/reviews/helpers); the
step itself is done on its pages. Elements are found by id, name or href (the UI is Chinese)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from awards.services import sign_commitment
from reviews.enums import ConflictKind, ReviewStage, ReviewStatus
from reviews.models import Review
from reviews.services import review as services
from tests.e2e.cycle_steps import (
    ACTION_TIMEOUT_MS,
    SCORED_ITEMS,
    login,
    sign_commitment_when_sent_to_it,
    submit,
)
from tests.factories import expert_user, office_user
from tests.reviews.helpers import all_scores, eligible, items_of, profile, review_round

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

expect.set_options(timeout=ACTION_TIMEOUT_MS)


@pytest.fixture
def page(page: Page) -> Page:
    page.set_default_timeout(ACTION_TIMEOUT_MS)
    page.set_default_navigation_timeout(ACTION_TIMEOUT_MS)
    return page


def setting() -> tuple[Any, Any, Any, Any, Any]:
    """A round in material review, one application, a group of a leader and a member."""
    office = office_user(username="office_h2")
    round = review_round()
    application = eligible(round, name="赣州虔城精密制造有限公司")
    leader = expert_user(username="leader_h2", full_name="组长张")
    member = expert_user(username="member_h2", full_name="组员李")
    group = services.create_review_group(
        round,
        actor=office,
        name="制造业一组",
        sector=application.sector,
        leader=profile(leader),
        members=[profile(leader), profile(member)],
    )
    for user in (leader, member):
        services.assign_expert(application, profile(user), actor=office, group=group)
    return office, round, application, leader, member


def test_a_reviewer_scores_in_the_browser(page: Page) -> None:
    office, round, application, leader, member = setting()
    outsider = expert_user(username="conflicted_h2", full_name="回避王")
    services.assign_expert(application, profile(outsider), actor=office)
    sign_commitment(round, user=outsider)
    services.declare_conflict(
        application, profile(outsider), actor=outsider, has_conflict=True, kind=ConflictKind.FAMILY
    )

    login(page, member.username)
    task = page.locator(f'.expert-task[data-application="{application.pk}"]')
    expect(task).to_be_visible()
    # R12: the commitment first, then the declaration, then the dossier.
    page.goto(f"/review/{application.pk}/declare/")
    sign_commitment_when_sent_to_it(page, round)
    expect(page).to_have_url(re.compile(rf"/review/{application.pk}/declare/$"))
    page.check('input[name=has_conflict][value="no"]')
    submit(page, page.locator("main form"))
    expect(page).to_have_url(re.compile(rf"/review/{application.pk}/$"))
    page.locator(f'a[href="/review/{application.pk}/material/score/"]').first.click()
    expect(page).to_have_url(re.compile(rf"/review/{application.pk}/material/score/$"))

    selects = page.locator("#score-form select[name^=percent_]")
    expect(selects).to_have_count(SCORED_ITEMS)
    for index in range(SCORED_ITEMS):
        selects.nth(index).select_option("50")
    # The live total (display only; the server computes the stored one): 1000 x 50%.
    expect(page.locator("#live-total")).to_have_text("500.0")
    first = items_of(round)[0]
    page.fill(f"#id_comment_{first.pk}", "方针目标展开清晰")
    submit(page, page.locator("#score-form"), "button[name=action][value=save]")
    draft = Review.objects.get(application=application, expert=profile(member))
    assert (draft.status, draft.total) == (ReviewStatus.DRAFT, Decimal("500.0"))
    expect(page.locator(f"#id_comment_{first.pk}")).to_have_value("方针目标展开清晰")

    selects.nth(0).select_option("70")
    submit(page, page.locator("#score-form"), "button[name=action][value=submit]")
    expect(page).to_have_url(re.compile(rf"/review/{application.pk}/$"))
    review = Review.objects.get(application=application, expert=profile(member))
    assert review.status == ReviewStatus.SUBMITTED
    assert review.total == Decimal("500.0") + Decimal(first.points) * Decimal("0.2")
    page.goto(f"/review/{application.pk}/material/score/")
    expect(page.locator("#review-submitted")).to_be_visible()

    # The conflicted expert cannot open the dossier or the scoring page.
    page.context.clear_cookies()
    login(page, outsider.username)
    expect(page.locator(f'.expert-task[data-application="{application.pk}"]')).to_have_count(0)
    for path in (f"/review/{application.pk}/", f"/review/{application.pk}/material/score/"):
        response = page.goto(path)
        assert response is not None and response.status == 404


def test_a_group_leader_records_the_consensus_in_the_browser(page: Page) -> None:
    office, round, application, leader, member = setting()
    for user, percent in ((leader, 70), (member, 40)):
        sign_commitment(round, user=user)
        services.declare_conflict(application, profile(user), actor=user, has_conflict=False)
        review = services.save_review(
            application,
            profile(user),
            ReviewStage.MATERIAL,
            actor=user,
            scores=all_scores(round, percent),
        )
        services.submit_review(review, actor=user)

    login(page, leader.username)
    link = page.locator(f'a.consensus-link[href="/review/{application.pk}/material/consensus/"]')
    expect(link).to_be_visible()
    link.click()
    # Both members side by side; every item spreads by 30 points: flagged for discussion.
    expect(page.locator("#consensus-table")).to_contain_text("组员李")
    expect(page.locator("#consensus-table .spread-flag")).to_have_count(SCORED_ITEMS)

    selects = page.locator("#consensus-form select[name^=percent_]")
    expect(selects).to_have_count(SCORED_ITEMS)
    for index in range(SCORED_ITEMS):
        selects.nth(index).select_option("55")
    first = items_of(round)[0]
    page.fill(f"#id_comment_{first.pk}", "讨论后取中间值")
    submit(page, page.locator("#consensus-form"), "button[name=action][value=submit]")
    expect(page.locator("#consensus-submitted")).to_be_visible()
    consensus = Review.all_reviews.get(application=application, is_consensus=True)
    assert (consensus.status, consensus.total) == (ReviewStatus.SUBMITTED, Decimal("550.0"))
    assert consensus.item_scores.get(item=first).comment == "讨论后取中间值"

    # The member cannot record a consensus.
    page.context.clear_cookies()
    login(page, member.username)
    response = page.goto(f"/review/{application.pk}/material/consensus/")
    assert response is not None and response.status in (403, 404)


def test_the_office_draws_edits_and_accepts_reviewers_in_the_browser(page: Page) -> None:
    from reviews.models import Assignment, AssignmentDraw

    office, round, application, leader, member = setting()
    extra = [expert_user(username=f"pool_h2_{n}", full_name=f"专家{n}") for n in range(4)]
    second = eligible(round, name="赣州章贡服务有限公司", section="L")

    login(page, office.username)
    page.goto(f"/office/rounds/{round.pk}/review/")
    page.locator("#draw-link").click()
    page.check('input[name=method][value="random"]')
    page.fill("#id_per_application", "3")
    page.fill("#id_seed", "20261128")
    submit(page, page.locator("#draw-form"))
    draw = AssignmentDraw.objects.get()
    expect(page).to_have_url(re.compile(rf"/office/draws/{draw.pk}/$"))
    expect(page.locator("#draw-seed")).to_have_text("20261128")
    expect(page.locator("#draw-reproduced")).to_have_class(re.compile("text-success"))
    # The first application already has two reviewers: it needs one more; the second three.
    drawn = [int(e) for e in draw.result[str(second.pk)]]
    assert len(drawn) == 3 and len(draw.result[str(application.pk)]) == 1
    # Swap one drawn expert for another candidate, with a reason.
    page.uncheck(f"#pick-{second.pk}-{drawn[0]}")
    row = page.locator(f'.draw-app-row[data-application="{second.pk}"]')
    other = next(profile(u).pk for u in extra + [leader, member] if profile(u).pk not in drawn)
    row.locator(f"select[name=add_{second.pk}]").select_option(str(other))
    page.fill("#id_reason", "专业更对口")
    submit(page, page.locator("#draw-accept-form"))
    expect(page).to_have_url(re.compile(rf"/office/rounds/{round.pk}/review/$"))
    assigned = set(
        Assignment.objects.filter(application=second, withdrawn_at__isnull=True).values_list(
            "expert_id", flat=True
        )
    )
    assert assigned == {drawn[1], drawn[2], other}
    expect(page.locator("#assignment-table")).to_contain_text("赣州章贡服务有限公司")


def test_the_office_opens_the_hubs_forms_and_assigns_and_creates_a_group(page: Page) -> None:
    """The review hub fetches its forms when opened (htmx): the assignment form from the
    application's row, the group form and the reviewers' progress from their details."""
    from reviews.models import Assignment, ReviewGroup

    office, round, application, leader, member = setting()
    newcomer = expert_user(username="pool_h2_new", full_name="新专家")
    login(page, office.username)
    page.goto(f"/office/rounds/{round.pk}/review/")
    page.locator(f"#assign-slot-{application.pk}").locator("xpath=..").locator("button").click()
    form = page.locator(f"#assign-form-{application.pk}")
    form.locator("select[name=expert]").select_option(str(profile(newcomer).pk))
    submit(page, form)
    expect(page.locator("#assignment-table")).to_contain_text("新专家")
    assert Assignment.objects.filter(application=application, expert=profile(newcomer)).exists()

    page.locator("#group-details summary").click()
    group_form = page.locator("#group-form")
    group_form.locator("input[name=name]").fill("服务业组")
    group_form.locator("select[name=sector]").select_option("service")
    group_form.locator("select[name=leader]").select_option(str(profile(newcomer).pk))
    submit(page, group_form)
    expect(page.locator("#review-groups")).to_contain_text("服务业组")
    assert ReviewGroup.objects.filter(name="服务业组", leader=profile(newcomer)).exists()

    page.locator("#progress-reviewers-details summary").click()
    expect(page.locator("#progress-reviewers")).to_contain_text("组长张")


def test_the_site_team_uses_the_site_visit_page_on_a_phone(page: Page) -> None:
    from datetime import date

    from reviews.models import SiteVisitNote
    from reviews.services import site as services_site

    office, round, application, leader, member = setting()
    for user in (leader, member):
        sign_commitment(round, user=user)
        services.declare_conflict(application, profile(user), actor=user, has_conflict=False)
        review = services.save_review(
            application,
            profile(user),
            ReviewStage.MATERIAL,
            actor=user,
            scores=all_scores(round, 80),
        )
        services.submit_review(review, actor=user)
    services.select_for_site_review(
        round, actor=office, application_ids=[application.pk], reason="入围"
    )
    services_site.save_site_visit(
        application,
        actor=office,
        starts_on=date(2026, 12, 8),
        ends_on=date(2026, 12, 9),
        agenda="首次会议；生产现场；末次会议",
        issues="核实质量数据的来源",
    )

    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    login(page, member.username)
    page.goto(f"/review/{application.pk}/site-visit/")
    expect(page.locator("#site-agenda")).to_contain_text("生产现场")
    expect(page.locator("#site-issues")).to_contain_text("核实质量数据的来源")
    # Nothing wider than the screen: no sideways scrolling on site.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.fill("#id_text", "计量器具均在检定有效期内")
    submit(page, page.locator("#site-note-form"))
    expect(page.locator("#site-notes")).to_contain_text("计量器具均在检定有效期内")
    assert SiteVisitNote.objects.get().author == profile(member)
