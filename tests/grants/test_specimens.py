"""Specimens (样张) of a programme's rules for its office and leading group (Art. 10, 16): the
call notice's draft and each level's certificate (R15), with the programme's own names and a
sample winner, never numbered nor verifiable; nobody else sees them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.enums import Role
from awards.models import AwardProgramme
from awards.specimens import call_notice_specimen
from grants.certificates import specimen_certificate_html
from grants.models import Certificate
from tests.awards.helpers import other_programme, role_user
from tests.factories import UserFactory, leading_group_user, office_user, programme

pytestmark = pytest.mark.django_db


def _notice(prog: AwardProgramme) -> str:
    return reverse("awards:programme_notice_preview", args=[prog.pk])


def _certificate(prog: AwardProgramme, level: str = "prize") -> str:
    return reverse("grants:certificate_specimen", args=[prog.pk, level])


def test_the_certificate_specimen_names_the_programme_and_carries_no_number() -> None:
    """R15: the programme's own names; no number, QR code or verify address."""
    AwardProgramme.objects.filter(pk=programme().pk).update(validity_years=4)
    html = specimen_certificate_html(programme(), "nomination")
    assert "赣州市市长质量奖提名奖" in html
    assert "赣州市人民政府" in html
    assert "样张：不编号，不可查验，不作证书使用。" in html
    assert "证书编号" not in html
    assert reverse("grants:verify") not in html
    assert "<img" not in html


def test_the_call_notice_specimen_follows_the_current_rules() -> None:
    """R2, R5, R1: places, eligibility years and publicity as the rules now stand."""
    AwardProgramme.objects.filter(pk=programme().pk).update(
        min_operation_years=5,
        publicity_day_unit="working",
        nomination_places_limit=0,
        leading_group_name="赣州市质量强市工作领导小组",
    )
    text = call_notice_specimen(AwardProgramme.objects.get(pk=programme().pk))["text"]
    assert "（样张）" in text
    assert "从事合法生产经营5年以上" in text
    assert "10个工作日" in text
    assert "提名奖" not in text
    assert "经赣州市质量强市工作领导小组同意" in text


def test_the_office_and_the_leading_group_see_the_specimens(client) -> None:  # type: ignore[no-untyped-def]
    for user in (office_user(), leading_group_user()):
        client.force_login(user)
        page = client.get(_notice(programme()))
        assert page.status_code == 200
        assert _certificate(programme()) in page.content.decode()
        pdf = client.get(_certificate(programme()))
        assert pdf.status_code == 200
        assert pdf["Content-Type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF")
    assert not Certificate.objects.exists()


def test_the_rules_pages_link_to_the_specimens(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(office_user())
    page = client.get(reverse("awards:programme_rules", args=[programme().pk]))
    assert _notice(programme()) in page.content.decode()


def test_another_programmes_office_and_leading_group_see_none(client) -> None:  # type: ignore[no-untyped-def]
    """Outsiders of the same roles, and the operator (it decides nothing about the rules)."""
    other_programme()
    for user in (
        role_user(Role.OFFICE, prog=other_programme()),
        role_user(Role.LEADING_GROUP, prog=other_programme()),
        UserFactory(is_staff=True),
    ):
        client.force_login(user)
        assert client.get(_notice(programme())).status_code == 404
        assert client.get(_certificate(programme())).status_code == 404
    client.force_login(office_user())
    assert client.get(_certificate(programme(), "unknown")).status_code == 404
