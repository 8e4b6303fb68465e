"""Public publicity pages (no login): list, notice, objection form with captcha and rate
limit, receipt and lookup (never the objector's identity)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from captcha.models import CaptchaStore
from django.urls import reverse

from applications.enums import ApplicationStatus
from awards.enums import PrizeLevel
from publicity.enums import ObjectionStatus
from publicity.models import Objection
from publicity.services import publicity as services
from publicity.views.publicity import OBJECTION_RATE_LIMIT
from tests.factories import leading_group_user, office_user
from tests.publicity.helpers import ENDS_AT, STARTS_AT, manufacturer, publicity_round, service_org

pytestmark = pytest.mark.django_db
DURING = STARTS_AT + timedelta(days=3, hours=2)


def _notice_url(period) -> str:
    return reverse("publicity:notice", kwargs={"pk": period.pk})


def _object_url(period) -> str:
    return reverse("publicity:object", kwargs={"pk": period.pk})


@pytest.mark.parametrize("n", [1, 5])
def test_public_list_query_count_does_not_grow(client, django_assert_num_queries, n: int) -> None:
    office = office_user()
    for _ in range(n):
        publicity_round(office)
    # session-less anonymous request: the programmes and years with their numbers of periods,
    # then the page's periods with their rounds and counts.
    with django_assert_num_queries(2):
        response = client.get(reverse("publicity:public_list"))
    assert response.status_code == 200
    assert len(re.findall(r'href="/publicity/\d+/"', response.content.decode())) == n


def test_notice_shows_the_list_the_period_and_its_state(client) -> None:
    office = office_user()
    _round, period, _apps = publicity_round(
        office,
        {"organisation": manufacturer(name="赣州稀土股份有限公司")},
        {"organisation": service_org(name="赣州医院"), "level": PrizeLevel.NOMINATION},
    )
    with time_machine.travel(STARTS_AT - timedelta(seconds=1), tick=False):
        before = client.get(_notice_url(period)).content.decode()
    with time_machine.travel(DURING, tick=False):
        during = client.get(_notice_url(period)).content.decode()
    with time_machine.travel(ENDS_AT, tick=False):
        after = client.get(_notice_url(period)).content.decode()
    assert "赣州稀土股份有限公司" in during and "赣州医院" in during
    assert "2031-12-01 00:00" in during and "2031-12-10" in during and "24:00" in during
    assert "text-bg-secondary" in before and _object_url(period) not in before
    assert "text-bg-success" in during and _object_url(period) in during
    assert "text-bg-dark" in after and _object_url(period) not in after


def test_notice_of_an_unknown_period_is_404(client) -> None:
    assert client.get(reverse("publicity:notice", kwargs={"pk": 999})).status_code == 404


def _submit(client, period, app, *, name="李四", email="", answer="PASSED", extra=None):
    """Post the form as shown; "PASSED" is the captcha's answer in test mode (tests/conftest.py)."""
    page = client.get(_object_url(period)).content.decode()
    key = re.search(r'name="captcha_0" value="(\w+)"', page).group(1)
    return client.post(
        _object_url(period),
        {
            "name": name,
            "phone": "13900000000",
            "email": email,
            "application": str(app.pk),
            "grounds": "该企业存在质量投诉",
            "captcha_0": key,
            "captcha_1": answer,
            **(extra or {}),
        },
    )


def test_visitor_objects_and_gets_a_receipt(client) -> None:
    office = office_user()
    _round, period, (app,) = publicity_round(office)
    with time_machine.travel(DURING, tick=False):
        response = _submit(client, period, app)
        assert response.status_code == 302
        assert response["Location"] == reverse("publicity:objection_receipt")
        page = client.get(response["Location"]).content.decode()
    objection = Objection.objects.get()
    assert objection.status == ObjectionStatus.RECEIVED
    assert objection.receipt_number in page
    assert "李四" not in page and "13900000000" not in page


def test_wrong_captcha_records_nothing(client) -> None:
    office = office_user()
    _round, period, (app,) = publicity_round(office)
    with time_machine.travel(DURING, tick=False):
        response = _submit(client, period, app, answer="WRONG")
    assert response.status_code == 200
    page = response.content.decode()
    assert "输入的字符与图片不符" in page and "invalid-feedback" in page
    assert Objection.objects.count() == 0


def test_the_right_characters_of_the_image_are_accepted_once(client) -> None:
    office = office_user()
    _round, period, (app,) = publicity_round(office)
    with time_machine.travel(DURING, tick=False):
        page = client.get(_object_url(period)).content.decode()
        key = re.search(r'name="captcha_0" value="(\w+)"', page).group(1)
        image = client.get(reverse("captcha-image", kwargs={"key": key}))
        assert image.status_code == 200 and image["Content-Type"] == "image/png"
        data = {
            "name": "李四",
            "phone": "13900000000",
            "email": "",
            "application": str(app.pk),
            "grounds": "该企业存在质量投诉",
            "captcha_0": key,
            "captcha_1": CaptchaStore.objects.get(hashkey=key).response,
        }
        assert client.post(_object_url(period), data).status_code == 302
        # The challenge is used up: the same answer again is refused.
        assert client.post(_object_url(period), data).status_code == 200
    assert Objection.objects.count() == 1


def test_the_old_sum_answer_no_longer_passes(client) -> None:
    office = office_user()
    _round, period, (app,) = publicity_round(office)
    with time_machine.travel(DURING, tick=False):
        session = client.session
        session["publicity_objection_captcha"] = 7
        session.save()
        response = _submit(client, period, app, answer="7", extra={"captcha": "7"})
    assert response.status_code == 200
    assert "输入的字符与图片不符" in response.content.decode()
    assert Objection.objects.count() == 0


def test_a_sixth_objection_within_the_hour_is_refused(client) -> None:
    office = office_user()
    _round, period, (app,) = publicity_round(office)
    with time_machine.travel(DURING, tick=False):
        for _ in range(OBJECTION_RATE_LIMIT):
            assert _submit(client, period, app).status_code == 302
        refused = _submit(client, period, app)
    assert refused.status_code == 429
    assert "alert-danger" in refused.content.decode()
    assert Objection.objects.count() == OBJECTION_RATE_LIMIT


def test_another_address_is_not_limited_by_the_first(client) -> None:
    office = office_user()
    _round, period, (app,) = publicity_round(office)
    with time_machine.travel(DURING, tick=False):
        for _ in range(OBJECTION_RATE_LIMIT):
            _submit(client, period, app)
        client.defaults["REMOTE_ADDR"] = "10.9.9.9"
        assert _submit(client, period, app).status_code == 302


def test_objection_after_the_close_shows_not_accepted_with_the_reason(client) -> None:
    office = office_user()
    _round, period, (app,) = publicity_round(office)
    with time_machine.travel(ENDS_AT + timedelta(seconds=1), tick=False):
        services.sweep_due_publicities()
        form_page = client.get(_object_url(period)).content.decode()
        response = _submit(client, period, app)
        page = client.get(response["Location"]).content.decode()
    assert 'id="period-closed"' in form_page
    objection = Objection.objects.get()
    assert objection.status == ObjectionStatus.NOT_ACCEPTED
    assert objection.not_accepted_reason in page


def test_lookup_shows_status_and_outcome_but_never_the_objector(client) -> None:
    office = office_user()
    _round, period, (app,) = publicity_round(office)
    with time_machine.travel(DURING, tick=False):
        objection = services.submit_objection(
            period,
            application=app,
            name="王五实名",
            phone="13700000000",
            email="w@example.cn",
            grounds="理由",
        )
    url = reverse("publicity:lookup") + f"?receipt={objection.receipt_number.lower()}"
    page = client.get(url).content.decode()
    assert objection.receipt_number in page and "王五实名" not in page
    services.record_objection_verification(objection, actor=office, verification="已核实")
    services.decide_objection(
        objection, actor=leading_group_user(), upheld=True, handling_opinion="取消拟奖资格"
    )
    page = client.get(url).content.decode()
    assert "取消拟奖资格" in page
    assert "王五实名" not in page and "13700000000" not in page and "w@example.cn" not in page
    app.refresh_from_db()
    assert app.status == ApplicationStatus.NOT_PROPOSED


def test_lookup_of_an_unknown_receipt_says_so(client) -> None:
    page = client.get(reverse("publicity:lookup") + "?receipt=YY20310101-XXXXXX").content.decode()
    assert 'id="not-found"' in page


def test_receipt_page_without_a_submission_goes_to_the_lookup(client) -> None:
    response = client.get(reverse("publicity:objection_receipt"))
    assert response["Location"] == reverse("publicity:lookup")
