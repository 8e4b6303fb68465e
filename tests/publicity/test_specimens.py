"""Art. 10, 21: the publicity notice's specimen (样张): the public notice of the proposed winners
as the programme's current rules would publish it (days and their unit, the levels' and the
sector buckets' names), with sample organisations, marked 样张 and never numbered; for the
programme's office and leading group from the specimens page; an outsider of the same role and
the public see nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from awards.buckets import default_bucket_json
from awards.models import AwardProgramme
from publicity.models import PublicityPeriod
from tests.awards.helpers import other_programme_leader, other_programme_office
from tests.factories import applicant_user, leading_group_user, office_user, programme

pytestmark = pytest.mark.django_db


def _url() -> str:
    return reverse("publicity:notice_specimen", args=[programme().pk])


def test_the_office_and_the_leading_group_see_the_notice_as_the_rules_publish_it(
    client: Client,
) -> None:
    buckets = default_bucket_json()
    buckets[0]["name"] = "工业企业"
    AwardProgramme.objects.filter(pk=programme().pk).update(
        publicity_day_unit="working",
        sector_buckets=buckets,
        nomination_name="赣州市市长质量奖提名奖",
        office_name="赣州市质量强市工作领导小组办公室",
    )
    for user in (office_user(), leading_group_user()):
        client.force_login(user)
        page = client.get(_url())
        assert page.status_code == 200
        body = page.content.decode()
        assert 'id="specimen-mark">样张<' in body
        assert "拟奖名单的公示（样张）" in body
        assert "10个工作日" in body
        assert "赣州市市长质量奖提名奖（5家）" in body
        assert "<td>工业企业</td>" in body
        assert "示例单位甲" in body
        # Nothing to object to, nothing public linked, nothing saved.
        assert "/object/" not in body
        assert reverse("publicity:lookup") not in body
    assert not PublicityPeriod.objects.exists()


def test_the_specimens_page_links_to_it(client: Client) -> None:
    client.force_login(office_user())
    page = client.get(reverse("awards:programme_notice_preview", args=[programme().pk]))
    assert _url() in page.content.decode()


def test_an_outsider_office_and_leading_group_and_the_public_do_not_see_it(
    client: Client,
) -> None:
    for user in (other_programme_office(), other_programme_leader(), applicant_user()):
        client.force_login(user)
        assert client.get(_url()).status_code == 404
    client.logout()
    response = client.get(_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
