"""Art. 21: the publicity notice (公示) of a period as an editable .docx in the GB/T 9704 format,
for the programme's office alone, linked from its publicity pages."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document

from awards.enums import PrizeLevel
from awards.models import AwardProgramme
from publicity.documents import BODY_LIST_LIMIT
from publicity.models import ListDecision
from tests.awards.helpers import other_programme_office
from tests.factories import applicant_user, leading_group_user, office_user
from tests.official_format import gbt9704_problems
from tests.publicity.helpers import STARTS_ON, manufacturer, publicity_round, service_org
from tests.test_user_text import action_codes, half_width_marks, rule_ids_and_codes

pytestmark = pytest.mark.django_db


def _url(period) -> str:  # type: ignore[no-untyped-def]
    return reverse("publicity:notice_draft", kwargs={"pk": period.pk})


def _text(content: bytes) -> tuple[list[str], list[list[str]]]:
    document = Document(io.BytesIO(content))
    tables = [[cell.text for row in t.rows for cell in row.cells] for t in document.tables]
    return [p.text for p in document.paragraphs], tables


def _short_round(office):  # type: ignore[no-untyped-def]
    return publicity_round(
        office,
        {"organisation": manufacturer(name="赣州稀土新材料有限公司"), "rank": 1},
        {"organisation": service_org(name="赣州市人民医院"), "rank": 1},
        {
            "organisation": manufacturer(name="南康家具有限公司"),
            "level": PrizeLevel.NOMINATION,
            "rank": 1,
        },
    )


def test_the_office_downloads_the_notice_from_its_publicity_pages(client) -> None:  # type: ignore[no-untyped-def]
    office = office_user()
    round, period, _apps = _short_round(office)
    client.force_login(office)
    url = _url(period)
    for page in (
        reverse("publicity:office_objections", kwargs={"round_pk": round.pk}),
        reverse("publicity:open", kwargs={"round_pk": round.pk}),
        reverse("awards:round_detail", kwargs={"pk": round.pk}),
    ):
        html = client.get(page).content.decode()
        assert url in html, page
        assert "下载公示文稿（.docx）" in html
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert gbt9704_problems(response.content) == []


def test_the_notice_text(client) -> None:  # type: ignore[no-untyped-def]
    """It cites the article, lists each level and states the stored period."""
    office = office_user()
    round, period, _apps = _short_round(office)
    client.force_login(office)
    content = client.get(_url(period)).content
    paragraphs, tables = _text(content)
    text = "\n".join(paragraphs)
    assert paragraphs[0] == f"关于{round.year}年度赣州市市长质量奖拟奖名单的公示"
    assert "《赣州市市长质量奖管理办法》第二十一条" in text
    assert "赣州市质量强市工作领导小组全体会议审议" in text
    prize = paragraphs.index("一、赣州市市长质量奖（2家）")
    nomination = paragraphs.index("二、赣州市市长质量奖提名奖（1家）")
    assert prize < paragraphs.index("1.赣州稀土新材料有限公司") < nomination
    assert paragraphs.index("1.南康家具有限公司") > nomination
    # The stored period: 00:00 of 1 December to 24:00 of 10 December (never "11日0时").
    assert "公示期自2031年12月1日起至2031年12月10日24时止。" in paragraphs
    assert "异议受理方式：在公示期内通过本网站" in text
    assert "匿名或者逾期提出的异议不予受理" in text
    assert paragraphs.index("赣州市质量强市工作领导小组办公室") < paragraphs.index("2031年12月1日")
    assert not tables  # a short list stays in the body
    assert half_width_marks(text) == []
    assert rule_ids_and_codes(text, action_codes()) == []


def test_a_long_list_goes_to_an_attachment(client) -> None:  # type: ignore[no-untyped-def]
    office = office_user()
    n = BODY_LIST_LIMIT + 1
    _round, period, apps = publicity_round(office, *({"rank": i + 1} for i in range(n)))
    client.force_login(office)
    content = client.get(_url(period)).content
    assert gbt9704_problems(content) == []
    paragraphs, (table,) = _text(content)
    text = "\n".join(paragraphs)
    assert f"拟奖名单见附件，其中赣州市市长质量奖{n}家。" in text
    assert f"附件：{_round.year}年度赣州市市长质量奖拟奖名单" in paragraphs
    assert table[:4] == ["序号", "组织名称", "拟奖奖项", "所在县（市、区）"]
    assert {a.organisation.name for a in apps} <= set(table)
    assert half_width_marks(text + "\n".join(table)) == []


def test_a_period_for_added_candidates_is_the_replacement_notice(client) -> None:  # type: ignore[no-untyped-def]
    from publicity.models import Objection

    office = office_user()
    _round, period, (app,) = publicity_round(office)
    objection = Objection.objects.create(
        publicity=period, application=app, receipt_number="YY-9", grounds="理由"
    )
    ListDecision.objects.create(
        round=period.round,
        objection=objection,
        publicity=period,
        amended=True,
        reason="递补",
        decided_by=office,
    )
    client.force_login(office)
    paragraphs, _tables = _text(client.get(_url(period)).content)
    assert paragraphs[0].endswith("拟奖名单调整（递补）的公示")
    assert "现将递补的拟奖组织予以公示（共1家）。" in "".join(paragraphs)


def test_the_programmes_own_names_are_used(client) -> None:  # type: ignore[no-untyped-def]
    office = office_user()
    _round, period, _apps = publicity_round(office, {"organisation": manufacturer(name="章贡企业")})
    AwardProgramme.objects.filter(pk=period.round.programme_id).update(
        name="章贡区区长质量奖",
        prize_name="章贡区区长质量奖",
        nomination_name="章贡区区长质量奖提名奖",
        office_name="章贡区质量强区工作领导小组办公室",
    )
    # The contact the office wrote when it opened the period is its own text.
    type(period).objects.filter(pk=period.pk).update(objection_contact="致函章贡区质量办。")
    client.force_login(office)
    text = "\n".join(_text(client.get(_url(period)).content)[0])
    assert "赣州" not in text, text
    assert "《章贡区区长质量奖管理办法》第二十一条" in text
    assert "章贡区质量强区工作领导小组全体会议审议" in text


@pytest.mark.parametrize("who", ["other_office", "applicant", "leading_group"])
def test_others_cannot_download_the_notice(client, who: str) -> None:  # type: ignore[no-untyped-def]
    _round, period, (app,) = publicity_round(office_user())
    if who == "other_office":
        user = other_programme_office()
    elif who == "applicant":
        user = applicant_user(app.organisation)
    else:
        user = leading_group_user()
    client.force_login(user)
    assert client.get(_url(period)).status_code == 404


def test_anonymous_goes_to_log_in(client) -> None:  # type: ignore[no-untyped-def]
    _round, period, _apps = publicity_round(office_user())
    assert client.get(_url(period))["Location"].startswith(reverse("accounts:login"))


def test_the_default_notice_text_takes_the_programmes_names() -> None:
    """The text the open form proposes (and the public page shows) names the programme's own
    measures, leading group and levels, with full-width punctuation."""
    from publicity.services.publicity import default_notice_text

    office = office_user()
    round, _period, apps = _short_round(office)
    AwardProgramme.objects.filter(pk=round.programme_id).update(
        name="章贡区区长质量奖",
        prize_name="章贡区区长质量奖",
        nomination_name="章贡区区长质量奖提名奖",
        office_name="章贡区质量强区工作领导小组办公室",
    )
    round.programme.refresh_from_db()
    text = default_notice_text(round, apps, STARTS_ON, 10)
    assert "《章贡区区长质量奖管理办法》第二十一条" in text
    assert "章贡区质量强区工作领导小组全体会议审议" in text
    assert "章贡区区长质量奖（2家）：" in text and "章贡区区长质量奖提名奖（1家）：" in text
    assert "赣州市质量强市" not in text  # the title is the round's own
    assert half_width_marks(text) == []
