"""Art. 33: the public reports a forged certificate or misuse of the title by an organisation
that is not a winner (no grant matches); the programme's office sees and handles it; no
revocation case can be opened on it; outsiders get 404."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.enums import Role
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from notifications.models import Notification
from sanctions.enums import IncidentKind, IncidentSource, IncidentStatus, RevocationGround
from sanctions.models import Incident, Revocation
from sanctions.services.incidents import (
    close_incident,
    open_case_from_incident,
    report_unmatched_by_public,
)
from tests.factories import applicant_user, liaison_user, office_user, programme
from tests.grants.records_helpers import count_queries
from tests.sanctions.test_incidents import _public
from tests.sanctions.test_revocation import _county_office, valid_grant

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _unmatched(**kw) -> Incident:
    return report_unmatched_by_public(
        kw.pop("prog", None) or programme(),
        name=kw.pop("name", "王先生"),
        contact=kw.pop("contact", "13900000000"),
        kind=kw.pop("kind", IncidentKind.FORGERY),
        description=kw.pop("description", "宣传册上印有伪造的获奖证书"),
        named_organisation=kw.pop("named_organisation", "赣州假冒企业有限公司"),
        certificate_number=kw.pop("certificate_number", "GZ-2099-0001"),
        **kw,
    )


def test_a_report_naming_no_winner_is_recorded_logged_and_the_office_told() -> None:
    office = office_user()
    outsider = _county_office()
    incident = _unmatched()
    assert incident.grant is None and incident.programme == programme()
    assert (incident.source, incident.status) == (IncidentSource.PUBLIC, IncidentStatus.RECEIVED)
    assert (incident.named_organisation, incident.certificate_number) == (
        "赣州假冒企业有限公司",
        "GZ-2099-0001",
    )
    entry = DecisionLogEntry.objects.get(action="incident.report")
    assert entry.actor_id is None and entry.data["certificate_number"] == "GZ-2099-0001"
    assert Notification.objects.filter(user=office).count() == 1
    assert not Notification.objects.filter(user=outsider).exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"named_organisation": "", "certificate_number": ""}, "Name the organisation"),
        ({"kind": IncidentKind.ACCIDENT}, "names no winner"),
        ({"description": "  "}, "Describe what happened"),
        ({"name": " "}, "Give your name"),
    ],
)
def test_bad_unmatched_reports_are_refused(fields, message) -> None:
    with pytest.raises(DomainError, match=message):
        _unmatched(**fields)
    assert not Incident.objects.exists()


def test_the_office_closes_it_but_cannot_open_a_case_on_it() -> None:
    office = office_user()
    incident = _unmatched()
    with pytest.raises(DomainError, match="no award to revoke"):
        open_case_from_incident(
            incident,
            actor=office,
            ground=RevocationGround.OTHER,
            evidence="x",
            occurred_on=timezone.localdate(),
        )
    assert not Revocation.objects.exists()
    with pytest.raises(DomainError):
        close_incident(incident, actor=_county_office(), note="x")
    closed = close_incident(incident, actor=office, note="已移交市场监管部门查处")
    assert closed.status == IncidentStatus.NO_ACTION


# --- Pages ----------------------------------------------------------------------------------


def _captcha(client, url: str) -> str:
    """The form is shown first; "PASSED" is the captcha's answer in test mode (tests/conftest.py)."""
    client.get(url)
    return "PASSED"


def _form(answer: str, **kw) -> dict:
    data = {
        "grant": "",
        "programme": programme().pk,
        "named_organisation": "赣州假冒企业有限公司",
        "certificate_number": "GZ-2099-0001",
        "kind": IncidentKind.FORGERY,
        "occurred_on": "",
        "description": "宣传册上印有伪造的获奖证书",
        "name": "王先生",
        "contact": "wang@example.cn",
        "captcha_0": "shown",
        "captcha_1": answer,
    }
    data.update(kw)
    return data


def test_from_the_verification_page_a_number_not_found_is_reported(client) -> None:
    programme()
    page = client.get(reverse("grants:verify"), {"number": "GZ-2099-0001"}).content.decode()
    assert 'id="not-found"' in page and 'id="report-forgery"' in page
    report_url = reverse("sanctions:incident_report") + "?number=GZ-2099-0001"
    assert report_url in page
    form_page = client.get(report_url).content.decode()
    assert 'id="not-a-winner"' in form_page
    assert 'value="GZ-2099-0001"' in form_page
    response = client.post(report_url, _form("PASSED"))
    assert response["Location"] == reverse("sanctions:incident_receipt")
    incident = Incident.objects.get()
    assert incident.grant is None and incident.certificate_number == "GZ-2099-0001"
    receipt = client.get(reverse("sanctions:incident_receipt")).content.decode()
    assert incident.receipt_number in receipt


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"named_organisation": "", "certificate_number": ""}, "named_organisation"),
        ({"programme": ""}, "programme"),
        ({"kind": IncidentKind.ACCIDENT}, "kind"),
    ],
)
def test_the_form_explains_what_is_missing_and_writes_nothing(client, fields, error_field) -> None:
    url = reverse("sanctions:incident_report")
    response = client.post(url, _form(_captcha(client, url), **fields))
    assert response.status_code == 200
    assert response.context["form"].errors.get(error_field)
    assert not Incident.objects.exists()


def test_a_report_about_a_winner_still_works_from_the_same_form(client) -> None:
    grant = valid_grant()
    url = reverse("sanctions:incident_report")
    response = client.post(
        url,
        _form(
            _captcha(client, url),
            grant=grant.pk,
            named_organisation="",
            certificate_number="",
            kind=IncidentKind.MISUSE,
        ),
    )
    assert response.status_code == 302
    assert Incident.objects.get().grant == grant


def test_the_office_sees_it_in_its_list_and_page(client) -> None:
    incident = _unmatched()
    client.force_login(office_user())
    listing = client.get(reverse("sanctions:incidents_office")).content.decode()
    url = reverse("sanctions:incident_office", kwargs={"pk": incident.pk})
    assert url in listing and "赣州假冒企业有限公司" in listing
    page = client.get(url).content.decode()
    assert 'id="not-a-winner"' in page and "GZ-2099-0001" in page and "王先生" in page
    assert 'value="case"' not in page  # no revocation case without an award
    assert client.post(url, {"action": "close", "note": "已移交"}).status_code == 302


@pytest.mark.parametrize("who", ["county_office", "liaison", "applicant"])
def test_outsiders_get_404(client, who) -> None:
    incident = _unmatched()
    users = {"county_office": _county_office, "liaison": liaison_user, "applicant": applicant_user}
    client.force_login(users[who]())
    url = reverse("sanctions:incident_office", kwargs={"pk": incident.pk})
    assert client.get(url).status_code == 404
    if who == "county_office":
        listing = client.get(reverse("sanctions:incidents_office")).content.decode()
        assert "赣州假冒企业有限公司" not in listing


def test_the_county_office_sees_reports_addressed_to_its_programme(client) -> None:
    county = _county_office()
    prog = county.programme_roles.get(role=Role.OFFICE).programme
    incident = _unmatched(prog=prog, named_organisation="章贡冒用企业")
    client.force_login(county)
    assert "章贡冒用企业" in client.get(reverse("sanctions:incidents_office")).content.decode()
    url = reverse("sanctions:incident_office", kwargs={"pk": incident.pk})
    assert client.get(url).status_code == 200
    client.force_login(office_user())
    assert client.get(url).status_code == 404


def test_office_list_query_count_is_flat_with_both_kinds(client) -> None:
    client.force_login(office_user())
    url = reverse("sanctions:incidents_office")

    def fill(n: int) -> None:
        for i in range(n):
            if i % 2:
                _public(valid_grant())
            else:
                _unmatched(certificate_number=f"GZ-{i}")

    fill(2)
    small = count_queries(lambda: client.get(url))
    fill(10)
    large = count_queries(lambda: client.get(url))
    assert small == large


def test_a_revoked_certificate_offers_to_report_misuse_prefilled(client) -> None:
    from grants.enums import GrantStatus

    grant = valid_grant(status=GrantStatus.REVOKED)
    number = grant.certificate.number
    page = client.get(reverse("grants:verify"), {"number": number}).content.decode()
    assert 'id="report-misuse"' in page and "kind=misuse" in page
    valid = valid_grant()
    page = client.get(reverse("grants:verify"), {"number": valid.certificate.number}).content
    assert b'id="report-misuse"' not in page
    response = client.get(
        reverse("sanctions:incident_report"),
        {"number": number, "organisation": grant.organisation.name, "kind": "misuse"},
    )
    form = response.context["form"]
    assert form.initial == {
        "certificate_number": number,
        "named_organisation": grant.organisation.name,
        "kind": IncidentKind.MISUSE,
    }
    # An unexpected kind in the address falls back to forgery.
    response = client.get(reverse("sanctions:incident_report"), {"number": "X", "kind": "accident"})
    assert response.context["form"].initial["kind"] == IncidentKind.FORGERY
