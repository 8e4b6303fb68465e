"""The office's approval page (Art. 22) and the round hub's certificate card."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from accounts.enums import Role
from applications.enums import ApplicationStatus
from awards.enums import RoundStage
from awards.models import AwardProgramme
from grants.models import AwardGrant, Certificate
from grants.services.approval import record_approval
from publicity.models import Objection
from tests.factories import UserFactory, applicant_user, grant_role, leading_group_user, office_user
from tests.publicity.helpers import approval_round

pytestmark = pytest.mark.django_db


def _url(round) -> str:
    return reverse("grants:record_approval", kwargs={"round_pk": round.pk})


def _data(apps) -> dict:
    return {
        "approved_on": "2026-01-15",
        "meeting": "市政府第12次常务会议",
        "document_number": "赣市府字〔2026〕3号",
        "approved": [str(a.pk) for a in apps],
    }


def test_office_sees_every_proposed_candidate_ticked(client) -> None:
    office = office_user()
    round, apps = approval_round(n_prize=2)
    client.force_login(office)
    page = client.get(_url(round)).content.decode()
    for app in apps:
        assert f'value="{app.pk}"' in page
        assert app.organisation.name in page
    assert page.count("checked") == 2


def test_office_approves_a_list_that_differs(client) -> None:
    office = office_user()
    round, (kept, dropped) = approval_round(n_prize=2)
    client.force_login(office)
    response = client.post(_url(round), _data([kept]))
    assert response["Location"] == reverse("awards:round_detail", kwargs={"pk": round.pk})
    kept.refresh_from_db()
    dropped.refresh_from_db()
    assert (kept.status, dropped.status) == (
        ApplicationStatus.AWARDED,
        ApplicationStatus.NOT_AWARDED,
    )


def test_future_approval_date_is_refused_by_the_form(client) -> None:
    office = office_user()
    round, apps = approval_round()
    client.force_login(office)
    response = client.post(_url(round), _data(apps) | {"approved_on": "2999-01-01"})
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    assert AwardGrant.objects.count() == 0


def test_open_objection_shows_the_refusal(client) -> None:
    office = office_user()
    round, (app,) = approval_round()
    Objection.objects.create(
        publicity=round.publicities.get(), application=app, receipt_number="YY-1", grounds="理由"
    )
    client.force_login(office)
    assert 'id="open-objections"' in client.get(_url(round)).content.decode()
    response = client.post(_url(round), _data([app]))
    assert response.status_code == 200
    assert "alert" in response.content.decode()
    assert AwardGrant.objects.count() == 0


@pytest.mark.parametrize("who", ["leading_group", "applicant", "county_office"])
def test_others_get_404(client, who: str) -> None:
    round, apps = approval_round()
    if who == "leading_group":
        user = leading_group_user()
    elif who == "applicant":
        user = applicant_user(apps[0].organisation)
    else:
        county = AwardProgramme.objects.create(
            name="章贡区区长质量奖",
            slug="zhanggong",
            awarding_body="章贡区人民政府",
            office_name="办公室",
        )
        user = grant_role(UserFactory(), Role.OFFICE, prog=county)
    client.force_login(user)
    assert client.get(_url(round)).status_code == 404
    assert client.post(_url(round), _data(apps)).status_code == 404


def test_anonymous_goes_to_log_in(client) -> None:
    round, _apps = approval_round()
    assert client.get(_url(round))["Location"].startswith(reverse("accounts:login"))


def test_posting_outside_the_approval_stage_is_forbidden(client) -> None:
    office = office_user()
    round, apps = approval_round()
    type(round).objects.filter(pk=round.pk).update(stage=RoundStage.PUBLICITY)
    client.force_login(office)
    assert 'id="cannot-record"' in client.get(_url(round)).content.decode()
    assert client.post(_url(round), _data(apps)).status_code == 403


def test_hub_card_counts_certificates_and_requeues_the_missing(
    client, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    from grants.tasks import render_certificate

    office = office_user()
    round, apps = approval_round(n_prize=2)
    record_approval(
        round, actor=office, approved_on=date(2026, 1, 15), meeting="会议", document_number="文号"
    )
    first = Certificate.objects.order_by("pk").first()
    Certificate.objects.filter(pk=first.pk).update(file=f"certificates/{first.number}.pdf")
    client.force_login(office)
    page = client.get(reverse("awards:round_detail", kwargs={"pk": round.pk})).content.decode()
    assert 'id="hub-approval"' in page
    assert 'id="certificate-status"' in page
    assert reverse("grants:requeue_certificates", kwargs={"round_pk": round.pk}) in page
    queued: list[int] = []
    monkeypatch.setattr(render_certificate, "delay", queued.append)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("grants:requeue_certificates", kwargs={"round_pk": round.pk})
        )
    assert response.status_code == 302
    assert queued == [Certificate.objects.order_by("pk").last().pk]


def test_requeue_is_404_for_others_and_post_only(client) -> None:
    round, _apps = approval_round()
    client.force_login(leading_group_user())
    assert (
        client.post(
            reverse("grants:requeue_certificates", kwargs={"round_pk": round.pk})
        ).status_code
        == 404
    )
    client.force_login(office_user())
    assert (
        client.get(
            reverse("grants:requeue_certificates", kwargs={"round_pk": round.pk})
        ).status_code
        == 405
    )


def test_a_county_round_names_its_own_award_not_the_mayors(client) -> None:
    county = AwardProgramme.objects.create(
        name="章贡区区长质量奖",
        slug="zhanggong",
        awarding_body="章贡区人民政府",
        office_name="办公室",
    )
    round, apps = approval_round(
        n_prize=1, n_nomination=1, programme=county, title="2030年度章贡区区长质量奖"
    )
    office = grant_role(UserFactory(), Role.OFFICE, prog=county)
    record_approval(
        round, actor=office, approved_on=date(2026, 1, 15), meeting="会议", document_number="文号"
    )
    client.force_login(office)
    page = client.get(reverse("grants:round_winners", args=[round.pk])).content.decode()
    assert "章贡区区长质量奖" in page and "提名奖" in page
    assert "市长质量奖" not in page
    prize = AwardGrant.objects.get(application=apps[0])
    assert prize.get_level_display() == "章贡区区长质量奖"
    # R15: the nomination prize by the county's own name for it (章贡区区长质量奖提名奖).
    assert apps[1].get_proposed_level_display() == "章贡区区长质量奖提名奖"
