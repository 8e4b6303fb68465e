"""R4: the leading group's plenary page and ballot name a person nominated for the individual
award by name and employer, as the publicity notice does, never by the employer alone (a
member would take the person's candidacy for the organisation's); PIPL: no ID number."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.enums import Role
from applications.enums import ApplicationStatus
from awards.enums import PrizeLevel, RoundStage
from awards.rulesets import rule_settings_snapshot
from tests.applications.individual import NUMBER, nanchang, nominee_application
from tests.factories import RoundFactory, UserFactory, grant_role
from tests.publicity.helpers import candidate, signed

pytestmark = pytest.mark.django_db


def test_the_plenary_page_names_the_person_with_the_employer(client) -> None:  # type: ignore[no-untyped-def]
    programme = nanchang()
    round = RoundFactory(
        programme=programme,
        stage=RoundStage.DELIBERATION,
        rule_settings=rule_settings_snapshot(programme),
    )
    organisation = candidate(round)
    person = nominee_application(
        round,
        status=ApplicationStatus.CANDIDATE,
        proposed_level=PrizeLevel.PRIZE,
        composite_score="720.0",
    )
    member = grant_role(UserFactory(), Role.LEADING_GROUP, prog=programme)
    client.force_login(signed(member, round))
    page = client.get(reverse("publicity:plenary", kwargs={"round_pk": round.pk})).content.decode()
    assert organisation.organisation.name in page
    assert f"李质量（{person.organisation.name}）" in page
    assert NUMBER not in page
