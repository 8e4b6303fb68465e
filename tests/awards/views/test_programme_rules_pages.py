"""The office's page of its programme's rules and holiday calendar, and the leading group's
approval page (Art. 10, 13, 21): reachable from their pages, validated, confined to the
programme's own office and leading group."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from awards.enums import CalendarDayKind
from awards.models import HolidayCalendarDay
from decisionlog.models import DecisionLogEntry
from tests.awards.helpers import (
    in_english,  # noqa: F401  (autouse: messages in English)
    other_programme_leader,
    other_programme_office,
)
from tests.factories import RoundFactory, leading_group_user, office_user, programme

pytestmark = pytest.mark.django_db

RULES = {
    "min_operation_years": "5",
    # R5 / Art. 8: an individual nominee's years (the defaults).
    "individual_min_employment_years": "3",
    "individual_min_quality_work_years": "5",
    "min_certification_years": "3",
    "min_excellence_model_years": "2",
    "profitable_years": "2",
    "adverse_record_years": "3",
    "validity_years": "3",
    "reapplication_rounds": "2",
    "fraud_bar_years": "10",
    "revocation_bar_years": "5",
    # R1 / R2 / Art. 6: the years between rounds and the place limits (the 2022 measures').
    "round_interval_years": "2",
    "prize_places_limit": "5",
    "nomination_places_limit": "5",
    "manufacturing_places_limit": "3",
    "service_places_limit": "2",
    "sector_buckets": "manufacturing | 制造业 | C | 3 | 3\nservice | 服务业及其他 | * | 2 | 2",
    "prize_name": "赣州市市长质量奖",
    "nomination_name": "赣州市市长质量奖提名奖",
    "prize_amount": "500000",
    "nomination_amount": "0",
    "prize_repeat_paid": "",
    "prize_repeat_uses_place": "",
    "nomination_repeat_paid": "on",
    "nomination_repeat_uses_place": "on",
    "publicity_day_unit": "working",
    "holds_defence_stage": "",
    "material_weight_percent": "40",
    "defence_weight_percent": "0",
    "site_weight_percent": "60",
    "accepted_certification_standards": ["gbt19001", "iatf16949", "gbt24001"],
    "reason": "参照经开区办法",
}


def _rules_url() -> str:
    return reverse("awards:programme_rules", args=[programme().pk])


def test_the_round_list_links_to_the_programmes_rules(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(office_user())
    body = client.get(reverse("awards:round_list")).content.decode()
    assert _rules_url() in body


def test_the_office_changes_the_rules_and_the_leading_group_approves(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(office_user())
    response = client.post(_rules_url(), RULES, follow=True)
    assert "Version 2 of the rules is saved and awaits the leading group" in (
        response.content.decode()
    )
    fresh = programme()
    assert (fresh.min_operation_years, fresh.publicity_day_unit) == (5, "working")
    assert fresh.rules_approved is False
    client.force_login(leading_group_user())
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    approve_url = reverse("awards:approve_programme_rules", args=[fresh.pk])
    assert approve_url in dashboard
    assert "version 2 awaits your approval" in dashboard
    client.post(approve_url, {"confirm": "on", "note": "同意"})
    assert programme().rules_approved is True
    assert DecisionLogEntry.objects.filter(action="programme.approve_rules").count() == 1


def test_a_number_out_of_range_comes_back_on_the_form(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(office_user())
    response = client.post(_rules_url(), {**RULES, "profitable_years": "4"})
    assert response.status_code == 200
    assert response.context["form"].errors["profitable_years"] == [
        "Ensure this value is less than or equal to 3."
    ]
    assert programme().rules_version == 1


def test_the_office_enters_and_removes_a_calendar_day(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(office_user())
    client.post(
        reverse("awards:calendar_add", args=[programme().pk]),
        {"day": "2031-10-01", "kind": CalendarDayKind.HOLIDAY, "name": "国庆节"},
    )
    entry = HolidayCalendarDay.objects.get()
    assert (entry.day, entry.name) == (date(2031, 10, 1), "国庆节")
    assert "国庆节" in client.get(_rules_url()).content.decode()
    client.post(reverse("awards:calendar_remove", args=[programme().pk, entry.pk]))
    assert not HolidayCalendarDay.objects.exists()


def test_a_weekday_entered_as_an_adjusted_working_day_is_refused_on_the_form(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(office_user())
    response = client.post(
        reverse("awards:calendar_add", args=[programme().pk]),
        {"day": "2031-10-08", "kind": CalendarDayKind.WORKING_DAY},
    )
    assert response.status_code == 200
    assert "only a Saturday or Sunday can be an adjusted working day" in (response.content.decode())
    assert not HolidayCalendarDay.objects.exists()


def test_another_programmes_office_gets_404_and_changes_nothing(client) -> None:  # type: ignore[no-untyped-def]
    entry = HolidayCalendarDay.objects.create(
        programme=programme(), day=date(2031, 10, 1), kind=CalendarDayKind.HOLIDAY
    )
    client.force_login(other_programme_office())
    assert client.get(_rules_url()).status_code == 404
    assert client.post(_rules_url(), RULES).status_code == 404
    add = reverse("awards:calendar_add", args=[programme().pk])
    assert client.post(add, {"day": "2031-10-02", "kind": "holiday"}).status_code == 404
    remove = reverse("awards:calendar_remove", args=[programme().pk, entry.pk])
    assert client.post(remove).status_code == 404
    assert programme().rules_version == 1
    assert HolidayCalendarDay.objects.count() == 1


def test_another_programmes_leading_group_gets_404_and_approves_nothing(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(office_user())
    client.post(_rules_url(), RULES)
    client.force_login(other_programme_leader())
    url = reverse("awards:approve_programme_rules", args=[programme().pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"confirm": "on"}).status_code == 404
    assert programme().rules_approved is False


def test_the_rules_page_query_count_is_the_same_for_1_and_5_calendar_days_and_rounds(
    client, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(office_user())
    HolidayCalendarDay.objects.create(programme=programme(), day=date(2031, 10, 1), kind="holiday")
    RoundFactory()
    client.get(_rules_url())  # warm the session
    # Among them, one for the scoring schemes an individual award may be scored on, one for
    # the divisions of the registration area (R5 / Art. 13(1)) and one for the other
    # programmes whose bars it may honour (R8 / Art. 28, 30).
    with django_assert_num_queries(13) as one:
        client.get(_rules_url())
    for day in range(2, 6):
        HolidayCalendarDay.objects.create(
            programme=programme(), day=date(2031, 10, day), kind="holiday"
        )
        RoundFactory()
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(_rules_url())
    assert len(response.context["calendar"]) == 5
    assert len(response.context["rounds"]) == 5


def test_the_round_page_names_the_rules_version_it_kept_and_the_publicity_unit(client) -> None:  # type: ignore[no-untyped-def]
    round = RoundFactory(rule_settings={"publicity_day_unit": "working"}, rule_settings_version=4)
    client.force_login(office_user())
    body = client.get(reverse("awards:round_detail", args=[round.pk])).content.decode()
    assert "version 4, kept since the call" in body
    assert "10 (Working days)" in body


def test_the_rules_page_names_the_accepted_certificates(client) -> None:  # type: ignore[no-untyped-def]
    office = office_user()
    client.force_login(office)
    client.post(_rules_url(), RULES)
    page = client.get(_rules_url()).content.decode()
    table = page.split('id="programme-rules"')[1].split("</table>")[0]
    assert "<li>GB/T 24001 / ISO 14001 environmental management</li>" in table
    assert "gbt24001" not in table


def test_the_levels_are_set_on_the_rules_page_and_shown_to_the_leading_group(client) -> None:  # type: ignore[no-untyped-def]
    # R4 / R7 / R15: names, money and repeat rules of each level are versioned settings.
    client.force_login(office_user())
    client.post(
        _rules_url(),
        {
            **RULES,
            "nomination_name": "市长质量奖提名奖",
            "nomination_amount": "200000",
            "nomination_repeat_paid": "",
        },
    )
    fresh = programme()
    assert (fresh.nomination_name, fresh.nomination_amount, fresh.nomination_repeat_paid) == (
        "市长质量奖提名奖",
        200000,
        False,
    )
    assert fresh.rules_version == 2
    client.force_login(leading_group_user())
    page = client.get(reverse("awards:approve_programme_rules", args=[fresh.pk])).content.decode()
    assert "市长质量奖提名奖" in page and "200,000.00" in page
    assert "A repeat nomination prize gets the money" in page


def test_a_level_without_a_name_or_with_negative_money_comes_back_on_the_form(
    client, settings
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(office_user())
    response = client.post(
        _rules_url(), {**RULES, "nomination_name": "  ", "nomination_amount": "-1"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["nomination_name"] == ["This field is required."]
    assert errors["nomination_amount"] == ["The nomination prize money cannot be negative."]
    assert programme().rules_version == 1
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    response = client.post(_rules_url(), {**RULES, "prize_name": ""})
    assert "此项为必填项。" in response.content.decode()


def test_another_programmes_office_cannot_set_the_levels(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(other_programme_office())
    response = client.post(_rules_url(), {**RULES, "nomination_amount": "200000"})
    assert response.status_code == 404
    assert programme().nomination_amount == 0


def test_the_rules_table_groups_the_prize_money_by_thousands(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(office_user())
    client.post(_rules_url(), RULES)
    table = client.get(_rules_url()).content.decode().split('id="programme-rules"')[1]
    assert "500,000.00" in table.split("</table>")[0]
