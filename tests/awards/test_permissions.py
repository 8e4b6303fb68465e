"""Round predicates with an outsider of each role: another programme's office and leading
group, and roles that take no part in the review (R12)."""

from __future__ import annotations

import pytest

from accounts.enums import Role
from awards.enums import RoundStage
from awards.permissions import (
    can_approve_review_rules,
    has_signed_commitment,
    may_sign_commitment,
    must_sign_commitment,
)
from tests.awards.helpers import (
    other_programme,
    other_programme_leader,
    other_programme_office,
    role_user,
    signed,
)
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
    ("stage", "expected"),
    [
        (RoundStage.DRAFT, True),
        (RoundStage.APPLICATION, True),
        (RoundStage.ELIGIBILITY, True),
        (RoundStage.MATERIAL_REVIEW, False),
        (RoundStage.PUBLISHED, False),
    ],
)
def test_leading_group_approves_rules_only_before_review_starts(stage: str, expected: bool) -> None:
    """Art. 10 / R1: the rules are approved before review starts."""
    assert can_approve_review_rules(leading_group_user(), RoundFactory(stage=stage)) is expected


def test_another_programmes_leading_group_cannot_approve_rules() -> None:
    assert can_approve_review_rules(other_programme_leader(), RoundFactory(stage="draft")) is False


def test_office_cannot_approve_rules() -> None:
    assert can_approve_review_rules(office_user(), RoundFactory(stage="draft")) is False


@pytest.mark.parametrize(
    "make_user",
    [office_user, expert_user, leading_group_user, liaison_user, recommender_user],
    ids=["office", "expert", "leading_group", "liaison", "recommender"],
)
def test_review_participants_must_sign_until_they_have_signed_r12(make_user) -> None:  # type: ignore[no-untyped-def]
    user, round = make_user(), RoundFactory()
    assert (may_sign_commitment(user, round), must_sign_commitment(user, round)) == (True, True)
    signed(user, round)
    assert (has_signed_commitment(user, round), must_sign_commitment(user, round)) == (True, False)


@pytest.mark.parametrize(
    "make_user",
    [applicant_user, other_programme_office],
    ids=["applicant", "other_programme_office"],
)
def test_those_outside_the_review_neither_may_nor_must_sign(make_user) -> None:  # type: ignore[no-untyped-def]
    user, round = make_user(), RoundFactory()
    assert (may_sign_commitment(user, round), must_sign_commitment(user, round)) == (False, False)


def test_a_signature_for_one_round_does_not_cover_another_r12() -> None:
    office = office_user()
    first, second = RoundFactory(), RoundFactory()
    signed(office, first)
    assert must_sign_commitment(office, second) is True


def test_a_county_office_signs_only_its_own_programmes_rounds() -> None:
    county_office = role_user(Role.OFFICE, prog=other_programme())
    county_round = RoundFactory(programme=other_programme())
    assert may_sign_commitment(county_office, county_round) is True
    assert may_sign_commitment(county_office, RoundFactory()) is False
