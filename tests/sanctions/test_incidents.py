"""Incidents about winners (R11): a liaison reports on its own page, the public through a
form with captcha and rate limit, the office records its own findings; the office closes an
incident or opens a revocation case from it; outsiders get 404; list pages keep their
query count."""

from __future__ import annotations

import re
import shutil
from datetime import timedelta

import pytest
from captcha.conf import settings as captcha_settings
from django.urls import reverse
from django.utils import timezone, translation

from accounts.enums import Role
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from grants.enums import GrantStatus
from notifications.models import Notification
from sanctions.enums import IncidentSource, IncidentStatus, RevocationGround, RevocationStatus
from sanctions.models import Incident, Revocation
from sanctions.services.incidents import (
    close_incident,
    open_case_from_incident,
    record_by_office,
    report_by_liaison,
    report_by_public,
)
from sanctions.views.incidents import INCIDENT_RATE_LIMIT
from tests.factories import (
    UserFactory,
    applicant_user,
    department,
    grant_role,
    liaison_user,
    office_user,
)
from tests.grants.records_helpers import count_queries
from tests.sanctions.test_revocation import _county_office, valid_grant

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _public(grant, **kw):
    return report_by_public(
        grant,
        name=kw.get("name", "张先生"),
        contact="13800000000",
        kind=kw.get("kind", "misuse"),
        description=kw.get("description", "在产品包装上使用获奖标识"),
    )


# --- Services -------------------------------------------------------------------------------


def test_liaison_reports_with_its_department_and_the_office_is_told() -> None:
    grant = valid_grant()
    office = office_user()
    liaison = liaison_user(department("tax"))
    incident = report_by_liaison(
        grant,
        actor=liaison,
        kind="penalty",
        description="税务行政处罚",
        occurred_on=timezone.localdate() - timedelta(days=3),
    )
    assert (incident.source, incident.department.code, incident.reported_by) == (
        IncidentSource.DEPARTMENT,
        "tax",
        liaison,
    )
    assert incident.status == IncidentStatus.RECEIVED
    assert incident.receipt_number.startswith("SJ")
    assert DecisionLogEntry.objects.filter(action="incident.report").count() == 1
    assert Notification.objects.filter(user=office).count() == 1


def test_not_a_liaison_cannot_report_as_department() -> None:
    with pytest.raises(DomainError, match="liaison"):
        report_by_liaison(valid_grant(), actor=office_user(), kind="penalty", description="x")


@pytest.mark.parametrize(
    ("status", "days_left"), [(GrantStatus.REVOKED, 100), (GrantStatus.VALID, -1)]
)
def test_no_report_on_an_award_no_longer_valid(status, days_left) -> None:
    grant = valid_grant(status=status)
    grant.valid_until = timezone.localdate() + timedelta(days=days_left)
    grant.save()
    with pytest.raises(DomainError) as exc:
        _public(grant)
    assert exc.value.rule == "R11"
    assert not Incident.objects.exists()


@pytest.mark.parametrize(
    ("kind", "description", "days", "message"),
    [
        ("bogus", "x", 0, "kind"),
        ("accident", "   ", 0, "Describe"),
        ("accident", "x", -2, "future"),
    ],
)
def test_bad_report_is_refused(kind, description, days, message) -> None:
    with pytest.raises(DomainError, match=message):
        record_by_office(
            valid_grant(),
            actor=office_user(),
            kind=kind,
            description=description,
            occurred_on=timezone.localdate() - timedelta(days=days),
        )


def test_public_report_is_logged_without_an_actor() -> None:
    incident = _public(valid_grant())
    assert (incident.source, incident.reporter_name) == (IncidentSource.PUBLIC, "张先生")
    entry = DecisionLogEntry.objects.get(action="incident.report")
    assert entry.actor is None


def test_office_closes_an_incident_with_its_reason_once() -> None:
    office = office_user()
    incident = _public(valid_grant())
    closed = close_incident(incident, actor=office, note="经核实不属实")
    assert (closed.status, closed.office_note) == (IncidentStatus.NO_ACTION, "经核实不属实")
    with pytest.raises(DomainError, match="already been handled"):
        close_incident(incident, actor=office, note="again")
    with pytest.raises(DomainError, match="reason"):
        close_incident(_public(valid_grant()), actor=office, note=" ")


def test_office_opens_a_revocation_case_from_an_incident() -> None:
    grant = valid_grant()
    office = office_user()
    day = timezone.localdate() - timedelta(days=5)
    incident = report_by_liaison(
        grant,
        actor=liaison_user(),
        kind="accident",
        description="较大生产安全事故",
        occurred_on=day,
    )
    case = open_case_from_incident(
        incident,
        actor=office,
        ground=RevocationGround.ACCIDENT,
        accident_grade="major",
        evidence="应急管理局通报",
    )
    incident.refresh_from_db()
    assert (incident.status, incident.revocation) == (IncidentStatus.CASE_OPENED, case)
    # R11 / Art. 30: the case carries the day of the event the incident recorded.
    assert case.occurred_on == day
    assert case.status == RevocationStatus.PROPOSED and case.grant == grant
    assert DecisionLogEntry.objects.filter(action="incident.case_opened").exists()


def test_a_refused_case_leaves_the_incident_open() -> None:
    incident = _public(valid_grant())
    with pytest.raises(DomainError):
        open_case_from_incident(
            incident,
            actor=office_user(),
            ground=RevocationGround.ACCIDENT,
            accident_grade="ordinary",
            evidence="一般事故",
            occurred_on=timezone.localdate(),
        )
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.RECEIVED
    assert not Revocation.objects.exists()


def test_office_of_another_programme_cannot_handle() -> None:
    incident = _public(valid_grant())
    with pytest.raises(DomainError):
        close_incident(incident, actor=_county_office(), note="x")
    with pytest.raises(DomainError):
        record_by_office(valid_grant(), actor=_county_office(), kind="other", description="x")


# --- Pages ----------------------------------------------------------------------------------


def test_liaison_reports_from_its_page_reached_from_the_dashboard(client) -> None:
    grant = valid_grant()
    liaison = liaison_user()
    client.force_login(liaison)
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert reverse("sanctions:liaison_incidents") in dashboard
    response = client.post(
        reverse("sanctions:liaison_incidents"),
        {"grant": grant.pk, "kind": "spot_check", "occurred_on": "", "description": "抽检不合格"},
    )
    assert response.status_code == 302
    incident = Incident.objects.get()
    page = client.get(reverse("sanctions:liaison_incident", kwargs={"pk": incident.pk}))
    assert "抽检不合格" in page.content.decode()


def test_another_liaison_gets_404_on_the_report(client) -> None:
    incident = report_by_liaison(
        valid_grant(), actor=liaison_user(), kind="penalty", description="另一部门的处罚记录甲"
    )
    other = grant_role(UserFactory(), Role.LIAISON, department=department("tax"))
    client.force_login(other)
    url = reverse("sanctions:liaison_incident", kwargs={"pk": incident.pk})
    assert client.get(url).status_code == 404
    assert (
        "另一部门的处罚记录甲"
        not in client.get(reverse("sanctions:liaison_incidents")).content.decode()
    )


@pytest.mark.parametrize("who", ["applicant", "office"])
def test_non_liaisons_get_404_on_the_liaison_page(client, who) -> None:
    client.force_login(applicant_user() if who == "applicant" else office_user())
    assert client.get(reverse("sanctions:liaison_incidents")).status_code == 404


def _captcha(client) -> str:
    """The form is shown first; "PASSED" is the captcha's answer in test mode (tests/conftest.py)."""
    client.get(reverse("sanctions:incident_report"))
    return "PASSED"


def _public_data(grant, answer) -> dict:
    return {
        "grant": grant.pk,
        "kind": "misuse",
        "occurred_on": "",
        "description": "产品包装上标注获奖称号",
        "name": "李女士",
        "contact": "li@example.cn",
        "captcha_0": "shown",
        "captcha_1": answer,
    }


def test_visitor_reports_from_the_winners_page_and_gets_a_receipt(client) -> None:
    grant = valid_grant()
    winners = client.get(reverse("grants:winners")).content.decode()
    assert reverse("sanctions:incident_report") in winners
    response = client.post(
        reverse("sanctions:incident_report"), _public_data(grant, _captcha(client))
    )
    assert response["Location"] == reverse("sanctions:incident_receipt")
    incident = Incident.objects.get()
    receipt = client.get(reverse("sanctions:incident_receipt")).content.decode()
    assert incident.receipt_number in receipt


def test_wrong_captcha_writes_nothing(client) -> None:
    grant = valid_grant()
    _captcha(client)
    response = client.post(reverse("sanctions:incident_report"), _public_data(grant, "WRONG"))
    assert response.status_code == 200
    assert "输入的字符与图片不符" in response.content.decode()
    assert not Incident.objects.exists()


def test_the_old_sum_answer_no_longer_passes(client) -> None:
    grant = valid_grant()
    _captcha(client)
    session = client.session
    session["grants_incident_captcha"] = 7
    session.save()
    data = {**_public_data(grant, "7"), "captcha": "7"}
    response = client.post(reverse("sanctions:incident_report"), data)
    assert response.status_code == 200
    assert "输入的字符与图片不符" in response.content.decode()
    assert not Incident.objects.exists()


def test_rate_limit_per_address(client) -> None:
    grant = valid_grant()
    for _ in range(INCIDENT_RATE_LIMIT):
        client.post(reverse("sanctions:incident_report"), _public_data(grant, _captcha(client)))
    assert Incident.objects.count() == INCIDENT_RATE_LIMIT
    response = client.post(
        reverse("sanctions:incident_report"), _public_data(grant, _captcha(client))
    )
    assert response.status_code == 429
    assert Incident.objects.count() == INCIDENT_RATE_LIMIT


def test_revoked_award_is_not_offered_to_the_public(client) -> None:
    grant = valid_grant(status=GrantStatus.REVOKED)
    page = client.get(reverse("sanctions:incident_report")).content.decode()
    assert grant.organisation.name not in page


def test_office_handles_an_incident_from_its_pages(client) -> None:
    incident = _public(valid_grant())
    client.force_login(office_user())
    revocations = client.get(reverse("sanctions:revocation_list")).content.decode()
    assert reverse("sanctions:incidents_office") in revocations
    listing = client.get(reverse("sanctions:incidents_office")).content.decode()
    url = reverse("sanctions:incident_office", kwargs={"pk": incident.pk})
    assert url in listing
    page = client.get(url).content.decode()
    assert 'id="reporter"' in page and "张先生" in page
    assert 'name="occurred_on"' in page
    response = client.post(
        url,
        {
            "action": "case",
            "ground": RevocationGround.OTHER,
            "accident_grade": "",
            "occurred_on": timezone.localdate().isoformat(),
            "evidence": "违规使用称号",
        },
    )
    case = Revocation.objects.get()
    assert case.occurred_on == timezone.localdate()
    assert response["Location"] == reverse("sanctions:revocation_decide", kwargs={"pk": case.pk})


def test_office_records_its_own_finding(client) -> None:
    grant = valid_grant()
    client.force_login(office_user())
    response = client.post(
        reverse("sanctions:incidents_office"),
        {"grant": grant.pk, "kind": "complaint", "occurred_on": "", "description": "回访发现"},
    )
    incident = Incident.objects.get()
    assert incident.source == IncidentSource.OFFICE
    assert response["Location"] == reverse("sanctions:incident_office", kwargs={"pk": incident.pk})


def test_office_closes_from_the_page_with_an_error_for_an_empty_reason(client) -> None:
    incident = _public(valid_grant())
    client.force_login(office_user())
    url = reverse("sanctions:incident_office", kwargs={"pk": incident.pk})
    assert client.post(url, {"action": "close", "note": ""}).status_code == 200
    assert client.post(url, {"action": "close", "note": "不属实"}).status_code == 302
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.NO_ACTION


@pytest.mark.parametrize("who", ["county_office", "liaison", "applicant"])
def test_outsiders_get_404_on_the_office_pages(client, who) -> None:
    incident = _public(valid_grant())
    client.force_login(
        {"county_office": _county_office, "liaison": liaison_user, "applicant": applicant_user}[
            who
        ]()
    )
    url = reverse("sanctions:incident_office", kwargs={"pk": incident.pk})
    assert client.get(url).status_code == 404
    if who != "county_office":
        assert client.get(reverse("sanctions:incidents_office")).status_code == 404
    else:
        assert "张先生" not in client.get(reverse("sanctions:incidents_office")).content.decode()


def test_office_list_query_count_is_flat(client) -> None:
    client.force_login(office_user())
    url = reverse("sanctions:incidents_office")
    liaison = liaison_user()

    def fill(n: int) -> None:
        for i in range(n):
            grant = valid_grant()
            if i % 2:
                _public(grant)
            else:
                report_by_liaison(grant, actor=liaison, kind="penalty", description="处罚")

    fill(2)
    small = count_queries(lambda: client.get(url))
    fill(10)
    large = count_queries(lambda: client.get(url))
    assert small == large


def test_liaison_list_query_count_is_flat(client) -> None:
    liaison = liaison_user()
    client.force_login(liaison)
    url = reverse("sanctions:liaison_incidents")

    def fill(n: int) -> None:
        for _ in range(n):
            report_by_liaison(valid_grant(), actor=liaison, kind="penalty", description="处罚")

    fill(2)
    small = count_queries(lambda: client.get(url))
    fill(10)
    large = count_queries(lambda: client.get(url))
    assert small == large


def test_incidents_show_on_the_grants_records_page(client) -> None:
    grant = valid_grant()
    incident = _public(grant)
    client.force_login(office_user())
    page = client.get(reverse("grants:grant_records", kwargs={"grant_pk": grant.pk}))
    assert reverse("sanctions:incident_office", kwargs={"pk": incident.pk}) in page.content.decode()


def test_the_captcha_offers_its_spoken_form_when_flite_is_configured(client, monkeypatch) -> None:
    url = reverse("sanctions:incident_report")
    monkeypatch.setattr(captcha_settings, "CAPTCHA_FLITE_PATH", None)
    assert "收听字符（语音）" not in client.get(url).content.decode()
    # flite is one of the Debian packages `make` installs: the spoken challenge really plays.
    monkeypatch.setattr(captcha_settings, "CAPTCHA_FLITE_PATH", shutil.which("flite"))
    page = client.get(url).content.decode()
    audio = re.search(r'href="(/captcha/audio/\w+\.wav)"', page)
    assert "收听字符（语音）" in page and audio is not None
    assert 'alt="验证码图片' in page
    spoken = client.get(audio.group(1))
    assert spoken.status_code == 200
    assert (
        b"".join(spoken.streaming_content if spoken.streaming else [spoken.content])[:4] == b"RIFF"
    )
