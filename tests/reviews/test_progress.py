"""The review hub's progress per review group and per reviewer, for the material and
the site stage: assignments in good standing, submitted, drafts, not started, overdue against
the stage's due date (from the day after it, Beijing time, as the reminders reckon
it), conflicts declared (R12) and assignments declined. Withdrawn assignments are left out; the
section names no organisation (a conflicted expert's dossiers are never shown, R12); two
queries whatever the size."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from applications.enums import ApplicationStatus
from applications.models import Application
from awards.enums import RoundStage
from awards.models import Round
from awards.services import sign_commitment
from organisations.enums import Sector
from reviews.models import Assignment
from reviews.selectors.progress import ProgressRow, review_progress
from reviews.services import review as services
from reviews.services.deadlines import set_review_deadline
from reviews.services.draw import decline_assignment
from tests.factories import UserFactory, expert_user, grant_role
from tests.reviews.helpers import (
    MATERIAL,
    SITE,
    all_scores,
    eligible,
    other_programme,
    profile,
    ready,
    review_round,
    score,
)
from tests.reviews.views.test_expert import logged_in

DUE = dt.date(2026, 12, 10)
TZ = timezone.get_default_timezone()


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)


def numbers(row: ProgressRow) -> dict[str, Any]:
    """A row as plain numbers: per stage (assignments, submitted, drafts, not started,
    overdue), then conflicts and declined."""
    return {
        "label": row.label,
        **{
            stage: (c.assignments, c.submitted, c.drafts, c.not_started, c.overdue)
            for stage, c in row.ordered
        },
        "conflicts": row.conflicts,
        "declined": row.declined,
    }


def draft(application: Application, user: Any, stage: str = MATERIAL) -> None:
    services.save_review(
        application, profile(user), stage, actor=user, scores=all_scores(application.round, 50)
    )


def small_round(round: Round, office: Any) -> dict[str, Any]:
    """Group 制造一组 (甲, 乙, 丙) and an assignment without a group (丁):

    - 甲: app1 submitted, app2 draft;
    - 乙: app1 not started, app2 conflict declared (withdrawn);
    - 丙: app3 declined (withdrawn);
    - 丁 (no group): app3 not started; app2 withdrawn by the office (not counted at all).
    """
    jia = expert_user(username="jia", full_name="甲专家")
    yi = expert_user(username="yi", full_name="乙专家")
    bing = expert_user(username="bing", full_name="丙专家")
    ding = expert_user(username="ding", full_name="丁专家")
    app1 = eligible(round, name="赣州一号制造有限公司")
    app2 = eligible(round, name="赣州二号冲突企业有限公司")
    app3 = eligible(round, name="赣州三号婉拒企业有限公司")
    group = services.create_review_group(
        round,
        actor=office,
        name="制造一组",
        sector=Sector.MANUFACTURING,
        leader=profile(jia),
        members=[profile(yi), profile(bing)],
    )
    services.create_review_group(
        round, actor=office, name="服务组", sector=Sector.SERVICE, members=[profile(ding)]
    )
    for app, user in ((app1, jia), (app2, jia), (app1, yi), (app2, yi), (app3, bing)):
        services.assign_expert(app, profile(user), actor=office, group=group)
    for user in (jia, yi, bing, ding):
        sign_commitment(round, user=user)
    services.declare_conflict(app1, profile(jia), actor=jia, has_conflict=False)
    services.declare_conflict(app2, profile(jia), actor=jia, has_conflict=False)
    score(app1, jia, MATERIAL, 60)
    draft(app2, jia)
    services.declare_conflict(app2, profile(yi), actor=yi, has_conflict=True, kind="advisory")
    decline_assignment(app3, profile(bing), actor=bing, reason="时间冲突")
    ready(app3, ding, office)
    services.assign_expert(app2, profile(ding), actor=office)
    services.withdraw_assignment(
        Assignment.objects.get(application=app2, expert=profile(ding), withdrawn_at=None),
        actor=office,
        reason="调整分组",
    )
    return {"apps": [app1, app2, app3], "experts": [jia, yi, bing, ding]}


def test_numbers_per_group_and_reviewer_on_a_small_round(round, office) -> None:
    small_round(round, office)
    progress = review_progress(round)
    no_site = (0, 0, 0, 0, 0)
    assert [numbers(r) for r in progress.groups] == [
        {
            "label": "制造一组",
            MATERIAL: (3, 1, 1, 1, 0),
            SITE: no_site,
            "conflicts": 1,
            "declined": 1,
        },
        # A group without assignment is listed with zeros.
        {"label": "服务组", MATERIAL: no_site, SITE: no_site, "conflicts": 0, "declined": 0},
        {
            "label": "No group",
            MATERIAL: (1, 0, 0, 1, 0),
            SITE: no_site,
            "conflicts": 0,
            "declined": 0,
        },
    ]
    assert [numbers(r) for r in progress.reviewers] == [
        {
            "label": "丁专家",
            MATERIAL: (1, 0, 0, 1, 0),
            SITE: no_site,
            "conflicts": 0,
            "declined": 0,
        },
        {"label": "丙专家", MATERIAL: no_site, SITE: no_site, "conflicts": 0, "declined": 1},
        {
            "label": "乙专家",
            MATERIAL: (1, 0, 0, 1, 0),
            SITE: no_site,
            "conflicts": 1,
            "declined": 0,
        },
        {
            "label": "甲专家",
            MATERIAL: (2, 1, 1, 0, 0),
            SITE: no_site,
            "conflicts": 0,
            "declined": 0,
        },
    ]
    assert numbers(progress.total) == {
        "label": "All reviewers",
        MATERIAL: (4, 1, 1, 2, 0),
        SITE: no_site,
        "conflicts": 1,
        "declined": 1,
    }


def test_overdue_from_the_day_after_the_due_date_beijing_time(round, office) -> None:
    small_round(round, office)
    set_review_deadline(round, MATERIAL, DUE, actor=office)
    with time_machine.travel(at(DUE, 23, 59), tick=False):
        progress = review_progress(round)
        assert progress.total.material.overdue == 0
    with time_machine.travel(at(DUE + dt.timedelta(days=1), 0, 0), tick=False):
        progress = review_progress(round)
    # The draft (甲, app2) and the two not started (乙 app1, 丁 app3); not the submitted one.
    assert progress.total.material.overdue == 3
    assert [(r.label, r.material.overdue) for r in progress.reviewers] == [
        ("丁专家", 1),
        ("丙专家", 0),
        ("乙专家", 1),
        ("甲专家", 1),
    ]
    assert [(r.label, r.material.overdue) for r in progress.groups] == [
        ("制造一组", 2),
        ("服务组", 0),
        ("No group", 1),
    ]
    assert progress.due == {MATERIAL: DUE, SITE: None}


def test_site_stage_counts_and_no_overdue_for_a_stage_the_round_has_left(office) -> None:
    round = review_round(RoundStage.SITE_REVIEW)
    jia = expert_user(username="jia", full_name="甲专家")
    yi = expert_user(username="yi", full_name="乙专家")
    selected = eligible(
        round, name="赣州入选现场评审有限公司", status=ApplicationStatus.SITE_REVIEW
    )
    dropped = eligible(round, name="赣州未入选有限公司")
    for user in (jia, yi):
        ready(selected, user, office)
    ready(dropped, jia, office)
    Application.objects.filter(pk=dropped.pk).update(status=ApplicationStatus.NOT_SELECTED)
    score(selected, jia, SITE, 80)
    set_review_deadline(round, MATERIAL, DUE, actor=office)
    set_review_deadline(round, SITE, DUE, actor=office)
    with time_machine.travel(at(DUE + dt.timedelta(days=1), 8), tick=False):
        progress = review_progress(round)
    assert [numbers(r) for r in progress.reviewers] == [
        # Material: every reviewed application, none submitted here; not overdue, the round
        # is past material review. Site: the selected application only.
        {
            "label": "乙专家",
            MATERIAL: (1, 0, 0, 1, 0),
            SITE: (1, 0, 0, 1, 1),
            "conflicts": 0,
            "declined": 0,
        },
        {
            "label": "甲专家",
            MATERIAL: (2, 0, 0, 2, 0),
            SITE: (1, 1, 0, 0, 0),
            "conflicts": 0,
            "declined": 0,
        },
    ]


def _progress_section(body: str) -> str:
    match = re.search(r'<section[^>]*id="review-progress".*?</section>', body, re.S)
    assert match is not None
    return match.group(0)


def _without_tokens(body: str) -> str:
    """The page without its CSRF tokens (masked afresh on every request)."""
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)
    return re.sub(r'"X-CSRFToken": "[^"]*"', "", body)


def _cells(section: str, table_id: str) -> list[list[str]]:
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', section, re.S)
    assert table is not None
    rows = re.findall(r'<tr class="progress-row"[^>]*>(.*?)</tr>', table.group(0), re.S)
    return [
        [c.strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)] for row in rows
    ]


def test_hub_shows_the_tables_chart_data_and_no_organisation(round, office) -> None:
    built = small_round(round, office)
    body = logged_in(office).get(reverse("reviews:round_review", args=[round.pk])).content.decode()
    section = _progress_section(body)
    assert _cells(section, "progress-groups") == [
        ["制造一组", "3", "1", "1", "1", "0", "0", "0", "0", "0", "0", "1", "1"],
        ["服务组", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"],
        ["No group", "1", "0", "0", "1", "0", "0", "0", "0", "0", "0", "0", "0"],
    ]
    # The reviewers' table is fetched when opened (hundreds of rows at provincial scale).
    url = reverse("reviews:progress_reviewers", args=[round.pk])
    assert f'hx-get="{url}"' in section
    reviewers = logged_in(office).get(url).content.decode()
    assert [row[0] for row in _cells(reviewers, "progress-reviewers")] == [
        "丁专家",
        "丙专家",
        "乙专家",
        "甲专家",
    ]
    assert "<caption>Per review group</caption>" in section
    # R12: the section lists counts only, never an organisation (the conflicted one included).
    for app in built["apps"]:
        assert app.organisation.name not in section
        assert app.organisation.name not in reviewers
    # The chart: aria-hidden canvas, data in a JSON script, drawn by a static file (CSP).
    assert 'id="review-progress-chart"' in section and 'aria-hidden="true"' in section
    data = json.loads(
        re.search(  # type: ignore[union-attr]
            r'<script id="review-progress-data" type="application/json">(.*?)</script>',
            body,
            re.S,
        ).group(1)
    )
    assert data["labels"] == ["制造一组", "服务组", "No group"]
    material_submitted = next(
        d for d in data["datasets"] if d["stack"] == MATERIAL and d["kind"] == "submitted"
    )
    assert material_submitted["data"] == [1, 0, 0]
    assert "js/review-progress.js" in body


def test_outsider_office_of_another_programme_gets_404(round, office) -> None:
    small_round(round, office)
    county_office = grant_role(UserFactory(), Role.OFFICE, prog=other_programme())
    url = reverse("reviews:round_review", args=[round.pk])
    response = logged_in(county_office).get(url)
    assert response.status_code == 404
    assert "review-progress" not in response.content.decode()


def _grow(round: Round, office: Any, n: int, start: int) -> None:
    """``n`` more applications with two ready reviewers each (one a draft) in a new group."""
    jia = expert_user(username=f"g{start}a", full_name=f"专家{start}甲")
    yi = expert_user(username=f"g{start}b", full_name=f"专家{start}乙")
    group = services.create_review_group(
        round,
        actor=office,
        name=f"第{start}组",
        sector=Sector.MANUFACTURING,
        members=[profile(jia), profile(yi)],
    )
    for i in range(n):
        app = eligible(round, name=f"赣州{start}-{i}号公司")
        for user in (jia, yi):
            services.assign_expert(app, profile(user), actor=office, group=group)
            sign_commitment(round, user=user)
            services.declare_conflict(app, profile(user), actor=user, has_conflict=False)
        draft(app, jia)


def test_progress_costs_two_queries_whatever_the_size(
    round, office, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    _grow(round, office, 1, 0)
    with django_assert_num_queries(2):
        small = review_progress(round, deadlines={}, groups_of_round=[])
    assert small.total.material.assignments == 2
    _grow(round, office, 6, 1)
    _grow(round, office, 2, 2)
    yi = profile(expert_user(username="late", full_name="晚到专家"))
    app = Application.objects.filter(round=round).first()
    assert app is not None
    services.assign_expert(app, yi, actor=office)
    services.declare_conflict(app, yi, actor=office, has_conflict=True, kind="family")
    with django_assert_num_queries(2):
        large = review_progress(round, deadlines={}, groups_of_round=[])
    assert (large.total.material.assignments, large.total.material.drafts) == (18, 9)
    assert large.total.conflicts == 1
    assert len(large.reviewers) == 7


def test_the_hub_costs_the_same_queries_at_two_sizes(
    round, office, django_assert_num_queries, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    _grow(round, office, 1, 0)
    client = logged_in(office)
    url = reverse("reviews:round_review", args=[round.pk])
    client.get(url)
    cache.clear()  # counted and rendered afresh (the page cache is measured below)
    with django_assert_max_num_queries(100) as small:
        client.get(url)
    with django_assert_max_num_queries(100) as small_cached:
        client.get(url)
    _grow(round, office, 6, 1)
    _grow(round, office, 3, 2)
    cache.clear()
    with django_assert_num_queries(len(small.captured_queries)):
        body = client.get(url).content.decode()
    assert len(_cells(_progress_section(body), "progress-groups")) == 3
    # From the page cache: the progress and the two tables' queries are not asked again.
    with django_assert_num_queries(len(small_cached.captured_queries)):
        assert _without_tokens(client.get(url).content.decode()) == _without_tokens(body)
    assert len(small_cached.captured_queries) <= len(small.captured_queries) - 8


def test_the_hub_shows_every_change_at_once_from_the_page_cache(round, office) -> None:
    """The progress card and the two tables come from the page cache; each write that changes
    what they show is on the next page at once, as rendered afresh (a save, a withdrawal by
    update(), a new due date, and the next day for what is overdue)."""
    small_round(round, office)
    app1, app2, app3 = Application.objects.filter(round=round).order_by("pk")
    jia = profile(app1.assignments.order_by("pk").first().expert.user)  # type: ignore[union-attr]
    url = reverse("reviews:round_review", args=[round.pk])

    def cached_then_fresh() -> str:
        client = logged_in(office)  # a session of the (travelled) day
        cached = client.get(url)
        cache.clear()
        fresh = client.get(url)
        assert cached.status_code == fresh.status_code == 200
        assert _without_tokens(cached.content.decode()) == _without_tokens(fresh.content.decode())
        client.get(url)  # kept in the cache for the next step
        return _without_tokens(fresh.content.decode())

    pages = [cached_then_fresh()]
    pages.append(cached_then_fresh())
    assert pages[-1] == pages[-2]  # nothing changed, nothing moved
    score(app2, jia.user, MATERIAL, 70)  # the draft submitted
    pages.append(cached_then_fresh())
    services.assign_expert(app3, jia, actor=office)
    pages.append(cached_then_fresh())
    services.withdraw_assignment(
        Assignment.objects.get(application=app3, expert=jia, withdrawn_at=None),
        actor=office,
        reason="回避调整",
    )
    pages.append(cached_then_fresh())
    assert "回避调整" in pages[-1]
    # A save of an application moves its own round's hub on (another round's stays cached).
    app1.sector = Sector.SERVICE
    app1.save(update_fields=["sector"])
    pages.append(cached_then_fresh())
    set_review_deadline(round, MATERIAL, DUE, actor=office)
    with time_machine.travel(at(DUE, 23, 59), tick=False):
        pages.append(cached_then_fresh())
    with time_machine.travel(at(DUE + dt.timedelta(days=1), 0, 1), tick=False):
        pages.append(cached_then_fresh())
    assert [pages[n] == pages[n - 1] for n in range(1, len(pages))] == [True] + [False] * 6


def test_an_application_saved_in_another_round_leaves_this_hub_cached(round) -> None:
    """An applicant's autosave in a round open for applications moves that round's hub on,
    not another round's."""
    from common import page_cache
    from reviews.selectors.progress import REVIEW_HUB_SCOPE, round_hub_scope

    other = eligible(review_round(), name="赣州另一轮企业有限公司")
    mine = eligible(round, name="赣州本轮企业有限公司")
    scopes = (REVIEW_HUB_SCOPE, round_hub_scope(round.pk), round_hub_scope(other.round_id))
    before = [page_cache.version(scope) for scope in scopes]
    other.save(update_fields=["sector"])
    after_other = [page_cache.version(scope) for scope in scopes]
    assert after_other[:2] == before[:2] and after_other[2] != before[2]
    mine.save(update_fields=["sector"])
    assert page_cache.version(round_hub_scope(round.pk)) != before[1]
