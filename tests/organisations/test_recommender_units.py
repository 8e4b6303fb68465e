"""The office keeps its programme's recommending units (推荐单位, Art. 12, 28): list,
create and edit with their scope (a division, or GB/T 4754 sections), deactivate (never
delete), and add or remove their users. Other programmes' offices and other roles get 404."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from accounts.models import ProgrammeRole, User
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from organisations import services
from organisations.models import Division, Recommender
from tests.awards.helpers import (
    in_english,  # noqa: F401  (autouse: messages in English)
    other_programme,
    other_programme_office,
)
from tests.factories import (
    ApplicationFactory,
    OrganisationFactory,
    RecommenderFactory,
    RoundFactory,
    UserFactory,
    applicant_user,
    expert_user,
    leading_group_user,
    liaison_user,
    office_user,
    programme,
    recommender_user,
)

pytestmark = pytest.mark.django_db

LIST = reverse("organisations:recommender_list")
CREATE = reverse("organisations:recommender_create")


def _edit(unit: Recommender) -> str:
    return reverse("organisations:recommender_edit", args=[unit.pk])


def _unit(name: str = "章贡区人民政府", **kwargs) -> Recommender:  # type: ignore[no-untyped-def]
    unit = RecommenderFactory(name=name, **kwargs)
    unit.programmes.add(programme())
    return unit


def _department(name: str = "赣州市工业和信息化局", sections: str = "C") -> Recommender:
    return _unit(name, kind="department", division=None, industry_sections=sections)


def _logged_in(client, user: User):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client


# --- the list -----------------------------------------------------------------------------


def test_office_lists_its_units_with_scope_status_and_users(client) -> None:  # type: ignore[no-untyped-def]
    county = _unit()
    dept = _department(sections="CE")
    recommender_user(county, username="zg_tuijian", full_name="肖琳")
    # A unit serving only another programme.
    RecommenderFactory(name="南康区人民政府", serves=[other_programme()])
    response = _logged_in(client, office_user()).get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="recommender-row') == 2
    assert "章贡区人民政府" in html and "赣州市工业和信息化局" in html
    assert "南康区人民政府" not in html
    assert "zg_tuijian（肖琳）" in html
    assert "C Manufacturing; E Construction" in html  # the department's scope
    assert _edit(dept) in html and reverse("organisations:recommender_create") in html
    assert [u.pk for u in response.context["units"]] == [county.pk, dept.pk]


def test_the_office_navigation_links_to_the_units(client) -> None:  # type: ignore[no-untyped-def]
    page = _logged_in(client, office_user()).get(reverse("accounts:dashboard"))
    assert f'href="{LIST}"' in page.content.decode()


@pytest.mark.parametrize("size", [1, 6])
def test_list_query_count_does_not_grow(client, django_assert_num_queries, size) -> None:  # type: ignore[no-untyped-def]
    divisions = list(Division.objects.order_by("order")[:size])
    for n, division in enumerate(divisions):
        unit = _unit(f"{division.name}人民政府", division=division)
        recommender_user(unit)
        recommender_user(unit)
        ApplicationFactory(recommender=unit, recommended_at=timezone.now() if n % 2 else None)
    _department()
    client = _logged_in(client, office_user())
    # Session, user, the office's programmes, the programme, the units (with their scope,
    # status and whether they recommended), their users, and the navigation's roles.
    with django_assert_num_queries(8):
        response = client.get(LIST)
    assert response.content.decode().count('class="recommender-row') == size + 1


# --- create and edit ----------------------------------------------------------------------


def test_office_creates_a_county_unit(client) -> None:  # type: ignore[no-untyped-def]
    client = _logged_in(client, office_user())
    assert client.get(CREATE).status_code == 200
    division = Division.objects.get(name="南康区")
    response = client.post(
        CREATE, {"name": " 南康区人民政府 ", "kind": "county", "division": division.pk}
    )
    unit = Recommender.objects.get(name="南康区人民政府")
    assert response.status_code == 302
    assert response["Location"] == f"{_edit(unit)}?programme={programme().pk}"
    assert (unit.kind, unit.division, unit.industry_sections, unit.active) == (
        "county",
        division,
        "",
        True,
    )
    assert list(unit.programmes.all()) == [programme()]
    entry = DecisionLogEntry.objects.get(action="recommender.create")
    assert (entry.data["name"], entry.data["division"], entry.data["programme"]) == (
        "南康区人民政府",
        division.pk,
        programme().pk,
    )


def test_office_creates_an_industry_department_with_its_sections(client) -> None:  # type: ignore[no-untyped-def]
    client = _logged_in(client, office_user())
    response = client.post(
        CREATE,
        {
            "name": "赣州市住房和城乡建设局",
            "kind": "department",
            # A division given with an industry kind is ignored: its scope is its sections.
            "division": Division.objects.get(name="章贡区").pk,
            "industry_sections": ["K", "E"],
        },
    )
    assert response.status_code == 302
    unit = Recommender.objects.get(name="赣州市住房和城乡建设局")
    assert (unit.kind, unit.division, unit.industry_sections) == ("department", None, "EK")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"name": "某县人民政府", "kind": "county"},
            "division",
            "A county/district government or zone recommends its division: choose it.",
        ),
        (
            {"name": "某行业协会", "kind": "association"},
            "industry_sections",
            "An industry department or association recommends the organisations of its "
            "industries: choose at least one GB/T 4754 section.",
        ),
        (
            {"name": "某行业协会", "kind": "association", "industry_sections": ["Z"]},
            "industry_sections",
            "Select a valid choice. Z is not one of the available choices.",
        ),
        ({"name": "", "kind": "county"}, "name", "Give the unit's name."),
        (
            {"name": "章贡区人民政府", "kind": "department", "industry_sections": ["C"]},
            "name",
            "A recommending unit named “章贡区人民政府” exists already (perhaps in another "
            "award programme): choose another name.",
        ),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(client, data, field, message) -> None:  # type: ignore[no-untyped-def]
    _unit()
    before = Recommender.objects.count()
    response = _logged_in(client, office_user()).post(CREATE, data)
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert Recommender.objects.count() == before
    assert not DecisionLogEntry.objects.filter(action="recommender.create").exists()


def test_the_service_refuses_bad_section_letters_too() -> None:
    with pytest.raises(services.RecommenderRefused) as refused:
        services.create_recommender(
            programme(),
            actor=office_user(),
            name="某行业协会",
            kind="association",
            division=None,
            industry_sections="CC",
        )
    assert (refused.value.field, refused.value.message) == (
        "industry_sections",
        "Give each GB/T 4754 section letter (A to S) at most once, e.g. C or EM.",
    )


def test_office_edits_a_unit_and_the_change_is_logged(client) -> None:  # type: ignore[no-untyped-def]
    unit = _department()
    client = _logged_in(client, office_user())
    page = client.get(_edit(unit))
    assert page.status_code == 200
    assert page.context["form"].initial["industry_sections"] == ["C"]
    response = client.post(
        _edit(unit),
        {
            "name": "赣州市工业和信息化局",
            "kind": "department",
            "industry_sections": ["B", "C"],
            "active": "on",
        },
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.industry_sections == "BC"
    entry = DecisionLogEntry.objects.get(action="recommender.update")
    assert entry.data["changes"] == {"industry_sections": ["C", "BC"]}
    # Saving again unchanged logs nothing more.
    client.post(
        _edit(unit),
        {
            "name": "赣州市工业和信息化局",
            "kind": "department",
            "industry_sections": ["B", "C"],
            "active": "on",
        },
    )
    assert DecisionLogEntry.objects.filter(action="recommender.update").count() == 1


def test_a_unit_shared_with_another_programme_keeps_its_fields(client) -> None:  # type: ignore[no-untyped-def]
    unit = _unit()
    unit.programmes.add(other_programme())
    client = _logged_in(client, office_user())
    page = client.get(_edit(unit))
    assert page.status_code == 200 and page.context["form"] is None
    assert 'id="recommender-shared"' in page.content.decode()
    response = client.post(
        _edit(unit), {"name": "改名", "kind": "county", "division": unit.division_id}
    )
    assert response.status_code == 400
    assert "also serves another award programme" in response.content.decode()
    unit.refresh_from_db()
    assert unit.name == "章贡区人民政府"


# --- deactivate ---------------------------------------------------------------------------


def test_office_deactivates_a_unit_that_has_recommended_and_it_stays(client) -> None:  # type: ignore[no-untyped-def]
    unit = _unit()
    application = ApplicationFactory(recommender=unit, recommended_at=timezone.now())
    client = _logged_in(client, office_user())
    assert 'id="recommender-deactivate"' in client.get(_edit(unit)).content.decode()
    url = reverse("organisations:recommender_set_active", args=[unit.pk])
    response = client.post(url, {"active": "0"})
    assert response.status_code == 302
    unit.refresh_from_db()
    application.refresh_from_db()
    assert (unit.active, application.recommender_id) == (False, unit.pk)
    assert DecisionLogEntry.objects.filter(action="recommender.deactivate").count() == 1
    client.post(url, {"active": "0"})  # idempotent
    assert DecisionLogEntry.objects.filter(action="recommender.deactivate").count() == 1
    assert "Deactivated" in client.get(LIST).content.decode()
    client.post(url, {"active": "1"})
    unit.refresh_from_db()
    assert unit.active is True
    assert DecisionLogEntry.objects.filter(action="recommender.reactivate").count() == 1


def test_there_is_no_way_to_delete_a_unit(client) -> None:  # type: ignore[no-untyped-def]
    unit = _unit()
    client = _logged_in(client, office_user())
    url = reverse("organisations:recommender_set_active", args=[unit.pk])
    assert client.get(url).status_code == 405
    assert client.delete(_edit(unit)).status_code == 405
    assert Recommender.objects.filter(pk=unit.pk).exists()


# --- users --------------------------------------------------------------------------------


def test_office_adds_an_account_by_user_name_then_removes_it(client) -> None:  # type: ignore[no-untyped-def]
    unit = _unit()
    account = UserFactory(username="zg_rec")
    client = _logged_in(client, office_user())
    add = reverse("organisations:recommender_user_add", args=[unit.pk])
    response = client.post(add, {"identifier": "ZG_REC"})
    assert response.status_code == 302
    role = ProgrammeRole.objects.get(user=account, role=Role.RECOMMENDER)
    assert (role.programme, role.recommender, role.active) == (programme(), unit, True)
    assert "zg_rec" in client.get(_edit(unit)).content.decode()
    remove = reverse("organisations:recommender_user_remove", args=[unit.pk, account.pk])
    assert client.post(remove).status_code == 302
    role.refresh_from_db()
    assert role.active is False
    assert User.objects.filter(pk=account.pk).exists()
    assert list(
        DecisionLogEntry.objects.filter(action__startswith="recommender.user")
        .values_list("action", flat=True)
        .order_by("id")
    ) == ["recommender.user_add", "recommender.user_remove"]
    # Added again later: the same role row comes back.
    client.post(add, {"identifier": "zg_rec"})
    role.refresh_from_db()
    assert role.active is True
    assert ProgrammeRole.objects.filter(user=account, role=Role.RECOMMENDER).count() == 1


def test_office_adds_an_account_by_e_mail(client) -> None:  # type: ignore[no-untyped-def]
    unit = _department()
    account = UserFactory(email="li@gzgxj.gov.cn")
    response = _logged_in(client, office_user()).post(
        reverse("organisations:recommender_user_add", args=[unit.pk]),
        {"identifier": "LI@gzgxj.gov.cn "},
    )
    assert response.status_code == 302
    assert ProgrammeRole.objects.filter(
        user=account, recommender=unit, role=Role.RECOMMENDER, active=True
    ).exists()


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("nobody", "No account has the user name or e-mail address “nobody”."),
        (
            "applicant",
            "This account belongs to an applicant organisation: it cannot recommend. The "
            "unit's staff need an account of their own.",
        ),
        (
            "other_unit",
            "busy is a user of 赣州市工业和信息化局 in this programme already: remove it there "
            "first (one recommending unit per user and programme).",
        ),
        ("shared_mail", "Several accounts use this e-mail address: give the user name instead."),
    ],
)
def test_adding_a_user_is_refused_with_a_clear_message(client, who, message) -> None:  # type: ignore[no-untyped-def]
    unit = _unit()
    identifier = who
    if who == "applicant":
        identifier = applicant_user().username
    elif who == "other_unit":
        recommender_user(_department(), username="busy")
        identifier = "busy"
    elif who == "shared_mail":
        UserFactory(email="same@example.cn")
        UserFactory(email="same@example.cn")
        identifier = "same@example.cn"
    response = _logged_in(client, office_user()).post(
        reverse("organisations:recommender_user_add", args=[unit.pk]), {"identifier": identifier}
    )
    assert response.status_code == 400
    assert response.context["user_form"].errors["identifier"] == [message]
    assert not ProgrammeRole.objects.filter(recommender=unit).exists()


def test_removing_someone_who_is_not_a_user_of_the_unit_is_404(client) -> None:  # type: ignore[no-untyped-def]
    unit = _unit()
    other = recommender_user(_department())
    response = _logged_in(client, office_user()).post(
        reverse("organisations:recommender_user_remove", args=[unit.pk, other.pk])
    )
    assert response.status_code == 404
    assert ProgrammeRole.objects.get(user=other, role=Role.RECOMMENDER).active is True


# --- who may: the programme's office only -------------------------------------------------


def _urls(unit: Recommender, user: User) -> list[tuple[str, str]]:
    return [
        ("get", LIST),
        ("get", CREATE),
        ("get", _edit(unit)),
        ("post", _edit(unit)),
        ("post", reverse("organisations:recommender_set_active", args=[unit.pk])),
        ("post", reverse("organisations:recommender_user_add", args=[unit.pk])),
        ("post", reverse("organisations:recommender_user_remove", args=[unit.pk, user.pk])),
    ]


@pytest.mark.parametrize(
    "outsider",
    [
        leading_group_user,
        expert_user,
        liaison_user,
        applicant_user,
        lambda: recommender_user(RecommenderFactory(name="章贡区人民政府")),
        UserFactory,
    ],
)
def test_other_roles_get_404_everywhere(client, outsider) -> None:  # type: ignore[no-untyped-def]
    unit = _unit()
    member = recommender_user(unit)
    client = _logged_in(client, outsider())
    for method, url in _urls(unit, member):
        response = getattr(client, method)(url, {"active": "0", "identifier": "x"})
        assert (url, response.status_code) == (url, 404)
    unit.refresh_from_db()
    assert unit.active is True


def test_another_programmes_office_gets_404(client) -> None:  # type: ignore[no-untyped-def]
    unit = _unit()
    member = recommender_user(unit)
    client = _logged_in(client, other_programme_office())
    for method, url in _urls(unit, member)[2:]:  # the list and create pages are its own
        response = getattr(client, method)(url, {"active": "0", "identifier": "x"})
        assert (url, response.status_code) == (url, 404)
    # Asking for the programme by its id does not help either.
    mine = f"?programme={programme().pk}"
    assert client.get(LIST + mine).status_code == 404
    assert client.get(_edit(unit) + mine).status_code == 404
    # Its own list does not show the other programme's unit.
    own = client.get(LIST)
    assert own.status_code == 200 and "章贡区人民政府" not in own.content.decode()
    unit.refresh_from_db()
    assert unit.active is True


def test_anonymous_is_sent_to_log_in(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get(LIST).status_code == 302


def test_the_services_refuse_another_programmes_office() -> None:
    unit = _unit()
    with pytest.raises(DomainError):
        services.set_recommender_active(
            unit, programme(), actor=other_programme_office(), active=False
        )
    with pytest.raises(DomainError):
        services.set_recommender_active(
            unit, other_programme(), actor=other_programme_office(), active=False
        )
    unit.refresh_from_db()
    assert unit.active is True


# --- what deactivation means for applicants -------------------------------------------------


def _draft_and_user():  # type: ignore[no-untyped-def]
    organisation = OrganisationFactory(division=Division.objects.get(name="章贡区"))
    application = ApplicationFactory(organisation=organisation, round=RoundFactory())
    return application, applicant_user(organisation)


def test_a_deactivated_unit_is_no_longer_offered_to_applicants(client) -> None:  # type: ignore[no-untyped-def]
    application, user = _draft_and_user()
    active = _department()
    gone = _unit()
    services.set_recommender_active(gone, programme(), actor=office_user(), active=False)
    edit = reverse("applications:edit", args=[application.pk])
    client.force_login(user)
    choices = [v for v, _ in client.get(edit).context["form"].fields["recommender"].choices]
    assert choices == ["", active.pk]
    response = client.post(edit, {"revision": 0, "recommender": gone.pk})
    assert list(response.context["form"].errors) == ["recommender"]
    application.refresh_from_db()
    assert application.recommender_id is None


def test_a_dossier_naming_a_unit_keeps_it_after_deactivation(client) -> None:  # type: ignore[no-untyped-def]
    application, user = _draft_and_user()
    gone = _unit()
    application.recommender = gone
    application.save(update_fields=["recommender"])
    services.set_recommender_active(gone, programme(), actor=office_user(), active=False)
    edit = reverse("applications:edit", args=[application.pk])
    client.force_login(user)
    choices = [v for v, _ in client.get(edit).context["form"].fields["recommender"].choices]
    assert gone.pk in choices
    response = client.post(edit, {"revision": 0, "recommender": gone.pk})
    assert response.status_code == 302
