"""The office's round pages: list, create (R1), hub, settings, call notice, outlets, deadline
extension (R1), material review start and the decision log. Another programme's office and
every other role get 404."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from applications.enums import ApplicationStatus
from awards.enums import RoundStage
from awards.models import AwardProgramme, PublicationOutlet, Round
from decisionlog.models import DecisionLogEntry
from decisionlog.services import record_decision
from tests.awards.helpers import (
    eligibility_round,
    other_programme,
    other_programme_office,
    submitted_application,
)
from tests.factories import (
    RoundFactory,
    applicant_user,
    expert_user,
    grant_role,
    leading_group_user,
    liaison_user,
    office_user,
    programme,
    recommender_user,
)

pytestmark = pytest.mark.django_db

ROUND_URLS = [
    "awards:round_detail",
    "awards:round_edit",
    "awards:publish_call",
    "awards:add_outlet",
    "awards:extend_deadline",
    "awards:decision_log",
]


def _local(dt) -> str:  # type: ignore[no-untyped-def]
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def _round_post(**overrides):  # type: ignore[no-untyped-def]
    opens = timezone.now() + timedelta(days=5)
    data = {
        "programme": programme().pk,
        "year": 2051,
        "title": "2051年度赣州市市长质量奖",
        "applications_open_at": _local(opens),
        "applications_close_at": _local(opens + timedelta(days=60)),
        "recommendation_required": "on",
        "prize_quota": 5,
        # R2: a field for each sector bucket and level.
        "places_prize_manufacturing": 3,
        "places_prize_service": 2,
        "nomination_quota": 5,
        "places_nomination_manufacturing": 3,
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


# --- 404 for outsiders ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "make_user",
    [
        other_programme_office,
        leading_group_user,
        expert_user,
        recommender_user,
        liaison_user,
        applicant_user,
    ],
    ids=[
        "other_programme_office",
        "leading_group",
        "expert",
        "recommender",
        "liaison",
        "applicant",
    ],
)
@pytest.mark.parametrize("name", ROUND_URLS)
def test_round_pages_are_404_for_everyone_but_the_programmes_office(
    client, make_user, name
) -> None:  # type: ignore[no-untyped-def]
    round = RoundFactory()
    client.force_login(make_user())
    assert client.get(reverse(name, args=[round.pk])).status_code == 404
    assert client.post(reverse(name, args=[round.pk]), {}).status_code == 404


@pytest.mark.parametrize(
    "make_user",
    [other_programme_office, leading_group_user, applicant_user],
    ids=["other_programme_office", "leading_group", "applicant"],
)
def test_start_material_review_is_404_for_outsiders(client, make_user) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    client.force_login(make_user())
    response = client.post(reverse("awards:start_material_review", args=[round.pk]))
    assert response.status_code == 404
    round.refresh_from_db()
    assert round.stage == RoundStage.ELIGIBILITY


def test_round_list_and_create_are_404_without_an_office_role(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(leading_group_user())
    assert client.get(reverse("awards:round_list")).status_code == 404
    assert client.get(reverse("awards:round_create")).status_code == 404


def test_round_pages_send_anonymous_visitors_to_log_in(client) -> None:  # type: ignore[no-untyped-def]
    round = RoundFactory()
    response = client.get(reverse("awards:round_detail", args=[round.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# --- round list -----------------------------------------------------------------------------


def test_round_list_shows_only_the_users_programme(client) -> None:  # type: ignore[no-untyped-def]
    from tests.awards.helpers import other_programme

    RoundFactory(title="市长质量奖本届")
    RoundFactory(title="南康区的评审", programme=other_programme())
    client.force_login(office_user())
    body = client.get(reverse("awards:round_list")).content.decode()
    assert "市长质量奖本届" in body
    assert "南康区的评审" not in body


def test_round_list_query_count_is_the_same_for_1_and_5_rounds(
    client, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(office_user())
    RoundFactory()
    client.get(reverse("awards:round_list"))  # warm the session
    with django_assert_num_queries(7) as one:
        client.get(reverse("awards:round_list"))
    for _ in range(4):
        submitted_application(RoundFactory())
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(reverse("awards:round_list"))
    assert len(response.context["rounds"]) == 5


# --- create ---------------------------------------------------------------------------------


def test_round_create_get_shows_the_defaults_of_the_measures(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(office_user())
    response = client.get(reverse("awards:round_create"))
    assert response.status_code == 200
    form = response.context["form"]
    assert (form["prize_quota"].value(), form["publicity_days"].value()) == (5, 10)


def test_round_create_post_creates_a_draft_and_goes_to_the_hub(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(office_user())
    response = client.post(reverse("awards:round_create"), _round_post())
    round = Round.objects.get(year=2051)
    assert response.status_code == 302
    assert response["Location"] == reverse("awards:round_detail", args=[round.pk])
    assert (round.stage, round.title) == ("draft", "2051年度赣州市市长质量奖")


def test_round_create_too_close_to_another_round_shows_the_r1_error(client) -> None:  # type: ignore[no-untyped-def]
    RoundFactory(year=2052)
    client.force_login(office_user())
    response = client.post(reverse("awards:round_create"), _round_post(year=2051))
    assert response.status_code == 200
    assert Round.objects.filter(year=2051).count() == 0
    errors = response.context["form"].errors
    assert list(errors) == ["year"]
    assert "2052" in errors["year"][0] and "(Art. 6 of the Measures)" in errors["year"][0]
    assert "2052" in response.content.decode()


def test_round_create_proposes_the_next_year_and_title_on_the_cadence(client) -> None:  # type: ignore[no-untyped-def]
    """R1 / Art. 6: the latest round's year plus the years between rounds, its title's style."""
    RoundFactory(year=2052, title="2052年度赣州市市长质量奖")
    client.force_login(office_user())
    form = client.get(reverse("awards:round_create")).context["form"]
    assert (form["year"].value(), form["title"].value()) == (2054, "2054年度赣州市市长质量奖")
    assert form["programme"].value() == programme().pk


def test_round_create_proposes_for_the_programme_chosen(client) -> None:  # type: ignore[no-untyped-def]
    """An office of two programmes picks one (?programme=): its cadence, places and money."""
    office = office_user()
    county = other_programme()
    AwardProgramme.objects.filter(pk=county.pk).update(
        round_interval_years=1,
        prize_places_limit=3,
        manufacturing_places_limit=2,
        service_places_limit=1,
        prize_amount=100000,
    )
    grant_role(office, Role.OFFICE, prog=county)
    RoundFactory(programme=county, year=2040, title="2040年度南康区区长质量奖")
    client.force_login(office)
    page = client.get(reverse("awards:round_create"))
    assert page.context["form"]["title"].value() is None
    assert f"?programme={county.pk}" in page.content.decode()
    form = client.get(reverse("awards:round_create") + f"?programme={county.pk}").context["form"]
    assert (form["year"].value(), form["title"].value()) == (2041, "2041年度南康区区长质量奖")
    assert (form["prize_quota"].value(), form["places_prize_service"].value()) == (3, 1)
    assert form["prize_amount"].value() == 100000


def test_round_edit_to_a_year_too_close_is_refused_on_the_year(client) -> None:  # type: ignore[no-untyped-def]
    RoundFactory(year=2060)
    draft = RoundFactory(year=2064, stage=RoundStage.DRAFT)
    client.force_login(office_user())
    data = _round_post(year=2061, title=draft.title)
    response = client.post(reverse("awards:round_edit", args=[draft.pk]), data)
    assert response.status_code == 200
    assert "2060" in response.context["form"].errors["year"][0]
    draft.refresh_from_db()
    assert draft.year == 2064


def test_round_create_with_deadline_before_opening_shows_a_field_error(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(office_user())
    data = _round_post()
    data["applications_close_at"], data["applications_open_at"] = (
        data["applications_open_at"],
        data["applications_close_at"],
    )
    response = client.post(reverse("awards:round_create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["applications_close_at"] == [
        "The application deadline must come after the opening."
    ]
    assert Round.objects.count() == 0


# --- hub ------------------------------------------------------------------------------------


def test_hub_shows_stage_progress_counts_next_steps_and_rules_state(client) -> None:  # type: ignore[no-untyped-def]
    office = office_user()
    round = eligibility_round()
    submitted_application(round)
    submitted_application(round)
    submitted_application(round, status=ApplicationStatus.ELIGIBLE)
    client.force_login(office)
    response = client.get(reverse("awards:round_detail", args=[round.pk]))
    assert response.status_code == 200
    ctx = response.context
    assert ctx["progress"] == 30  # stage 3 of 10
    assert [s["state"] for s in ctx["stages"]][:4] == ["done", "done", "current", "todo"]
    assert [(s, n) for s, _label, n in ctx["counts"]] == [("submitted", 2), ("eligible", 1)]
    assert [str(step.label) for step in ctx["steps"]] == [
        "Check eligibility",
        "Start the material review",
        "Edit settings",
    ]
    assert ctx["signed"] is False
    body = response.content.decode()
    assert reverse("awards:start_material_review", args=[round.pk]) in body
    assert 'id="rules-state"' in body


def test_hub_in_application_stage_says_when_the_window_closes_and_has_no_close_button(
    client,
) -> None:  # type: ignore[no-untyped-def]
    round = RoundFactory(stage=RoundStage.APPLICATION)
    client.force_login(office_user())
    response = client.get(reverse("awards:round_detail", args=[round.pk]))
    body = response.content.decode()
    when = timezone.localtime(round.applications_close_at).strftime("%Y-%m-%d %H:%M")
    assert when in body
    assert [str(s.label) for s in response.context["steps"]] == [
        "Extend the deadline",
        "Record where the notice was published",
        "Applications",
        "Edit settings",
    ]


def test_hub_includes_only_the_partials_other_apps_provide(client, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviews" / "_round_hub_office.html").write_text(
        "<p>REVIEW SECTION of {{ round.title }}</p>"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    round = RoundFactory(title="本届评审")
    client.force_login(office_user())
    response = client.get(reverse("awards:round_detail", args=[round.pk]))
    assert "reviews/_round_hub_office.html" in response.context["hub_partials"]
    assert "<p>REVIEW SECTION of 本届评审</p>" in response.content.decode()


# --- settings -------------------------------------------------------------------------------


def test_round_edit_saves_a_change_with_its_reason(client) -> None:  # type: ignore[no-untyped-def]
    round = RoundFactory(stage=RoundStage.DRAFT, year=2051)
    client.force_login(office_user())
    data = _round_post(
        applications_open_at=_local(round.applications_open_at),
        applications_close_at=_local(round.applications_close_at),
        prize_quota=4,
        places_prize_service=1,
        reason="名额调整",
    )
    response = client.post(reverse("awards:round_edit", args=[round.pk]), data)
    assert response.status_code == 302
    round.refresh_from_db()
    assert round.prize_quota == 4
    # R2: the places per bucket are kept, and the service column mirrors them.
    assert round.bucket_places["prize"] == {"manufacturing": 3, "service": 1}
    assert round.prize_quota_service == 1
    assert DecisionLogEntry.objects.get(action="round.settings").reason == "名额调整"


def test_round_edit_locks_review_rules_and_window_once_review_started(client) -> None:  # type: ignore[no-untyped-def]
    round = RoundFactory(stage=RoundStage.MATERIAL_REVIEW)
    client.force_login(office_user())
    form = client.get(reverse("awards:round_edit", args=[round.pk])).context["form"]
    disabled = {name for name, field in form.fields.items() if field.disabled}
    assert {"material_weight", "tilt_rule", "applications_close_at", "year"} <= disabled
    assert "prize_quota" not in disabled


def test_round_edit_post_to_a_locked_rule_does_not_change_it(client) -> None:  # type: ignore[no-untyped-def]
    round = RoundFactory(stage=RoundStage.MATERIAL_REVIEW)
    client.force_login(office_user())
    data = _round_post(
        year=round.year,
        title=round.title,
        applications_open_at=_local(round.applications_open_at),
        applications_close_at=_local(round.applications_close_at),
        prize_min_score="300",
    )
    client.post(reverse("awards:round_edit", args=[round.pk]), data)
    round.refresh_from_db()
    assert str(round.prize_min_score) == "550.0"


def test_round_edit_weights_not_adding_to_one_shows_the_error(client) -> None:  # type: ignore[no-untyped-def]
    round = RoundFactory(stage=RoundStage.DRAFT, year=2051)
    client.force_login(office_user())
    data = _round_post(
        applications_open_at=_local(round.applications_open_at),
        applications_close_at=_local(round.applications_close_at),
        site_weight="0.70",
    )
    response = client.post(reverse("awards:round_edit", args=[round.pk]), data)
    assert response.status_code == 200
    assert "add up to 1" in response.content.decode()


# --- call notice ----------------------------------------------------------------------------


def test_publish_call_post_opens_the_round(client) -> None:  # type: ignore[no-untyped-def]
    round = RoundFactory(stage=RoundStage.DRAFT, call_notice="", call_published_at=None)
    client.force_login(office_user())
    response = client.post(
        reverse("awards:publish_call", args=[round.pk]),
        {"call_notice": "评审通知全文", "required_documents": "申报表"},
    )
    assert response.status_code == 302
    round.refresh_from_db()
    assert (round.stage, round.call_notice) == ("application", "评审通知全文")


def test_publish_call_after_the_deadline_shows_the_r1_message(client) -> None:  # type: ignore[no-untyped-def]
    round = RoundFactory(
        stage=RoundStage.DRAFT,
        applications_open_at=timezone.now() - timedelta(days=9),
        applications_close_at=timezone.now() - timedelta(days=1),
    )
    client.force_login(office_user())
    response = client.post(
        reverse("awards:publish_call", args=[round.pk]), {"call_notice": "评审通知全文"}
    )
    assert response.status_code == 200
    assert "The application deadline has already passed." in response.content.decode()
    round.refresh_from_db()
    assert round.stage == RoundStage.DRAFT


def test_publish_call_with_no_text_shows_a_field_error(client) -> None:  # type: ignore[no-untyped-def]
    round = RoundFactory(stage=RoundStage.DRAFT)
    client.force_login(office_user())
    response = client.post(reverse("awards:publish_call", args=[round.pk]), {"call_notice": ""})
    assert response.status_code == 200
    assert "call_notice" in response.context["form"].errors


# --- outlets --------------------------------------------------------------------------------


def test_add_outlet_post_records_it(client) -> None:  # type: ignore[no-untyped-def]
    round = RoundFactory()
    client.force_login(office_user())
    response = client.post(
        reverse("awards:add_outlet", args=[round.pk]),
        {
            "notice": "call",
            "outlet": "赣州市人民政府网",
            "published_on": timezone.localdate().isoformat(),
            "url": "https://www.ganzhou.gov.cn/x",
        },
    )
    assert response.status_code == 302
    assert PublicationOutlet.objects.get().outlet == "赣州市人民政府网"


def test_add_outlet_for_a_draft_shows_the_message(client) -> None:  # type: ignore[no-untyped-def]
    round = RoundFactory(stage=RoundStage.DRAFT)
    client.force_login(office_user())
    response = client.post(
        reverse("awards:add_outlet", args=[round.pk]),
        {"notice": "call", "outlet": "赣州日报", "published_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 200
    assert "Publish the call notice on the portal first." in response.content.decode()
    assert PublicationOutlet.objects.count() == 0


# --- deadline extension (R1) -----------------------------------------------------------------


def test_extend_deadline_post_moves_it(client) -> None:  # type: ignore[no-untyped-def]
    round = RoundFactory()
    new = round.applications_close_at + timedelta(days=3)
    client.force_login(office_user())
    response = client.post(
        reverse("awards:extend_deadline", args=[round.pk]),
        {"new_close_at": _local(new), "reason": "系统维护"},
    )
    assert response.status_code == 302
    round.refresh_from_db()
    assert _local(round.applications_close_at) == _local(new)


def test_extend_deadline_to_an_earlier_time_shows_the_r1_message(client) -> None:  # type: ignore[no-untyped-def]
    round = RoundFactory()
    old = round.applications_close_at
    client.force_login(office_user())
    response = client.post(
        reverse("awards:extend_deadline", args=[round.pk]),
        {"new_close_at": _local(old - timedelta(days=1)), "reason": "提前"},
    )
    assert response.status_code == 200
    assert "The new deadline must be later than the current one." in response.content.decode()
    round.refresh_from_db()
    assert round.applications_close_at == old


# --- material review ------------------------------------------------------------------------


def test_start_material_review_without_approved_rules_shows_the_message(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    submitted_application(round, status=ApplicationStatus.ELIGIBLE)
    client.force_login(office_user())
    response = client.post(reverse("awards:start_material_review", args=[round.pk]), follow=True)
    assert (
        "The leading group has not yet approved this round&#x27;s review rules. (Art. 10 of the Measures)"
        in (response.content.decode())
    )
    round.refresh_from_db()
    assert round.stage == RoundStage.ELIGIBILITY


def test_start_material_review_post_moves_the_round(client) -> None:  # type: ignore[no-untyped-def]
    from awards.services import approve_review_rules

    round = eligibility_round()
    approve_review_rules(round, actor=leading_group_user())
    submitted_application(round, status=ApplicationStatus.ELIGIBLE)
    client.force_login(office_user())
    response = client.post(reverse("awards:start_material_review", args=[round.pk]))
    assert response.status_code == 302
    round.refresh_from_db()
    assert round.stage == RoundStage.MATERIAL_REVIEW


def test_start_material_review_refuses_get(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    client.force_login(office_user())
    assert client.get(reverse("awards:start_material_review", args=[round.pk])).status_code == 405


# --- decision log ---------------------------------------------------------------------------


def test_decision_log_lists_the_rounds_decisions_newest_first(client) -> None:  # type: ignore[no-untyped-def]
    office = office_user()
    round, other = RoundFactory(), RoundFactory()
    record_decision(actor=office, action="test.first", obj=round)
    record_decision(actor=office, action="test.second", obj=round)
    record_decision(actor=office, action="test.elsewhere", obj=other)
    client.force_login(office)
    response = client.get(reverse("awards:decision_log", args=[round.pk]))
    assert [e.action for e in response.context["page"]] == ["test.second", "test.first"]


def test_decision_log_pages_by_50(client) -> None:  # type: ignore[no-untyped-def]
    office = office_user()
    round = RoundFactory()
    for n in range(51):
        record_decision(actor=office, action=f"test.{n}", obj=round)
    client.force_login(office)
    first = client.get(reverse("awards:decision_log", args=[round.pk])).context["page"]
    second = client.get(reverse("awards:decision_log", args=[round.pk]) + "?page=2").context["page"]
    assert (len(first), len(second), second[0].action) == (50, 1, "test.0")


def test_decision_log_query_count_is_the_same_for_1_and_5_entries(
    client, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    office = office_user()
    round = RoundFactory()
    record_decision(actor=office, action="test.0", obj=round)
    client.force_login(office)
    url = reverse("awards:decision_log", args=[round.pk])
    client.get(url)
    with django_assert_num_queries(7) as one:
        client.get(url)
    for n in range(4):
        record_decision(actor=expert_user(), action=f"test.{n + 1}", obj=round)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert len(response.context["page"]) == 5


def test_signing_from_the_hub_returns_to_the_hub(client) -> None:  # type: ignore[no-untyped-def]
    office = office_user()
    round = RoundFactory()
    client.force_login(office)
    hub = reverse("awards:round_detail", args=[round.pk])
    response = client.post(
        reverse("awards:sign_commitment", args=[round.pk]), {"agree": "on", "next": hub}
    )
    assert response["Location"] == hub
    assert client.get(hub).context["signed"] is True
