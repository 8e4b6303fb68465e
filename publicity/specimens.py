"""The specimen (样张) of the publicity notice (Art. 21) a programme's current rules would
publish: the next round as ``awards.specimens.specimen_round`` proposes it, sample organisations
filling each level's places in each sector bucket, the period counted as the rules say
(calendar or working days) and the notice's text as ``open_publicity`` writes it. For the
programme's office and leading group beside the call notice's and the certificates' specimens;
nothing here is saved, numbered or published."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.models import Application, Nominee
from awards.buckets import PLACE_LEVELS
from awards.enums import NomineeKind, PrizeLevel
from awards.models import AwardProgramme, Round
from awards.rulesets import round_bucket_places, round_rule_settings
from awards.specimens import specimen_round
from organisations.models import Organisation
from publicity.models import PublicityPeriod
from publicity.rules import BEIJING, PublicityState
from publicity.selectors.publicity import publicity_days_text, round_publicity_window
from publicity.services.publicity import default_notice_text, default_objection_contact

# The sample organisations' names: 示例单位甲, 示例单位乙, … (then numbers).
_STEMS = "甲乙丙丁戊己庚辛壬癸"
# The specimen's period begins a week after today (Beijing), as a notice drafted ahead would.
_DAYS_AHEAD = 7
# The sample people of an individual award, by name and employer (PIPL: no more).
_SAMPLE_PEOPLE = ("张某某", "李某某", "王某某")


def _sample_name(n: int) -> str:
    return f"示例单位{_STEMS[n] if n < len(_STEMS) else n + 1}"


def sample_entries(round: Round) -> list[Application]:
    """Unsaved applications proposed for each level the round offers, as many in each sector
    bucket as the bucket's places there (R2), then the individual award's people (R4), in
    the order the public notice lists them."""
    places = round_bucket_places(round)
    entries: list[Application] = []
    for level in PLACE_LEVELS:
        if not round.offers(level):
            continue
        for code, count in places[level].items():
            for _ in range(count):
                organisation = Organisation(name=_sample_name(len(entries)))
                entries.append(
                    Application(
                        round=round,
                        organisation=organisation,
                        sector=code,
                        proposed_level=level,
                        status=ApplicationStatus.PROPOSED,
                    )
                )
    settings = round_rule_settings(round)
    if settings.accepts_individuals:
        for name in _SAMPLE_PEOPLE[: settings.individual_places]:
            person = Application(
                round=round,
                organisation=Organisation(name=_sample_name(len(entries))),
                nominee_kind=NomineeKind.INDIVIDUAL,
                proposed_level=PrizeLevel.PRIZE,
                status=ApplicationStatus.PROPOSED,
            )
            Nominee(application=person, full_name=name)
            entries.append(person)
    return entries


def publicity_notice_specimen(programme: AwardProgramme) -> dict[str, Any]:
    """The context of the publicity notice's specimen page: the public notice's content
    (``publicity/_publicity_notice_content.html``, marked 样张) and what the rules set."""
    round = specimen_round(programme)
    entries = sample_entries(round)
    starts_on = timezone.now().astimezone(BEIJING).date() + timedelta(days=_DAYS_AHEAD)
    days = round.publicity_days
    starts_at, ends_at = round_publicity_window(round, starts_on, days)
    text = default_notice_text(round, entries, starts_on, days)
    title, _newline, body = text.partition("\n")
    period = PublicityPeriod(
        round=round,
        starts_at=starts_at,
        ends_at=ends_at,
        notice=f"{title}（样张）\n{body}",
        objection_contact=default_objection_contact(round),
    )
    context = {
        "period": period,
        "round": round,
        "state": PublicityState.NOT_YET_OPEN,
        "entries": entries,
        "outlets": [],
        "other_periods": [],
        "specimen": True,
    }
    return {
        "programme": programme,
        "round": round,
        "days_text": publicity_days_text(round, days),
        "content": render_to_string("publicity/_publicity_notice_content.html", context),
    }
