"""Each role's work queue on its dashboard: items for real states, gone once the work is done,
never another programme's, and a query count that does not grow with the rounds."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accounts.enums import Role
from accounts.models import User
from accounts.workqueue import WorkItem, count_for, items_for, last_day_before, sort_key
from applications.enums import ApplicationStatus, ConsultationResult
from applications.services.application import (
    answer_consultation,
    answer_supplement,
    decide_eligibility,
    disqualify_application,
    request_supplement,
    send_consultation,
)
from awards.enums import RoundStage
from awards.models import AwardProgramme, Round
from awards.services import approve_review_rules, sign_commitment
from monitoring.enums import ReportStatus
from monitoring.models import AnnualReport
from notifications.models import Notification
from publicity.enums import VoteChoice
from publicity.services.publicity import (
    decide_objection,
    record_objection_verification,
    submit_objection,
)
from publicity.services.voting import cast_ballot, open_voting
from reviews.enums import ReviewStage
from reviews.services import review as review_services
from sanctions.models import FraudBarCase
from sanctions.services.fraud_bars import decide_no_bar
from tests.factories import (
    ApplicationFactory,
    RoundFactory,
    UserFactory,
    applicant_user,
    department,
    expert_user,
    grant_role,
    leading_group_user,
    liaison_user,
    office_user,
    recommender_user,
)
from tests.publicity.helpers import (
    ENDS_AT,
    OPENED_AT,
    after,
    candidate,
    deliberation_round,
    past_prize,
    publicity_round,
)
from tests.reviews.helpers import (
    eligible,
    expert_in,
    other_programme,
    profile,
    review_round,
    score,
)

pytestmark = pytest.mark.django_db


def _county_office() -> User:
    county = AwardProgramme.objects.create(
        name="章贡区区长质量奖",
        slug="zhanggong",
        awarding_body="章贡区人民政府",
        office_name="办公室",
    )
    return grant_role(UserFactory(), Role.OFFICE, prog=county)


def _forget(user: User) -> None:
    # Read once a request.
    for cached in ("_portal_work_items", "_portal_expert_tasks", "_office_rounds"):
        if hasattr(user, cached):
            delattr(user, cached)


def _queue(user: User) -> list[WorkItem]:
    """The user's queue as now, in Chinese (as the pages show it); the menu's count, read
    without the items (each provider's counter), says as many."""
    _forget(user)
    n = count_for(user)
    _forget(user)
    with translation.override("zh-hans"):
        items = items_for(user)
    assert n == len(items), (n, items)
    return items


def _texts(user: User) -> str:
    return "\n".join(f"{i.what} {i.reason}" for i in _queue(user))


def _dashboard(user: User) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def test_an_objection_left_open_after_publicity_says_why_the_round_is_stuck() -> None:
    office = office_user()
    round, period, (app,) = publicity_round(office)
    with time_machine.travel(after(OPENED_AT, 4 * 86400), tick=False):
        objection = submit_objection(
            period,
            application=app,
            name="赵六",
            phone="13800000000",
            email="",
            grounds="质量投诉",
        )
    with time_machine.travel(after(ENDS_AT, 3 * 86400), tick=False):
        items = [i for i in _queue(office) if objection.receipt_number in i.reason]
        assert len(items) == 1
        item = items[0]
        assert item.overdue is True
        assert item.url == reverse("publicity:objection_handle", args=[objection.pk])
        assert item.until == date(2031, 12, 10)
        page = _dashboard(office)
        assert "公示已于2031-12-10 24:00结束" in page
        assert objection.receipt_number in page
        assert "待办事项" in page
        # Another programme's office sees nothing of it.
        assert objection.receipt_number not in _texts(_county_office())

        member = leading_group_user()
        assert objection.receipt_number not in _texts(member)
        record_objection_verification(objection, actor=office, verification="经核实不属实")
        assert objection.receipt_number in _texts(office)
        (verified,) = _queue(member)
        assert verified.url == reverse("publicity:objection_handle", args=[objection.pk])
        assert verified.overdue is True
        decide_objection(objection, actor=member, upheld=False, handling_opinion="驳回")
        assert objection.receipt_number not in _texts(office)
        assert _queue(member) == []


def test_dossiers_awaiting_the_eligibility_decision_leave_the_queue_when_decided() -> None:
    office = office_user()
    round = RoundFactory(stage=RoundStage.ELIGIBILITY, title="2031年度资格审查轮次")
    app = ApplicationFactory(
        round=round, status=ApplicationStatus.SUBMITTED, submitted_at=timezone.now()
    )
    items = [
        i
        for i in _queue(office)
        if i.url.startswith(reverse("applications:office_list", args=[round.pk]))
    ]
    assert [i.count for i in items] == [1]
    assert "2031年度资格审查轮次" in items[0].what
    assert "2031年度资格审查轮次" not in _texts(_county_office())
    decide_eligibility(app, actor=office, eligible=False, reason="不符合第十三条")
    assert "份申报材料待作出资格审查决定" not in _texts(office)


def test_consultations_and_supplements_wait_for_office_and_liaison_until_answered() -> None:
    office = office_user()
    liaison = liaison_user(department("tax"))
    round = RoundFactory(stage=RoundStage.APPLICATION, title="2031年度征询轮次")
    app = ApplicationFactory(
        round=round, status=ApplicationStatus.SUBMITTED, submitted_at=timezone.now()
    )
    today = timezone.localdate()
    consultation = send_consultation(
        app, actor=office, department=department("tax"), question="有无不良记录？", due_on=today
    )
    supplement = request_supplement(
        app, actor=office, what="补充财务报表", due_at=timezone.now() + timedelta(days=5)
    )
    queue = _queue(office)
    consult = [i for i in queue if i.on_whom == "被征询部门"]
    assert len(consult) == 1 and consult[0].until == today and not consult[0].overdue
    supplements = [i for i in queue if i.on_whom == "申报单位"]
    assert len(supplements) == 1
    assert supplements[0].until == last_day_before(supplement.due_at)
    # R12: the liaison signs the round's commitment before it reads the dossier and replies.
    liaison_queue = _queue(liaison)
    assert [i.url for i in liaison_queue] == [
        reverse("applications:liaison_replies"),
        reverse("awards:sign_commitment", args=[round.pk]),
    ]
    assert liaison_queue[0].count == 1
    # The day after the reply date the consultation is overdue and comes first.
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        queue = _queue(office)
        assert queue[0].on_whom == "被征询部门" and queue[0].overdue
        assert (
            queue[0].what
            == "2031年度征询轮次：1项征求意见待有关部门回复。其中1项已逾期，请督促有关部门回复。"
        )
        assert _queue(liaison)[0].overdue
    assert "2031年度征询轮次" not in _texts(_county_office())

    sign_commitment(round, user=liaison)
    assert [i.url for i in _queue(liaison)] == [reverse("applications:liaison_replies")]
    answer_consultation(consultation, actor=liaison, result=ConsultationResult.NO_ADVERSE)
    assert _queue(liaison) == []
    assert not [i for i in _queue(office) if i.on_whom == "被征询部门"]
    answer_supplement(supplement, actor=applicant_user(app.organisation), answer="已补充")
    assert not [i for i in _queue(office) if i.on_whom == "申报单位"]


def test_a_fraud_bar_case_waits_for_the_office_until_decided() -> None:
    office = office_user()
    round = RoundFactory(stage=RoundStage.MATERIAL_REVIEW)
    app = ApplicationFactory(round=round, status=ApplicationStatus.ELIGIBLE)
    disqualify_application(app, actor=office, reason="伪造证书", fraud=True)
    case = FraudBarCase.objects.get(application=app)
    items = [
        i
        for i in _queue(office)
        if i.url == reverse("applications:office_detail", args=[app.pk]) + "#fraud-bar"
    ]
    assert len(items) == 1 and app.organisation.name in items[0].what
    assert app.organisation.name not in _texts(_county_office())
    decide_no_bar(case, actor=office, reason="情节轻微")
    assert app.organisation.name not in _texts(office)


def test_commitment_and_review_rules_wait_on_office_and_leading_group() -> None:
    office = office_user()
    member = leading_group_user()
    round = RoundFactory(stage=RoundStage.APPLICATION, title="2031年度承诺轮次")
    sign = reverse("awards:sign_commitment", args=[round.pk])
    rules = reverse("awards:approve_rules", args=[round.pk])
    assert sign in [i.url for i in _queue(office)]
    assert rules in [i.url for i in _queue(member)]
    assert "2031年度承诺轮次" not in _texts(_county_office())
    sign_commitment(round, user=office)
    assert sign not in [i.url for i in _queue(office)]
    approve_review_rules(round, actor=member)
    assert rules not in [i.url for i in _queue(member)]
    assert "2031年度承诺轮次" not in _texts(office)


def test_the_recommender_sees_the_opinions_to_write() -> None:
    recommender = recommender_user()
    unit = recommender.programme_roles.get().recommender
    round = RoundFactory(stage=RoundStage.APPLICATION)
    for _ in range(3):
        ApplicationFactory(
            round=round,
            recommender=unit,
            status=ApplicationStatus.SUBMITTED,
            submitted_at=timezone.now(),
        )
    # First the round's commitment (Art. 31), then the opinions, each one line.
    sign, item = sorted(_queue(recommender), key=lambda i: i.count)
    assert sign.url.startswith(reverse("awards:sign_commitment", args=[round.pk]))
    assert "签署保密承诺" in sign.what
    assert item.count == 3
    assert item.what == "有3份推荐意见待填写。"
    assert "有3份推荐意见待填写。" in _dashboard(recommender)
    sign_commitment(round, user=recommender)
    assert [i.what for i in _queue(recommender)] == ["有3份推荐意见待填写。"]


def test_the_winner_sees_its_annual_report_due_with_its_own_link() -> None:
    winner = applicant_user()
    grant = past_prize(winner.organisation_membership.organisation, 2030)
    due = AnnualReport.objects.create(
        grant=grant, year=2031, due_on=timezone.localdate() + timedelta(days=7)
    )
    AnnualReport.objects.create(
        grant=grant, year=2032, due_on=timezone.localdate() + timedelta(days=365)
    )
    (item,) = _queue(winner)
    assert item.url == reverse("monitoring:annual_report_file", args=[due.pk])
    page = _dashboard(winner)
    assert reverse("monitoring:annual_report_file", args=[due.pk]) in page
    AnnualReport.objects.filter(pk=due.pk).update(status=ReportStatus.SUBMITTED)
    assert _queue(winner) == []


def test_overdue_items_come_first_then_by_due_date() -> None:
    def item(until: date | None, overdue: bool = False) -> WorkItem:
        return WorkItem(
            role="office", what="x", on_whom="y", url="/", action="z", until=until, overdue=overdue
        )

    late = item(date(2031, 1, 5), overdue=True)
    soon = item(date(2031, 1, 6))
    later = item(date(2031, 2, 1))
    undated = item(None)
    assert sorted([undated, later, soon, late], key=sort_key) == [late, soon, later, undated]


def test_the_menu_counts_the_queue_and_the_unread_messages() -> None:
    office = office_user()
    RoundFactory(stage=RoundStage.APPLICATION)
    client = Client()
    client.force_login(office)
    n = len(_queue(office))
    assert n >= 1
    badge = client.get(reverse("accounts:work_count")).content.decode()
    assert f">{n}<" in badge
    Notification.objects.create(user=office, subject="通知", body="正文")
    unread = client.get(reverse("notifications:unread_badge")).content.decode()
    assert 'data-testid="unread-count">1<' in unread
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert reverse("notifications:unread_badge") in page and reverse("accounts:work_count") in page
    # The inbox marks what it shows as read, showing once more which ones were new.
    assert (
        'data-testid="new-message"' in client.get(reverse("notifications:inbox")).content.decode()
    )
    assert "unread-count" not in client.get(reverse("notifications:unread_badge")).content.decode()
    assert (
        'data-testid="new-message"'
        not in client.get(reverse("notifications:inbox")).content.decode()
    )


def _office_world(office: User, n_rounds: int) -> None:
    today = timezone.localdate()
    for _round in range(n_rounds):
        eligibility = RoundFactory(stage=RoundStage.ELIGIBILITY)
        for _ in range(2):
            app = ApplicationFactory(
                round=eligibility, status=ApplicationStatus.SUBMITTED, submitted_at=timezone.now()
            )
            send_consultation(
                app, actor=office, department=department("tax"), question="记录？", due_on=today
            )
            request_supplement(
                app, actor=office, what="补充", due_at=timezone.now() + timedelta(days=3)
            )
        RoundFactory(stage=RoundStage.APPLICATION)
        failed = ApplicationFactory(round=eligibility, status=ApplicationStatus.SUBMITTED)
        disqualify_application(failed, actor=office, reason="伪造", fraud=True)


def _dashboard_queries(office: User) -> int:
    client = Client()
    client.force_login(office)
    client.get(reverse("accounts:dashboard"))  # warm the session
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("accounts:dashboard")).status_code == 200
    return len(captured.captured_queries)


def test_the_office_dashboard_query_count_does_not_grow_with_the_rounds() -> None:
    office = office_user()
    _office_world(office, 1)
    small = _dashboard_queries(office)
    n_small = len(_queue(office))
    _office_world(office, 4)
    assert len(_queue(office)) > n_small
    assert _dashboard_queries(office) == small


def test_an_office_of_two_programmes_sees_each_programmes_items() -> None:
    office = _county_office()
    county = office.programme_roles.get().programme
    grant_role(office, Role.OFFICE)
    RoundFactory(stage=RoundStage.APPLICATION, programme=county, title="章贡区2031年度")
    RoundFactory(stage=RoundStage.APPLICATION, title="市2031年度")
    programmes = {i.programme for i in _queue(office)}
    assert programmes == {"章贡区区长质量奖", Round.objects.get(title="市2031年度").programme.name}


def test_the_expert_sees_commitment_declaration_and_scoring_in_turn() -> None:
    office = office_user()
    expert = expert_user()
    round = review_round(title="2031年度专家评审轮次")
    app = eligible(round)
    review_services.assign_expert(app, profile(expert), actor=office)
    (item,) = _queue(expert)
    assert item.url == reverse("awards:sign_commitment", args=[round.pk])
    sign_commitment(round, user=expert)
    (item,) = _queue(expert)
    assert item.url == reverse("reviews:declare", args=[app.pk])
    review_services.declare_conflict(app, profile(expert), actor=expert, has_conflict=False)
    (item,) = _queue(expert)
    assert item.url == reverse("reviews:score", args=[app.pk, ReviewStage.MATERIAL])
    assert app.organisation.name in _dashboard(expert)
    score(app, expert, ReviewStage.MATERIAL, 70)
    assert _queue(expert) == []
    # An expert of another programme's pool sees nothing of it.
    assert _queue(expert_in(other_programme())) == []


def _work_count_queries(user: User) -> int:
    client = Client()
    client.force_login(user)
    client.get(reverse("accounts:work_count"))  # warm the session
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("accounts:work_count")).status_code == 200
    return len(captured.captured_queries)


def test_the_experts_work_count_costs_the_same_queries_for_1_and_6_dossiers() -> None:
    """The menu's count (loaded after every page) counts the expert's items in one query,
    whatever their number and kind: to sign, to declare, to score."""
    office = office_user()
    expert = expert_user()
    round = review_round(title="2031年度专家评审轮次")
    review_services.assign_expert(eligible(round), profile(expert), actor=office)
    few = _work_count_queries(expert)
    assert len(_queue(expert)) == 1
    sign_commitment(round, user=expert)
    apps = [eligible(round) for _ in range(3)]
    for app in apps:
        review_services.assign_expert(app, profile(expert), actor=office)
    review_services.declare_conflict(apps[0], profile(expert), actor=expert, has_conflict=False)
    other = review_round(title="2033年度专家评审轮次")
    for _ in range(2):
        review_services.assign_expert(eligible(other), profile(expert), actor=office)
    # The first round: 3 conflict statements to declare, 1 review to score; the second: its
    # commitment to sign (one item for its two dossiers).
    assert len(_queue(expert)) == 5
    assert _work_count_queries(expert) == few


def test_the_leading_group_member_sees_the_open_vote_until_voting() -> None:
    office = office_user()
    member = leading_group_user()
    round = deliberation_round(rules_approved_at=timezone.now())
    app = candidate(round)
    sign_commitment(round, user=office)
    sign_commitment(round, user=member)
    meeting = open_voting(round, actor=office, held_on=timezone.localdate(), members_total=5)
    vote = reverse("publicity:vote", args=[round.pk])
    assert vote in [i.url for i in _queue(member)]
    assert vote in _dashboard(member)
    outsider = grant_role(UserFactory(), Role.LEADING_GROUP, prog=other_programme())
    assert vote not in [i.url for i in _queue(outsider)]
    cast_ballot(meeting, app, member=member, choice=VoteChoice.AGREE, level=app.proposed_level)
    assert vote not in [i.url for i in _queue(member)]
