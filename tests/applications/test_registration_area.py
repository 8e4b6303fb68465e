"""R5 / Art. 13(1): a programme's registration area ("在本市行政区域内依法登记注册"; a zone's
award: units registered in the zone): the eligibility row, the refusal to start an application
or a nomination, the applicant's dashboard and the call notice, and a round keeping its area
when the programme changes it."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone, translation

from applications.eligibility import applicable_conditions, compute_conditions
from applications.enums import EligibilityCondition
from applications.models import Application
from applications.rules import start_refusal
from applications.selectors.application import dashboard_applicant
from applications.services.application import start_application
from applications.services.nominee import start_individual_application
from awards import services as award_services
from awards.areas import area_parts, area_text, in_registration_area
from awards.enums import RoundStage
from awards.models import Round
from awards.rulesets import round_rule_settings, rule_settings_snapshot
from decisionlog.workflow import DomainError
from organisations.models import Division, Organisation
from tests.applications.individual import nanchang, nanchang_round, person
from tests.awards.helpers import in_english  # noqa: F401  (autouse: messages in English)
from tests.factories import (
    ApplicationFactory,
    OrganisationFactory,
    RoundFactory,
    applicant_user,
    leading_group_user,
    office_user,
    programme,
)

pytestmark = pytest.mark.django_db

GANZHOU = [
    "360702", "360703", "360704", "360722", "360723", "360724", "360725", "360726", "360728",
    "360729", "360730", "360731", "360732", "360733", "360734", "360735", "360781", "360783",
    "GZETDZ", "GZRJXQ",
]  # fmt: skip


def honggutan() -> Division:
    return Division.objects.get_or_create(
        code="360113",
        defaults={"name": "南昌市红谷滩区", "kind": "district", "order": 900, "city": "南昌市"},
    )[0]


def nanchang_organisation() -> Organisation:
    return OrganisationFactory(name="南昌示范光电科技有限公司", division=honggutan())


def ganzhou_round(**kwargs: object) -> Round:
    """An open round of the Mayor's award that kept 赣州市 as its area."""
    return RoundFactory(rule_settings={"registration_area": GANZHOU}, **kwargs)


REFUSAL = (
    "赣州市市长质量奖 is open only to organisations registered in the whole of 赣州市; "
    "南昌示范光电科技有限公司 is registered in 南昌市红谷滩区."
)


# --- The divisions by city and the area's wording ------------------------------------------


def test_the_migration_gives_ganzhous_divisions_their_city() -> None:
    assert (
        list(
            Division.objects.filter(city="赣州市").order_by("order").values_list("code", flat=True)
        )
        == GANZHOU
    )


def test_a_whole_city_is_named_by_the_city_other_divisions_by_their_names() -> None:
    honggutan()
    assert area_parts(GANZHOU) == ["the whole of 赣州市"]
    assert area_parts(["GZETDZ"]) == ["赣州经济技术开发区"]
    # 红谷滩区 is the only division of 南昌市 here, but one division is not "a whole city".
    assert area_parts(["360702", "360113"]) == ["章贡区", "南昌市红谷滩区"]
    assert area_text([]) == "no restriction"


# --- The eligibility row (R5 / Art. 13(1)) -------------------------------------------------


def test_the_area_row_is_met_for_an_organisation_registered_in_the_zone_r5() -> None:
    round = RoundFactory(rule_settings={"registration_area": ["GZETDZ"]})
    zone = Division.objects.get(code="GZETDZ")
    application = ApplicationFactory(round=round, organisation=OrganisationFactory(division=zone))
    assert EligibilityCondition.AREA in applicable_conditions(application)
    row = compute_conditions(application)[EligibilityCondition.AREA]
    assert (row.met, row.working) == (
        True,
        "Registered in 赣州经济技术开发区; the award is open to 赣州经济技术开发区: met.",
    )


def test_the_area_row_is_not_met_for_an_organisation_registered_outside_the_zone_r5() -> None:
    round = RoundFactory(rule_settings={"registration_area": ["GZETDZ"]})
    application = ApplicationFactory(round=round)  # 章贡区
    row = compute_conditions(application)[EligibilityCondition.AREA]
    assert (row.met, row.working) == (
        False,
        "Registered in 章贡区; the award is open to 赣州经济技术开发区: not met.",
    )


def test_a_round_without_an_area_has_no_area_row_r5() -> None:
    application = ApplicationFactory(round=RoundFactory())
    assert EligibilityCondition.AREA not in applicable_conditions(application)
    assert EligibilityCondition.AREA not in compute_conditions(application)


def test_the_area_row_label_cites_article_13_1_in_chinese() -> None:
    with translation.override("zh-hans"):
        assert str(EligibilityCondition.AREA.label) == "（一）在本奖项规定的区域内依法登记注册"


# --- Starting an application or a nomination (the service refuses) ------------------------


def test_an_organisation_outside_the_area_cannot_start_an_application_r5() -> None:
    organisation = nanchang_organisation()
    user = applicant_user(organisation)
    round = ganzhou_round()
    with pytest.raises(DomainError) as refused:
        start_application(round, organisation, actor=user)
    assert refused.value.message == REFUSAL
    assert refused.value.user_message == f"{REFUSAL} (Art. 13 of the Measures)"
    assert not Application.objects.exists()


def test_the_refusal_reads_in_chinese_r5() -> None:
    organisation = nanchang_organisation()
    user = applicant_user(organisation)
    with translation.override("zh-hans"):
        with pytest.raises(DomainError) as refused:
            start_application(ganzhou_round(), organisation, actor=user)
        assert refused.value.user_message == (
            "赣州市市长质量奖仅限在赣州市行政区域内依法登记注册的组织申报；"
            "南昌示范光电科技有限公司的注册地为南昌市红谷滩区。（《管理办法》第十三条）"
        )


def test_an_organisation_inside_the_area_starts_its_application_r5() -> None:
    organisation = OrganisationFactory()  # 章贡区
    user = applicant_user(organisation)
    round = ganzhou_round()
    application = start_application(round, organisation, actor=user)
    assert application.round == round
    assert start_refusal(organisation, round) is None


def test_a_nominated_person_follows_the_employers_registration_r5() -> None:
    round = nanchang_round()
    Round.objects.filter(pk=round.pk).update(
        rule_settings={**round.rule_settings, "registration_area": ["360113"]}
    )
    round.refresh_from_db()
    inside = applicant_user(nanchang_organisation())
    outside = applicant_user(OrganisationFactory(name="赣州某企业有限公司"))  # 章贡区
    with pytest.raises(DomainError) as refused:
        start_individual_application(
            round, outside.organisation_membership.organisation, actor=outside, **person()
        )
    assert refused.value.message == (
        "南昌市市长质量奖 is open only to organisations registered in 南昌市红谷滩区; "
        "赣州某企业有限公司 is registered in 章贡区."
    )
    application = start_individual_application(
        round, inside.organisation_membership.organisation, actor=inside, **person()
    )
    assert application.is_individual


# --- The applicant's dashboard and the call notice -----------------------------------------


def test_the_dashboard_says_why_instead_of_offering_the_round_r5(client) -> None:  # type: ignore[no-untyped-def]
    organisation = nanchang_organisation()
    user = applicant_user(organisation)
    round = ganzhou_round()
    inside = ganzhou_round(year=2050)
    Round.objects.filter(pk=inside.pk).update(programme=nanchang(), rule_settings={})
    client.force_login(user)
    body = client.get(reverse("accounts:dashboard")).content.decode()
    row = body.split('class="small text-danger mb-0 start-refusal"')
    assert len(row) == 2
    assert row[1].split("</p>")[0] == f">{REFUSAL} (Art. 13 of the Measures)"
    assert reverse("applications:start", args=[round.pk]) not in body
    # A round without an area is offered.
    assert reverse("applications:start", args=[inside.pk]) in body


def test_the_dashboard_does_not_offer_a_nomination_outside_the_area_r5() -> None:
    round = nanchang_round()
    Round.objects.filter(pk=round.pk).update(
        rule_settings={**round.rule_settings, "registration_area": ["360113"]}
    )
    outside = applicant_user(OrganisationFactory())
    inside = applicant_user(nanchang_organisation())
    (row,) = dashboard_applicant(outside)["nominate_rounds"]
    assert row["refusal"].startswith("南昌市市长质量奖 is open only to organisations registered")
    (row,) = dashboard_applicant(inside)["nominate_rounds"]
    assert row["refusal"] is None


def test_the_dashboard_queries_do_not_grow_with_refused_rounds_r5(  # type: ignore[no-untyped-def]
    django_assert_num_queries,
) -> None:
    user = applicant_user(nanchang_organisation())
    ganzhou_round(year=2050)
    user = type(user).objects.get(pk=user.pk)
    # The organisation, the open rounds, R7's programmes that may refuse (prizes), the
    # divisions (once, to name the area), the applications and the bars in force (R8's
    # programmes that may refuse too).
    with django_assert_num_queries(6) as one:
        assert len(dashboard_applicant(user)["open_rounds"]) == 1
    for year in (2052, 2054, 2056):
        ganzhou_round(year=year)
    user = type(user).objects.get(pk=user.pk)
    with django_assert_num_queries(len(one.captured_queries)):
        rows = dashboard_applicant(user)["open_rounds"]
    assert len(rows) == 4 and all(row["refusal"] for row in rows)


def test_the_call_notice_tells_an_organisation_outside_why_and_offers_no_button_r5(client) -> None:  # type: ignore[no-untyped-def]
    round = ganzhou_round()
    client.force_login(applicant_user(nanchang_organisation()))
    body = client.get(reverse("awards:call_detail", args=[round.pk])).content.decode()
    assert f"{REFUSAL} (Art. 13 of the Measures)" in body
    assert 'data-testid="area-refusal"' in body
    assert "Go to my dashboard to apply" not in body


def test_the_call_notice_names_the_area_and_offers_the_button_inside_it_r5(client) -> None:  # type: ignore[no-untyped-def]
    round = ganzhou_round()
    client.force_login(applicant_user(OrganisationFactory()))
    body = client.get(reverse("awards:call_detail", args=[round.pk])).content.decode()
    assert "Open only to organisations registered in the whole of 赣州市 (Art. 13)." in body
    assert "Go to my dashboard to apply" in body
    assert "area-refusal" not in body


def test_the_nomination_page_says_why_outside_the_area_r5(client) -> None:  # type: ignore[no-untyped-def]
    round = nanchang_round()
    Round.objects.filter(pk=round.pk).update(
        rule_settings={**round.rule_settings, "registration_area": ["360113"]}
    )
    client.force_login(applicant_user(OrganisationFactory()))
    body = client.get(reverse("applications:nominate", args=[round.pk])).content.decode()
    assert 'id="area-refusal"' in body
    assert 'id="nominee-form"' not in body


# --- A round keeps its area (a change never alters an open round) -------------------------


def _draft() -> Round:
    now = timezone.now()
    return RoundFactory(
        stage=RoundStage.DRAFT,
        call_notice="",
        call_published_at=None,
        applications_open_at=now,
        applications_close_at=now + timedelta(days=30),
    )


def test_a_round_keeps_its_area_when_the_programme_changes_it_r5() -> None:
    office = office_user()
    award_services.update_programme_rules(
        programme(), actor=office, reason="第十三条", registration_area=GANZHOU
    )
    award_services.approve_programme_rules(programme(), actor=leading_group_user())
    round = award_services.publish_call(_draft(), actor=office, call_notice="通知")
    round.refresh_from_db()
    assert round.rule_settings == rule_settings_snapshot(programme())
    award_services.update_programme_rules(
        programme(), actor=office, reason="仅限经开区", registration_area=["GZETDZ"]
    )
    award_services.approve_programme_rules(programme(), actor=leading_group_user())
    round.refresh_from_db()
    assert round_rule_settings(round).registration_area == tuple(GANZHOU)
    # An organisation of 章贡区 may still apply to the open round.
    assert in_registration_area(OrganisationFactory(), round)
    # A draft follows the programme until it opens.
    assert round_rule_settings(_draft()).registration_area == ("GZETDZ",)


def test_a_round_kept_before_the_area_was_a_setting_has_no_restriction_r5() -> None:
    """The data migration: an open round's copy gains an empty area; a draft keeps no copy."""
    migration = importlib.import_module("awards.migrations.0020_programme_registration_area")
    open_round = RoundFactory(rule_settings={"min_operation_years": 3}, rule_settings_version=1)
    draft = RoundFactory(stage=RoundStage.DRAFT)
    migration.keep_open_rounds_unrestricted(apps, None)
    open_round.refresh_from_db()
    draft.refresh_from_db()
    assert open_round.rule_settings == {"min_operation_years": 3, "registration_area": []}
    assert round_rule_settings(open_round).registration_area == ()
    assert draft.rule_settings == {}
