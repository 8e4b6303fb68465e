"""The plenary's meeting packet (Art. 20-21): a PDF for the leading group and its office only,
after they sign the round's commitment (R12)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accounts.enums import Role
from awards.models import AwardProgramme
from publicity.services import publicity as services
from tests.factories import UserFactory, applicant_user, expert_user, grant_role, leading_group_user
from tests.publicity.helpers import candidate, deliberation_round, manufacturer, signed, votes

pytestmark = pytest.mark.django_db


def _url(round) -> str:
    return reverse("publicity:meeting_packet", kwargs={"round_pk": round.pk})


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_member_gets_the_packet_with_agenda_candidates_and_tags(client) -> None:
    round = deliberation_round()
    app = candidate(
        round,
        organisation=manufacturer(name="赣州钨业<b>集团</b>有限公司"),
        tag_digital_economy=True,
    )
    member = signed(leading_group_user(), round)
    client.force_login(member)
    response = client.get(_url(round))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    text = _text(response.getvalue())
    assert "会议议程" in text
    assert app.organisation.name in text  # escaped markup prints as the name itself
    assert "数字经济" in text or "Digital-economy" in text


def test_a_missing_score_prints_as_a_dash_not_none(client) -> None:
    """A candidate without a site score (none held) shows "—" in the ranking, never "None"."""
    round = deliberation_round()
    candidate(round, material_score=Decimal("720.0"), site_score=None)
    member = signed(leading_group_user(), round)
    client.force_login(member)
    text = _text(client.get(_url(round)).getvalue())
    assert "720.0" in text
    assert "None" not in text
    assert "—" in text


def test_unsigned_member_is_sent_to_sign_the_commitment_first(client) -> None:
    round = deliberation_round()
    client.force_login(leading_group_user())
    response = client.get(_url(round))
    assert response.status_code == 302
    assert reverse("awards:sign_commitment", args=[round.pk]) in response["Location"]


@pytest.mark.parametrize("who", ["applicant", "expert", "other_programme_member"])
def test_outsiders_get_404(client, who: str) -> None:
    round = deliberation_round()
    candidate(round)
    if who == "applicant":
        user = applicant_user()
    elif who == "expert":
        user = expert_user()
    else:
        other = AwardProgramme.objects.create(
            name="信丰县县长质量奖",
            slug="xinfeng",
            awarding_body="信丰县人民政府",
            office_name="办公室",
        )
        user = grant_role(UserFactory(), Role.LEADING_GROUP, prog=other)
    client.force_login(user)
    assert client.get(_url(round)).status_code == 404


def test_after_the_plenary_the_packet_keeps_its_candidates_and_the_meeting_date(client) -> None:
    """Printed for the file after the meeting, the packet lists the candidates the plenary
    decided on and the departments' replies about them, dated the meeting's day (not today)."""
    round = deliberation_round()
    app = candidate(round, organisation=manufacturer(name="赣州稀土新材料有限公司"))
    member = signed(leading_group_user(), round)
    services.record_plenary(
        round,
        actor=member,
        held_on=date(2031, 11, 20),
        members_total=9,
        members_present=7,
        decisions=[votes(app, 6)],
    )
    client.force_login(member)
    text = _text(client.get(_url(round)).getvalue())
    assert app.organisation.name in text
    assert "2031年11月20日" in text
