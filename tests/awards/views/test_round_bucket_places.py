"""R2 / Art. 6: a round's places per sector bucket and level, set on the office's round pages
one field per bucket of the round's rules (three buckets, one bucket, the 2022 measures' two),
adding up to the level's places; kept as Round.bucket_places, which the ranking reads."""

from __future__ import annotations

import importlib
from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone, translation

from accounts.enums import Role
from awards import services
from awards.enums import RoundStage
from awards.models import AwardProgramme, Round
from awards.rulesets import round_bucket_places
from decisionlog.workflow import DomainError
from tests.factories import RoundFactory, UserFactory, grant_role, office_user, programme
from tests.factories.buckets import one_bucket, three_buckets

pytestmark = pytest.mark.django_db


def _approved(award: AwardProgramme, buckets: list[dict[str, Any]], **fields: Any) -> None:
    office = grant_role(UserFactory(), Role.OFFICE, prog=award)
    services.update_programme_rules(
        award, actor=office, reason="按本级办法", sector_buckets=buckets, **fields
    )
    leader = grant_role(UserFactory(), Role.LEADING_GROUP, prog=award)
    services.approve_programme_rules(award, actor=leader)


def _local(dt) -> str:  # type: ignore[no-untyped-def]
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def _post(**overrides: Any) -> dict[str, Any]:
    opens = timezone.now() + timedelta(days=5)
    data: dict[str, Any] = {
        "programme": programme().pk,
        "year": 2071,
        "title": "2071年度赣州市市长质量奖",
        "applications_open_at": _local(opens),
        "applications_close_at": _local(opens + timedelta(days=60)),
        "recommendation_required": "on",
        "prize_quota": 5,
        "places_prize_manufacturing": 2,
        "places_prize_construction": 1,
        "places_prize_service": 2,
        "nomination_quota": 5,
        "places_nomination_manufacturing": 2,
        "places_nomination_construction": 1,
        "places_nomination_service": 2,
        "material_weight": "0.40",
        "site_weight": "0.60",
        "site_review_min_score": "400",
        "prize_min_score": "550",
        "nomination_min_score": "450",
        "tilt_rule": "precedence",
        "tilt_bonus_points": "0",
        "publicity_days": 10,
        "prize_amount": "500000",
        "nomination_amount": "0",
    }
    data.update(overrides)
    return data


def test_a_three_bucket_round_is_created_with_each_buckets_places(client) -> None:  # type: ignore[no-untyped-def]
    """R2: the create page proposes the programme's places of each of its three buckets; the
    office sets construction's prize places to 2 (service 1) and the round keeps them."""
    _approved(programme(), three_buckets())
    client.force_login(office_user())
    form = client.get(reverse("awards:round_create")).context["form"]
    assert form["places_prize_construction"].value() == 1
    assert form["places_nomination_service"].value() == 2
    assert "prize_quota_manufacturing" not in form.fields
    response = client.post(
        reverse("awards:round_create"),
        _post(places_prize_construction=2, places_prize_service=1),
    )
    assert response.status_code == 302
    round = Round.objects.get(year=2071)
    expected = {
        "prize": {"manufacturing": 2, "construction": 2, "service": 1},
        "nomination": {"manufacturing": 2, "construction": 1, "service": 2},
    }
    assert round.bucket_places == expected
    assert round_bucket_places(round) == expected
    # The manufacturing and service columns mirror the places.
    assert (round.prize_quota_manufacturing, round.prize_quota_service) == (2, 1)
    # The settings page shows the round's own places.
    edit = client.get(reverse("awards:round_edit", args=[round.pk])).context["form"]
    assert edit["places_prize_construction"].value() == 2


def test_places_not_adding_up_are_refused_on_the_page_citing_article_6(client, settings) -> None:  # type: ignore[no-untyped-def]
    _approved(programme(), three_buckets())
    client.force_login(office_user())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    with translation.override("zh-hans"):
        response = client.post(reverse("awards:round_create"), _post(places_prize_construction=3))
    assert response.status_code == 200
    error = response.context["form"].errors["places_prize_service"][0]
    assert error == (
        "各行业类别的质量奖名额（制造业 2、建筑业 3、服务业 2）合计7个，须等于本年度质量奖名额5个。"
        "（《管理办法》第六条）"
    ), error
    assert not Round.objects.filter(year=2071).exists()


def test_negative_places_are_refused(client) -> None:  # type: ignore[no-untyped-def]
    _approved(programme(), three_buckets())
    client.force_login(office_user())
    response = client.post(
        reverse("awards:round_create"),
        _post(places_nomination_construction=-1, places_nomination_service=4),
    )
    assert response.status_code == 200
    assert "places_nomination_construction" in response.context["form"].errors
    assert not Round.objects.filter(year=2071).exists()


def test_a_one_bucket_programme_shows_one_field_a_level(client) -> None:  # type: ignore[no-untyped-def]
    """R2: a zone's one bucket ("all"): one field per level, no split."""
    _approved(programme(), one_bucket(prize=5, nomination=5))
    client.force_login(office_user())
    form = client.get(reverse("awards:round_create")).context["form"]
    place_fields = sorted(n for n in form.fields if n.startswith("places_"))
    assert place_fields == ["places_nomination_all", "places_prize_all"]
    data = {
        k: v
        for k, v in _post(prize_quota=4, places_prize_all=4, places_nomination_all=5).items()
        if not k.startswith("places_") or k.endswith("_all")
    }
    assert client.post(reverse("awards:round_create"), data).status_code == 302
    round = Round.objects.get(year=2071)
    assert round_bucket_places(round) == {"prize": {"all": 4}, "nomination": {"all": 5}}


def test_the_places_are_fixed_from_the_composite_evaluation(client) -> None:  # type: ignore[no-untyped-def]
    round = RoundFactory(stage=RoundStage.COMPOSITE)
    client.force_login(office_user())
    form = client.get(reverse("awards:round_edit", args=[round.pk])).context["form"]
    assert form.fields["places_prize_manufacturing"].disabled
    assert form.fields["places_nomination_service"].disabled


def test_the_service_refuses_a_bucket_the_rules_do_not_have() -> None:
    round = RoundFactory(stage=RoundStage.DRAFT)
    with pytest.raises(DomainError):
        services.update_round_settings(
            round,
            actor=office_user(),
            bucket_places={
                "prize": {"manufacturing": 3, "education": 2},
                "nomination": {"manufacturing": 3, "service": 2},
            },
        )
    round.refresh_from_db()
    assert round.bucket_places == {}


def test_a_draft_whose_programme_changed_its_buckets_sets_its_places_before_the_call() -> None:
    """R2: a draft made under two buckets is refused the call once the programme keeps three,
    until the office sets the places of the three."""
    office = office_user()
    opens = timezone.now() + timedelta(days=1)
    draft = services.create_round(
        programme(),
        actor=office,
        year=2073,
        title="2073年度赣州市市长质量奖",
        applications_open_at=opens,
        applications_close_at=opens + timedelta(days=30),
    )
    assert set(draft.bucket_places["prize"]) == {"manufacturing", "service"}
    _approved(programme(), three_buckets())
    with pytest.raises(DomainError):
        services.publish_call(draft, actor=office, call_notice="通知")
    services.update_round_settings(
        draft,
        actor=office,
        bucket_places={
            "prize": {"manufacturing": 2, "construction": 1, "service": 2},
            "nomination": {"manufacturing": 2, "construction": 1, "service": 2},
        },
    )
    draft.refresh_from_db()
    services.publish_call(draft, actor=office, call_notice="通知")
    draft.refresh_from_db()
    assert round_bucket_places(draft)["prize"]["construction"] == 1


def test_the_migration_fills_the_places_from_the_columns_and_the_kept_rules() -> None:
    """Existing rounds: the manufacturing and service buckets from their columns, any other
    bucket from the places its rules kept."""
    old = RoundFactory(
        rule_settings={"sector_buckets": three_buckets(prize=(2, 1, 2))},
        prize_quota_manufacturing=1,
        prize_quota_service=3,
    )
    two = RoundFactory(prize_quota_manufacturing=2, prize_quota_service=1)
    migration = importlib.import_module("awards.migrations.0021_round_bucket_places")
    migration.fill_bucket_places(apps, None)
    old.refresh_from_db()
    two.refresh_from_db()
    assert old.bucket_places["prize"] == {"manufacturing": 1, "construction": 1, "service": 3}
    assert two.bucket_places["prize"] == {"manufacturing": 2, "service": 1}
