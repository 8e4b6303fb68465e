"""A full round of each programme, from its call notice to its certificates, with that
programme's numbers as its rules give them (nothing about any of them in the portal's code):
places (R2: the composite evaluation and the plenary refuse more winners than places), money
on the grant (R4), cadence (R1: the next round's year), publicity length (R1 / Art. 21:
calendar or working days) and the certificate naming the programme's award and level (R15)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from accounts.enums import Role
from applications.enums import ApplicationStatus
from awards import services as award_services
from awards.enums import CalendarDayKind, PrizeLevel, ProgrammeTemplate, RoundStage
from awards.models import AwardProgramme, Round
from awards.rules import round_proposal
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from grants.certificates import certificate_context
from grants.models import AwardGrant
from reviews.models import DefenceScore
from tests.factories import OrganisationFactory, UserFactory, grant_role, programme
from tests.grants.test_level_settings import huangshi
from tests.programmes.cycle import (
    apply_and_review,
    open_round,
    plenary,
    publicise_and_approve,
    staff,
)
from tests.publicity.helpers import SHANGHAI

pytestmark = pytest.mark.django_db

# Scored at this share of every item: a prize (composite 800), a nomination prize (500).
PRIZE, NOMINATION = 80, 50


def _grants(round: Round) -> dict[int, tuple[str, Decimal, bool]]:
    return {
        g.organisation_id: (g.level, g.amount, g.is_repeat)
        for g in AwardGrant.objects.filter(round=round)
    }


def _wordings(round: Round) -> set[str]:
    return {
        certificate_context(g.certificate)["award_wording"]
        for g in AwardGrant.objects.filter(round=round).select_related("round__programme")
    }


def nanchang() -> AwardProgramme:
    """南昌市市长质量奖 as an installation creates it from the 2022 template with its places,
    its office setting its levels' names and money and its leading group approving them."""
    created = AwardProgramme.objects.create(
        name="南昌市市长质量奖",
        slug="nanchang-mayor",
        awarding_body="南昌市人民政府",
        office_name="南昌市质量强市工作领导小组办公室",
        round_interval_years=2,
        prize_places_limit=2,
        nomination_places_limit=3,
        manufacturing_places_limit=2,
        service_places_limit=2,
    )
    office = grant_role(UserFactory(), Role.OFFICE, prog=created)
    leader = grant_role(UserFactory(), Role.LEADING_GROUP, prog=created)
    award_services.update_programme_rules(
        created,
        actor=office,
        prize_amount=Decimal("500000"),
        nomination_amount=Decimal("0"),
        nomination_name="南昌市市长质量奖提名奖",
    )
    return award_services.approve_programme_rules(created, actor=leader)


def zone() -> AwardProgramme:
    """赣州经开区主任质量奖, set up by the Mayor's office from the 2022 template (Art. 11(9));
    its office counts publicity in working days and enters the National Day holiday; its
    leading group approves."""
    mayor_office = grant_role(UserFactory(), Role.OFFICE, prog=programme())
    created = award_services.create_guided_programme(
        programme(),
        actor=mayor_office,
        template=ProgrammeTemplate.MEASURES,
        name="赣州经开区主任质量奖",
        slug="gz-zone",
        awarding_body="赣州经济技术开发区管理委员会",
        office_name="赣州经开区质量强区工作领导小组办公室",
        round_interval_years=1,
        prize_places_limit=3,
        nomination_places_limit=0,
        manufacturing_places_limit=2,
        service_places_limit=1,
        prize_amount=Decimal("150000"),
    )
    office = grant_role(UserFactory(), Role.OFFICE, prog=created)
    leader = grant_role(UserFactory(), Role.LEADING_GROUP, prog=created)
    award_services.update_programme_rules(
        created, actor=office, publicity_day_unit="working", min_operation_years=3
    )
    for offset in range(7):
        award_services.add_calendar_day(
            created,
            actor=office,
            day=date(2031, 10, 1) + timedelta(days=offset),
            kind=CalendarDayKind.HOLIDAY,
            name="国庆节",
        )
    return award_services.approve_programme_rules(created, actor=leader)


def jiujiang() -> AwardProgramme:
    """九江市市长质量奖 (a city whose measures hold a question-and-defence stage between the
    material and the site review): material 30 %, question-and-defence 20 %, site 50 %."""
    created = AwardProgramme.objects.create(
        name="九江市市长质量奖",
        slug="jiujiang-mayor",
        awarding_body="九江市人民政府",
        office_name="九江市质量强市工作领导小组办公室",
        round_interval_years=2,
    )
    office = grant_role(UserFactory(), Role.OFFICE, prog=created)
    leader = grant_role(UserFactory(), Role.LEADING_GROUP, prog=created)
    award_services.update_programme_rules(
        created,
        actor=office,
        holds_defence_stage=True,
        material_weight_percent=30,
        defence_weight_percent=20,
        site_weight_percent=50,
    )
    return award_services.approve_programme_rules(created, actor=leader)


def test_jiujiang_runs_its_round_through_the_question_and_defence_stage(
    django_capture_on_commit_callbacks,
) -> None:
    # R1: the round passes through DEFENCE between material and site review; Art. 20: the
    # composite weighs the three stages as the programme's rules say.
    people = staff(jiujiang())
    round = open_round(people, 2031)
    assert round.holds_defence_stage
    assert (round.material_weight, round.defence_weight, round.site_weight) == (
        Decimal("0.30"),
        Decimal("0.20"),
        Decimal("0.50"),
    )
    entrants = [(OrganisationFactory(), PRIZE), (OrganisationFactory(), NOMINATION)]
    apps = apply_and_review(round, people, entrants)
    moves = list(
        DecisionLogEntry.objects.filter(round_id=round.pk, action__startswith="round.")
        .exclude(to_state="")
        .order_by("pk")
        .values_list("to_state", flat=True)
    )
    assert moves[:7] == [
        "draft",
        "application",
        "eligibility",
        "material_review",
        "defence",
        "site_review",
        "composite",
    ]
    # 800 x 0.3 + 800 x 0.2 + 800 x 0.5 and 500 likewise: the weights add up to 1.
    assert sorted(app.composite_score for app in apps.values()) == [
        Decimal("500.0"),
        Decimal("800.0"),
    ]
    assert DefenceScore.objects.filter(application__round=round).count() == 2
    round.refresh_from_db()
    plenary(round, people, {app: app.proposed_level for app in apps.values()})
    publicise_and_approve(
        round, people, django_capture_on_commit_callbacks, starts_on=date(2031, 9, 3)
    )
    round.refresh_from_db()
    assert round.stage == RoundStage.PUBLISHED
    assert _wordings(round) == {
        "荣获2030—2031年度九江市市长质量奖",
        "荣获2030—2031年度九江市市长质量奖提名奖",
    }


def test_nanchang_two_prizes_of_500000_and_honour_only_nominations_every_two_years(
    django_capture_on_commit_callbacks,
) -> None:
    people = staff(nanchang())
    round = open_round(people, 2031)
    assert round.title == "2030—2031年度南昌市市长质量奖"
    assert (round.prize_quota, round.nomination_quota) == (2, 3)
    entrants = [(OrganisationFactory(), PRIZE) for _n in range(3)]
    entrants.append((OrganisationFactory(), NOMINATION))
    apps = apply_and_review(round, people, entrants)
    # R2: two prize places; the third prize-worthy dossier takes a nomination place.
    proposed = sorted(app.proposed_level for app in apps.values())
    assert proposed == ["nomination", "nomination", "prize", "prize"]
    round.refresh_from_db()
    # The plenary cannot pass a third prize.
    with pytest.raises(DomainError, match="R2"):
        plenary(round, people, dict.fromkeys(apps.values(), PrizeLevel.PRIZE))
    plenary(round, people, {app: app.proposed_level for app in apps.values()})
    period = publicise_and_approve(
        round, people, django_capture_on_commit_callbacks, starts_on=date(2031, 9, 3)
    )
    # The 2022 template: 10 calendar days.
    assert period.ends_at == datetime(2031, 9, 13, tzinfo=SHANGHAI)
    round.refresh_from_db()
    assert round.stage == RoundStage.PUBLISHED
    assert sorted(_grants(round).values()) == [
        ("nomination", Decimal("0.00"), False),
        ("nomination", Decimal("0.00"), False),
        ("prize", Decimal("500000.00"), False),
        ("prize", Decimal("500000.00"), False),
    ]
    assert _wordings(round) == {
        "荣获2030—2031年度南昌市市长质量奖",
        "荣获2030—2031年度南昌市市长质量奖提名奖",
    }
    # R1: the next round two years on.
    assert round_proposal(round.programme, date(2032, 2, 1))["year"] == 2033


def test_the_zone_three_prizes_of_150000_every_year_publicised_in_working_days(
    django_capture_on_commit_callbacks,
) -> None:
    people = staff(zone())
    round = open_round(people, 2031)
    assert round.title == "2031年度赣州经开区主任质量奖"
    assert round.rule_settings["min_operation_years"] == 3
    assert round.level_choices() == [(PrizeLevel.PRIZE, "赣州经开区主任质量奖")]
    makers = [(OrganisationFactory(industry_section="C"), PRIZE) for _n in range(2)]
    services = [(OrganisationFactory(industry_section="L"), PRIZE) for _n in range(2)]
    apps = apply_and_review(round, people, makers + services)
    # R2: 3 places (2 manufacturing, 1 service), no nomination prize: one is left out.
    statuses = sorted(app.status for app in apps.values())
    assert statuses.count(ApplicationStatus.CANDIDATE) == 3
    assert statuses.count(ApplicationStatus.NOT_CANDIDATE) == 1
    candidates = [app for app in apps.values() if app.status == ApplicationStatus.CANDIDATE]
    # No nomination places: the plenary cannot pass one at that level.
    round.refresh_from_db()
    with pytest.raises(DomainError, match="R2"):
        plenary(round, people, dict.fromkeys(candidates, PrizeLevel.NOMINATION))
    plenary(round, people, dict.fromkeys(candidates, PrizeLevel.PRIZE))
    # 10 working days from Thursday 25 September, the National Day holiday (1-7 October) off.
    period = publicise_and_approve(
        round, people, django_capture_on_commit_callbacks, starts_on=date(2031, 9, 25)
    )
    assert period.ends_at == datetime(2031, 10, 16, tzinfo=SHANGHAI)
    round.refresh_from_db()
    assert round.stage == RoundStage.PUBLISHED
    assert sorted(_grants(round).values()) == [("prize", Decimal("150000.00"), False)] * 3
    assert _wordings(round) == {"荣获2031年度赣州经开区主任质量奖"}
    # R1: the next round the year after.
    assert round_proposal(round.programme, date(2032, 2, 1))["year"] == 2032


def test_huangshi_pays_a_nomination_winner_once_over_two_rounds(
    django_capture_on_commit_callbacks,
) -> None:
    people = staff(huangshi())
    first = open_round(people, 2031)
    assert (first.prize_amount, first.nomination_amount) == (Decimal("400000"), Decimal("200000"))
    winner, nominee = OrganisationFactory(), OrganisationFactory()
    apps = apply_and_review(first, people, [(winner, PRIZE), (nominee, NOMINATION)])
    first.refresh_from_db()
    plenary(first, people, {app: app.proposed_level for app in apps.values()})
    publicise_and_approve(
        first, people, django_capture_on_commit_callbacks, starts_on=date(2031, 9, 3)
    )
    assert _grants(first) == {
        winner.pk: ("prize", Decimal("400000.00"), False),
        nominee.pk: ("nomination", Decimal("200000.00"), False),
    }
    assert _wordings(first) == {
        "荣获2030—2031年度黄石市市长质量奖",
        "荣获2030—2031年度黄石市市长质量奖提名奖",
    }

    # The next round (two years on): the nominee wins the nomination prize again and gets no
    # money the second time; a first nomination is paid.
    second = open_round(people, 2033)
    assert second.year == 2033
    newcomer = OrganisationFactory()
    apps = apply_and_review(second, people, [(nominee, NOMINATION), (newcomer, NOMINATION)])
    second.refresh_from_db()
    plenary(second, people, dict.fromkeys(apps.values(), PrizeLevel.NOMINATION))
    publicise_and_approve(
        second, people, django_capture_on_commit_callbacks, starts_on=date(2033, 9, 5)
    )
    assert _grants(second) == {
        nominee.pk: ("nomination", Decimal("0.00"), True),
        newcomer.pk: ("nomination", Decimal("200000.00"), False),
    }
