"""Editable Word drafts for the office (python-docx): the request to the municipal government
to revoke an award (提请撤销的请示, R8 / R11) and the notice of a bar to the provincial or
national award body (R8). The office edits, seals and sends them; the portal only drafts."""

from __future__ import annotations

import io

from django.utils import timezone
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from grants.enums import BAN_YEARS, BanReason
from sanctions.enums import AwardBody, RevocationGround
from sanctions.models import Ban, Revocation

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

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
LEVEL_ZH = {"prize": "市长质量奖", "nomination": "市长质量奖提名奖"}


def _document() -> DocxDocument:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "FangSong"
    style.font.size = Pt(16)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋_GB2312")
    return document


def _title(document: DocxDocument, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(22)


def _signature(document: DocxDocument, office: str) -> None:
    for text in (office, timezone.localdate().strftime("%Y年%m月%d日")):
        paragraph = document.add_paragraph(text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _bytes(document: DocxDocument) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def revocation_request_docx(case: Revocation) -> bytes:
    """The request (请示) to the municipal government to revoke the award of one case."""
    grant = case.grant
    programme = grant.round.programme
    document = _document()
    _title(
        document,
        f"关于提请撤销{grant.organisation.name}{grant.round.year}年度{LEVEL_ZH.get(grant.level, '')}的请示",
    )
    document.add_paragraph(f"{programme.awarding_body}:")
    ground = GROUND_ZH.get(RevocationGround(case.ground), case.get_ground_display())
    if case.accident_grade:
        ground += f"（事故等级：{ACCIDENT_GRADE_ZH.get(case.accident_grade, case.accident_grade)}）"
    years = BAN_YEARS[
        BanReason.FRAUD if case.ground == RevocationGround.FRAUD else BanReason.REVOCATION
    ]
    document.add_paragraph(
        f"{grant.organisation.name}（统一社会信用代码：{grant.organisation.credit_code}）"
        f"经{grant.approval.meeting}审议，于{grant.approved_on:%Y年%m月%d日}获"
        f"{grant.round.year}年度{LEVEL_ZH.get(grant.level, '')}（{grant.approval.document_number}）。"
    )
    document.add_paragraph(
        f"经{programme.office_name}查证，该组织存在《{programme.name}管理办法》{ground}的情形。"
        "主要事实与证据如下："
    )
    for line in case.evidence.splitlines():
        if line.strip():
            document.add_paragraph(line.strip())
    if case.organisation_response:
        document.add_paragraph("该组织陈述意见如下：")
        for line in case.organisation_response.splitlines():
            if line.strip():
                document.add_paragraph(line.strip())
    proposal = f"根据上述规定，拟提请撤销其{LEVEL_ZH.get(grant.level, '')}荣誉称号，收回奖牌（奖杯）和证书，"
    if case.ground == RevocationGround.FRAUD and grant.amount:
        proposal += f"追缴奖金{grant.amount:.2f}元，"
    proposal += f"并向社会公告；{years}年内不接受该组织参加市长质量奖、江西省井冈质量奖、中国质量奖的申报和评审。"
    document.add_paragraph(proposal)
    document.add_paragraph("妥否，请批示。")
    _signature(document, programme.office_name)
    return _bytes(document)


def ban_notice_docx(ban: Ban, body: str) -> bytes:
    """R8: the notice to the provincial or national award body that an organisation is
    barred, and until when."""
    document = _document()
    organisation = ban.organisation
    revocation = ban.revocation
    grant = revocation.grant if revocation else None
    fraud_case = ban.fraud_case
    # The office of the programme whose decision the bar follows (a county's for its own).
    if grant is not None:
        programme = grant.round.programme
    elif fraud_case is not None:
        programme = fraud_case.application.round.programme
    else:
        programme = None
    office = programme.office_name if programme else "赣州市市长质量奖评审委员会办公室"
    _title(document, f"关于{organisation.name}禁止申报质量奖的函")
    document.add_paragraph(f"{BODY_ZH.get(AwardBody(body), body)}:")
    reason = (
        "弄虚作假骗取荣誉（第二十八条）"
        if ban.reason == BanReason.FRAUD
        else "被撤销奖项（第三十条）"
    )
    text = f"{organisation.name}（统一社会信用代码：{organisation.credit_code}）因{reason}"
    if grant and revocation and revocation.decided_on:
        text += (
            f"，其{grant.round.year}年度{LEVEL_ZH.get(grant.level, '')}已经市人民政府"
            f"于{revocation.decided_on:%Y年%m月%d日}撤销（{revocation.document_number}）"
        )
    elif fraud_case is not None and fraud_case.decided_on:
        text += (
            f"，其参加{fraud_case.application.round}申报时弄虚作假，已被取消申报资格，"
            f"市人民政府于{fraud_case.decided_on:%Y年%m月%d日}决定禁止其申报"
            f"({fraud_case.document_number})"
        )
    text += (
        f"。依照《赣州市市长质量奖管理办法》，该组织自{ban.starts_on:%Y年%m月%d日}起至"
        f"{ban.ends_on:%Y年%m月%d日}止，不得参加市长质量奖、江西省井冈质量奖、中国质量奖的申报和评审。"
    )
    document.add_paragraph(text)
    document.add_paragraph("特此函告。")
    _signature(document, office)
    return _bytes(document)
