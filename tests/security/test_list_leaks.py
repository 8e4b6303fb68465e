"""Lists show only the rows a role may see: on the demo data, each role's list pages
name none of the dossiers / rounds it has no business with.

The marker for the non-office roles is a dossier no role user is related to (another
organisation's, recommended by another unit, no tax consultation, not assigned to expert1:
world ``app_other_org``); for the mayor's office and leading group it is the county
programme's round, which only the county's office runs.
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.security.world import World

pytestmark = pytest.mark.django_db

# (role, pages) — list pages and dashboards each role reaches.
PAGES: dict[str, list[str]] = {
    "applicant": [
        "/accounts/dashboard/",
        "/notifications/",
        "/organisation/members/",
    ],
    "winner": ["/accounts/dashboard/", "/monitoring/winner/"],
    "recommender": ["/accounts/dashboard/", "/notifications/", "/recommend/"],
    "liaison": ["/accounts/dashboard/", "/notifications/", "/consultations/replies/"],
    "expert": ["/accounts/dashboard/", "/notifications/"],
    "leader": ["/accounts/dashboard/", "/notifications/"],
    "office": ["/accounts/dashboard/", "/office/rounds/", "/notifications/", "/office/experts/"],
    # expert1 after declaring a conflict: the dossier leaves its lists (R12).
    "conflicted": ["/accounts/dashboard/"],
}


def _other_dossier_markers(the_world: World) -> list[str]:
    from applications.models import Application

    other = Application.objects.select_related("organisation").get(
        pk=the_world.ids["app_other_org"]
    )
    return [other.organisation.name, f"/applications/{other.pk}/"]


def _county_markers(the_world: World) -> list[str]:
    from awards.models import Round

    county = Round.objects.get(pk=the_world.ids["round_county"])
    return [county.title, f"/office/rounds/{county.pk}/"]


@pytest.mark.parametrize("role", sorted(PAGES))
def test_list_pages_name_no_row_the_role_may_not_see(
    role: str, world: tuple[World, dict[str, Client]]
) -> None:
    the_world, clients = world
    if role in ("office", "leader"):
        markers = _county_markers(the_world)
    elif role == "conflicted":
        markers = [f"/review/{the_world.ids['app_conflicted']}/"]
    else:
        markers = _other_dossier_markers(the_world)
    leaks = []
    for url in PAGES[role]:
        response = clients[role].get(url)
        assert response.status_code == 200, (role, url, response.status_code)
        html = response.content.decode()
        leaks += [f"{url} shows {marker!r}" for marker in markers if marker in html]
    assert not leaks, f"{role}: " + "; ".join(leaks)


def test_the_markers_do_appear_where_they_belong(world: tuple[World, dict[str, Client]]) -> None:
    """The control: the same markers are on the pages of those who may see them."""
    the_world, clients = world
    county_office = Client()
    from accounts.models import User

    county_office.force_login(User.objects.get(username="zg_office"))
    html = county_office.get("/office/rounds/").content.decode()
    assert _county_markers(the_world)[0] in html
    office_list = clients["office"].get(
        f"/office/rounds/{the_world.ids['round_application']}/applications/"
    )
    assert _other_dossier_markers(the_world)[0] in office_list.content.decode()
    expert_dashboard = clients["expert"].get("/accounts/dashboard/").content.decode()
    assert f"/review/{the_world.ids['app_expert']}/" in expert_dashboard
