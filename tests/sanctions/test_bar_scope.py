"""R8 / Art. 28, 30: a bar belongs to the programme that decided it. A bar under the Mayor's
award keeps the organisation out of the Mayor's award; it does not by itself bar a county award
run on the same portal, and a county award's bar does not bar the Mayor's award, unless a
programme says it honours the other's bars. Imported bars carry their programme."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.enums import Role
from applications.enums import ApplicationStatus
from applications.rules import active_ban_until, check_not_banned
from awards.models import AwardProgramme
from decisionlog.workflow import DomainError
from grants.enums import BanReason
from grants.models import PastBan
from sanctions.models import Ban
from sanctions.services.bans import stop_applications_of_barred
from tests.factories import (
    ApplicationFactory,
    OrganisationFactory,
    RoundFactory,
    UserFactory,
    applicant_user,
    grant_role,
    programme,
)
from tests.grants.test_history import ban_row, run_import, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def county() -> AwardProgramme:
    return AwardProgramme.objects.create(
        name="章贡区区长质量奖",
        slug="zhanggong-test",
        awarding_body="章贡区人民政府",
        office_name="章贡区质量强区工作领导小组办公室",
    )


def _bar(organisation, award: AwardProgramme) -> Ban:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    return Ban.objects.create(
        organisation=organisation,
        programme=award,
        reason=BanReason.REVOCATION,
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(days=365 * 5),
    )


def test_r8_art30_a_county_bar_does_not_bar_the_mayors_award(county: AwardProgramme) -> None:
    org = OrganisationFactory()
    ban = _bar(org, county)
    assert active_ban_until(org, programme()) is None
    check_not_banned(org, programme())
    assert active_ban_until(org, county) == ban.ends_on
    with pytest.raises(DomainError) as refused:
        check_not_banned(org, county)
    assert refused.value.rule == "R8"


def test_r8_art28_a_mayors_bar_does_not_by_itself_bar_a_county_award(
    county: AwardProgramme,
) -> None:
    org = OrganisationFactory()
    _bar(org, programme())
    assert active_ban_until(org, county) is None
    with pytest.raises(DomainError):
        check_not_banned(org, programme())


def test_r8_a_programme_that_honours_anothers_bars_is_barred_by_them(
    county: AwardProgramme,
) -> None:
    org = OrganisationFactory()
    ban = _bar(org, programme())
    county.honoured_bar_programmes = [programme().pk]
    county.save(update_fields=["honoured_bar_programmes"])
    assert active_ban_until(org, county) == ban.ends_on
    # Honouring is one way: the city does not thereby honour the county's bars.
    other = OrganisationFactory()
    _bar(other, county)
    assert active_ban_until(other, programme()) is None


def test_r8_a_bar_stops_applications_only_in_the_programmes_it_bars(
    county: AwardProgramme,
) -> None:
    org = OrganisationFactory()
    mayor_app = ApplicationFactory(organisation=org, status=ApplicationStatus.SUBMITTED)
    county_round = RoundFactory(programme=county, year=2051)
    county_app = ApplicationFactory(
        organisation=org, round=county_round, status=ApplicationStatus.SUBMITTED
    )
    _bar(org, county)
    stopped = stop_applications_of_barred([org.credit_code], actor=None, on=timezone.localdate())
    assert [a.pk for a in stopped] == [county_app.pk]
    mayor_app.refresh_from_db()
    assert mayor_app.status == ApplicationStatus.SUBMITTED


def test_r8_art34_an_imported_bar_carries_its_programme(county: AwardProgramme) -> None:
    office = grant_role(UserFactory(), Role.OFFICE, prog=county)
    org = OrganisationFactory()
    row = ("zhanggong-test", *ban_row(org.credit_code, ends="2099-06-01")[1:])
    batch, errors = run_import(workbook(bans=[row]), office=office)
    assert errors == [] and batch is not None
    assert PastBan.objects.get(credit_code=org.credit_code).programme == county
    assert active_ban_until(org, county) == date(2099, 6, 1)
    assert active_ban_until(org, programme()) is None
    # An office cannot import bars for a programme that is not its own.
    _b, errors = run_import(
        workbook(bans=[ban_row(OrganisationFactory().credit_code)]), office=office
    )
    assert errors and errors[0].column


def test_r8_the_organisation_sees_which_award_it_is_barred_from(county: AwardProgramme) -> None:
    org = OrganisationFactory()
    ban = _bar(org, county)
    client = Client()
    client.force_login(applicant_user(org))
    page = client.get("/accounts/dashboard/").content.decode()
    assert "不得申报章贡区区长质量奖" in page
    assert f"{ban.ends_on.year}年" in page and "24时" in page
