"""R1 / R2 / Art. 6: the years between rounds and the place limits are versioned rule settings:
the office changes them on the rules page, the leading group approves the version, a new round
is proposed and checked under the new numbers, and a round already open keeps the old ones."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone, translation

from awards import services
from awards.buckets import default_bucket_json
from awards.enums import RoundStage
from awards.models import AwardProgramme, Round
from awards.rules import check_quotas, check_round_interval, round_proposal
from awards.rulesets import round_rule_settings, rule_settings_snapshot
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from tests.awards.helpers import other_programme_office
from tests.awards.views.test_programme_rules_pages import RULES
from tests.factories import RoundFactory, leading_group_user, office_user, programme

pytestmark = pytest.mark.django_db

# One round every year, at most 4 prizes (2 manufacturing, 2 service) and no nomination prize.
NEW_LIMITS = {
    "round_interval_years": "1",
    "prize_places_limit": "4",
    "nomination_places_limit": "0",
    "manufacturing_places_limit": "2",
    "service_places_limit": "2",
    "sector_buckets": "manufacturing | 制造业 | C | 2 | 0\nservice | 服务业及其他 | * | 2 | 0",
    "reason": "按新修订的办法第六条",
}
PLACE_SETTINGS = (
    "bucket_places",
    "prize_quota",
    "prize_quota_manufacturing",
    "prize_quota_service",
    "nomination_quota",
    "nomination_quota_manufacturing",
    "nomination_quota_service",
    "prize_amount",
    "nomination_amount",
)


@pytest.fixture
def in_chinese(client, settings) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """The office's own language, in place of the English of tests/awards."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    with translation.override("zh-hans"):
        yield


def _rules_url() -> str:
    return reverse("awards:programme_rules", args=[programme().pk])


def _open_round() -> Round:
    """A round of 2024 whose call was published under version 1 (the 2022 measures)."""
    return RoundFactory(
        year=2024,
        title="赣州市市长质量奖（测试届）",
        rule_settings=rule_settings_snapshot(programme()),
        rule_settings_version=1,
    )


def test_a_new_round_follows_the_approved_interval_and_limits_an_open_round_keeps_its_own(
    client,  # type: ignore[no-untyped-def]
) -> None:
    open_round = _open_round()
    with pytest.raises(DomainError):
        check_round_interval(programme(), 2025)
    client.force_login(office_user())
    client.post(_rules_url(), {**RULES, **NEW_LIMITS})
    changed = programme()
    assert (
        changed.round_interval_years,
        changed.prize_places_limit,
        changed.nomination_places_limit,
        changed.manufacturing_places_limit,
        changed.service_places_limit,
    ) == (1, 4, 0, 2, 2)
    assert (changed.rules_version, changed.rules_approved) == (2, False)
    entry = DecisionLogEntry.objects.get(action="programme.rules")
    assert entry.data["old"]["round_interval_years"] == "2"
    assert entry.data["new"]["prize_places_limit"] == "4"

    client.force_login(leading_group_user())
    approve = reverse("awards:approve_programme_rules", args=[changed.pk])
    client.post(approve, {"confirm": "on", "note": "同意"})
    assert programme().rules_approved is True

    # A new round: proposed the next year, titled for one year, with the new places.
    proposal = round_proposal(programme(), date(2025, 3, 1))
    assert (proposal["year"], proposal["title"]) == (2025, "2025年度赣州市市长质量奖")
    assert (proposal["prize_quota"], proposal["nomination_quota"]) == (4, 0)
    now = timezone.now()
    new_round = services.create_round(
        programme(),
        actor=office_user(),
        year=proposal["year"],
        title=proposal["title"],
        applications_open_at=now + timedelta(days=1),
        applications_close_at=now + timedelta(days=30),
        **{name: proposal[name] for name in PLACE_SETTINGS},
    )
    assert round_rule_settings(new_round).prize_places_limit == 4
    new_round.prize_quota = 5
    with pytest.raises(DomainError, match="4"):
        check_quotas(new_round)

    # The round already open keeps two years between rounds and five places of each level.
    open_round.refresh_from_db()
    kept = round_rule_settings(open_round)
    assert (kept.round_interval_years, kept.prize_places_limit, kept.nomination_places_limit) == (
        2,
        5,
        5,
    )
    assert open_round.prize_quota == 5
    check_quotas(open_round)


def test_the_office_of_another_programme_cannot_change_the_interval_or_the_places(
    client,  # type: ignore[no-untyped-def]
) -> None:
    outsider = other_programme_office()
    client.force_login(outsider)
    assert client.post(_rules_url(), {**RULES, **NEW_LIMITS}).status_code == 404
    with pytest.raises(DomainError):
        services.update_programme_rules(programme(), actor=outsider, round_interval_years=1)
    unchanged = programme()
    assert (unchanged.round_interval_years, unchanged.prize_places_limit) == (2, 5)
    assert unchanged.rules_version == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("round_interval_years", "6", "第六条：评审间隔年限须为1至5之间的整数。"),
        ("round_interval_years", "0", "第六条：评审间隔年限须为1至5之间的整数。"),
        ("prize_places_limit", "0", "第六条：每届质量奖名额须为1至50个。"),
        ("nomination_places_limit", "51", "第六条：每届提名奖名额须为0至50个（0表示不设提名奖）。"),
        ("manufacturing_places_limit", "51", "第六条：每个奖项的制造业名额须为0至50个。"),
    ],
)
@pytest.mark.usefixtures("in_chinese")
def test_a_number_outside_its_range_comes_back_in_chinese_citing_article_6(
    client,  # type: ignore[no-untyped-def]
    field: str,
    value: str,
    message: str,
) -> None:
    client.force_login(office_user())
    response = client.post(_rules_url(), {**RULES, field: value})
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert message in response.content.decode()
    assert programme().rules_version == 1


@pytest.mark.usefixtures("in_chinese")
def test_manufacturing_and_service_places_must_add_up_to_the_prize_places(
    client,  # type: ignore[no-untyped-def]
) -> None:
    client.force_login(office_user())
    response = client.post(_rules_url(), {**RULES, "service_places_limit": "3"})
    assert response.status_code == 200
    assert response.context["form"].errors["service_places_limit"] == [
        "制造业与服务业名额（3 + 3）之和须等于获奖名额（5）。"
    ]
    with pytest.raises(DomainError):
        services.update_programme_rules(
            programme(), actor=office_user(), reason="测试", service_places_limit=3
        )
    assert programme().rules_version == 1


def test_bucket_places_must_add_up_to_new_places_per_round(
    client,  # type: ignore[no-untyped-def]
) -> None:
    """R2: fewer prize places per round without fewer places in the buckets is refused."""
    client.force_login(office_user())
    response = client.post(
        _rules_url(),
        {**RULES, "prize_places_limit": "4", "manufacturing_places_limit": "2"},
    )
    assert response.status_code == 200
    assert "sector_buckets" in response.context["form"].errors
    assert programme().rules_version == 1


def test_other_buckets_are_not_asked_manufacturing_and_service_places(
    client,  # type: ignore[no-untyped-def]
) -> None:
    AwardProgramme.objects.filter(pk=programme().pk).update(
        sector_buckets=[
            {"code": "industry", "name": "工业", "sections": ["B", "C", "D"]}
            | {"prize_places": 3, "nomination_places": 3},
            {"code": "other", "name": "其他", "sections": []}
            | {"prize_places": 2, "nomination_places": 2},
        ]
    )
    client.force_login(office_user())
    form = client.get(_rules_url()).context["form"]
    assert "manufacturing_places_limit" not in form.fields
    assert "round_interval_years" in form.fields
    data = {
        **RULES,
        "sector_buckets": "industry | 工业 | B C D | 3 | 3\nother | 其他 | * | 2 | 2",
        "round_interval_years": "3",
    }
    del data["manufacturing_places_limit"], data["service_places_limit"]
    client.post(_rules_url(), data)
    assert (programme().round_interval_years, programme().rules_version) == (3, 2)


def _approve(**settings: object) -> None:
    services.update_programme_rules(programme(), actor=office_user(), reason="第六条", **settings)
    services.approve_programme_rules(programme(), actor=leading_group_user())


def test_a_draft_with_more_places_than_the_newly_approved_limit_cannot_publish_its_call() -> None:
    draft = RoundFactory(stage=RoundStage.DRAFT, call_published_at=None)
    assert draft.prize_quota == 5
    _approve(
        prize_places_limit=4,
        manufacturing_places_limit=2,
        service_places_limit=2,
        sector_buckets=default_bucket_json(2, 2, 5),
    )
    with pytest.raises(DomainError, match="4"):
        services.publish_call(draft, actor=office_user(), call_notice="通知")
    draft.refresh_from_db()
    assert draft.stage == RoundStage.DRAFT


def test_a_draft_too_close_to_another_round_under_the_new_interval_cannot_publish_its_call() -> (
    None
):
    _approve(round_interval_years=1)
    RoundFactory(year=2040)
    now = timezone.now()
    draft = services.create_round(
        programme(),
        actor=office_user(),
        year=2041,
        title="2041年度赣州市市长质量奖",
        applications_open_at=now + timedelta(days=1),
        applications_close_at=now + timedelta(days=30),
    )
    _approve(round_interval_years=2)
    with pytest.raises(DomainError):
        services.publish_call(draft, actor=office_user(), call_notice="通知")
    draft.refresh_from_db()
    assert draft.stage == RoundStage.DRAFT


def test_a_round_open_before_the_limits_were_rule_settings_keeps_its_programmes() -> None:
    """The data migration: an open round's copy of the rules gains the interval and limits
    its programme had; a draft keeps no copy."""
    migration = importlib.import_module(
        "awards.migrations.0023_versioned_round_interval_and_place_limits"
    )
    AwardProgramme.objects.filter(pk=programme().pk).update(
        round_interval_years=1, prize_places_limit=3, nomination_places_limit=0
    )
    open_round = RoundFactory(rule_settings={"min_operation_years": 3}, rule_settings_version=1)
    draft = RoundFactory(stage=RoundStage.DRAFT)
    migration.keep_limits_of_open_rounds(apps, None)
    open_round.refresh_from_db()
    draft.refresh_from_db()
    assert open_round.rule_settings == {
        "min_operation_years": 3,
        "round_interval_years": 1,
        "prize_places_limit": 3,
        "nomination_places_limit": 0,
        "manufacturing_places_limit": 3,
        "service_places_limit": 2,
    }
    assert round_rule_settings(open_round).prize_places_limit == 3
    assert draft.rule_settings == {}
