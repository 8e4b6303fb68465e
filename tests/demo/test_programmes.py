"""The demo's Nanchang and zone awards: set up through their rule settings, each with its own
office and leading group and a round at a stage of its own."""

from __future__ import annotations

from decimal import Decimal

import pytest

from accounts.enums import Role
from accounts.models import ProgrammeRole
from applications.enums import ApplicationStatus
from awards.enums import PrizeLevel, RoundStage
from awards.models import AwardProgramme, Round
from decisionlog.models import DecisionLogEntry
from demo.clock import story_year
from demo.programmes import load_programmes_demo
from demo.rounds import load_demo
from grants.models import AwardGrant, Certificate

pytestmark = pytest.mark.django_db


def test_nanchang_and_the_zone_load_once_with_their_own_rules_and_rounds(
    django_capture_on_commit_callbacks,
) -> None:
    load_demo()
    with django_capture_on_commit_callbacks(execute=True):
        assert load_programmes_demo().startswith("Loaded")
    nanchang = AwardProgramme.objects.get(slug="nanchang-mayor")
    zone = AwardProgramme.objects.get(slug="gz-zone")
    assert nanchang.rules_approved and zone.rules_approved
    assert zone.guided_by is not None and zone.guided_by.slug == "ganzhou-mayor"
    for programme, prefix in ((nanchang, "nc"), (zone, "kz")):
        roles = set(
            ProgrammeRole.objects.filter(programme=programme).values_list("user__username", "role")
        )
        assert {
            (f"{prefix}_office", Role.OFFICE),
            (f"{prefix}_leader", Role.LEADING_GROUP),
        } <= roles

    nc_round = Round.objects.get(programme=nanchang)
    assert nc_round.stage == RoundStage.ELIGIBILITY
    assert nc_round.title == f"{story_year(2025)}—{story_year(2026)}年度南昌市市长质量奖"
    assert (nc_round.prize_quota, nc_round.nomination_quota) == (2, 3)
    assert (nc_round.prize_amount, nc_round.nomination_amount) == (Decimal("500000"), Decimal("0"))
    statuses = sorted(nc_round.applications.values_list("status", flat=True))
    assert statuses == sorted(
        [ApplicationStatus.ELIGIBLE]
        + [ApplicationStatus.SUBMITTED] * 3  # two organisations and a nominated person
    )
    # R4: Nanchang's individual award, kept by its round; its nominee's ID number is stored
    # encrypted and shown masked.
    assert nc_round.accepts_individuals()
    (person,) = [a for a in nc_round.applications.all() if a.is_individual]
    assert person.nominee.full_name == "万质诚" and "*" in person.nominee.national_id_masked

    zone_round = Round.objects.get(programme=zone)
    assert zone_round.stage == RoundStage.PUBLISHED
    assert zone_round.title == f"{story_year(2025)}年度赣州经开区主任质量奖"
    assert zone_round.level_choices() == [(PrizeLevel.PRIZE, "赣州经开区主任质量奖")]
    grants = AwardGrant.objects.filter(round=zone_round)
    assert {(g.level, g.amount) for g in grants} == {(PrizeLevel.PRIZE, Decimal("150000.00"))}
    assert grants.count() == 3
    assert Certificate.objects.filter(grant__round=zone_round).count() == 3
    # Working days: the publicity spans the National Day holiday, so it lasts past 10 days.
    period = zone_round.publicities.get()
    assert (period.ends_at - period.starts_at).days > 14
    actions = set(DecisionLogEntry.objects.values_list("action", flat=True))
    assert {"programme.create", "programme.rules", "programme.approve_rules"} <= actions

    assert load_programmes_demo() == "Nanchang's and the zone's awards already loaded."
