"""R12: a former employer within three years is a conflict detected from the data."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from decisionlog.workflow import DomainError
from experts.models import ExpertFormerEmployer
from reviews.models import Assignment
from reviews.permissions import can_open_dossier, detected_conflict_reason
from reviews.rules.scoring import former_employer_cutoff
from reviews.services import review as services
from tests.factories import expert_user
from tests.reviews.helpers import profile, ready

TODAY = date(2031, 6, 15)


def test_cutoff_is_three_years_back_and_survives_29_february() -> None:
    assert former_employer_cutoff(date(2031, 6, 15)) == date(2028, 6, 15)
    assert former_employer_cutoff(date(2032, 2, 29)) == date(2029, 2, 28)


def _left(expert_user_obj, application, on: date) -> None:
    ExpertFormerEmployer.objects.create(
        expert=profile(expert_user_obj),
        employer=application.organisation.name,
        credit_code=application.organisation.credit_code,
        to_date=on,
    )


@pytest.mark.django_db
@time_machine.travel(TODAY, tick=False)
def test_expert_who_left_the_applicant_two_years_ago_cannot_be_assigned(
    application, office
) -> None:
    former = expert_user(full_name="赵前同事")
    _left(former, application, date(2029, 6, 30))
    assert detected_conflict_reason(profile(former), application.organisation.credit_code) == (
        "former_employer"
    )
    with pytest.raises(DomainError) as refused:
        services.assign_expert(application, profile(former), actor=office)
    assert refused.value.rule == "R12"
    assert "within the last three years" in refused.value.message
    assert not Assignment.objects.exists()


@pytest.mark.django_db
@time_machine.travel(TODAY, tick=False)
def test_expert_who_left_more_than_three_years_ago_may_be_assigned(application, office) -> None:
    former = expert_user(full_name="钱老同事")
    _left(former, application, date(2028, 6, 14))
    assert detected_conflict_reason(profile(former), application.organisation.credit_code) == ""
    services.assign_expert(application, profile(former), actor=office)
    assert Assignment.objects.filter(expert=profile(former)).count() == 1


@pytest.mark.django_db
@time_machine.travel(TODAY, tick=False)
def test_former_employer_recorded_after_assignment_closes_the_dossier(
    application, office, reviewer
) -> None:
    # The assignment stands, but the dossier is out of reach (404) once the data shows it.
    ready(application, reviewer, office)
    assert can_open_dossier(reviewer, application) is True
    _left(reviewer, application, date(2030, 1, 31))
    assert can_open_dossier(reviewer, application) is False
