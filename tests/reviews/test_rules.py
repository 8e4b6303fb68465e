"""The pure rules of expert review: GB/Z 19579 percentages and bands, totals, R12 detection,
R6 tilt and ranking, R2/R7 places within the quotas, and the quota check."""

from __future__ import annotations

import random
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.utils import translation

from awards.enums import ItemKind, PrizeLevel, TiltRule
from organisations.enums import Sector
from reviews.rules.scoring import (
    SCORING_BANDS,
    Entry,
    Placement,
    Quotas,
    band_for,
    check_quotas,
    composite_score,
    fill_places,
    is_detected_conflict,
    is_valid_percent,
    mean_score,
    quota_use,
    rank,
    review_total,
    sector_ranks,
    tie_breaks,
    tilt_bonus,
)

M = Sector.MANUFACTURING
S = Sector.SERVICE
PRIZE = PrizeLevel.PRIZE
NOMINATION = PrizeLevel.NOMINATION
PRECEDENCE = TiltRule.PRECEDENCE_AT_EQUAL


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def e(key: int, sector: str, composite: str, **kwargs: object) -> Entry:
    return Entry(
        key=key,
        name=kwargs.pop("name", f"org{key:02d}"),  # type: ignore[arg-type]
        sector=sector,
        composite=Decimal(composite),
        **kwargs,  # type: ignore[arg-type]
    )


def levels(placements: dict[int, Placement]) -> dict[int, str]:
    return {key: p.level for key, p in placements.items()}


# --- GB/Z 19579 scoring ----------------------------------------------------------------------


@pytest.mark.parametrize("value", list(range(0, 101, 5)))
def test_every_step_of_five_from_0_to_100_is_a_valid_percentage(value: int) -> None:
    assert is_valid_percent(value) is True


@pytest.mark.parametrize("value", [1, 3, 33, 99, 101, 105, -5, 5.0, "5", None, True])
def test_other_percentages_are_refused(value: object) -> None:
    assert is_valid_percent(value) is False


def test_six_bands_cover_every_step_exactly_once() -> None:
    covered = [p for band in SCORING_BANDS for p in band.percents()]
    assert covered == list(range(0, 101, 5))
    assert [b.label for b in SCORING_BANDS] == [
        "0–5%",
        "10–25%",
        "30–45%",
        "50–65%",
        "70–85%",
        "90–100%",
    ]


@pytest.mark.parametrize(
    ("percent", "low"),
    [(0, 0), (5, 0), (10, 10), (25, 10), (45, 30), (50, 50), (85, 70), (90, 90), (100, 90)],
)
def test_band_for_a_percentage(percent: int, low: int) -> None:
    assert band_for(percent).low == low


def test_band_text_differs_for_process_and_results_items() -> None:
    band = band_for(50)
    assert band.text(ItemKind.PROCESS).startswith("Approach responsive to the overall")
    assert band.text(ItemKind.RESULTS).startswith("Improving trends or good levels")


def test_review_total_is_points_times_percentage_to_one_decimal_half_up() -> None:
    # 15 x 5% = 0.75 -> 0.8; 50 x 35% = 17.5; 10 x 5% = 0.5
    assert review_total([(15, 5)]) == Decimal("0.8")
    assert review_total([(50, 35), (10, 5)]) == Decimal("18.0")
    assert review_total([(15, 5), (15, 10)]) == Decimal("2.3")  # 0.75 + 1.5 = 2.25 -> 2.3
    assert review_total([]) == Decimal("0.0")


def test_mean_score_to_one_decimal_half_up() -> None:
    assert mean_score([Decimal("800"), Decimal("700")]) == Decimal("750.0")
    assert mean_score([Decimal("700.1"), Decimal("700.2")]) == Decimal("700.2")  # 700.15
    assert mean_score([Decimal("1"), Decimal("1"), Decimal("2")]) == Decimal("1.3")
    with pytest.raises(ValueError):
        mean_score([])


# --- R12 -----------------------------------------------------------------------------------------


def test_detected_conflict_when_the_employer_is_the_applicant() -> None:
    assert is_detected_conflict("91360700MA0000001X", "91360700MA0000001X") is True
    assert is_detected_conflict(" 91360700ma0000001x ", "91360700MA0000001X") is True
    assert is_detected_conflict("91360700MA0000002X", "91360700MA0000001X") is False
    assert is_detected_conflict("", "91360700MA0000001X") is False


# --- R6: composite and ranking ----------------------------------------------------------------


def test_composite_is_the_weighted_sum_without_bonus_under_precedence() -> None:
    score = composite_score(
        Decimal("800.0"),
        Decimal("700.0"),
        material_weight=Decimal("0.40"),
        site_weight=Decimal("0.60"),
        tilt_rule=PRECEDENCE,
        bonus_per_tag=Decimal("10"),
        tags=2,
    )
    assert score == Decimal("740.0")


def test_bonus_rule_adds_points_per_priority_tag() -> None:
    # R6: only a round whose approved rule is "bonus" adds points.
    score = composite_score(
        Decimal("612.5"),
        Decimal("587.5"),
        material_weight=Decimal("0.40"),
        site_weight=Decimal("0.60"),
        tilt_rule=TiltRule.BONUS_POINTS,
        bonus_per_tag=Decimal("5.0"),
        tags=2,
    )
    assert score == Decimal("607.5")  # 245 + 352.5 + 10
    assert tilt_bonus(TiltRule.BONUS_POINTS, Decimal("5.0"), 3) == Decimal("15.0")
    assert tilt_bonus(TiltRule.NONE, Decimal("5.0"), 3) == Decimal("0")
    assert tilt_bonus(PRECEDENCE, Decimal("5.0"), 3) == Decimal("0")


def test_precedence_puts_more_priority_tags_first_at_equal_composite() -> None:
    a = e(1, M, "600.0", tags=0, material=Decimal("650"), name="甲")
    b = e(2, M, "600.0", tags=2, material=Decimal("500"), name="乙")
    assert [x.key for x in rank([a, b], PRECEDENCE)] == [2, 1]
    assert tie_breaks([a, b], PRECEDENCE) == [
        {"sector": M, "composite": "600.0", "before": 2, "after": 1, "decided_by": "priority_tags"}
    ]


def test_without_precedence_equal_composite_goes_by_material_then_name() -> None:
    a = e(1, M, "600.0", tags=0, material=Decimal("650"), name="乙")
    b = e(2, M, "600.0", tags=2, material=Decimal("500"), name="甲")
    c = e(3, M, "600.0", tags=0, material=Decimal("650"), name="丙")
    for rule in (TiltRule.NONE, TiltRule.BONUS_POINTS):
        assert [x.key for x in rank([a, b, c], rule)] == [3, 1, 2]  # 丙 (U+4E19) before 乙
    decided = [t["decided_by"] for t in tie_breaks([a, b, c], TiltRule.NONE)]
    assert decided == ["name", "material"]


def test_precedence_never_overrides_a_higher_composite() -> None:
    a = e(1, M, "600.1", tags=0)
    b = e(2, M, "600.0", tags=3)
    assert [x.key for x in rank([a, b], PRECEDENCE)] == [1, 2]
    assert tie_breaks([a, b], PRECEDENCE) == []


def test_sector_ranks_count_within_each_sector() -> None:
    entries = [e(1, M, "700"), e(2, S, "690"), e(3, M, "650"), e(4, S, "710"), e(5, M, "720")]
    assert sector_ranks(entries, PRECEDENCE) == {5: 1, 1: 2, 3: 3, 4: 1, 2: 2}


# --- R2 / R7: fill_places ---------------------------------------------------------------------


def test_prize_places_per_sector_then_the_rest_to_nomination() -> None:
    # R2: 3 manufacturing prizes; the fourth qualifies for the prize and gets a nomination.
    entries = [e(i, M, str(700 - i)) for i in range(1, 5)]
    assert levels(fill_places(entries, Quotas())) == {
        1: PRIZE,
        2: PRIZE,
        3: PRIZE,
        4: NOMINATION,
    }


def test_service_sector_has_two_prize_places() -> None:
    entries = [e(i, S, str(700 - i)) for i in range(1, 4)]
    assert levels(fill_places(entries, Quotas())) == {1: PRIZE, 2: PRIZE, 3: NOMINATION}


def test_total_prize_quota_binds_across_sectors_by_ranking() -> None:
    # Total 4 prize places with 3 + 2 per sector: the lowest-ranked of the five loses out.
    quotas = Quotas(prize_total=4)
    entries = [
        e(1, M, "700"),
        e(2, M, "690"),
        e(3, M, "640"),
        e(4, S, "695"),
        e(5, S, "660"),
    ]
    assert levels(fill_places(entries, quotas)) == {
        1: PRIZE,
        2: PRIZE,
        3: NOMINATION,
        4: PRIZE,
        5: PRIZE,
    }


def test_places_stay_vacant_when_nobody_qualifies() -> None:
    # R2: a place may stay vacant; below the nomination minimum there is no place at all.
    entries = [e(1, M, "600"), e(2, M, "449.9"), e(3, S, "450.0"), e(4, S, "300")]
    placements = fill_places(entries, Quotas())
    assert levels(placements) == {1: PRIZE, 2: "", 3: NOMINATION, 4: ""}
    use = quota_use([(M, PRIZE, False), (S, NOMINATION, False)], Quotas())
    assert use[PRIZE]["total"] == 1
    assert use[PRIZE]["sectors"][M] == {"used": 1, "quota": 3}
    assert use[NOMINATION]["sectors"][S] == {"used": 1, "quota": 2}


def test_thresholds_are_inclusive() -> None:
    entries = [e(1, M, "550.0"), e(2, M, "450.0")]
    assert levels(fill_places(entries, Quotas())) == {1: PRIZE, 2: NOMINATION}


def test_nomination_places_have_their_own_sector_caps() -> None:
    entries = [e(i, M, str(500 - i)) for i in range(1, 6)]
    assert levels(fill_places(entries, Quotas())) == {
        1: NOMINATION,
        2: NOMINATION,
        3: NOMINATION,
        4: "",
        5: "",
    }


def test_total_nomination_quota_binds() -> None:
    quotas = Quotas(nomination_total=3)
    entries = [e(1, M, "500"), e(2, M, "499"), e(3, S, "498"), e(4, S, "497")]
    assert levels(fill_places(entries, quotas)) == {
        1: NOMINATION,
        2: NOMINATION,
        3: NOMINATION,
        4: "",
    }


def test_a_sector_with_no_prize_place_goes_to_nomination() -> None:
    quotas = Quotas(prize_by_sector={M: 3, S: 0})
    entries = [e(1, S, "700"), e(2, M, "600")]
    assert levels(fill_places(entries, quotas)) == {1: NOMINATION, 2: PRIZE}


def test_repeat_prize_winner_is_outside_the_quota() -> None:
    # R7: the repeat winner does not use one of the three manufacturing places.
    entries = [
        e(1, M, "800", is_repeat=True),
        e(2, M, "700"),
        e(3, M, "690"),
        e(4, M, "680"),
        e(5, M, "670"),
    ]
    placements = fill_places(entries, Quotas())
    assert placements[1] == Placement(PRIZE, outside_quota=True)
    assert levels(placements) == {1: PRIZE, 2: PRIZE, 3: PRIZE, 4: PRIZE, 5: NOMINATION}
    selections = [(M, placements[k].level, k == 1) for k in placements if placements[k].level]
    assert check_quotas(Quotas(), selections) == []


def test_repeat_winner_below_the_prize_uses_a_nomination_place() -> None:
    # Only a repeat *prize* is outside the quota (R7); a nomination counts like any other.
    quotas = Quotas(nomination_by_sector={M: 1, S: 2})
    entries = [e(1, M, "500", is_repeat=True), e(2, M, "490")]
    placements = fill_places(entries, quotas)
    assert placements[1] == Placement(NOMINATION)
    assert placements[2] == Placement("")


def test_repeat_winner_below_both_thresholds_gets_nothing() -> None:
    entries = [e(1, M, "400", is_repeat=True)]
    assert fill_places(entries, Quotas())[1] == Placement("")


def test_precedence_decides_the_last_place_at_equal_scores() -> None:
    # R6 precedence: one manufacturing prize place left for two at 600.0.
    quotas = Quotas(prize_by_sector={M: 1, S: 2})
    plain = e(1, M, "600.0", tags=0, material=Decimal("700"), name="甲")
    tagged = e(2, M, "600.0", tags=1, material=Decimal("500"), name="乙")
    assert levels(fill_places([plain, tagged], quotas, PRECEDENCE)) == {1: NOMINATION, 2: PRIZE}
    # Without the tilt the material score decides.
    assert levels(fill_places([plain, tagged], quotas, TiltRule.NONE)) == {1: PRIZE, 2: NOMINATION}


def test_bonus_points_can_lift_an_application_into_a_place() -> None:
    common = {"material_weight": Decimal("0.4"), "site_weight": Decimal("0.6")}
    plain = composite_score(
        Decimal("560"), Decimal("560"), tilt_rule=TiltRule.BONUS_POINTS, tags=0, **common
    )
    tagged = composite_score(
        Decimal("550"),
        Decimal("550"),
        tilt_rule=TiltRule.BONUS_POINTS,
        bonus_per_tag=Decimal("6"),
        tags=2,
        **common,
    )
    assert (plain, tagged) == (Decimal("560.0"), Decimal("562.0"))
    quotas = Quotas(prize_by_sector={M: 1, S: 2})
    placements = fill_places(
        [e(1, M, str(plain)), e(2, M, str(tagged))], quotas, TiltRule.BONUS_POINTS
    )
    assert levels(placements) == {1: NOMINATION, 2: PRIZE}


def test_quotas_from_a_round_use_its_settings() -> None:
    class R:
        prize_quota = 4
        prize_quota_manufacturing = 2
        prize_quota_service = 2
        nomination_quota = 3
        nomination_quota_manufacturing = 1
        nomination_quota_service = 2
        # R2: a round made before places were kept per bucket: its columns give them.
        bucket_places: dict[str, dict[str, int]] = {}
        prize_min_score = Decimal("600")
        nomination_min_score = Decimal("500")
        # The rules the round kept: the 2022 measures' (R7: a repeat prize uses no place).
        rule_settings = {"prize_repeat_uses_place": False}

    quotas = Quotas.from_round(R())  # type: ignore[arg-type]
    assert quotas == Quotas(
        prize_total=4,
        prize_by_sector={M: 2, S: 2},
        nomination_total=3,
        nomination_by_sector={M: 1, S: 2},
        prize_min=Decimal("600"),
        nomination_min=Decimal("500"),
    )


def test_fill_places_never_breaks_the_quotas() -> None:
    # Whatever the scores, the proposal passes the plenary's re-check (R2).
    generator = random.Random(19580)
    for _attempt in range(200):
        quotas = Quotas(
            prize_total=generator.randint(0, 5),
            prize_by_sector={M: generator.randint(0, 3), S: generator.randint(0, 2)},
            nomination_total=generator.randint(0, 5),
            nomination_by_sector={M: generator.randint(0, 3), S: generator.randint(0, 2)},
        )
        entries = [
            e(
                i,
                generator.choice([M, S]),
                str(generator.randint(400, 700)),
                tags=generator.randint(0, 3),
                is_repeat=generator.random() < 0.15,
            )
            for i in range(generator.randint(0, 14))
        ]
        placements = fill_places(entries, quotas)
        by_key = {x.key: x for x in entries}
        selections = [
            (by_key[k].sector, p.level, by_key[k].is_repeat)
            for k, p in placements.items()
            if p.level
        ]
        assert check_quotas(quotas, selections) == []
        for key, placement in placements.items():
            if placement.level == PRIZE:
                assert by_key[key].composite >= quotas.prize_min
            if placement.level == NOMINATION:
                assert by_key[key].composite >= quotas.nomination_min


# --- R2: check_quotas -------------------------------------------------------------------------


def test_check_quotas_accepts_the_full_default_list() -> None:
    selections = [(M, PRIZE, False)] * 3 + [(S, PRIZE, False)] * 2
    selections += [(M, NOMINATION, False)] * 3 + [(S, NOMINATION, False)] * 2
    assert check_quotas(Quotas(), selections) == []


def test_check_quotas_reports_a_sector_over_its_quota() -> None:
    violations = check_quotas(Quotas(), [(M, PRIZE, False)] * 4)
    assert violations == ["Mayor's Quality Award, Manufacturing: 4 places used, the quota is 3."]


def test_check_quotas_reports_the_total_over_its_quota() -> None:
    quotas = Quotas(nomination_total=4)
    selections = [(M, NOMINATION, False)] * 3 + [(S, NOMINATION, False)] * 2
    assert check_quotas(quotas, selections) == ["Nomination prize: 5 places used, the quota is 4."]


def test_check_quotas_leaves_repeat_prize_winners_out() -> None:
    selections = [(S, PRIZE, False)] * 2 + [(S, PRIZE, True)] * 2
    assert check_quotas(Quotas(), selections) == []
    assert check_quotas(Quotas(), [(S, NOMINATION, True)] * 3) == [
        "Nomination prize, Service (incl. medical, education), engineering and others: "
        "3 places used, the quota is 2."
    ]


def test_check_quotas_reports_unknown_levels_and_sectors() -> None:
    assert check_quotas(Quotas(), [("mining", PRIZE, False), (M, "gold", False)]) == [
        "Unknown sector “mining”.",
        "Unknown prize level “gold”.",
    ]


@pytest.mark.django_db
def test_check_quotas_reads_a_rounds_settings() -> None:
    from tests.reviews.helpers import review_round

    round = review_round(prize_quota_service=1)
    assert check_quotas(round, [(S, PRIZE, False)] * 2) == [
        "Mayor's Quality Award, Service (incl. medical, education), engineering and others: "
        "2 places used, the quota is 1."
    ]
