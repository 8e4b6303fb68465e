"""One installation, a province's programmes (bench/seed_province.py's ``seed_programmes``): the
office's pages and the public pages cost the same number of queries with 3 programmes as with
30, and each office sees its own programme's rounds and applications only (a county's office:
404 on another's round, none of another's rows on its lists)."""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from applications.models import Application
from awards.enums import RoundStage
from awards.models import AwardProgramme, Round
from grants.models import Certificate
from organisations.models import Organisation
from tests.factories import applicant_user

pytestmark = pytest.mark.django_db

sys.path.insert(0, str(settings.BASE_DIR / "bench"))
from seed_province import seed_programmes  # noqa: E402

YEAR = 2040


def office_client(slug: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=f"{slug}-office"))
    return client


def current_round(slug: str) -> Round:
    return Round.objects.get(programme__slug=slug, year=YEAR)


def page_queries() -> dict[str, int]:
    """Queries of each page, rendered afresh (public pages: the cache emptied first)."""
    province, city = office_client("jiangxi-jinggang"), office_client("nanchang-mayor")
    # A prize winner of the provincial award (R7 may refuse it there) sees the calls open.
    applicant = Client()
    applicant.force_login(
        User.objects.get(organisation_membership__organisation__name="江西省基准企业0有限公司")
    )
    certificate = Certificate.objects.filter(
        grant__round__programme__slug="jiangxi-jinggang"
    ).first()
    assert certificate is not None
    own = f"?programme={AwardProgramme.objects.get(slug='jiangxi-jinggang').pk}"
    pages: list[tuple[str, Client, str]] = [
        ("province: round list", province, reverse("awards:round_list")),
        ("province: dashboard", province, reverse("accounts:dashboard")),
        (
            "province: application list",
            province,
            reverse("applications:office_list", args=[current_round("jiangxi-jinggang").pk]),
        ),
        # Loaded by htmx after every page of a logged-in user (the menu's count).
        ("province: work count", province, reverse("accounts:work_count")),
        ("city: round list", city, reverse("awards:round_list")),
        ("city: dashboard", city, reverse("accounts:dashboard")),
        (
            "city: application list",
            city,
            reverse("applications:office_list", args=[current_round("nanchang-mayor").pk]),
        ),
        ("applicant: dashboard", applicant, reverse("accounts:dashboard")),
        ("public: call notices", Client(), reverse("awards:call_list")),
        ("public: call notices, page 2", Client(), reverse("awards:call_list") + "?page=2"),
        ("public: call notices of a programme", Client(), reverse("awards:call_list") + own),
        ("public: publicity", Client(), reverse("publicity:public_list")),
        ("public: publicity of a programme", Client(), reverse("publicity:public_list") + own),
        ("public: winners", Client(), reverse("grants:winners")),
        ("public: winners, page 2", Client(), reverse("grants:winners") + "?page=2"),
        ("public: winners of a programme", Client(), reverse("grants:winners") + own),
        (
            "public: certificate verification",
            Client(),
            reverse("grants:verify_number", args=[certificate.number]),
        ),
    ]
    counts = {}
    for label, client, url in pages:
        client.get(url)  # the session and the user's first visit out of the way
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (label, url)
        counts[label] = len(queries)
    return counts


def test_pages_cost_the_same_queries_with_3_and_30_programmes() -> None:
    seed_programmes(3, year=YEAR)
    applicant_user(Organisation.objects.get(name="江西省基准企业0有限公司"))
    few = page_queries()
    seed_programmes(30, year=YEAR)
    # Ten programmes' calls are open now, where one was (its own, applied to already).
    assert Round.objects.filter(stage=RoundStage.APPLICATION).count() == 10
    assert AwardProgramme.objects.count() == 30
    # The city now guides counties: its pages show them and still cost the same.
    assert AwardProgramme.objects.filter(guided_by__slug="nanchang-mayor").count() == 2
    many = page_queries()
    # The applicant's dashboard checks R7/R8 only while another programme's call is open to
    # it (none at 3 programmes, nine at 30): compared between 30 and 60 programmes instead.
    dashboard = "applicant: dashboard"
    assert {k: v for k, v in many.items() if k != dashboard} == {
        k: v for k, v in few.items() if k != dashboard
    }
    seed_programmes(60, year=YEAR)
    assert page_queries()[dashboard] == many[dashboard]


@pytest.fixture
def province() -> None:
    seed_programmes(30, year=YEAR)


def rows_of_other_programmes(page: str, own: str) -> list[str]:
    """The names of other programmes' organisations and rounds that ``page`` shows."""
    others = Application.objects.exclude(round__programme__slug=own).select_related(
        "organisation", "round"
    )
    found = {a.organisation.name for a in others if a.organisation.name in page}
    found |= {a.round.title for a in others if a.round.title in page}
    return sorted(found)


@pytest.mark.usefixtures("province")
@pytest.mark.parametrize(
    "page",
    [
        lambda r: reverse("awards:round_detail", args=[r.pk]),
        lambda r: reverse("applications:office_list", args=[r.pk]),
        lambda r: reverse("awards:round_edit", args=[r.pk]),
    ],
    ids=["round overview", "application list", "round settings"],
)
def test_a_county_office_gets_404_on_another_programmes_round(
    page: Callable[[Round], str],
) -> None:
    # 章贡区 (guided by 赣州) against 东湖区 (guided by 南昌), its own city and the province.
    county = office_client("ganzhou-01")
    assert county.get(page(current_round("ganzhou-01"))).status_code == 200
    for slug in ("nanchang-01", "jiangxi-jinggang", "nanchang-mayor", "ganzhou-02"):
        assert county.get(page(current_round(slug))).status_code == 404, slug


@pytest.mark.usefixtures("province")
def test_a_county_office_lists_its_own_rounds_and_applications_only() -> None:
    county = office_client("ganzhou-01")
    own = current_round("ganzhou-01")
    rounds = county.get(reverse("awards:round_list")).content.decode()
    dashboard = county.get(reverse("accounts:dashboard")).content.decode()
    applications = county.get(reverse("applications:office_list", args=[own.pk])).content.decode()
    assert own.title in rounds and own.title in dashboard
    mine = Application.objects.filter(round=own).select_related("organisation")
    assert mine and all(a.organisation.name in applications for a in mine)
    for page in (rounds, dashboard, applications):
        assert rows_of_other_programmes(page, "ganzhou-01") == []


@pytest.mark.usefixtures("province")
def test_a_city_office_does_not_see_the_rounds_of_the_counties_it_guides() -> None:
    """Art. 11(9): the city's office oversees its counties' programmes from the oversight page,
    never through their rounds: those stay the county office's."""
    city = office_client("nanchang-mayor")
    county_round = current_round("nanchang-01")
    assert city.get(reverse("awards:round_detail", args=[county_round.pk])).status_code == 404
    rounds = city.get(reverse("awards:round_list")).content.decode()
    assert rows_of_other_programmes(rounds, "nanchang-mayor") == []


PUBLIC_LISTS = ["awards:call_list", "publicity:public_list", "grants:winners"]


def public_list_sizes() -> dict[str, int]:
    """Bytes of each public list's first page, rendered afresh."""
    cache.clear()
    return {name: len(Client().get(reverse(name)).content) for name in PUBLIC_LISTS}


def test_public_lists_show_a_page_of_rows_whatever_the_number_of_programmes() -> None:
    """The public lists grow by their filter's options only (a programme's name), not by
    every programme's rounds: at 150 programmes each page stays near 25 KB (docs/testing.md).
    Compared between 30 and 60 programmes, both with a full first page."""
    seed_programmes(30, year=YEAR)
    few = public_list_sizes()
    seed_programmes(60, year=YEAR)
    many = public_list_sizes()
    for name in PUBLIC_LISTS:
        # At most 150 bytes more a programme (its option in the filter), under 40 KB.
        assert many[name] - few[name] < 30 * 150, (name, few[name], many[name])
        assert many[name] < 40_000, (name, many[name])


@pytest.mark.usefixtures("province")
@pytest.mark.parametrize("name", PUBLIC_LISTS)
def test_a_programmes_public_list_shows_its_own_rounds_only(name: str) -> None:
    own = AwardProgramme.objects.get(slug="ganzhou-01")
    page = Client().get(reverse(name), {"programme": own.pk}).content.decode()
    rounds = Round.objects.exclude(stage=RoundStage.DRAFT).select_related("programme")
    shown = {r.programme.slug for r in rounds if f">{r.title}<" in page}
    assert shown <= {"ganzhou-01"}
    # Each row's programme links to that programme's own list.
    assert page.count('class="link-secondary programme-link"') > 0
    assert page.count('class="link-secondary programme-link"') == page.count(
        f'href="?programme={own.pk}"'
    )
