"""Art. 8, 22: the commendation decision (表彰决定) by which the awarding body (the municipal
government for the Mayor's award, a county's government for its own) commends the winners,
drafted as an editable Word document in the official format (common.official_docx). The
government issues it; the office drafts it (代拟稿) and edits it before it is sealed.

The decision is an official Chinese document: its wording is Chinese whatever the user's
interface language, and it takes the programme's own names (never the city's)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from awards.enums import PrizeLevel
from awards.models import Round
from awards.rules import round_years_text
from awards.rulesets import round_rule_settings
from common.official_docx import OfficialDocument, official_money
from grants.models import ApprovalDecision, AwardGrant
from grants.selectors.approval import approval_candidates
from publicity.rules import leading_group_name

# More winners than this go to an attachment (附件) instead of the decision's text (the
# 2022 measures allow at most 5 a level, Art. 6: a list that long is another programme's).
BODY_LIST_LIMIT = 10
LEVELS = (PrizeLevel.PRIZE, PrizeLevel.NOMINATION)


@dataclass(frozen=True)
class Commended:
    name: str
    level: str
    division: str


def commended(round: Round) -> tuple[list[Commended], ApprovalDecision | None]:
    """Who the decision commends, prize before nomination: once the government's approval is
    recorded, the organisations it approved (it may approve fewer than proposed), with the
    approval; before, the proposed list the office submits for approval (Art. 22)."""
    approval = round.approvals.order_by("-approved_on", "-pk").first()
    if approval is not None:
        grants = (
            AwardGrant.objects.filter(round=round)
            .select_related("organisation__division")
            .order_by("application__sector", "application__sector_rank", "organisation__name")
        )
        rows = [
            Commended(g.organisation.name, g.level, g.organisation.division.name) for g in grants
        ]
    else:
        rows = [
            Commended(a.organisation.name, a.proposed_level, a.organisation.division.name)
            for a in approval_candidates(round).select_related("organisation__division")
        ]
    return [row for level in LEVELS for row in rows if row.level == level], approval


def commendation_decision_docx(round: Round) -> bytes:
    """The decision: the preamble citing the measures, the review, the plenary and the
    publicity (and the government's meeting once recorded); the decision granting each level's
    title to its winners (in the text, or in an attachment when the list is long); the prize
    money of each level that pays (a first-time win, or any where the round's rules pay repeats); the closing exhortation; the awarding body and the date (the
    approval's, or today's for a draft before it)."""
    programme = round.programme
    rows, approval = commended(round)
    by_level = [(level, [r for r in rows if r.level == level]) for level in LEVELS]
    by_level = [(level, level_rows) for level, level_rows in by_level if level_rows]
    award = f"{round_years_text(round)}年度{programme.name}"
    decision = OfficialDocument(
        title=f"{programme.awarding_body}关于表彰{award}获奖组织的决定",
        addressee="各有关单位",
    )
    group = leading_group_name(programme.office_name)
    decided = f"经{approval.meeting}研究，决定" if approval is not None else "现决定"
    decision.paragraph(
        "为深入实施质量强国战略，激励广大组织追求卓越、提升质量管理水平，推动高质量发展，"
        f"根据《{programme.name}管理办法》，{award}评审工作经组织申报、资格审查、材料评审、"
        f"现场评审和综合评价，{group}全体会议审议，并向社会公示，{decided}："
    )
    in_attachment = len(rows) > BODY_LIST_LIMIT
    grants = []
    for level, level_rows in by_level:
        title = f"{round_years_text(round)}年度{round.level_name(level)}"
        if in_attachment:
            whom = f"{level_rows[0].name}等{len(level_rows)}家组织"
        else:
            whom = "、".join(r.name for r in level_rows)
        grants.append(f"授予{whom}“{title}”称号")
    text = "；".join(grants)
    # R4 / Art. 8, 27: each level's money per winner, as the round set it; a repeat win gets
    # it only where the round's rules say so.
    settings = round_rule_settings(round)
    money = [
        f"对{'获得' if settings.repeat_paid(level) else '首次获得'}{round.level_name(level)}"
        f"的组织给予{official_money(round.level_amount(level))}奖励"
        for level, _rows in by_level
        if round.level_amount(level)
    ]
    text += "，颁发奖牌（奖杯）和证书" + "".join(f"，{line}" for line in money) + "。"
    decision.paragraph(text)
    decision.paragraph(
        "希望获奖组织珍惜荣誉，发挥示范引领作用，持续提升质量管理水平，再创佳绩。各地各部门"
        "和广大组织要以获奖组织为榜样，学习借鉴先进质量管理理念和方法，不断提高产品、工程和"
        "服务质量，为推动经济社会高质量发展作出新的更大贡献。"
    )
    list_name = f"{award}获奖组织名单"
    if in_attachment:
        decision.attachments([list_name])
    day = approval.approved_on if approval is not None else timezone.localdate()
    decision.sign(programme.awarding_body, day)
    if in_attachment:
        decision.attachment_page(
            "附件",
            list_name,
            ("序号", "组织名称", "奖项", "所在县（市、区）"),
            [
                (str(n), row.name, round.level_name(row.level), row.division)
                for n, row in enumerate(rows, 1)
            ],
            widths=(1.4, 6.4, 4.6, 3.6),
        )
    return decision.to_bytes()
