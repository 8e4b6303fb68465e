"""The confidentiality commitment (R12, Art. 31): signed once per round by those who take part
in its review, before any dossier; back to a safe local `next` only."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from awards.models import ConfidentialityCommitment
from awards.services import COMMITMENT_TEXT, RECOMMENDER_COMMITMENT_TEXT
from awards.views import commitment_redirect
from decisionlog.models import DecisionLogEntry
from tests.awards.helpers import other_programme_office, signed
from tests.factories import (
    RoundFactory,
    applicant_user,
    expert_user,
    leading_group_user,
    liaison_user,
    office_user,
    recommender_user,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "make_user",
    [office_user, expert_user, leading_group_user, liaison_user],
    ids=["office", "expert", "leading_group", "liaison"],
)
def test_review_participants_see_the_commitment_text(client, make_user) -> None:  # type: ignore[no-untyped-def]
    round = RoundFactory()
    client.force_login(make_user())
    response = client.get(reverse("awards:sign_commitment", args=[round.pk]))
    assert response.status_code == 200
    assert COMMITMENT_TEXT in response.content.decode()


@pytest.mark.parametrize(
    "make_user",
    [applicant_user, other_programme_office],
    ids=["applicant", "other_programme_office"],
)
def test_commitment_page_is_404_for_those_outside_the_review(client, make_user) -> None:  # type: ignore[no-untyped-def]
    round = RoundFactory()
    client.force_login(make_user())
    url = reverse("awards:sign_commitment", args=[round.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"agree": "on"}).status_code == 404
    assert ConfidentialityCommitment.objects.count() == 0


def test_recommending_unit_signs_its_own_text_citing_art_31_r12(client) -> None:  # type: ignore[no-untyped-def]
    """Art. 31: a recommending unit reads whole dossiers, so it signs the round's commitment;
    its text says it keeps the secrets and answers for its opinion (Art. 28)."""
    user, round = recommender_user(), RoundFactory()
    client.force_login(user)
    url = reverse("awards:sign_commitment", args=[round.pk])
    page = client.get(url).content.decode()
    assert RECOMMENDER_COMMITMENT_TEXT in page and "第三十一条" in RECOMMENDER_COMMITMENT_TEXT
    assert client.post(url, {"agree": "on"}).status_code == 302
    commitment = ConfidentialityCommitment.objects.get(user=user, round=round)
    assert commitment.text == RECOMMENDER_COMMITMENT_TEXT
    assert DecisionLogEntry.objects.filter(action="commitment.sign", actor=user).count() == 1


def test_signing_records_the_ip_and_goes_to_the_safe_next(client) -> None:  # type: ignore[no-untyped-def]
    expert = expert_user()
    round = RoundFactory()
    client.force_login(expert)
    response = client.post(
        reverse("awards:sign_commitment", args=[round.pk]) + "?next=/office/applications/7/",
        {"agree": "on"},
        REMOTE_ADDR="192.0.2.10",
    )
    assert (response.status_code, response["Location"]) == (302, "/office/applications/7/")
    commitment = ConfidentialityCommitment.objects.get(user=expert, round=round)
    assert (commitment.ip_address, commitment.text) == ("192.0.2.10", COMMITMENT_TEXT)


def test_signing_with_an_outside_next_goes_to_the_dashboard(client) -> None:  # type: ignore[no-untyped-def]
    round = RoundFactory()
    client.force_login(office_user())
    response = client.post(
        reverse("awards:sign_commitment", args=[round.pk]),
        {"agree": "on", "next": "https://evil.example.com/"},
    )
    assert response["Location"] == reverse("accounts:dashboard")


def test_signing_without_ticking_the_box_shows_the_error_and_signs_nothing(client) -> None:  # type: ignore[no-untyped-def]
    round = RoundFactory()
    client.force_login(office_user())
    response = client.post(reverse("awards:sign_commitment", args=[round.pk]), {})
    assert response.status_code == 200
    assert "Tick the box to sign the commitment." in response.content.decode()
    assert ConfidentialityCommitment.objects.count() == 0


def test_commitment_page_after_signing_shows_when(client) -> None:  # type: ignore[no-untyped-def]
    office = office_user()
    round = RoundFactory()
    signed(office, round)
    client.force_login(office)
    response = client.get(reverse("awards:sign_commitment", args=[round.pk]))
    assert response.context["commitment"] is not None
    assert "You signed this commitment on" in response.content.decode()


def test_commitment_redirect_sends_an_unsigned_participant_to_sign_with_next() -> None:
    office = office_user()
    round = RoundFactory()
    request = RequestFactory().get("/office/applications/3/?tab=x")
    request.user = office
    request._messages = _Messages()  # type: ignore[attr-defined]
    response = commitment_redirect(request, round)
    assert response is not None
    assert response["Location"] == (
        reverse("awards:sign_commitment", args=[round.pk])
        + "?next=%2Foffice%2Fapplications%2F3%2F%3Ftab%3Dx"
    )


def test_commitment_redirect_is_none_once_signed() -> None:
    office = office_user()
    round = RoundFactory()
    signed(office, round)
    request = RequestFactory().get("/x/")
    request.user = office
    assert commitment_redirect(request, round) is None


class _Messages(list):  # type: ignore[type-arg]
    """A message store for a bare RequestFactory request."""

    def add(self, level, message, extra_tags="") -> None:  # type: ignore[no-untyped-def]
        self.append(message)
