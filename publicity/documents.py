"""Art. 21: the publicity notice (公示) of the proposed list as an editable Word draft in the
official format (common.official_docx), for the office to publish through the news media and
on its website. The office edits, seals and sends it; the portal only drafts.

The notice is an official Chinese document: its wording is Chinese whatever the user's
interface language. It takes the programme's own names (never the city's) and states the
period that is stored, as every page states it: from its first day to 24:00 of its last
(Civil Code Art. 201, 203)."""

from __future__ import annotations

from datetime import datetime, time

from awards.enums import PrizeLevel
from common.measures import chinese_numeral
from common.official_docx import OfficialDocument, official_date
from publicity.models import PublicityPeriod
from publicity.rules import BEIJING, last_day_of, leading_group_name

# A list longer than this goes to an attachment (附件) instead of the body.
BODY_LIST_LIMIT = 10
LEVELS = (PrizeLevel.PRIZE, PrizeLevel.NOMINATION)


def _moment_zh(moment: datetime, *, end: bool) -> str:
    """A period's start or end in a Chinese notice: a day (its 0:00 or its 24:00, left
    unsaid for a start) or, at any other time, the day and the hour."""
    local = moment.astimezone(BEIJING)
    if local.time() == time.min:
        return f"{official_date(last_day_of(moment))}24时" if end else official_date(local.date())
    minutes = f"{local.minute}分" if local.minute else ""
    return f"{official_date(local.date())}{local.hour}时{minutes}"


def period_text_zh(period: PublicityPeriod) -> str:
    """自2031年12月1日起至2031年12月10日24时止: the stored start and end."""
    return (
        f"自{_moment_zh(period.starts_at, end=False)}起至{_moment_zh(period.ends_at, end=True)}止"
    )


def publicity_notice_docx(period: PublicityPeriod) -> bytes:
    """The notice of one publicity period: the proposed organisations per level (in the body,
    or in an attachment when the list is long), the period, how to object, the office and the
    date the period starts. A period opened for candidates added after an upheld objection is
    the 递补 notice. The list is the one the period publicised, as the public notice page
    shows it."""
    round = period.round
    programme = round.programme
    applications = list(
        period.applications.select_related("organisation__division", "round__programme").order_by(
            "proposed_level", "sector", "sector_rank", "organisation__name", "pk"
        )
    )
    by_level = [(level, [a for a in applications if a.proposed_level == level]) for level in LEVELS]
    by_level = [(level, apps) for level, apps in by_level if apps]
    added = hasattr(period, "list_decision") and period.list_decision is not None
    list_name = f"{round.year}年度{programme.name}拟奖名单"
    notice = OfficialDocument(title=f"关于{list_name}{'调整（递补）' if added else ''}的公示")
    group = leading_group_name(programme.office_name)
    if added:
        notice.paragraph(
            f"根据《{programme.name}管理办法》第二十一条规定，{group}对拟奖名单公示期间收到的"
            "异议进行了核实和审查，并对拟奖名单作了调整。现将递补的拟奖组织予以公示"
            f"（共{len(applications)}家）。"
        )
    else:
        notice.paragraph(
            f"根据《{programme.name}管理办法》第二十一条规定，经组织申报、资格审查、材料评审、"
            f"现场评审和综合评价，并经{group}全体会议审议，确定{list_name}"
            f"（共{len(applications)}家），现予以公示。"
        )
    in_attachment = len(applications) > BODY_LIST_LIMIT
    if in_attachment:
        counts = "，".join(f"{round.level_name(level)}{len(apps)}家" for level, apps in by_level)
        notice.paragraph(f"拟奖名单见附件，其中{counts}。")
    else:
        for n, (level, apps) in enumerate(by_level, 1):
            notice.paragraph(f"{chinese_numeral(n)}、{round.level_name(level)}（{len(apps)}家）")
            for i, app in enumerate(apps, 1):
                notice.paragraph(f"{i}.{app.organisation.name}")
    notice.paragraph(f"公示期{period_text_zh(period)}。")
    notice.paragraph(
        f"公示期间，任何单位和个人对拟奖组织有异议的，可以向{programme.office_name}提出。"
        "反映情况应当实事求是，以真实姓名或者单位名称提出，并提供联系方式；匿名或者逾期提出的"
        f"异议不予受理。对有异议的，{programme.office_name}将进行核实，提出处理意见，报{group}"
        "审查。"
    )
    contact = [line.strip() for line in period.objection_contact.splitlines() if line.strip()]
    if contact:
        notice.paragraph(f"异议受理方式：{contact[0]}")
        notice.paragraphs(contact[1:])
    notice.paragraph("特此公示。")
    if in_attachment:
        notice.attachments([list_name])
    notice.sign(programme.office_name, period.starts_at.astimezone(BEIJING).date())
    if in_attachment:
        notice.attachment_page(
            "附件",
            list_name,
            ("序号", "组织名称", "拟奖奖项", "所在县（市、区）"),
            [
                (
                    str(n),
                    app.organisation.name,
                    round.level_name(app.proposed_level),
                    app.organisation.division.name,
                )
                for n, app in enumerate([app for _level, apps in by_level for app in apps], 1)
            ],
            widths=(1.4, 6.4, 4.6, 3.6),
        )
    return notice.to_bytes()
