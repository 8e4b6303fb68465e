"""Each prize level's name, money and repeat rule as a programme's rule settings (R2, R4, R7,
R15), with four real programmes as settings: 黄石 (nomination money, none for a repeat
nomination), 南昌 (nomination honour only), 赣州经开区 (no nomination prize) and the 2022
measures (the defaults)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from accounts.enums import Role
from awards import services as award_services
from awards.enums import PrizeLevel
from awards.models import AwardProgramme, Round
from awards.rulesets import rule_settings_snapshot
from grants.certificates import certificate_context
from grants.models import AwardGrant
from grants.services.approval import record_approval
from publicity.forms.voting import BallotForm
from publicity.rules import quota_violations
from tests.factories import UserFactory, grant_role
from tests.publicity.helpers import approval_round, manufacturer, past_prize, proposed

pytestmark = pytest.mark.django_db


def _programme(name: str, slug: str, **settings: object) -> AwardProgramme:
    return AwardProgramme.objects.create(
        name=name,
        slug=slug,
        awarding_body=name.removesuffix("市长质量奖") + "人民政府",
        office_name="质量强市工作领导小组办公室",
        **settings,
    )


def huangshi() -> AwardProgramme:
    # 黄石: prize 400,000; nomination 200,000; a repeat nomination gets no money.
    return _programme(
        "黄石市市长质量奖",
        "huangshi",
        prize_amount=Decimal("400000"),
        nomination_amount=Decimal("200000"),
        nomination_repeat_paid=False,
    )


def _approve(round: Round) -> None:
    office = grant_role(UserFactory(), Role.OFFICE, prog=round.programme)
    record_approval(
        round,
        actor=office,
        approved_on=date(2027, 1, 15),
        meeting="市政府常务会议",
        document_number="文号",
    )


def _open(round: Round) -> Round:
    """The round keeps its programme's rules, as publishing its call does."""
    Round.objects.filter(pk=round.pk).update(
        rule_settings=rule_settings_snapshot(round.programme),
        rule_settings_version=round.programme.rules_version,
    )
    round.refresh_from_db()
    return round


def test_huangshi_pays_a_first_nomination_and_not_a_repeat_one() -> None:
    # R4 / R7: the round's nomination money for a first nomination win; a repeat nomination
    # (won in the previous round) gets certificate and title only, as 黄石 sets it.
    programme = huangshi()
    round, (prize, first) = approval_round(
        n_prize=1,
        n_nomination=1,
        programme=programme,
        year=2026,
        prize_amount=Decimal("400000"),
        nomination_amount=Decimal("200000"),
    )
    again = manufacturer()
    past_prize(again, 2024, level=PrizeLevel.NOMINATION, programme=programme)
    repeat = proposed(round, organisation=again, level=PrizeLevel.NOMINATION, rank=2)
    round.publicities.get().applications.add(repeat)
    _approve(round)
    amounts = {
        g.application_id: (g.amount, g.is_repeat) for g in AwardGrant.objects.filter(round=round)
    }
    assert amounts == {
        prize.pk: (Decimal("400000.00"), False),
        first.pk: (Decimal("200000.00"), False),
        repeat.pk: (Decimal("0.00"), True),
    }


def test_a_repeat_nomination_uses_a_place_unless_the_rules_say_otherwise() -> None:
    # R2 / R7: 黄石's repeat nomination counts against the nomination places (the default).
    round, _apps = approval_round(n_prize=0, programme=huangshi(), nomination_quota=1)
    selections = [("manufacturing", PrizeLevel.NOMINATION, True)] * 2
    assert quota_violations(round, selections) != []
    AwardProgramme.objects.filter(pk=round.programme_id).update(nomination_repeat_uses_place=False)
    round = Round.objects.select_related("programme").get(pk=round.pk)
    assert quota_violations(round, selections) == []


def test_nanchang_nominations_are_honour_only_under_its_own_name() -> None:
    # R4 / R15: 南昌's nomination prize carries no money; the certificate writes its name.
    programme = _programme(
        "南昌市市长质量奖",
        "nanchang",
        prize_places_limit=2,
        manufacturing_places_limit=1,
        service_places_limit=1,
        nomination_places_limit=3,
        nomination_name="南昌市市长质量奖提名奖（荣誉）",
    )
    round, (app,) = approval_round(
        n_prize=0, n_nomination=1, programme=programme, year=2026, nomination_amount=0
    )
    _open(round)
    _approve(round)
    grant = AwardGrant.objects.select_related("round__programme").get(application=app)
    assert grant.amount == Decimal("0.00")
    wording = certificate_context(grant.certificate)["award_wording"]
    assert wording == "荣获2026年度南昌市市长质量奖提名奖（荣誉）"
    assert grant.get_level_display() == "南昌市市长质量奖提名奖（荣誉）"


def test_a_zone_without_a_nomination_prize_never_offers_it() -> None:
    # R2: 0 nomination places: the level is not offered on the plenary's, the members' or
    # the replacement forms.
    zone = _programme(
        "赣州经开区主任质量奖",
        "gz-zone",
        round_interval_years=1,
        prize_places_limit=3,
        manufacturing_places_limit=2,
        service_places_limit=1,
        nomination_places_limit=0,
        prize_amount=Decimal("150000"),
    )
    round, _apps = approval_round(
        programme=zone,
        prize_quota=3,
        prize_quota_manufacturing=2,
        prize_quota_service=1,
        nomination_quota=0,
        nomination_quota_manufacturing=0,
        nomination_quota_service=0,
    )
    assert round.level_choices() == [(PrizeLevel.PRIZE, "赣州经开区主任质量奖")]
    ballot = BallotForm(round=round)
    assert [value for value, _label in ballot.fields["level"].choices] == ["", "prize"]


def test_a_rule_change_after_the_round_opened_does_not_change_it() -> None:
    # R4 / R7 / R15 / Art. 10: the round keeps the names and repeat rule it opened under.
    programme = huangshi()
    round, (app,) = approval_round(
        n_prize=0, n_nomination=1, programme=programme, year=2026, nomination_amount=200000
    )
    past_prize(app.organisation, 2024, level=PrizeLevel.NOMINATION, programme=programme)
    _open(round)
    office = grant_role(UserFactory(), Role.OFFICE, prog=programme)
    award_services.update_programme_rules(
        programme,
        actor=office,
        nomination_name="黄石市质量奖提名奖",
        nomination_repeat_paid=True,
        nomination_amount=Decimal("300000"),
    )
    round = Round.objects.select_related("programme").get(pk=round.pk)
    assert round.level_name(PrizeLevel.NOMINATION) == "黄石市市长质量奖提名奖"
    assert round.nomination_amount == Decimal("200000")
    _approve(round)
    grant = AwardGrant.objects.get(application=app)
    assert (grant.amount, grant.is_repeat) == (Decimal("0.00"), True)


def test_the_2022_measures_are_the_defaults() -> None:
    # R4 / R7 / Art. 8, 27: a repeat prize is honour only and uses no place; a nomination
    # carries no money; the levels are named after the programme.
    round, _apps = approval_round(n_prize=0)
    assert round.level_choices() == [
        (PrizeLevel.PRIZE, "赣州市市长质量奖"),
        (PrizeLevel.NOMINATION, "赣州市市长质量奖提名奖"),
    ]
    assert (round.prize_amount, round.nomination_amount) == (Decimal("500000"), Decimal("0"))
    assert quota_violations(round, [("manufacturing", PrizeLevel.PRIZE, True)] * 6) == []
