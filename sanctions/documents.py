"""Editable Word drafts for the office in the official format (common.official_docx): the
request to the awarding body to revoke an award (提请撤销的请示, R8 / R11) and the notice of a
bar to the provincial or national award body (R8). The office edits, seals and sends them; the
portal only drafts."""

from __future__ import annotations

from django.utils import timezone

from awards.rulesets import round_rule_settings
from common.official_docx import OfficialDocument, official_date, official_money
from grants.enums import BanReason
from sanctions.enums import AwardBody, RevocationGround
from sanctions.models import Ban, Revocation

# Chinese names of the grounds as the measures word them (Art. 28, Art. 30 (1)-(5)).
GROUND_ZH = {
    RevocationGround.ACCIDENT: "第三十条第（一）项：发生较大及以上质量、安全、环境污染、公共卫生、食品安全等责任事故",
    RevocationGround.QUALITY_PROBLEM: "第三十条第（二）项：产品、工程、服务、环境质量出现重大问题，经有关部门查处或投诉查实",
    RevocationGround.LOSSES: "第三十条第（三）项：因经营管理不善，连续两年出现严重亏损",
    RevocationGround.TAX: "第三十条第（四）项：发生重大偷漏税或其他严重违法违规行为",
    RevocationGround.OTHER: "第三十条第（五）项：其他严重违背市长质量奖宗旨的情形",
    RevocationGround.FRAUD: "第二十八条：弄虚作假，采取不正当手段骗取荣誉",
}
ACCIDENT_GRADE_ZH = {
    "extraordinary": "特别重大",
    "serious": "重大",
    "major": "较大",
    "ordinary": "一般",
}
BODY_ZH = {
    AwardBody.PROVINCIAL: "江西省井冈质量奖评审工作办公室",
    AwardBody.NATIONAL: "中国质量奖评审工作办公室",
}


def revocation_request_docx(case: Revocation) -> bytes:
    """The request (请示) to the awarding body (the municipal government for the Mayor's award,
    a county's government for its own) to revoke the award of one case."""
    grant = case.grant
    programme = grant.round.programme
    title = grant.round.level_name(grant.level)
    request = OfficialDocument(
        title=f"关于提请撤销{grant.organisation.name}{grant.round.year}年度{title}的请示",
        addressee=programme.awarding_body,
    )
    ground = GROUND_ZH.get(RevocationGround(case.ground), case.get_ground_display())
    if case.accident_grade:
        ground += f"（事故等级：{ACCIDENT_GRADE_ZH.get(case.accident_grade, case.accident_grade)}）"
    # R8 / Art. 28, 30: the bar's length as the round's rules set it.
    years = round_rule_settings(grant.round).bar_years(fraud=case.ground == RevocationGround.FRAUD)
    request.paragraph(
        f"{grant.organisation.name}（统一社会信用代码：{grant.organisation.credit_code}）"
        f"经{grant.approval.meeting}审议，于{official_date(grant.approved_on)}获"
        f"{grant.round.year}年度{title}（{grant.approval.document_number}）。"
    )
    request.paragraph(
        f"经{programme.office_name}查证，该组织存在《{programme.name}管理办法》{ground}的情形。"
        "主要事实与证据如下："
    )
    request.paragraphs(case.evidence.splitlines())
    if case.organisation_response:
        request.paragraph("该组织陈述意见如下：")
        request.paragraphs(case.organisation_response.splitlines())
    proposal = f"根据上述规定，拟提请撤销其{title}荣誉称号，收回奖牌（奖杯）和证书，"
    if case.ground == RevocationGround.FRAUD and grant.amount:
        proposal += f"追缴奖金{official_money(grant.amount)}，"
    proposal += (
        f"并向社会公告；{years}年内不接受该组织参加{programme.name}、江西省井冈质量奖、"
        "中国质量奖的申报和评审。"
    )
    request.paragraph(proposal)
    request.paragraph("妥否，请批示。")
    today = timezone.localdate()
    request.sign(programme.office_name, today)
    request.record(programme.office_name, today)
    return request.to_bytes()


def ban_notice_docx(ban: Ban, body: str) -> bytes:
    """R8: the notice to the provincial or national award body that an organisation is
    barred, and until when, from the office of the programme that decided the bar."""
    organisation = ban.organisation
    revocation = ban.revocation
    grant = revocation.grant if revocation else None
    fraud_case = ban.fraud_case
    programme = ban.programme
    notice = OfficialDocument(
        title=f"关于{organisation.name}禁止申报质量奖的函",
        addressee=BODY_ZH.get(AwardBody(body), body),
    )
    reason = (
        "弄虚作假骗取荣誉（第二十八条）"
        if ban.reason == BanReason.FRAUD
        else "被撤销奖项（第三十条）"
    )
    text = f"{organisation.name}（统一社会信用代码：{organisation.credit_code}）因{reason}"
    if grant and revocation and revocation.decided_on:
        text += (
            f"，其{grant.round.year}年度{grant.round.level_name(grant.level)}已经"
            f"{programme.awarding_body}于{official_date(revocation.decided_on)}撤销"
            f"（{revocation.document_number}）"
        )
    elif fraud_case is not None and fraud_case.decided_on:
        text += (
            f"，其参加{fraud_case.application.round}申报时弄虚作假，已被取消申报资格，"
            f"{programme.awarding_body}于{official_date(fraud_case.decided_on)}决定禁止其申报"
            f"（{fraud_case.document_number}）"
        )
    text += (
        f"。依照《{programme.name}管理办法》，该组织自{official_date(ban.starts_on)}起至"
        f"{official_date(ban.ends_on)}止，不得参加{programme.name}、江西省井冈质量奖、"
        "中国质量奖的申报和评审。"
    )
    notice.paragraph(text)
    notice.paragraph("特此函告。")
    notice.sign(programme.office_name, timezone.localdate())
    return notice.to_bytes()
