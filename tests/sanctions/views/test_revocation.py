"""Revocation pages (R8, R11): office opens and decides, the organisation responds, the public
sees the notice, the office lists the bans; outsiders get 404; the verification and winners
pages show the revoked award."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.enums import GrantStatus
from sanctions.enums import AccidentGrade, RevocationGround, RevocationStatus
from sanctions.models import Ban, Revocation
from sanctions.services.revocation import decide_revocation, open_revocation
from tests.factories import applicant_user, office_user, programme
from tests.sanctions.test_revocation import _county_office, revoke, valid_grant

pytestmark = pytest.mark.django_db


def _open_case(grant=None, office=None) -> Revocation:
    grant = grant or valid_grant()
    return open_revocation(
        grant,
        actor=office or office_user(),
        ground=RevocationGround.TAX,
        evidence="税务通报",
        occurred_on=timezone.localdate(),
    )


def test_office_opens_a_case_from_the_form(client) -> None:
    grant = valid_grant()
    client.force_login(office_user())
    url = reverse("sanctions:revocation_open", kwargs={"grant_pk": grant.pk})
    assert url == f"/office/grants/{grant.pk}/revoke/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "ground": RevocationGround.ACCIDENT,
            "accident_grade": "major",
            "occurred_on": grant.approved_on.isoformat(),
            "evidence": "事故通报",
        },
    )
    case = Revocation.objects.get(grant=grant)
    assert case.occurred_on == grant.approved_on
    assert response.status_code == 302
    assert response["Location"] == reverse("sanctions:revocation_decide", kwargs={"pk": case.pk})
    assert (case.ground, case.accident_grade, case.evidence) == ("accident", "major", "事故通报")


def test_ordinary_accident_shows_the_r11_error_and_writes_nothing(client) -> None:
    grant = valid_grant()
    client.force_login(office_user())
    response = client.post(
        reverse("sanctions:revocation_open", kwargs={"grant_pk": grant.pk}),
        {
            "ground": RevocationGround.ACCIDENT,
            "accident_grade": AccidentGrade.ORDINARY,
            "evidence": "一般事故",
        },
    )
    assert response.status_code == 200
    assert "（《管理办法》第三十条）" in response.content.decode()
    assert Revocation.objects.count() == 0


def test_expired_grant_shows_the_r11_error(client) -> None:
    grant = valid_grant(status=GrantStatus.EXPIRED)
    client.force_login(office_user())
    response = client.post(
        reverse("sanctions:revocation_open", kwargs={"grant_pk": grant.pk}),
        {"ground": RevocationGround.OTHER, "evidence": "x", "occurred_on": ""},
    )
    assert response.status_code == 200
    assert "（《管理办法》第三十条）" in response.content.decode()
    assert Revocation.objects.count() == 0


@pytest.mark.parametrize("who", ["county_office", "applicant"])
def test_outsiders_get_404_on_open_and_decide(client, who) -> None:
    case = _open_case()
    client.force_login(_county_office() if who == "county_office" else applicant_user())
    open_url = reverse("sanctions:revocation_open", kwargs={"grant_pk": case.grant_id})
    decide_url = reverse("sanctions:revocation_decide", kwargs={"pk": case.pk})
    assert client.get(open_url).status_code == 404
    assert client.get(decide_url).status_code == 404
    response = client.post(
        decide_url,
        {
            "outcome": "revoked",
            "decided_on": timezone.localdate().isoformat(),
            "document_number": "d",
        },
    )
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.status == RevocationStatus.PROPOSED


def test_organisation_responds_in_the_portal(client) -> None:
    case = _open_case()
    client.force_login(applicant_user(case.grant.organisation))
    url = reverse("sanctions:revocation_respond", kwargs={"pk": case.pk})
    assert url == f"/winner/revocations/{case.pk}/"
    assert "税务通报" in client.get(url).content.decode()
    response = client.post(url, {"response": "已补缴税款"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.organisation_response == "已补缴税款"


def test_another_organisations_user_gets_404_on_respond(client) -> None:
    case = _open_case()
    client.force_login(applicant_user())
    url = reverse("sanctions:revocation_respond", kwargs={"pk": case.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"response": "x"}).status_code == 404
    case.refresh_from_db()
    assert case.organisation_response == ""


def test_respond_after_the_decision_is_403(client) -> None:
    office = office_user()
    case = _open_case(office=office)
    decide_revocation(case, actor=office, revoked=False, decided_on=timezone.localdate())
    client.force_login(applicant_user(case.grant.organisation))
    url = reverse("sanctions:revocation_respond", kwargs={"pk": case.pk})
    assert 'id="case-closed"' in client.get(url).content.decode()
    assert client.post(url, {"response": "x"}).status_code == 403


def test_office_records_revocation_then_verify_and_winners_show_revoked(client) -> None:
    """R8, R15: after the decision the certificate verifies as revoked; a 5-year ban follows."""
    office = office_user()
    case = _open_case(office=office)
    client.force_login(office)
    url = reverse("sanctions:revocation_decide", kwargs={"pk": case.pk})
    assert url == f"/office/revocations/{case.pk}/decide/"
    today = timezone.localdate()
    response = client.post(
        url,
        {
            "outcome": "revoked",
            "decided_on": today.isoformat(),
            "document_number": "赣府字〔9〕1号",
        },
    )
    assert response.status_code == 302
    grant = case.grant
    grant.refresh_from_db()
    assert grant.status == GrantStatus.REVOKED
    ban = Ban.objects.get(revocation=case)
    assert ban.ends_on == today.replace(year=today.year + 5)
    client.logout()
    verify = client.get(
        reverse("grants:verify_number", kwargs={"number": grant.certificate.number})
    ).content.decode()
    state = verify.split('id="certificate-state"', 1)[1].split("</dd>", 1)[0]
    assert 'data-testid="grant-revoked"' in state
    winners = client.get(reverse("grants:winners")).content.decode()
    assert 'data-testid="grant-revoked"' in winners
    assert 'data-testid="grant-valid"' not in winners


def test_revocation_without_document_number_shows_the_error(client) -> None:
    office = office_user()
    case = _open_case(office=office)
    client.force_login(office)
    response = client.post(
        reverse("sanctions:revocation_decide", kwargs={"pk": case.pk}),
        {"outcome": "revoked", "decided_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["document_number"]
    assert "人民政府撤销决定的文号" in response.content.decode()
    case.refresh_from_db()
    assert case.status == RevocationStatus.PROPOSED


def test_public_notice_for_anonymous_visitors(client) -> None:
    grant = valid_grant()
    case = revoke(grant, RevocationGround.FRAUD, doc="赣府字〔2032〕7号")
    ban = Ban.objects.get(revocation=case)
    url = reverse("sanctions:revocations_public")
    assert url == "/revocations/"
    body = client.get(url).content.decode()
    assert grant.organisation.name in body
    assert "赣府字〔2032〕7号" in body
    assert ban.ends_on.strftime("%Y-%m-%d") in body
    assert str(grant.round.year) in body
    assert case.decided_on.strftime("%Y-%m-%d") in body


def test_public_notice_omits_cases_not_revoked(client) -> None:
    office = office_user()
    case = _open_case(office=office)
    body = client.get(reverse("sanctions:revocations_public")).content.decode()
    assert case.grant.organisation.name not in body
    decide_revocation(case, actor=office, revoked=False, decided_on=timezone.localdate())
    body = client.get(reverse("sanctions:revocations_public")).content.decode()
    assert case.grant.organisation.name not in body


def test_bans_page_lists_only_bans_in_force_for_office(client) -> None:
    office = office_user()
    grant = valid_grant()
    revoke(grant, RevocationGround.OTHER)
    old = valid_grant()
    Ban.objects.create(
        organisation=old.organisation,
        programme=programme(),
        reason="revocation",
        starts_on=timezone.localdate() - timedelta(days=6 * 365),
        ends_on=timezone.localdate() - timedelta(days=1),
    )
    client.force_login(office)
    url = reverse("sanctions:bans")
    assert url == "/office/bans/"
    body = client.get(url).content.decode()
    assert grant.organisation.name in body
    assert old.organisation.name not in body


@pytest.mark.parametrize("who", ["anonymous", "applicant"])
def test_bans_and_case_list_are_office_only(client, who) -> None:
    if who == "applicant":
        client.force_login(applicant_user())
    for name in ("sanctions:bans", "sanctions:revocation_list"):
        response = client.get(reverse(name))
        assert response.status_code == (302 if who == "anonymous" else 404)


def test_office_nav_links_to_revocations(client) -> None:
    grant = valid_grant()
    client.force_login(office_user())
    body = client.get(reverse("sanctions:revocation_list")).content.decode()
    assert f'href="{reverse("sanctions:revocation_list")}"' in body
    assert reverse("sanctions:revocation_open", kwargs={"grant_pk": grant.pk}) in body


def _revoked(n: int) -> None:
    for _i in range(n):
        revoke(valid_grant(), RevocationGround.TAX)


def test_every_office_lists_a_bar_but_opens_only_its_own(client) -> None:
    """R8: a bar covers every programme, so another programme's office lists it; its notices
    to the award bodies are the deciding office's, so only that office gets the link (the
    detail is 404 for the other, as the permission matrix checks)."""
    grant = valid_grant()
    revoke(grant, RevocationGround.TAX)
    ban = Ban.objects.get()
    detail = reverse("sanctions:ban_detail", kwargs={"pk": ban.pk})
    client.force_login(office_user())
    assert detail in client.get(reverse("sanctions:bans")).content.decode()
    client.force_login(_county_office())
    listed = client.get(reverse("sanctions:bans")).content.decode()
    assert grant.organisation.name in listed and detail not in listed
    assert client.get(detail).status_code == 404


@pytest.mark.parametrize("n", [1, 5])
def test_bans_page_query_count(client, django_assert_num_queries, n) -> None:
    _revoked(n)
    client.force_login(office_user())
    # Bans in force, imported bans, and the fraud cases whose bar is still to be decided (R8):
    # the same count whatever the number of rows.
    with django_assert_num_queries(8):
        response = client.get(reverse("sanctions:bans"))
    assert response.content.decode().count("<tr>") == n + 1


@pytest.mark.parametrize("n", [1, 5])
def test_public_notice_query_count(client, django_assert_num_queries, n) -> None:
    _revoked(n)
    with django_assert_num_queries(2):
        response = client.get(reverse("sanctions:revocations_public"))
    assert response.content.decode().count("<tr>") == n + 1


@pytest.mark.parametrize("n", [1, 5])
def test_office_case_list_query_count(client, django_assert_num_queries, n) -> None:
    _revoked(n)
    valid_grant()
    client.force_login(office_user())
    with django_assert_num_queries(8):
        response = client.get(reverse("sanctions:revocation_list"))
    assert response.content.decode().count('href="/office/revocations/') == n + 1
