"""Certificate download (winner and office only), the applicant's dashboard section (R15),
the public winners list and verification page."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from awards.models import AwardProgramme
from grants.enums import GrantStatus
from grants.models import AwardGrant, Certificate
from grants.services.approval import record_approval
from grants.services.certificates import render_certificate_pdf
from tests.factories import UserFactory, applicant_user, grant_role, leading_group_user, office_user
from tests.publicity.helpers import approval_round

pytestmark = pytest.mark.django_db


def _grant(*, render: bool = True, n: int = 1) -> list[AwardGrant]:
    office = office_user()
    round, apps = approval_round(n_prize=n)
    record_approval(
        round,
        actor=office,
        approved_on=timezone.localdate() - timedelta(days=30),
        meeting="市政府第12次常务会议",
        document_number="赣市府字〔2026〕3号",
    )
    grants = list(
        AwardGrant.objects.filter(round=round).select_related("certificate", "organisation")
    )
    if render:
        for grant in grants:
            render_certificate_pdf(grant.certificate)
    return grants


def _download(grant) -> str:
    return reverse("grants:certificate_download", kwargs={"grant_pk": grant.pk})


def test_winner_downloads_the_pdf_as_an_attachment(client) -> None:
    (grant,) = _grant()
    client.force_login(applicant_user(grant.organisation))
    response = client.get(_download(grant))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    # RFC 5987: the charset's name is case-insensitive; Django writes it in lower case.
    assert "filename*=utf-8''" in response["Content-Disposition"].lower()
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_office_downloads_too(client) -> None:
    (grant,) = _grant()
    client.force_login(office_user())
    assert client.get(_download(grant)).status_code == 200


@pytest.mark.parametrize("who", ["other_applicant", "county_office", "leading_group"])
def test_others_get_404(client, who: str) -> None:
    (grant,) = _grant()
    if who == "other_applicant":
        user = applicant_user()
    elif who == "leading_group":
        user = leading_group_user()
    else:
        county = AwardProgramme.objects.create(
            name="章贡区区长质量奖",
            slug="zhanggong",
            awarding_body="章贡区人民政府",
            office_name="办公室",
        )
        user = grant_role(UserFactory(), Role.OFFICE, prog=county)
    client.force_login(user)
    assert client.get(_download(grant)).status_code == 404


def test_anonymous_goes_to_log_in(client) -> None:
    (grant,) = _grant(render=False)
    assert client.get(_download(grant))["Location"].startswith(reverse("accounts:login"))


def test_certificate_not_yet_rendered_says_it_is_being_prepared(client) -> None:
    (grant,) = _grant(render=False)
    user = applicant_user(grant.organisation)
    client.force_login(user)
    response = client.get(_download(grant))
    assert response["Location"] == reverse("accounts:dashboard")
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert 'id="dashboard-grants"' in page
    assert _download(grant) not in page


def test_dashboard_shows_the_grant_download_and_the_title_rule(client) -> None:
    (grant,) = _grant()
    client.force_login(applicant_user(grant.organisation))
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert _download(grant) in page
    assert grant.certificate.number in page
    assert 'id="title-rule"' in page and "第二十三条" in page


def test_dashboard_of_another_organisation_shows_none_of_it(client) -> None:
    (grant,) = _grant()
    client.force_login(applicant_user())
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert grant.certificate.number not in page and _download(grant) not in page


@pytest.mark.parametrize("n", [1, 5])
def test_winners_list_query_count_does_not_grow(client, django_assert_num_queries, n: int) -> None:
    grants = _grant(render=False, n=n)
    # The page's filter choices with the count, then the page's rows (common.public_list).
    with django_assert_num_queries(2):
        response = client.get(reverse("grants:winners"))
    page = response.content.decode()
    assert all(g.organisation.name in page for g in grants)
    assert len(re.findall(r'class="round-announcement">\d{4}</a></td>', page)) == n


def test_winners_list_holds_only_published_rounds(client) -> None:
    """R15: the public list and the round's announcement page show the same rounds: a grant
    of a round not (or no longer) published is on neither, so no link on the list leads to
    a 404."""
    from awards.enums import RoundStage
    from awards.models import Round

    (grant,) = _grant(render=False)
    announcement = reverse("grants:round_winners", kwargs={"round_pk": grant.round_id})
    assert grant.organisation.name in client.get(reverse("grants:winners")).content.decode()
    assert client.get(announcement).status_code == 200
    # Saved as the round's transition saves it (the public pages' cache follows saves).
    round = Round.objects.get(pk=grant.round_id)
    round.stage = RoundStage.APPROVAL
    round.save(update_fields=["stage"])
    assert grant.organisation.name not in client.get(reverse("grants:winners")).content.decode()
    assert client.get(announcement).status_code == 404


def test_winners_list_shows_valid_expired_and_revoked(client) -> None:
    valid, lapsed, revoked = _grant(render=False, n=3)
    AwardGrant.objects.filter(pk=lapsed.pk).update(
        valid_until=timezone.localdate() - timedelta(days=1)
    )
    AwardGrant.objects.filter(pk=revoked.pk).update(status=GrantStatus.REVOKED)
    page = client.get(reverse("grants:winners")).content.decode()
    assert page.count("text-bg-success") == 1
    assert page.count("text-bg-secondary") == 1
    assert page.count("text-bg-danger") == 1


def test_verify_a_genuine_number(client) -> None:
    (grant,) = _grant(render=False)
    number = grant.certificate.number
    page = client.get(reverse("grants:verify") + f"?number={number.lower()}").content.decode()
    assert 'id="genuine"' in page
    assert (
        grant.organisation.name in page
        and "赣市府字〔2026〕3号" in page
        and str(grant.round.year) in page
    )
    assert "text-bg-success" in page


def test_verify_from_the_qr_code_path(client) -> None:
    (grant,) = _grant(render=False)
    number = grant.certificate.number
    AwardGrant.objects.filter(pk=grant.pk).update(status=GrantStatus.REVOKED)
    page = client.get(reverse("grants:verify_number", kwargs={"number": number})).content.decode()
    assert 'id="genuine"' in page and "text-bg-danger" in page


def test_verify_an_expired_certificate(client) -> None:
    (grant,) = _grant(render=False)
    AwardGrant.objects.filter(pk=grant.pk).update(
        status=GrantStatus.EXPIRED, valid_until=date(2020, 1, 1)
    )
    page = client.get(
        reverse("grants:verify_number", kwargs={"number": grant.certificate.number})
    ).content.decode()
    assert "text-bg-secondary" in page


def test_verify_an_unknown_number(client) -> None:
    page = client.get(reverse("grants:verify") + "?number=GZZLJ-2026-ZL-001-FAKE").content.decode()
    assert 'id="not-found"' in page and 'id="genuine"' not in page
    assert Certificate.objects.count() == 0


def test_verify_page_without_a_number_shows_the_form(client) -> None:
    response = client.get(reverse("grants:verify"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="number"' in page and 'id="not-found"' not in page


def _headline(client, number: str) -> str:
    page = client.get(reverse("grants:verify_number", kwargs={"number": number})).content.decode()
    match = re.search(r'<div class="alert [^"]*" id="(?:genuine|not-found)"[^>]*>(.*?)</div>', page)
    assert match, page
    return match.group(1)


def test_r15_verify_headline_says_genuine_and_valid_until(client) -> None:
    """R15 / Art. 23: a valid certificate's headline says it is genuine and valid, and until
    when."""
    (grant,) = _grant(render=False)
    headline = _headline(client, grant.certificate.number)
    assert f"真实有效，有效期至{grant.valid_until:%Y-%m-%d}" in headline


def test_r15_verify_headline_of_an_expired_certificate_says_when_it_expired(client) -> None:
    """R15: an expired certificate is genuine but not “真实有效”: the headline says when it
    expired."""
    (grant,) = _grant(render=False)
    AwardGrant.objects.filter(pk=grant.pk).update(
        status=GrantStatus.EXPIRED, valid_until=date(2020, 1, 1)
    )
    headline = _headline(client, grant.certificate.number)
    assert "真实有效" not in headline
    assert "已于2020-01-01到期" in headline


def test_r15_verify_headline_of_a_revoked_certificate_says_when_it_was_revoked(client) -> None:
    """R15 / Art. 30: a revoked certificate's headline says it was revoked and on which day."""
    (grant,) = _grant(render=False)
    AwardGrant.objects.filter(pk=grant.pk).update(
        status=GrantStatus.REVOKED,
        status_changed_at=timezone.make_aware(datetime(2031, 5, 20, 10, 0)),
    )
    headline = _headline(client, grant.certificate.number)
    assert "真实有效" not in headline
    assert "已于2031-05-20被撤销" in headline


def test_r15_verify_headline_of_an_unknown_number_says_not_found(client) -> None:
    headline = _headline(client, "GZZLJ-2026-ZL-001-FAKE")
    assert "未查到编号为“GZZLJ-2026-ZL-001-FAKE”的证书" in headline
