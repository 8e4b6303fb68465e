"""The demo's individual nominee (demo/individual.py): a programme given 南昌's individual
award, and a chief quality officer nominated with a dossier ready to submit."""

from __future__ import annotations

import pytest

from applications.selectors.application import dossier_gaps
from awards.models import AwardProgramme
from awards.rulesets import rule_settings_snapshot
from demo.individual import INDIVIDUAL_AWARD_SETTINGS, individual_nominee_demo
from tests.factories import RecommenderFactory, RoundFactory, applicant_user

pytestmark = pytest.mark.django_db


def test_the_demo_nominates_a_chief_quality_officer() -> None:
    programme = AwardProgramme.objects.create(
        name="南昌市市长质量奖",
        slug="nanchang",
        awarding_body="南昌市人民政府",
        office_name="南昌市质量强市工作领导小组办公室",
        **INDIVIDUAL_AWARD_SETTINGS,
    )
    round = RoundFactory(programme=programme, rule_settings=rule_settings_snapshot(programme))
    user = applicant_user()
    organisation = user.organisation_membership.organisation
    app = individual_nominee_demo(round, organisation, user)
    assert app.is_individual and app.nominee.full_name == "万质诚"
    app.recommender = RecommenderFactory()
    assert dossier_gaps(app) == []
