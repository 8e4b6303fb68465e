"""The records after the approval, on top of demo.rounds.load_demo: payments and plaques of
the latest published round's winners, where that list was published, a history import (a 2020
winner and a bar under the 2017 measures), a department's incident report and a public report
of a forged certificate. Idempotent."""

from __future__ import annotations

import io
from datetime import timedelta

from django.utils import timezone
from openpyxl import Workbook

from accounts.models import User
from awards.enums import RoundStage
from awards.models import Round
from grants.models import AwardGrant, HistoryImport
from grants.services.history_import import (
    BAN_COLUMNS,
    BAN_SHEET,
    WIN_COLUMNS,
    WIN_SHEET,
    import_history,
)
from grants.services.records import add_winners_outlet, record_payment, record_plaque
from sanctions.services.incidents import report_by_liaison, report_unmatched_by_public

# Valid GB 32100 codes of organisations that are not (yet) registered in the demo.
PAST_WINNER_CODE = "91360702MAEXAMPL2Q"
PAST_BANNED_CODE = "91360702MAEXAMPL3U"


def _history_workbook() -> io.BytesIO:
    book = Workbook()
    wins = book.active
    assert wins is not None
    wins.title = WIN_SHEET
    wins.append([h for _f, h, _l in WIN_COLUMNS])
    wins.append(
        [
            "ganzhou-mayor",
            2020,
            "市长质量奖",
            PAST_WINNER_CODE,
            "赣州虔诚实业有限公司",
            "2021-01-20",
            500000,
        ]
    )
    bans = book.create_sheet(BAN_SHEET)
    bans.append([h for _f, h, _l in BAN_COLUMNS])
    bans.append(
        [
            PAST_BANNED_CODE,
            "赣州某材料有限公司",
            "弄虚作假",
            "2017",
            "2020-08-01",
            "2030-08-01",
            "赣市府字〔2020〕31号",
        ]
    )
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def load_records_demo() -> str:
    if HistoryImport.objects.exists():
        return "Records demo data already loaded."
    office = User.objects.get(username="office")
    _batch, errors = import_history(
        _history_workbook(), actor=office, original_name="门户启用前获奖及禁止申报名单.xlsx"
    )
    if errors:
        return f"History import refused: {errors[0].message}"
    today = timezone.localdate()
    round = (
        Round.objects.filter(programme__slug="ganzhou-mayor", stage=RoundStage.PUBLISHED)
        .order_by("-year")
        .first()
    )
    grants = list(AwardGrant.objects.filter(round=round).select_related("round")) if round else []
    for grant in grants:
        day = min(grant.approved_on + timedelta(days=30), today)
        record_plaque(grant, actor=office, kind="plaque", issued_on=day, received_by="办公室主任")
        if grant.amount:
            record_payment(
                grant,
                actor=office,
                amount=grant.amount,
                paid_on=min(grant.approved_on + timedelta(days=60), today),
                reference=f"GZCZ-{grant.round.year}-{grant.pk:03d}",
            )
    if round is not None and grants:
        add_winners_outlet(
            round,
            actor=office,
            outlet="赣州市人民政府网站",
            published_on=grants[0].approved_on,
            url="https://www.ganzhou.gov.cn/",
        )
    liaison = User.objects.filter(username="liaison").first()
    valid = [g for g in grants if g.status == "valid" and g.valid_until >= today]
    if liaison is not None and valid:
        report_by_liaison(
            valid[0],
            actor=liaison,
            kind="spot_check",
            description="省级产品质量监督抽查一批次不合格（待核实）。",
            occurred_on=today - timedelta(days=10),
        )
    if round is not None:
        # Art. 33: a public report of a forged certificate naming no winner.
        report_unmatched_by_public(
            round.programme,
            name="刘先生",
            contact="13907970000",
            kind="forgery",
            description="某公司在招投标文件中附有市长质量奖证书复印件，验证页查无此编号。",
            named_organisation="赣州某某建材有限公司",
            certificate_number="GZZLJ-2030-ZL-009-ABCD",
        )
    return f"Records demo data loaded: {len(grants)} grants with plaques and payments."
