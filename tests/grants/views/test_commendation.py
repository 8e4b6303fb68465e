"""Art. 8, 22: the commendation decision (表彰决定) the government issues, drafted for the
programme's office as an editable .docx in the GB/T 9704 format once the publicity is over."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from awards.enums import PrizeLevel, RoundStage
from awards.models import AwardProgramme
from common.official_docx import official_date
from grants.commendation import BODY_LIST_LIMIT
from grants.services.approval import record_approval
from tests.awards.helpers import other_programme_office
from tests.factories import applicant_user, leading_group_user, office_user
from tests.official_format import gbt9704_problems
from tests.publicity.helpers import approval_round, manufacturer, proposed
from tests.test_user_text import action_codes, half_width_marks, rule_ids_and_codes

pytestmark = pytest.mark.django_db


def _url(round) -> str:  # type: ignore[no-untyped-def]
    return reverse("grants:commendation_decision", kwargs={"round_pk": round.pk})


def _text(content: bytes) -> tuple[list[str], list[list[str]]]:
    document = Document(io.BytesIO(content))
    tables = [[cell.text for row in t.rows for cell in row.cells] for t in document.tables]
    return [p.text for p in document.paragraphs], tables


def _named_round():  # type: ignore[no-untyped-def]
    round, _apps = approval_round(n_prize=0)
    a = proposed(round, organisation=manufacturer(name="赣州稀土新材料有限公司"), rank=1)
    b = proposed(
        round,
        organisation=manufacturer(name="南康家具有限公司"),
        level=PrizeLevel.NOMINATION,
        rank=1,
    )
    c = proposed(round, organisation=manufacturer(name="瑞金食品有限公司"), rank=2)
    round.publicities.get().applications.add(a, b, c)
    return round, (a, b, c)


def test_before_the_approval_the_draft_commends_the_proposed_list(client) -> None:  # type: ignore[no-untyped-def]
    office = office_user()
    round, _apps = _named_round()
    client.force_login(office)
    page = client.get(reverse("grants:record_approval", kwargs={"round_pk": round.pk}))
    assert _url(round) in page.content.decode()
    assert "下载表彰决定代拟稿（.docx）" in page.content.decode()
    assert (
        _url(round)
        in client.get(reverse("awards:round_detail", kwargs={"pk": round.pk})).content.decode()
    )
    response = client.get(_url(round))
    assert response.status_code == 200
    assert gbt9704_problems(response.content) == []
    paragraphs, tables = _text(response.content)
    text = "\n".join(paragraphs)
    assert paragraphs[0] == f"赣州市人民政府关于表彰{round.year}年度赣州市市长质量奖获奖组织的决定"
    assert "各有关单位：" in paragraphs
    assert "根据《赣州市市长质量奖管理办法》" in text
    assert "赣州市质量强市工作领导小组全体会议审议，并向社会公示，现决定：" in text
    assert (
        f"授予赣州稀土新材料有限公司、瑞金食品有限公司“{round.year}年度赣州市市长质量奖”称号；"
        f"授予南康家具有限公司“{round.year}年度赣州市市长质量奖提名奖”称号，"
    ) in text
    assert "对首次获得赣州市市长质量奖的组织给予50万元奖励。" in text
    assert "希望获奖组织珍惜荣誉" in text
    signature = paragraphs.index("赣州市人民政府")
    assert paragraphs[signature + 1] == official_date(timezone.localdate())
    assert not tables
    assert half_width_marks(text) == []
    assert rule_ids_and_codes(text, action_codes()) == []


def test_after_the_approval_the_draft_commends_whom_the_government_approved(client) -> None:  # type: ignore[no-untyped-def]
    office = office_user()
    round, (a, b, c) = _named_round()
    record_approval(
        round,
        actor=office,
        approved_on=date(2032, 1, 5),
        meeting="市政府第12次常务会议",
        document_number="赣市府字〔2032〕3号",
        application_ids=[a.pk, b.pk],
    )
    client.force_login(office)
    content = client.get(_url(round)).content
    assert gbt9704_problems(content) == []
    paragraphs, _tables = _text(content)
    text = "\n".join(paragraphs)
    assert "经市政府第12次常务会议研究，决定：" in text
    assert "瑞金食品有限公司" not in text
    assert f"授予赣州稀土新材料有限公司“{round.year}年度赣州市市长质量奖”称号" in text
    assert "2032年1月5日" in paragraphs
    assert half_width_marks(text) == []


def test_a_long_list_goes_to_an_attachment(client) -> None:  # type: ignore[no-untyped-def]
    office = office_user()
    round, apps = approval_round(n_prize=BODY_LIST_LIMIT - 2, n_nomination=3)
    client.force_login(office)
    content = client.get(_url(round)).content
    assert gbt9704_problems(content) == []
    paragraphs, (table,) = _text(content)
    text = "\n".join(paragraphs)
    assert f"等{BODY_LIST_LIMIT - 2}家组织“{round.year}年度赣州市市长质量奖”称号" in text
    assert f"等3家组织“{round.year}年度赣州市市长质量奖提名奖”称号" in text
    assert f"附件：{round.year}年度赣州市市长质量奖获奖组织名单" in paragraphs
    assert table[:4] == ["序号", "组织名称", "奖项", "所在县（市、区）"]
    assert {a.organisation.name for a in apps} <= set(table)
    assert half_width_marks(text + "\n".join(table)) == []


def test_the_programmes_own_names_are_used(client) -> None:  # type: ignore[no-untyped-def]
    office = office_user()
    round, _apps = approval_round(n_prize=0)
    round.publicities.get().applications.add(
        proposed(round, organisation=manufacturer(name="章贡企业"))
    )
    AwardProgramme.objects.filter(pk=round.programme_id).update(
        name="章贡区区长质量奖",
        prize_name="章贡区区长质量奖",
        nomination_name="章贡区区长质量奖提名奖",
        awarding_body="章贡区人民政府",
        office_name="章贡区质量强区工作领导小组办公室",
    )
    type(round).objects.filter(pk=round.pk).update(prize_amount=0)
    client.force_login(office)
    paragraphs, _tables = _text(client.get(_url(round)).content)
    text = "\n".join(paragraphs)
    assert paragraphs[0] == f"章贡区人民政府关于表彰{round.year}年度章贡区区长质量奖获奖组织的决定"
    assert "章贡区质量强区工作领导小组全体会议审议" in text
    assert "授予章贡企业“" in text and "颁发奖牌（奖杯）和证书。" in text
    assert "万元" not in text
    assert "赣州" not in text
    assert "章贡区人民政府" in paragraphs


def test_not_before_the_publicity_closes(client) -> None:  # type: ignore[no-untyped-def]
    office = office_user()
    round, _apps = approval_round()
    type(round).objects.filter(pk=round.pk).update(stage=RoundStage.PUBLICITY)
    client.force_login(office)
    page = client.get(reverse("grants:record_approval", kwargs={"round_pk": round.pk}))
    assert _url(round) not in page.content.decode()
    assert client.get(_url(round)).status_code == 404


@pytest.mark.parametrize("who", ["other_office", "applicant", "leading_group"])
def test_others_cannot_download_the_decision(client, who: str) -> None:  # type: ignore[no-untyped-def]
    round, (app,) = approval_round()
    if who == "other_office":
        user = other_programme_office()
    elif who == "applicant":
        user = applicant_user(app.organisation)
    else:
        user = leading_group_user()
    client.force_login(user)
    assert client.get(_url(round)).status_code == 404


def test_anonymous_goes_to_log_in(client) -> None:  # type: ignore[no-untyped-def]
    round, _apps = approval_round()
    assert client.get(_url(round))["Location"].startswith(reverse("accounts:login"))
