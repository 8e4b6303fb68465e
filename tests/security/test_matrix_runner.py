"""The matrix's own machinery: specs parse to every role, a changed cell is reported, the
log-in redirect is told apart from other redirects."""

from __future__ import annotations

import pytest
from django.http import HttpResponse, HttpResponseRedirect

from tests.security.matrix_runner import differences, format_spec, outcome, parse_spec
from tests.security.world import ROLES


def test_spec_defaults_anonymous_to_login_and_star_to_the_rest() -> None:
    parsed = parse_spec("applicant=200/404 office=403 *=404")
    assert parsed["anonymous"] == ("login", "login")
    assert parsed["applicant"] == ("200", "404")
    assert parsed["office"] == ("403", "403")
    assert parsed["county_office"] == ("403", "403")
    others = ("anonymous", "applicant", "office", "county_office")
    assert {parsed[r] for r in ROLES if r not in others} == {("404", "404")}


def test_the_county_office_mirrors_the_office_unless_named() -> None:
    """Its own object is the county's, its other the mayor's: by default another programme's
    office gets on the first programme's object what the office gets on the county's."""
    assert parse_spec("office=200/404 *=404")["county_office"] == ("200", "404")
    assert parse_spec("office=302 county_office=302/403 *=404")["county_office"] == (
        "302",
        "403",
    )
    assert parse_spec("*=404")["county_office"] == ("404", "404")


def test_spec_without_star_must_name_every_role() -> None:
    with pytest.raises(ValueError, match="says nothing for"):
        parse_spec("office=200")
    with pytest.raises(ValueError, match="unknown role"):
        parse_spec("boss=200 *=404")


def test_format_spec_round_trips() -> None:
    observed = parse_spec("anon=200/404 expert=422/404 leader=403 *=404")
    assert parse_spec(format_spec(observed)) == observed
    for spec in (
        "office=200/404 county_office=200/403 *=404",
        "office=200 county_office=404 *=200",
    ):
        observed = parse_spec(spec)
        assert parse_spec(format_spec(observed)) == observed


def test_a_leak_on_another_s_object_is_reported_by_role_and_side() -> None:
    expected = parse_spec("applicant=200/404 *=404")
    observed = dict(expected)
    observed["applicant"] = ("200", "200")
    assert list(differences(expected, observed)) == ["applicant/other: expected 404, got 200"]


def test_outcome_tells_the_login_redirect_from_other_redirects() -> None:
    assert outcome(HttpResponseRedirect("/accounts/login/?next=/x/")) == "login"
    assert outcome(HttpResponseRedirect("/accounts/dashboard/")) == "302"
    assert outcome(HttpResponse(status=404)) == "404"
