"""R8 / Art. 28, 30: the other programmes whose bars a programme honours are a versioned rule
setting: the office ticks them on the rules page, the leading group approves the version, a
round opened under it refuses an organisation barred by a programme ticked, and a round opened
before keeps the setting it opened under."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse
from django.utils import timezone, translation

from applications.rules import programmes_that_may_refuse
from applications.services.application import start_application
from awards import services
from awards.models import AwardProgramme, Round
from awards.rulesets import barring_programme_ids, round_rule_settings, rule_settings_snapshot
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from grants.enums import BanReason
from organisations.models import Organisation
from sanctions.models import Ban
from tests.awards.helpers import other_programme, other_programme_office
from tests.awards.views.test_programme_rules_pages import RULES
from tests.factories import (
    OrganisationFactory,
    RoundFactory,
    applicant_user,
    leading_group_user,
    office_user,
    programme,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_chinese(client, settings) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """The office's and the applicant's own language."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    with translation.override("zh-hans"):
        yield


def _rules_url() -> str:
    return reverse("awards:programme_rules", args=[programme().pk])


def _round(year: int) -> Round:
    """A round whose call was published under the programme's current rules."""
    return RoundFactory(
        year=year,
        title=f"{year}年度赣州市市长质量奖",
        rule_settings=rule_settings_snapshot(programme()),
        rule_settings_version=programme().rules_version,
    )


def _barred_by(award: AwardProgramme) -> Organisation:
    """An organisation barred by ``award`` after a revocation (Art. 30), for five years."""
    organisation = OrganisationFactory()
    today = timezone.localdate()
    Ban.objects.create(
        organisation=organisation,
        programme=award,
        reason=BanReason.REVOCATION,
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(days=365 * 5),
    )
    return organisation


def test_the_office_adds_another_programmes_bars_and_a_new_round_refuses_its_barred(
    client,  # type: ignore[no-untyped-def]
    in_chinese: None,
) -> None:
    county = other_programme()
    earlier = _round(2024)
    organisation = _barred_by(county)
    applicant = applicant_user(organisation)

    office = office_user()
    client.force_login(office)
    page = client.get(_rules_url()).content.decode()
    assert 'name="honoured_bar_programmes"' in page and county.name in page
    response = client.post(
        _rules_url(),
        {
            **RULES,
            "honoured_bar_programmes": [str(county.pk)],
            "reason": "依照第二十八条、第三十条",
        },
    )
    assert response.status_code == 302
    changed = programme()
    assert changed.honoured_bar_programmes == [county.pk]
    assert (changed.rules_version, changed.rules_approved) == (2, False)
    entry = DecisionLogEntry.objects.get(action="programme.rules")
    assert entry.data["new"]["honoured_bar_programmes"] == str([county.pk])

    leader = leading_group_user()
    client.force_login(leader)
    approve = reverse("awards:approve_programme_rules", args=[changed.pk])
    assert county.name in client.get(approve).content.decode()
    client.post(approve, {"confirm": "on", "note": "同意"})
    assert programme().rules_approved is True

    # A round opened under the approved version refuses the organisation, citing the articles.
    later = _round(2026)
    assert round_rule_settings(later).honoured_bar_programmes == (county.pk,)
    with pytest.raises(DomainError) as refused:
        start_application(later, organisation, actor=applicant)
    message = refused.value.user_message
    assert "禁止申报" in message and "第二十八条" in message and "第三十条" in message
    assert programme().pk in programmes_that_may_refuse(organisation)
    # The dashboard still asks the programme whose open round kept the setting, whatever its
    # current rules say.
    AwardProgramme.objects.filter(pk=programme().pk).update(honoured_bar_programmes=[])
    assert programme().pk in programmes_that_may_refuse(organisation)

    # The round opened before keeps the setting it opened under: no other programme's bars.
    assert round_rule_settings(earlier).honoured_bar_programmes == ()
    assert barring_programme_ids(programme(), earlier) == [programme().pk]
    assert start_application(earlier, organisation, actor=applicant).round == earlier


def test_the_office_of_another_programme_cannot_change_whose_bars_it_honours(
    client,  # type: ignore[no-untyped-def]
) -> None:
    outsider = other_programme_office()
    client.force_login(outsider)
    data = {**RULES, "honoured_bar_programmes": [str(other_programme().pk)]}
    assert client.post(_rules_url(), data).status_code == 404
    with pytest.raises(DomainError):
        services.update_programme_rules(
            programme(), actor=outsider, honoured_bar_programmes=[other_programme().pk]
        )
    unchanged = programme()
    assert (unchanged.honoured_bar_programmes, unchanged.rules_version) == ([], 1)


def test_only_other_programmes_on_the_portal_may_be_honoured(
    client,  # type: ignore[no-untyped-def]
) -> None:
    office = office_user()
    for honoured in ([programme().pk], [other_programme().pk + 1000]):
        with pytest.raises(DomainError):
            services.update_programme_rules(
                programme(), actor=office, honoured_bar_programmes=honoured
            )
    client.force_login(office)
    data = {**RULES, "honoured_bar_programmes": [str(programme().pk)]}
    response = client.post(_rules_url(), data)
    assert response.status_code == 200
    assert programme().honoured_bar_programmes == []


def test_the_data_migration_keeps_the_programmes_each_honoured() -> None:
    """The many-to-many rows become each programme's setting, and the copy of its rounds
    already open (which ran under them); a draft keeps no copy."""
    migration = importlib.import_module("awards.migrations.0024_honoured_bars_as_rule_setting")
    old_apps = (
        MigrationLoader(connection)
        .project_state(("awards", "0024_honoured_bars_as_rule_setting"))
        .apps
    )
    through = old_apps.get_model("awards", "AwardProgramme").honours_bars_of.through
    county = other_programme()
    open_round = RoundFactory(rule_settings={"min_operation_years": 3}, rule_settings_version=1)
    draft = RoundFactory(stage="draft")
    table = connection.ops.quote_name(through._meta.db_table)
    with connection.cursor() as cursor:
        # The table as the migration before this one left it (rolled back with the test).
        cursor.execute(
            f"CREATE TABLE {table} (id integer PRIMARY KEY, from_awardprogramme_id integer "
            "NOT NULL, to_awardprogramme_id integer NOT NULL)"
        )
        cursor.execute(f"INSERT INTO {table} VALUES (1, %s, %s)", [programme().pk, county.pk])
    migration.copy_honoured_bars(old_apps, None)
    assert programme().honoured_bar_programmes == [county.pk]
    assert other_programme().honoured_bar_programmes == []
    open_round.refresh_from_db()
    draft.refresh_from_db()
    assert open_round.rule_settings == {
        "min_operation_years": 3,
        "honoured_bar_programmes": [county.pk],
    }
    assert barring_programme_ids(programme(), open_round) == [programme().pk, county.pk]
    assert draft.rule_settings == {}
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {table}")
