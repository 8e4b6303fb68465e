"""Predicates of the office, recommender and liaison side, each with an outsider of the same
role: another programme's office, another department's liaison, another unit's recommender."""

from __future__ import annotations

import pytest

from accounts.enums import Role
from applications.enums import ApplicationStatus, ConsultationResult
from applications.models import Consultation
from applications.permissions.application import can_recommend, is_recommender_of
from applications.permissions.office import (
    can_answer_consultation,
    can_check_eligibility,
    can_consult,
    can_disqualify,
    is_liaison_for,
    is_office_for,
)
from tests.awards.helpers import (
    eligibility_round,
    other_programme,
    other_programme_office,
    role_user,
    submitted_application,
)
from tests.factories import (
    ApplicationFactory,
    RecommenderFactory,
    department,
    liaison_user,
    office_user,
    recommender_user,
)

pytestmark = pytest.mark.django_db


def test_office_of_the_programme_checks_consults_and_disqualifies() -> None:
    application = submitted_application(eligibility_round())
    office = office_user()
    assert (
        is_office_for(office, application),
        can_check_eligibility(office, application),
        can_consult(office, application),
        can_disqualify(office, application),
    ) == (True, True, True, True)


def test_another_programmes_office_can_do_nothing_with_the_application() -> None:
    application = submitted_application(eligibility_round())
    outsider = other_programme_office()
    assert (
        is_office_for(outsider, application),
        can_check_eligibility(outsider, application),
        can_consult(outsider, application),
        can_disqualify(outsider, application),
    ) == (False, False, False, False)


@pytest.mark.parametrize(
    ("status", "check", "consult"),
    [
        (ApplicationStatus.DRAFT, False, False),
        (ApplicationStatus.SUBMITTED, True, True),
        (ApplicationStatus.ELIGIBLE, False, True),
        (ApplicationStatus.INELIGIBLE, False, False),
    ],
)
def test_office_checks_only_submitted_and_consults_only_open_applications(
    status: str, check: bool, consult: bool
) -> None:
    application = ApplicationFactory(round=eligibility_round(), status=status)
    office = office_user()
    assert (can_check_eligibility(office, application), can_consult(office, application)) == (
        check,
        consult,
    )


def _consultation(**kwargs):  # type: ignore[no-untyped-def]
    return Consultation.objects.create(
        application=submitted_application(eligibility_round()),
        department=department("tax"),
        question="?",
        sent_by=office_user(),
        **kwargs,
    )


def test_the_departments_liaison_answers_a_pending_consultation() -> None:
    consultation = _consultation()
    liaison = liaison_user(department("tax"))
    assert (
        is_liaison_for(liaison, consultation),
        can_answer_consultation(liaison, consultation),
    ) == (
        True,
        True,
    )


def test_another_departments_liaison_cannot_answer() -> None:
    consultation = _consultation()
    assert is_liaison_for(liaison_user(department("statistics")), consultation) is False


def test_the_same_departments_liaison_in_another_programme_cannot_answer() -> None:
    consultation = _consultation()
    outsider = role_user(Role.LIAISON, prog=other_programme(), department=department("tax"))
    assert is_liaison_for(outsider, consultation) is False


def test_an_answered_consultation_cannot_be_answered_again() -> None:
    consultation = _consultation(result=ConsultationResult.ADVERSE, details="d")
    assert can_answer_consultation(liaison_user(department("tax")), consultation) is False


def test_recommender_of_another_unit_is_not_the_applications_recommender() -> None:
    unit = RecommenderFactory()
    application = ApplicationFactory(recommender=unit)
    outsider = recommender_user(RecommenderFactory(name="赣州市工业和信息化局"))
    assert (is_recommender_of(outsider, application), can_recommend(outsider, application)) == (
        False,
        False,
    )
    assert can_recommend(recommender_user(unit), application) is True
