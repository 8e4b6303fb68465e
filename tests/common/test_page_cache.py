"""Public pages from cache (common.page_cache): winners, certificate verification, the list of
publicities, a publicity notice and the call notices are rendered once per change of what they show, served from
the cache (no query) in between, and show a change at once after the service that made it,
in the language asked for; a period's opening shows when its minute comes."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from awards.enums import NoticeKind
from awards.models import AwardProgramme
from awards.services import add_publication_outlet
from grants.enums import GrantStatus
from grants.services.approval import transition_grant
from publicity.services.publicity import close_publicity
from tests.awards.helpers import other_programme
from tests.factories import RoundFactory, office_user
from tests.grants.views.test_certificates import _grant
from tests.publicity.helpers import ENDS_AT, STARTS_AT, publicity_round

pytestmark = pytest.mark.django_db


def test_winners_are_rendered_once_then_served_without_a_query(
    client, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    (grant,) = _grant(render=False)
    url = reverse("grants:winners")
    client.get(url)
    with django_assert_num_queries(0):
        again = client.get(url).content.decode()
    assert grant.organisation.name in again


def test_a_revoked_grant_shows_at_once_on_winners_and_verification(client) -> None:  # type: ignore[no-untyped-def]
    (grant,) = _grant(render=False)
    winners = reverse("grants:winners")
    verify = reverse("grants:verify_number", args=[grant.certificate.number])
    assert 'data-testid="grant-valid"' in client.get(winners).content.decode()
    assert 'data-state="valid"' in client.get(verify).content.decode()
    transition_grant(grant, GrantStatus.REVOKED, actor=office_user(), reason="R11")
    assert 'data-testid="grant-revoked"' in client.get(winners).content.decode()
    assert 'data-state="revoked"' in client.get(verify).content.decode()


def test_a_renamed_organisation_shows_at_once(client) -> None:  # type: ignore[no-untyped-def]
    (grant,) = _grant(render=False)
    client.get(reverse("grants:winners"))
    grant.organisation.name = "赣州新名称有限公司"
    grant.organisation.save()
    assert "赣州新名称有限公司" in client.get(reverse("grants:winners")).content.decode()


def test_each_language_has_its_own_page(client) -> None:  # type: ignore[no-untyped-def]
    _grant(render=False)
    url = reverse("grants:winners")
    assert "有效" in client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Valid" in client.get(url).content.decode()


def test_an_unknown_certificate_number_is_not_kept(client) -> None:  # type: ignore[no-untyped-def]
    url = reverse("grants:verify_number", args=["GZZLJ-2026-A-001-XXXX"])
    assert 'id="not-found"' in client.get(url).content.decode()
    with time_machine.travel(timedelta(seconds=2)):
        assert 'id="not-found"' in client.get(url).content.decode()


def test_a_publicity_shows_open_when_its_first_minute_comes(client) -> None:  # type: ignore[no-untyped-def]
    publicity_round(office_user())
    url = reverse("publicity:public_list")
    with time_machine.travel(STARTS_AT - timedelta(minutes=1), tick=False):
        before = client.get(url).content.decode()
    with time_machine.travel(STARTS_AT + timedelta(seconds=1), tick=False):
        during = client.get(url).content.decode()
    with time_machine.travel(ENDS_AT + timedelta(seconds=1), tick=False):
        after = client.get(url).content.decode()
    assert (before == during, during == after) == (False, False)


def test_a_new_call_and_a_renamed_programme_show_at_once(client) -> None:  # type: ignore[no-untyped-def]
    url = reverse("awards:call_list")
    round = RoundFactory(title="2041年度市长质量奖")
    assert "2041年度市长质量奖" in client.get(url).content.decode()
    RoundFactory(title="2042年度市长质量奖")
    assert "2042年度市长质量奖" in client.get(url).content.decode()
    programme = AwardProgramme.objects.get(pk=round.programme_id)
    programme.name = "赣州市市长质量奖（新）"
    programme.save()
    assert "赣州市市长质量奖（新）" in client.get(url).content.decode()


def test_a_programmes_own_calls_and_every_page_show_a_change_at_once(client) -> None:  # type: ignore[no-untyped-def]
    """Each (filter, page) is an entry of its own under the same version: a new call, a
    renamed programme and a round moved to another programme show on every one of them."""
    county = other_programme()
    url = reverse("awards:call_list")
    mayor = RoundFactory(title="2039年度市长质量奖", year=2039)
    own = f"{url}?programme={county.pk}"
    assert "2039年度市长质量奖" not in client.get(own).content.decode()
    RoundFactory(programme=county, title="2041年度南康区区长质量奖", year=2041)
    assert "2041年度南康区区长质量奖" in client.get(own).content.decode()
    assert "2041年度南康区区长质量奖" in client.get(f"{own}&year=2041").content.decode()
    county.name = "南康区区长质量奖（新）"
    county.save()
    assert "南康区区长质量奖（新）" in client.get(own).content.decode()
    mayor.programme = county
    mayor.save()
    assert "2039年度市长质量奖" in client.get(own).content.decode()
    # Page 2 of the whole list (20 a page): the 21st newest call, then one call more.
    for n in range(20):
        RoundFactory(title=f"{2100 + n}年度市长质量奖", year=2100 + n)
    second = client.get(f"{url}?page=2").content.decode()
    assert "2100年度市长质量奖" not in second
    RoundFactory(title="2200年度市长质量奖", year=2200)
    assert "2100年度市长质量奖" in client.get(f"{url}?page=2").content.decode()


def test_a_revoked_grant_shows_at_once_on_its_programmes_winners(client) -> None:  # type: ignore[no-untyped-def]
    (grant,) = _grant(render=False)
    own = f"{reverse('grants:winners')}?programme={grant.round.programme_id}"
    year = f"{own}&year={grant.round.year}"
    assert 'data-testid="grant-valid"' in client.get(own).content.decode()
    assert 'data-testid="grant-valid"' in client.get(year).content.decode()
    transition_grant(grant, GrantStatus.REVOKED, actor=office_user(), reason="R11")
    assert 'data-testid="grant-revoked"' in client.get(own).content.decode()
    assert 'data-testid="grant-revoked"' in client.get(year).content.decode()


@pytest.mark.parametrize("name", ["awards:call_list", "grants:winners"])
def test_a_filter_that_matches_nothing_is_not_kept(client, name) -> None:  # type: ignore[no-untyped-def]
    RoundFactory()
    for query in ("?programme=987654", "?year=1999", "?page=99"):
        assert client.get(reverse(name) + query).status_code == 200
    keys = cache_keys_of_pages()
    assert len(keys) == 3
    expiry = cache._expire_info  # type: ignore[attr-defined]
    assert all(expiry[key] <= time.time() + 1 for key in keys)


def test_a_publicity_notice_is_rendered_once_then_served_without_a_query(
    client, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    _round, period, (app,) = publicity_round(office_user())
    url = reverse("publicity:notice", args=[period.pk])
    with time_machine.travel(STARTS_AT + timedelta(days=1), tick=False):
        client.get(url)
        with django_assert_num_queries(0):
            again = client.get(url).content.decode()
    assert app.organisation.name in again


def test_a_change_to_a_publicity_notice_shows_at_once(client) -> None:  # type: ignore[no-untyped-def]
    office = office_user()
    round, period, (app,) = publicity_round(office)
    url = reverse("publicity:notice", args=[period.pk])
    with time_machine.travel(STARTS_AT + timedelta(days=1), tick=False):
        client.get(url)
        # The organisation renamed (a row the list of publicities does not show).
        app.organisation.name = "赣州新名称股份有限公司"
        app.organisation.save()
        assert "赣州新名称股份有限公司" in client.get(url).content.decode()
        # The notice's text, then where else it was published (Art. 21).
        period.notice = "经评审，现将拟奖名单予以公示。"
        period.save()
        assert "经评审，现将拟奖名单予以公示。" in client.get(url).content.decode()
        add_publication_outlet(
            round,
            actor=office,
            notice=NoticeKind.PUBLICITY,
            outlet="赣南日报",
            published_on=STARTS_AT.date(),
        )
        assert "赣南日报" in client.get(url).content.decode()
        # The round renamed: the title and the heading.
        round.title = "2031年度市长质量奖（更正）"
        round.save()
        body = client.get(url).content.decode()
        assert body.count("2031年度市长质量奖（更正）") == 2
    # Closed at its end (a conditional update, no signal): the objection link goes at once.
    object_url = reverse("publicity:object", args=[period.pk])
    with time_machine.travel(ENDS_AT - timedelta(seconds=30), tick=False):
        assert object_url in client.get(url).content.decode()
    with time_machine.travel(ENDS_AT + timedelta(seconds=1), tick=False):
        close_publicity(period)
        assert object_url not in client.get(url).content.decode()


def test_an_unknown_publicity_notice_is_not_kept(client) -> None:  # type: ignore[no-untyped-def]
    url = reverse("publicity:notice", args=[987654])
    assert client.get(url).status_code == 404
    assert cache_keys_of_pages() == []


def cache_keys_of_pages() -> list[str]:
    return [key for key in cache._cache if ":page:" in key]  # type: ignore[attr-defined]
