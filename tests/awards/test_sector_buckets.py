"""R2 / Art. 6: sector buckets as programme rule settings: named sets of GB/T 4754 sections,
each with its places at each level adding up to the level's places; the 2022 measures' 制造业
(C) 3 and 服务业及其他 (the rest) 2 of 5; a zone award's one bucket; three buckets elsewhere.
A round keeps the buckets it opened under; an organisation's bucket comes from its section."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.enums import Role
from applications.services.application import start_application
from awards import services
from awards.buckets import bucket_for_section, buckets_from_json
from awards.enums import RoundStage
from awards.models import AwardProgramme
from awards.rules import round_proposal
from awards.rulesets import programme_rule_settings, round_rule_settings
from decisionlog.workflow import DomainError
from tests.awards.views.test_programme_rules_pages import RULES
from tests.factories import (
    OrganisationFactory,
    RoundFactory,
    UserFactory,
    applicant_user,
    grant_role,
    office_user,
    programme,
)
from tests.factories.buckets import THREE_BUCKET_LINES, three_buckets

pytestmark = pytest.mark.django_db

THREE = three_buckets()
THREE_LINES = THREE_BUCKET_LINES


def _zone() -> AwardProgramme:
    return AwardProgramme.objects.create(
        name="赣州经开区主任质量奖",
        slug="gz-zone",
        awarding_body="赣州经济技术开发区管委会",
        office_name="经开区质量强区工作领导小组办公室",
        prize_places_limit=3,
        nomination_places_limit=0,
        manufacturing_places_limit=3,
        service_places_limit=3,
    )


def _approved(award: AwardProgramme, **fields: Any) -> AwardProgramme:
    """The award's rules changed by its office and approved by its leading group."""
    office = grant_role(UserFactory(), Role.OFFICE, prog=award)
    services.update_programme_rules(award, actor=office, reason="按本级办法", **fields)
    leader = grant_role(UserFactory(), Role.LEADING_GROUP, prog=award)
    return services.approve_programme_rules(award, actor=leader)


def test_the_2022_measures_manufacturing_c_3_places_the_rest_2() -> None:
    buckets = programme_rule_settings(programme()).buckets()
    assert [(b.code, b.name, b.sections, b.prize_places, b.nomination_places) for b in buckets] == [
        ("manufacturing", "制造业", ("C",), 3, 3),
        ("service", "服务业及其他", (), 2, 2),
    ]
    assert bucket_for_section(buckets, "C").code == "manufacturing"  # type: ignore[union-attr]
    assert bucket_for_section(buckets, "Q").code == "service"  # type: ignore[union-attr]


def test_a_programme_of_one_bucket_puts_every_organisation_in_it() -> None:
    one = [
        {
            "code": "all",
            "name": "全部行业",
            "sections": [],
            "prize_places": 3,
            "nomination_places": 0,
        }
    ]
    zone = _approved(_zone(), sector_buckets=one)
    buckets = programme_rule_settings(zone).buckets()
    assert [b.code for b in buckets] == ["all"]
    assert {bucket_for_section(buckets, s).code for s in "CEQ"} == {"all"}  # type: ignore[union-attr]
    proposal = round_proposal(zone, timezone.localdate())
    assert (proposal["prize_quota"], proposal["prize_quota_manufacturing"]) == (3, 0)


def test_a_programme_of_three_buckets_places_construction_apart() -> None:
    changed = _approved(programme(), sector_buckets=THREE)
    buckets = programme_rule_settings(changed).buckets()
    assert [bucket_for_section(buckets, s).code for s in "CEFQ"] == [  # type: ignore[union-attr]
        "manufacturing",
        "construction",
        "service",
        "service",
    ]
    # The round's own columns hold the two buckets of the 2022 measures' codes.
    proposal = round_proposal(changed, timezone.localdate())
    assert (proposal["prize_quota_manufacturing"], proposal["prize_quota_service"]) == (2, 2)


def test_an_organisation_applies_in_the_bucket_of_its_section() -> None:
    _approved(programme(), sector_buckets=THREE)
    builder = OrganisationFactory(industry_section="E", name="赣州建工集团有限公司")
    round = RoundFactory()
    application = start_application(round, actor=applicant_user(builder), organisation=builder)
    assert application.sector == "construction"
    assert application.get_sector_display() == "建筑业"


@pytest.mark.parametrize(
    ("buckets", "message"),
    [
        (
            [{**THREE[0], "prize_places": 3}, *THREE[1:]],
            "各行业类别的获奖名额之和为6，须等于每届获奖名额5。",
        ),
        (
            [*THREE[:2], {**THREE[2], "nomination_places": 1}],
            "各行业类别的提名奖名额之和为4，须等于每届提名奖名额5。",
        ),
        (
            [{**THREE[0], "sections": ["C", "E"]}, *THREE[1:]],
            "一个门类只能属于一个行业类别：E。",
        ),
        (
            [{**THREE[0], "sections": []}, *THREE[1:]],
            "只能有一个行业类别收录其他类别未列明的门类。",
        ),
    ],
)
def test_buckets_that_do_not_add_up_are_refused_in_chinese(buckets, message) -> None:  # type: ignore[no-untyped-def]
    with translation.override("zh-hans"), pytest.raises(DomainError) as refused:
        services.update_programme_rules(programme(), actor=office_user(), sector_buckets=buckets)
    assert message in refused.value.message
    assert programme().rules_version == 1


def test_the_rules_page_shows_and_refuses_buckets_in_chinese(client, settings) -> None:  # type: ignore[no-untyped-def]
    client.force_login(office_user())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    url = reverse("awards:programme_rules", args=[programme().pk])
    page = client.get(url).content.decode()
    assert "manufacturing | 制造业 | C | 3 | 3" in page
    wrong = THREE_LINES.replace("service | 服务业 | * | 2 | 2", "service | 服务业 | * | 1 | 2")
    refused = client.post(url, {**RULES, "sector_buckets": wrong})
    assert refused.context["form"].errors["sector_buckets"] == [
        "各行业类别的获奖名额之和为4，须等于每届获奖名额5。"
    ]
    refused = client.post(url, {**RULES, "sector_buckets": "manufacturing | 制造业 | C | 5"})
    assert refused.context["form"].errors["sector_buckets"] == [
        "第1行：请按“代码 | 名称 | 门类 | 获奖名额 | 提名奖名额”填写。"
    ]
    assert programme().rules_version == 1
    client.post(url, {**RULES, "sector_buckets": THREE_LINES})
    assert [b["code"] for b in programme().sector_buckets] == [
        "manufacturing",
        "construction",
        "service",
    ]
    assert "建筑业（E）：获奖名额1个，提名奖名额1个" in client.get(url).content.decode()


def test_a_round_keeps_its_buckets_after_the_programme_changes() -> None:
    office = office_user()
    now = timezone.now()
    draft = RoundFactory(
        stage=RoundStage.DRAFT,
        call_notice="",
        call_published_at=None,
        applications_open_at=now,
        applications_close_at=now + timedelta(days=30),
    )
    round = services.publish_call(draft, actor=office, call_notice="通知")
    round.refresh_from_db()
    _approved(programme(), sector_buckets=THREE)
    round.refresh_from_db()
    kept = buckets_from_json(round_rule_settings(round).sector_buckets)
    assert [b.code for b in kept] == ["manufacturing", "service"]
    assert [
        b.code for b in round_rule_settings(draft.__class__.objects.get(pk=draft.pk)).buckets()
    ] == [
        "manufacturing",
        "service",
    ]


def test_buckets_not_changed_are_not_checked_again() -> None:
    """A programme whose buckets were never set to its places (the zone's 3 places, the
    default buckets' 5) still changes its other rules; its buckets are checked once set."""
    zone = _approved(_zone(), min_operation_years=5)
    assert zone.min_operation_years == 5
    with pytest.raises(DomainError):
        _approved(zone, sector_buckets=THREE)


def test_the_call_notice_lists_the_places_of_each_bucket(client) -> None:  # type: ignore[no-untyped-def]
    """R2 / Art. 6: the public call page gives the places of each bucket of the round."""
    round = RoundFactory(
        rule_settings={"sector_buckets": THREE},
        prize_quota=5,
        prize_quota_manufacturing=2,
        prize_quota_service=2,
    )
    body = client.get(reverse("awards:call_detail", args=[round.pk])).content.decode()
    assert "<th>建筑业</th>" in body and "<th>服务业</th>" in body
