"""Office pages: opening the publicity, the objection list (with identity), handling, and
objections entered from letters; the leading group decides without seeing the identity."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from accounts.enums import Role
from applications.enums import ApplicationStatus
from awards.enums import RoundStage
from awards.models import AwardProgramme, PublicationOutlet
from publicity.enums import ObjectionStatus
from publicity.models import Objection, PublicityPeriod
from publicity.services import publicity as services
from tests.factories import UserFactory, applicant_user, grant_role, leading_group_user, office_user
from tests.publicity.helpers import (
    OPENED_AT,
    STARTS_AT,
    deliberation_round,
    manufacturer,
    proposed,
    publicity_round,
)

pytestmark = pytest.mark.django_db
DURING = STARTS_AT + timedelta(days=1)


def _other_office():
    county = AwardProgramme.objects.create(
        name="章贡区区长质量奖",
        slug="zhanggong",
        awarding_body="章贡区人民政府",
        office_name="办公室",
    )
    return grant_role(UserFactory(), Role.OFFICE, prog=county)


def _open_url(round) -> str:
    return reverse("publicity:open", kwargs={"round_pk": round.pk})


# --- Opening the publicity ------------------------------------------------------------------


def test_open_form_is_prefilled_with_tomorrow_ten_days_and_the_notice(client) -> None:
    office = office_user()
    round = deliberation_round()
    proposed(round, organisation=manufacturer(name="赣州拟奖企业有限公司"))
    with time_machine.travel(OPENED_AT, tick=False):
        # Logged in at the travelled-to time: the idle timeout ends older sessions.
        client.force_login(office)
        page = client.get(_open_url(round)).content.decode()
    assert 'value="2031-11-29"' in page
    assert 'name="days" value="10"' in page
    assert "赣州拟奖企业有限公司" in page
    assert "2031年11月29日至2031年12月8日" in page


def test_office_opens_the_publicity_and_records_the_outlet(client) -> None:
    office = office_user()
    round = deliberation_round()
    proposed(round)
    with time_machine.travel(OPENED_AT, tick=False):
        # Logged in at the travelled-to time: the idle timeout ends older sessions.
        client.force_login(office)
        response = client.post(
            _open_url(round),
            {
                "starts_on": "2031-12-01",
                "days": "12",
                "notice": "公示文本",
                "objection_contact": "致函办公室",
                "outlet": "赣州市人民政府网站",
                "outlet_published_on": "2031-12-01",
                "outlet_url": "https://www.ganzhou.gov.cn/gs",
            },
        )
    period = PublicityPeriod.objects.get(round=round)
    assert response["Location"] == reverse("publicity:notice", kwargs={"pk": period.pk})
    assert (period.notice, period.ends_at - period.starts_at) == ("公示文本", timedelta(days=12))
    assert PublicationOutlet.objects.filter(round=round, notice="publicity").count() == 1
    notice = client.get(response["Location"]).content.decode()
    assert 'id="outlets"' in notice and "赣州市人民政府网站" in notice


def test_nine_days_are_refused_by_the_form(client) -> None:
    office = office_user()
    round = deliberation_round()
    proposed(round)
    with time_machine.travel(OPENED_AT, tick=False):
        # Logged in at the travelled-to time: the idle timeout ends older sessions.
        client.force_login(office)
        response = client.post(
            _open_url(round), {"starts_on": "2031-12-01", "days": "9", "notice": "x"}
        )
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    assert PublicityPeriod.objects.count() == 0


def test_a_start_in_the_past_shows_the_service_error(client) -> None:
    office = office_user()
    round = deliberation_round()
    proposed(round)
    with time_machine.travel(OPENED_AT, tick=False):
        # Logged in at the travelled-to time: the idle timeout ends older sessions.
        client.force_login(office)
        response = client.post(
            _open_url(round), {"starts_on": "2031-11-01", "days": "10", "notice": "x"}
        )
    assert "alert-danger" in response.content.decode()
    assert PublicityPeriod.objects.count() == 0


@pytest.mark.parametrize("who", ["leading_group", "other_office", "applicant"])
def test_open_page_is_404_for_others(client, who: str) -> None:
    round = deliberation_round()
    proposed(round)
    user = {
        "leading_group": leading_group_user,
        "other_office": _other_office,
        "applicant": applicant_user,
    }[who]()
    client.force_login(user)
    assert client.get(_open_url(round)).status_code == 404
    assert client.post(_open_url(round), {}).status_code == 404


def test_opening_outside_deliberation_is_forbidden(client) -> None:
    office = office_user()
    round = deliberation_round()
    proposed(round)
    type(round).objects.filter(pk=round.pk).update(stage=RoundStage.APPROVAL)
    client.force_login(office)
    assert 'id="cannot-open"' in client.get(_open_url(round)).content.decode()
    assert (
        client.post(
            _open_url(round), {"starts_on": "2031-12-01", "days": "10", "notice": "x"}
        ).status_code
        == 403
    )


# --- Objections -----------------------------------------------------------------------------


def _objection(period, app, name="赵六"):
    with time_machine.travel(DURING, tick=False):
        return services.submit_objection(
            period, application=app, name=name, phone="13600000000", email="", grounds="理由"
        )


@pytest.mark.parametrize("n", [1, 5])
def test_office_objection_list_query_count_does_not_grow(
    client, django_assert_num_queries, n: int
) -> None:
    office = office_user()
    round, period, (app,) = publicity_round(office)
    for i in range(n):
        _objection(period, app, name=f"异议人{i}")
    client.force_login(office)
    client.get(reverse("accounts:dashboard"))  # warm the session
    url = reverse("publicity:office_objections", kwargs={"round_pk": round.pk})
    with django_assert_num_queries(8):
        page = client.get(url).content.decode()
    assert len(re.findall(r"异议人\d", page)) == n


def test_office_objection_list_shows_the_identity(client) -> None:
    office = office_user()
    round, period, (app,) = publicity_round(office)
    _objection(period, app)
    client.force_login(office)
    page = client.get(
        reverse("publicity:office_objections", kwargs={"round_pk": round.pk})
    ).content.decode()
    assert "赵六" in page and "13600000000" in page


@pytest.mark.parametrize("who", ["leading_group", "other_office", "applicant"])
def test_office_objection_list_is_404_for_others(client, who: str) -> None:
    office = office_user()
    round, _period, _apps = publicity_round(office)
    user = {
        "leading_group": leading_group_user,
        "other_office": _other_office,
        "applicant": applicant_user,
    }[who]()
    client.force_login(user)
    assert (
        client.get(
            reverse("publicity:office_objections", kwargs={"round_pk": round.pk})
        ).status_code
        == 404
    )


def test_office_verifies_and_records_the_decision(client) -> None:
    office = office_user()
    _round, period, (app,) = publicity_round(office)
    objection = _objection(period, app)
    url = reverse("publicity:objection_handle", kwargs={"pk": objection.pk})
    client.force_login(office)
    page = client.get(url).content.decode()
    assert 'id="objector"' in page and "赵六" in page
    assert (
        client.post(
            url, {"action": "verify", "verification": "经核实属实", "organisation_response": "无"}
        ).status_code
        == 302
    )
    decision = {"action": "decide", "decision": "upheld", "handling_opinion": "取消拟奖"}
    # Art. 21: the office records the leading group's decision, naming its meeting.
    refused = client.post(url, decision)
    assert refused.status_code == 200 and "第二十一条" in refused.content.decode()
    response = client.post(url, {**decision, "meeting": "领导小组2026年第3次会议"})
    assert response.status_code == 302
    objection.refresh_from_db()
    app.refresh_from_db()
    assert (objection.status, app.status) == (
        ObjectionStatus.UPHELD,
        ApplicationStatus.NOT_PROPOSED,
    )
    page = client.get(url).content.decode()
    decided = page.split('id="objection-decided"')[1].split("</dd>")[0]
    assert "代领导小组录入" in decided and "领导小组2026年第3次会议" in decided


def test_leading_group_decides_without_seeing_the_identity(client) -> None:
    office = office_user()
    leader = leading_group_user()
    _round, period, (app,) = publicity_round(office)
    objection = _objection(period, app)
    services.record_objection_verification(objection, actor=office, verification="核实")
    url = reverse("publicity:objection_handle", kwargs={"pk": objection.pk})
    client.force_login(leader)
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert objection.receipt_number in dashboard and url in dashboard
    assert "赵六" not in dashboard
    page = client.get(url).content.decode()
    assert "赵六" not in page and "13600000000" not in page
    # The leading group does not verify: that is the office's.
    assert client.post(url, {"action": "verify", "verification": "x"}).status_code == 403
    assert (
        client.post(
            url, {"action": "decide", "decision": "dismissed", "handling_opinion": "不实"}
        ).status_code
        == 302
    )
    objection.refresh_from_db()
    assert (objection.status, objection.decided_by) == (ObjectionStatus.DISMISSED, leader)
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert objection.receipt_number not in dashboard


def test_decision_without_an_opinion_shows_the_error(client) -> None:
    office = office_user()
    _round, period, (app,) = publicity_round(office)
    objection = _objection(period, app)
    services.record_objection_verification(objection, actor=office, verification="核实")
    client.force_login(office)
    url = reverse("publicity:objection_handle", kwargs={"pk": objection.pk})
    response = client.post(url, {"action": "decide", "decision": "upheld", "handling_opinion": ""})
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()


@pytest.mark.parametrize("who", ["other_office", "applicant", "other_leader"])
def test_objection_page_is_404_for_outsiders(client, who: str) -> None:
    office = office_user()
    _round, period, (app,) = publicity_round(office)
    objection = _objection(period, app)
    if who == "applicant":
        user = applicant_user(app.organisation)
    elif who == "other_office":
        user = _other_office()
    else:
        county = AwardProgramme.objects.create(
            name="南康区区长质量奖",
            slug="nankang",
            awarding_body="南康区人民政府",
            office_name="办公室",
        )
        user = grant_role(UserFactory(), Role.LEADING_GROUP, prog=county)
    client.force_login(user)
    url = reverse("publicity:objection_handle", kwargs={"pk": objection.pk})
    assert client.get(url).status_code == 404
    assert (
        client.post(
            url, {"action": "decide", "decision": "upheld", "handling_opinion": "x"}
        ).status_code
        == 404
    )


def test_anonymous_objection_page_goes_to_log_in(client) -> None:
    office = office_user()
    _round, period, (app,) = publicity_round(office)
    objection = _objection(period, app)
    response = client.get(reverse("publicity:objection_handle", kwargs={"pk": objection.pk}))
    assert response["Location"].startswith(reverse("accounts:login"))


def test_office_enters_an_objection_received_by_letter(client) -> None:
    office = office_user()
    round, _period, (app,) = publicity_round(office)
    url = reverse("publicity:office_objection_enter", kwargs={"round_pk": round.pk})
    with time_machine.travel(DURING + timedelta(hours=2), tick=False):
        client.force_login(office)  # at the travelled-to time (idle timeout)
        assert client.get(url).status_code == 200
        response = client.post(
            url,
            {
                "name": "来信人",
                "phone": "",
                "email": "",
                "application": str(app.pk),
                "grounds": "来信反映",
                "received_at": "2031-12-02T01:30",
            },
        )
    objection = Objection.objects.get()
    assert response["Location"] == reverse(
        "publicity:objection_handle", kwargs={"pk": objection.pk}
    )
    assert (objection.entered_by, objection.status) == (office, ObjectionStatus.RECEIVED)


def test_round_hub_card_links_the_current_stage(client) -> None:
    office = office_user()
    round, period, (app,) = publicity_round(office)
    _objection(period, app)
    client.force_login(office)
    page = client.get(reverse("awards:round_detail", kwargs={"pk": round.pk})).content.decode()
    assert 'id="hub-publicity"' in page
    assert reverse("publicity:office_objections", kwargs={"round_pk": round.pk}) in page
    assert reverse("publicity:notice", kwargs={"pk": period.pk}) in page


def test_the_office_hub_and_the_public_notice_state_the_same_end(client) -> None:
    """Civil Code Art. 203: the last day ends at 24:00; the office's round hub and the public
    notice both say "2031-12-10 24:00" (one template filter), never "2031-12-11 00:00"."""
    office = office_user()
    round, period, _apps = publicity_round(office)
    client.force_login(office)
    hub = client.get(reverse("awards:round_detail", kwargs={"pk": round.pk})).content.decode()
    public = client.get(reverse("publicity:notice", kwargs={"pk": period.pk})).content.decode()
    for page in (hub, public):
        assert "2031-12-10 24:00" in page
        assert "2031-12-11 00:00" not in page
