"""Which rounds the office pages load (awards.selectors.office_round, behind every round page
of the office): the programme's active office only; another programme's office, a
leading-group member and an inactive office role get None (a 404)."""

from __future__ import annotations

import pytest

from accounts.models import ProgrammeRole
from awards.selectors import office_round
from tests.awards.helpers import other_programme_office
from tests.factories import RoundFactory, leading_group_user, office_user

pytestmark = pytest.mark.django_db


def test_office_loads_its_programmes_round() -> None:
    round = RoundFactory()
    assert office_round(office_user(), round.pk) == round


def test_another_programmes_office_does_not_load_the_round() -> None:
    assert office_round(other_programme_office(), RoundFactory().pk) is None


def test_leading_group_member_does_not_load_office_rounds() -> None:
    assert office_round(leading_group_user(), RoundFactory().pk) is None


def test_an_inactive_office_role_loads_nothing() -> None:
    user = office_user()
    ProgrammeRole.objects.filter(user=user).update(active=False)
    assert office_round(user, RoundFactory().pk) is None
