"""A programme's rules as data (R1, R5; Art. 10, 13): the office changes them, each change is a
new version the leading group approves, and a round keeps the rules it opened under."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from accounts.enums import Role
from applications.eligibility import compute_conditions
from applications.enums import EligibilityCondition
from awards import services
from awards.enums import RoundStage
from awards.models import AwardProgramme, Round
from awards.rulesets import RuleSettings, round_rule_settings, rule_settings_snapshot
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from tests.applications.test_eligibility_computed import _application, _round
from tests.awards.helpers import in_english  # noqa: F401  (autouse: messages in English)
from tests.factories import (
    RoundFactory,
    UserFactory,
    grant_role,
    leading_group_user,
    office_user,
    programme,
)

pytestmark = pytest.mark.django_db


def _county() -> AwardProgramme:
    return AwardProgramme.objects.create(
        name="某县县长质量奖", slug="county-x", awarding_body="某县人民政府", office_name="县办"
    )


def test_a_change_is_a_new_version_awaiting_approval_and_logged() -> None:
    office = office_user()
    changed = services.update_programme_rules(
        programme(), actor=office, reason="县级奖项参照", min_operation_years=5
    )
    assert (changed.min_operation_years, changed.rules_version) == (5, 2)
    assert changed.rules_approved is False
    entry = DecisionLogEntry.objects.get(action="programme.rules")
    assert entry.data == {
        "old": {"min_operation_years": "3"},
        "new": {"min_operation_years": "5"},
        "version": 2,
    }


def test_nothing_changed_writes_nothing() -> None:
    services.update_programme_rules(programme(), actor=office_user(), min_operation_years=3)
    assert programme().rules_version == 1
    assert not DecisionLogEntry.objects.filter(action="programme.rules").exists()


def test_a_number_out_of_range_is_refused_and_nothing_is_written() -> None:
    with pytest.raises(DomainError) as refused:
        services.update_programme_rules(programme(), actor=office_user(), profitable_years=4)
    assert refused.value.message == (
        "“consecutive profitable years required” must be a whole number from 1 to 3."
    )
    fresh = programme()
    assert (fresh.profitable_years, fresh.rules_version) == (2, 1)
    assert not DecisionLogEntry.objects.filter(action="programme.rules").exists()


def test_an_unknown_publicity_unit_is_refused() -> None:
    with pytest.raises(DomainError):
        services.update_programme_rules(
            programme(), actor=office_user(), publicity_day_unit="lunar"
        )
    assert programme().publicity_day_unit == "calendar"


def test_the_office_of_another_programme_cannot_change_the_rules() -> None:
    outsider = grant_role(UserFactory(), Role.OFFICE, prog=_county())
    with pytest.raises(DomainError):
        services.update_programme_rules(programme(), actor=outsider, min_operation_years=5)
    assert programme().min_operation_years == 3


def test_the_leading_group_approves_the_new_version() -> None:
    services.update_programme_rules(programme(), actor=office_user(), profitable_years=3)
    member = leading_group_user()
    approved = services.approve_programme_rules(programme(), actor=member, note="同意")
    assert (approved.rules_approved, approved.rules_approved_version) == (True, 2)
    assert approved.rules_approved_by == member
    entry = DecisionLogEntry.objects.get(action="programme.approve_rules")
    assert entry.data["profitable_years"] == 3
    assert entry.data["version"] == 2
    # Approving again is a no-op.
    services.approve_programme_rules(programme(), actor=member)
    assert DecisionLogEntry.objects.filter(action="programme.approve_rules").count() == 1


def test_the_leading_group_of_another_programme_cannot_approve() -> None:
    services.update_programme_rules(programme(), actor=office_user(), profitable_years=3)
    outsider = grant_role(UserFactory(), Role.LEADING_GROUP, prog=_county())
    with pytest.raises(DomainError):
        services.approve_programme_rules(programme(), actor=outsider)
    assert programme().rules_approved is False


def test_the_office_cannot_approve_its_own_change() -> None:
    office = office_user()
    services.update_programme_rules(programme(), actor=office, profitable_years=3)
    with pytest.raises(DomainError):
        services.approve_programme_rules(programme(), actor=office)
    assert programme().rules_approved is False


def _draft() -> Round:
    now = timezone.now()
    return RoundFactory(
        stage=RoundStage.DRAFT,
        call_notice="",
        call_published_at=None,
        applications_open_at=now,
        applications_close_at=now + timedelta(days=30),
    )


def test_a_round_cannot_open_under_rules_awaiting_approval() -> None:
    office = office_user()
    round = _draft()
    services.update_programme_rules(programme(), actor=office, min_operation_years=5)
    with pytest.raises(DomainError) as refused:
        services.publish_call(round, actor=office, call_notice="通知")
    assert refused.value.user_message == (
        "The leading group has not yet approved version 2 of the programme's rules; a round "
        "can open only under approved rules. (Art. 10 of the Measures)"
    )
    round.refresh_from_db()
    assert round.stage == RoundStage.DRAFT


def test_a_round_keeps_the_rules_it_opened_under() -> None:
    office = office_user()
    services.update_programme_rules(programme(), actor=office, min_operation_years=4)
    services.approve_programme_rules(programme(), actor=leading_group_user())
    round = services.publish_call(_draft(), actor=office, call_notice="通知")
    round.refresh_from_db()
    assert round.rule_settings_version == 2
    assert round.rule_settings == rule_settings_snapshot(programme())
    services.update_programme_rules(programme(), actor=office, min_operation_years=8)
    services.approve_programme_rules(programme(), actor=leading_group_user())
    round.refresh_from_db()
    assert round_rule_settings(round) == RuleSettings(
        min_operation_years=4,
        prize_name="赣州市市长质量奖",
        nomination_name="赣州市市长质量奖提名奖",
    )
    # A draft round follows the programme until it opens.
    assert round_rule_settings(_draft()).min_operation_years == 8


def test_eligibility_of_an_open_round_is_not_changed_by_a_later_rule_change() -> None:
    open_round = _round()
    Round.objects.filter(pk=open_round.pk).update(
        rule_settings=rule_settings_snapshot(programme()), rule_settings_version=1
    )
    open_round.refresh_from_db()
    application = _application(open_round)
    office = office_user()
    services.update_programme_rules(programme(), actor=office, min_operation_years=7)
    services.approve_programme_rules(programme(), actor=leading_group_user())
    application.round.refresh_from_db()
    c1 = compute_conditions(application)[EligibilityCondition.C1_REGISTRATION]
    # 6 years 2 months: met under the 3 years the round opened with, not the programme's 7.
    assert c1.met is True


def test_a_round_open_before_validity_was_a_rule_setting_keeps_its_programmes_validity() -> None:
    """The data migration: an open round's copy of the rules gains the validity its programme
    had (no version held it) and the measures' two rounds; a draft keeps no copy."""
    migration = importlib.import_module(
        "awards.migrations.0013_versioned_validity_and_reapplication_rounds"
    )
    AwardProgramme.objects.filter(pk=programme().pk).update(validity_years=4)
    open_round = RoundFactory(rule_settings={"min_operation_years": 3}, rule_settings_version=1)
    draft = RoundFactory(stage=RoundStage.DRAFT)
    migration.keep_validity_of_open_rounds(apps, None)
    open_round.refresh_from_db()
    draft.refresh_from_db()
    assert open_round.rule_settings == {
        "min_operation_years": 3,
        "validity_years": 4,
        "reapplication_rounds": 2,
    }
    assert round_rule_settings(open_round).validity_years == 4
    assert draft.rule_settings == {}
