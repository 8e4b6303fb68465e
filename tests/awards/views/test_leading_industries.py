"""The office's list of the city's leading industries (R6 / Art. 15): reachable from the
round list and the programme's rules, kept by the programme's own office (add, change,
remove, each in the decision log), 404 for another programme's office, the same number of
queries for 1 and 5 industries. Messages in English as in every test of awards (the msgids),
the page's heading also in Chinese."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from awards.models import LeadingIndustry
from decisionlog.models import DecisionLogEntry
from tests.awards.helpers import other_programme_office
from tests.factories import office_user, programme

pytestmark = pytest.mark.django_db


def _list_url() -> str:
    return reverse("awards:leading_industry_list", args=[programme().pk])


def test_the_list_is_linked_from_the_round_list_and_the_programmes_rules(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(office_user())
    assert _list_url() in client.get(reverse("awards:round_list")).content.decode()
    rules = client.get(reverse("awards:programme_rules", args=[programme().pk]))
    assert _list_url() in rules.content.decode()


def test_the_page_reads_in_chinese(client, settings) -> None:  # type: ignore[no-untyped-def]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    client.force_login(office_user())
    with translation.override("zh-hans"):
        body = client.get(_list_url()).content.decode()
    assert "我市主导产业（第十五条）" in body
    assert "国民经济行业分类代码（GB/T 4754）" in body


def test_the_office_adds_changes_and_removes_a_leading_industry(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(office_user())
    response = client.post(
        _list_url(), {"name": "电子信息", "industry_classes": "c39, I65"}, follow=True
    )
    assert "电子信息" in response.content.decode()
    entry = LeadingIndustry.objects.get()
    assert entry.class_codes == ["C39", "I65"]
    edit = reverse("awards:leading_industry_edit", args=[programme().pk, entry.pk])
    assert edit in response.content.decode()
    client.post(edit, {"name": "电子信息产业", "industry_classes": "C39 C3985"})
    entry.refresh_from_db()
    assert (entry.name, entry.class_codes) == ("电子信息产业", ["C39", "C3985"])
    client.post(reverse("awards:leading_industry_remove", args=[programme().pk, entry.pk]))
    assert not LeadingIndustry.objects.exists()
    assert sorted(
        DecisionLogEntry.objects.filter(action__startswith="leading_industry.").values_list(
            "action", flat=True
        )
    ) == ["leading_industry.add", "leading_industry.change", "leading_industry.remove"]


def test_a_wrong_code_comes_back_on_the_form(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(office_user())
    response = client.post(_list_url(), {"name": "稀土", "industry_classes": "稀土 C32"})
    assert response.status_code == 200
    assert "Not a GB/T 4754 code: 稀土" in response.content.decode()
    assert not LeadingIndustry.objects.exists()


def test_another_programmes_office_gets_404_and_changes_nothing(client) -> None:  # type: ignore[no-untyped-def]
    entry = LeadingIndustry.objects.create(
        programme=programme(), name="电子信息", industry_classes="C39"
    )
    client.force_login(other_programme_office())
    assert client.get(_list_url()).status_code == 404
    assert client.post(_list_url(), {"name": "纺织", "industry_classes": "C17"}).status_code == 404
    edit = reverse("awards:leading_industry_edit", args=[programme().pk, entry.pk])
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"name": "改", "industry_classes": "C18"}).status_code == 404
    remove = reverse("awards:leading_industry_remove", args=[programme().pk, entry.pk])
    assert client.post(remove).status_code == 404
    entry.refresh_from_db()
    assert (entry.name, entry.industry_classes) == ("电子信息", "C39")
    assert LeadingIndustry.objects.count() == 1


def test_an_industry_of_another_programme_is_404_under_this_one(client) -> None:  # type: ignore[no-untyped-def]
    from_other = LeadingIndustry.objects.create(
        programme=programme(), name="电子信息", industry_classes="C39"
    )
    client.force_login(office_user())
    other_pk = other_programme_office().programme_roles.get().programme_id
    url = reverse("awards:leading_industry_remove", args=[other_pk, from_other.pk])
    assert client.post(url).status_code == 404
    assert LeadingIndustry.objects.count() == 1


def test_the_list_query_count_is_the_same_for_1_and_5_industries(
    client, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(office_user())
    LeadingIndustry.objects.create(programme=programme(), name="产业1", industry_classes="C31")
    client.get(_list_url())  # warm the session
    with django_assert_num_queries(8) as one:
        client.get(_list_url())
    for index in range(2, 6):
        LeadingIndustry.objects.create(
            programme=programme(), name=f"产业{index}", industry_classes=f"C3{index}"
        )
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(_list_url())
    assert len(response.context["industries"]) == 5
