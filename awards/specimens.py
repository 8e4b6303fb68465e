"""Specimens (样张) of what a programme's current rules print, for its office's rules page and
its leading group's approval (Art. 10): the round they would open and the call notice's draft
(Art. 16). Nothing here is saved, numbered or published."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from awards.enums import CertificateStandard, PrizeLevel, PublicityDayUnit, RoundStage
from awards.models import AwardProgramme, Round
from awards.rules import round_proposal
from awards.rulesets import programme_rule_settings, round_bucket_table, rule_settings_snapshot


def specimen_round(programme: AwardProgramme) -> Round:
    """The next round the programme would open under its current rules (R1, R2, R4), never
    saved: its title, places and money as ``round_proposal`` proposes them, and the rules kept
    as a published round keeps them."""
    proposal = round_proposal(programme, timezone.localdate())
    proposal.pop("programme")
    now = timezone.now()
    return Round(
        programme=programme,
        stage=RoundStage.DRAFT,
        applications_open_at=now,
        applications_close_at=now + timedelta(days=60),
        rule_settings=rule_settings_snapshot(programme),
        rule_settings_version=programme.rules_version,
        **proposal,
    )


def _yuan(amount: Decimal | int) -> str:
    """500000 -> 50万元; 12345 -> 12345元 (as notices write money)."""
    value = Decimal(amount)
    if value >= 10000 and value % 10000 == 0:
        return f"{int(value // 10000)}万元"
    return f"{value.normalize():f}元"


def call_notice_specimen(programme: AwardProgramme) -> dict[str, Any]:
    """The call notice's draft under the programme's current rules (Art. 6, 8, 13, 18-21), as
    the context of the specimen page; the office writes the real notice for each round."""
    round = specimen_round(programme)
    settings = programme_rule_settings(programme)
    context = {
        "programme": programme,
        "round": round,
        "settings": settings,
        "prize_name": round.level_name(PrizeLevel.PRIZE),
        "nomination_name": round.level_name(PrizeLevel.NOMINATION),
        "individual_name": settings.individual_award_name(programme.name),
        "prize_money": _yuan(round.prize_amount),
        "nomination_money": _yuan(round.nomination_amount) if round.nomination_amount else "",
        "individual_money": _yuan(settings.individual_amount),
        "buckets": round_bucket_table(round),
        "working_days": settings.publicity_day_unit == PublicityDayUnit.WORKING,
        "leading_group": programme.leading_group_name or "领导小组",
    }
    # The notice is an official document: Chinese whatever the reader's language.
    with translation.override("zh-hans"):
        standards = dict(CertificateStandard.choices)
        context["standards"] = "、".join(
            str(standards.get(code, code)) for code in settings.accepted_certification_standards
        )
        context["text"] = render_to_string("awards/call_notice_specimen.txt", context).strip()
    return context
