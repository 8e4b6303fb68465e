"""Pages of the list decision after an upheld objection, the added candidates' public
publicity, and the objector's detailed lookup (Art. 21)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from applications.enums import ApplicationStatus
from awards.enums import PrizeLevel
from publicity.models import ListDecision, Objection
from publicity.services import publicity as services
from tests.factories import applicant_user, leading_group_user, office_user
from tests.notifications.helpers import county_office
from tests.publicity.helpers import STARTS_AT, candidate, publicity_round, signed

pytestmark = pytest.mark.django_db
DURING = STARTS_AT + timedelta(days=3)


def _login(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _upheld_case():  # type: ignore[no-untyped-def]
    office = office_user()
    leader = leading_group_user()
    round, period, (app,) = publicity_round(office)
    signed(leader, round)
    runner_up = candidate(round, status=ApplicationStatus.NOT_PROPOSED, rank=9)
    with time_machine.travel(DURING, tick=False):
        objection = services.submit_objection(
            period,
            application=app,
            name="王五实名",
            phone="13700000000",
            email="w@example.cn",
            grounds="理由",
        )
        other = services.submit_objection(
            period,
            application=app,
            name="赵六另一人",
            phone="13900000000",
            email="z@example.cn",
            grounds="另一理由",
        )
        services.record_objection_verification(objection, actor=office, verification="已核实")
        objection = services.decide_objection(
            objection, actor=leader, upheld=True, handling_opinion="取消拟奖资格"
        )
    return office, leader, round, period, app, runner_up, objection, other


def test_the_leading_group_amends_the_list_from_the_objection_page() -> None:
    office, leader, round, period, app, runner_up, objection, _other = _upheld_case()
    client = _login(leader)
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert reverse("publicity:objection_handle", args=[objection.pk]) in dashboard
    url = reverse("publicity:objection_handle", args=[objection.pk])
    # Real time (2026): the 2031 period lies ahead and the round is in publicity.
    page = client.get(url).content.decode()
    assert 'id="list-decision-form"' in page
    assert runner_up.organisation.name in page
    response = client.post(
        url,
        {
            "action": "list",
            "reason": "按排名递补",
            "starts_on": "2031-12-05",
            "days": "10",
            f"add_{runner_up.pk}": PrizeLevel.NOMINATION,
        },
    )
    assert response.status_code == 302
    decision = ListDecision.objects.get()
    runner_up.refresh_from_db()
    assert (decision.amended, runner_up.status) == (True, ApplicationStatus.PROPOSED)
    page = client.get(url).content.decode()
    assert 'id="list-decision"' in page and "按排名递补" in page
    # The public sees the added candidate's own period, marked as such.
    public = Client()
    listing = public.get(reverse("publicity:public_list")).content.decode()
    assert reverse("publicity:notice", args=[decision.publicity_id]) in listing
    with time_machine.travel(date(2031, 12, 6), tick=False):
        notice = public.get(reverse("publicity:notice", args=[decision.publicity_id]))
    html = notice.content.decode()
    assert 'id="replacement-notice"' in html
    assert runner_up.organisation.name in html
    assert reverse("publicity:object", args=[decision.publicity_id]) in html
    assert "2031-12-15 24:00" in html  # the tenth day is a Sunday (Civil Code Art. 203)
    # The first list's notice links the added candidates' period, and back.
    first = public.get(reverse("publicity:notice", args=[period.pk])).content.decode()
    assert reverse("publicity:notice", args=[decision.publicity_id]) in first
    assert reverse("publicity:notice", args=[period.pk]) in html


def test_an_amendment_without_first_day_is_refused_with_a_message() -> None:
    _office, leader, round, period, app, runner_up, objection, _other = _upheld_case()
    url = reverse("publicity:objection_handle", args=[objection.pk])
    response = _login(leader).post(
        url,
        {
            "action": "list",
            "reason": "递补",
            "starts_on": "",
            "days": "10",
            f"add_{runner_up.pk}": PrizeLevel.PRIZE,
        },
    )
    assert response.status_code == 200
    assert ListDecision.objects.count() == 0


def test_outsiders_do_not_reach_the_list_decision() -> None:
    _office, _leader, _round, _period, app, runner_up, objection, _other = _upheld_case()
    url = reverse("publicity:objection_handle", args=[objection.pk])
    for outsider in (applicant_user(app.organisation), county_office()):
        client = _login(outsider)
        assert client.get(url).status_code == 404
        response = client.post(url, {"action": "list", "reason": "x", "days": "10"})
        assert response.status_code == 404
    assert ListDecision.objects.count() == 0


def test_lookup_shows_the_handling_in_detail_and_no_objector(client) -> None:
    office, leader, round, period, app, _runner_up, objection, other = _upheld_case()
    url = reverse("publicity:lookup") + f"?receipt={objection.receipt_number}"
    page = client.get(url).content.decode()
    assert 'id="objection-steps"' in page
    assert 'id="objection-decision"' in page
    assert "取消拟奖资格" in page
    assert objection.decided_at is not None
    assert 'id="objection-decided-on"' in page
    for secret in ("王五实名", "13700000000", "w@example.cn", "赵六另一人", "z@example.cn"):
        assert secret not in page
    assert other.receipt_number not in page
    assert "已核实" not in page  # the verification findings stay with the office
    with time_machine.travel(DURING, tick=False):
        services.decide_proposed_list(objection, actor=leader, reason="名单维持")
    page = client.get(url).content.decode()
    assert 'id="objection-list-decision"' in page and "名单维持" in page


def test_the_office_enters_letters_against_original_and_added_candidates() -> None:
    office, leader, round, period, app, runner_up, objection, _other = _upheld_case()
    signed(office, round)
    decision = services.decide_proposed_list(
        objection,
        actor=office,
        reason="递补",
        additions=[(runner_up, PrizeLevel.PRIZE)],
        starts_on=date(2031, 12, 5),
    )
    url = reverse("publicity:office_objection_enter", kwargs={"round_pk": round.pk})
    listing = reverse("publicity:office_objections", kwargs={"round_pk": round.pk})
    with time_machine.travel(date(2031, 12, 8), tick=False):
        client = _login(office)  # at the travelled-to time (idle timeout)
        for target, received in ((runner_up, "2031-12-07T10:00"), (app, "2031-12-03T10:00")):
            response = client.post(
                url,
                {
                    "name": "来信人",
                    "phone": "",
                    "email": "",
                    "application": str(target.pk),
                    "grounds": "来信反映",
                    "received_at": received,
                },
            )
            assert response.status_code == 302
        page = client.get(listing).content.decode()
    added_letter = Objection.objects.get(application=runner_up)
    assert (added_letter.publicity_id, added_letter.status) == (decision.publicity_id, "received")
    original_letter = Objection.objects.filter(application=app, entered_by=office).get()
    assert original_letter.publicity_id == period.pk
    assert page.count("来信人") == 2
