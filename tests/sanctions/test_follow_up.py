"""After a revocation (R8): the editable .docx request to the government, the notices of the
bar to the provincial and national award bodies, and the recovery of prize money after fraud
(Art. 28); outsiders get 404."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from docx import Document

from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from grants.services.records import record_payment
from sanctions.documents import ban_notice_docx, revocation_request_docx
from sanctions.enums import AwardBody, RevocationGround
from sanctions.models import Ban, BanNotice, FraudRecovery, Revocation
from sanctions.services.follow_up import record_ban_notice, record_recovery
from tests.factories import applicant_user, office_user
from tests.official_format import gbt9704_problems
from tests.sanctions.test_revocation import _county_office, open_case, revoke, valid_grant

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


# --- .docx drafts ---------------------------------------------------------------------------


def test_request_draft_names_the_organisation_ground_and_ban_length() -> None:
    grant = valid_grant()
    case = open_case(
        grant,
        actor=office_user(),
        ground=RevocationGround.ACCIDENT,
        accident_grade="major",
        evidence="2032年2月发生较大生产安全事故\n应急管理局通报",
    )
    data = revocation_request_docx(case)
    text = _text(data)
    assert grant.organisation.name in text and grant.organisation.credit_code in text
    assert "第三十条第（一）项" in text and "较大" in text
    assert "应急管理局通报" in text
    assert "5年内" in text and "追缴奖金" not in text
    assert gbt9704_problems(data) == []
    assert "印发" in text  # the 版记 of a request (7.4)


def test_a_county_programmes_request_and_notice_speak_in_its_own_names() -> None:
    grant = valid_grant()
    programme = grant.round.programme
    programme.name, programme.awarding_body = "章贡区区长质量奖", "章贡区人民政府"
    programme.office_name = "章贡区质量强区工作领导小组办公室"
    programme.save()
    revoke(grant, RevocationGround.FRAUD)
    request = _text(revocation_request_docx(Revocation.objects.get(grant=grant)))
    assert "章贡区人民政府：" in request and "章贡区区长质量奖" in request
    assert "《章贡区区长质量奖管理办法》" in request
    notice = _text(ban_notice_docx(Ban.objects.get(), AwardBody.PROVINCIAL))
    assert "章贡区质量强区工作领导小组办公室" in notice
    for text in (request, notice):
        assert "市长质量奖" not in text and "市人民政府" not in text


def test_fraud_request_asks_to_recover_the_money_and_bars_ten_years() -> None:
    grant = valid_grant()
    case = open_case(
        grant,
        actor=office_user(),
        ground=RevocationGround.FRAUD,
        evidence="申报材料造假",
    )
    text = _text(revocation_request_docx(case))
    assert "追缴奖金50万元" in text and "10年内" in text


def test_hostile_text_stays_text_in_the_draft() -> None:
    grant = valid_grant()
    grant.organisation.name = '<w:p>"&</w:p>有限公司'
    grant.organisation.save()
    case = open_case(
        grant,
        actor=office_user(),
        ground=RevocationGround.OTHER,
        evidence="x",
    )
    assert '<w:p>"&</w:p>有限公司' in _text(revocation_request_docx(case))


def test_office_downloads_the_request_from_the_case_page(client) -> None:
    case = open_case(
        valid_grant(),
        actor=office_user(),
        ground=RevocationGround.TAX,
        evidence="税务通报",
    )
    client.force_login(office_user())
    page = client.get(reverse("sanctions:revocation_decide", kwargs={"pk": case.pk}))
    url = reverse("sanctions:revocation_request", kwargs={"pk": case.pk})
    assert url in page.content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "税务通报" in _text(response.content)


@pytest.mark.parametrize("who", ["county_office", "winner"])
def test_outsiders_get_404_on_the_request(client, who) -> None:
    grant = valid_grant()
    case = open_case(
        grant,
        actor=office_user(),
        ground=RevocationGround.TAX,
        evidence="x",
    )
    client.force_login(
        _county_office() if who == "county_office" else applicant_user(grant.organisation)
    )
    assert (
        client.get(reverse("sanctions:revocation_request", kwargs={"pk": case.pk})).status_code
        == 404
    )


# --- Notices to the award bodies ------------------------------------------------------------


def test_notice_draft_and_record_for_each_body_once() -> None:
    grant = valid_grant()
    revoke(grant, RevocationGround.FRAUD)
    ban = Ban.objects.get()
    data = ban_notice_docx(ban, AwardBody.PROVINCIAL)
    assert gbt9704_problems(data) == []
    text = _text(data)
    assert "江西省井冈质量奖" in text and grant.organisation.name in text
    assert f"{ban.ends_on.year}年{ban.ends_on.month}月{ban.ends_on.day}日" in text
    office = office_user()
    today = timezone.localdate()
    record_ban_notice(ban, actor=office, body=AwardBody.PROVINCIAL, sent_on=today, reference="函1")
    record_ban_notice(ban, actor=office, body=AwardBody.NATIONAL, sent_on=today, reference="函2")
    with pytest.raises(DomainError, match="already recorded"):
        record_ban_notice(ban, actor=office, body=AwardBody.NATIONAL, sent_on=today, reference="x")
    assert BanNotice.objects.count() == 2
    assert DecisionLogEntry.objects.filter(action="ban.notice").count() == 2


@pytest.mark.parametrize(
    ("days", "reference", "message"),
    [(-1, "函", "future"), (1, "函", "predate"), (0, " ", "reference")],
)
def test_bad_notice_is_refused(days, reference, message) -> None:
    revoke(valid_grant(), RevocationGround.TAX)
    ban = Ban.objects.get()
    with pytest.raises(DomainError, match=message):
        record_ban_notice(
            ban,
            actor=office_user(),
            body=AwardBody.NATIONAL,
            sent_on=ban.starts_on - timedelta(days=days),
            reference=reference,
        )
    with pytest.raises(DomainError):
        record_ban_notice(
            ban,
            actor=_county_office(),
            body=AwardBody.NATIONAL,
            sent_on=ban.starts_on,
            reference="函",
        )


def test_office_records_a_notice_from_the_ban_page(client) -> None:
    revoke(valid_grant(), RevocationGround.TAX)
    ban = Ban.objects.get()
    client.force_login(office_user())
    bans = client.get(reverse("sanctions:bans")).content.decode()
    url = reverse("sanctions:ban_detail", kwargs={"pk": ban.pk})
    assert url in bans
    page = client.get(url).content.decode()
    docx_url = reverse("sanctions:ban_notice", kwargs={"pk": ban.pk, "body": "national"})
    assert docx_url in page
    assert "中国质量奖" in _text(client.get(docx_url).content)
    response = client.post(
        url, {"body": "national", "sent_on": timezone.localdate().isoformat(), "reference": "赣函1"}
    )
    assert response.status_code == 302
    assert "赣函1" in client.get(url).content.decode()


@pytest.mark.parametrize("who", ["county_office", "barred_org"])
def test_outsiders_get_404_on_the_ban(client, who) -> None:
    grant = valid_grant()
    revoke(grant, RevocationGround.TAX)
    ban = Ban.objects.get()
    client.force_login(
        _county_office() if who == "county_office" else applicant_user(grant.organisation)
    )
    assert client.get(reverse("sanctions:ban_detail", kwargs={"pk": ban.pk})).status_code == 404
    notice = reverse("sanctions:ban_notice", kwargs={"pk": ban.pk, "body": "national"})
    assert client.get(notice).status_code == 404


# --- Fraud recovery -------------------------------------------------------------------------


def test_fraud_opens_a_recovery_of_the_money_paid() -> None:
    grant = valid_grant()
    record_payment(
        grant,
        actor=office_user(),
        amount=Decimal("500000"),
        paid_on=timezone.localdate(),
        reference="P1",
    )
    case = revoke(grant, RevocationGround.FRAUD)
    recovery = FraudRecovery.objects.get(revocation=case)
    assert (recovery.amount_due, recovery.recovered_amount) == (Decimal("500000"), 0)


def test_an_art_30_revocation_has_no_recovery() -> None:
    revoke(valid_grant(), RevocationGround.LOSSES)
    assert not FraudRecovery.objects.exists()


def test_recovery_progress_is_recorded_and_checked() -> None:
    case = revoke(valid_grant(), RevocationGround.FRAUD)
    recovery = FraudRecovery.objects.get(revocation=case)
    office = office_user()
    today = timezone.localdate()
    base = {
        "due_on": today + timedelta(days=30),
        "recovered_amount": Decimal("0"),
        "recovered_on": None,
        "plaque_returned_on": today,
        "certificate_returned_on": None,
    }
    updated = record_recovery(recovery, actor=office, **base)
    assert updated.plaque_returned_on == today
    with pytest.raises(DomainError, match="between 0"):
        record_recovery(recovery, actor=office, **{**base, "recovered_amount": Decimal("600000")})
    with pytest.raises(DomainError, match="together with its date"):
        record_recovery(recovery, actor=office, **{**base, "recovered_amount": Decimal("1")})
    with pytest.raises(DomainError, match="between the revocation decision"):
        record_recovery(
            recovery, actor=office, **{**base, "plaque_returned_on": today + timedelta(days=1)}
        )
    with pytest.raises(DomainError):
        record_recovery(recovery, actor=_county_office(), **base)
    done = record_recovery(
        recovery,
        actor=office,
        **{**base, "recovered_amount": Decimal("500000"), "recovered_on": today},
    )
    assert done.recovered_amount == Decimal("500000")
    assert DecisionLogEntry.objects.filter(action="recovery.update").count() == 2


def test_office_records_the_recovery_from_the_case_page(client) -> None:
    case = revoke(valid_grant(), RevocationGround.FRAUD)
    client.force_login(office_user())
    page = client.get(
        reverse("sanctions:revocation_decide", kwargs={"pk": case.pk})
    ).content.decode()
    url = reverse("sanctions:revocation_recovery", kwargs={"pk": case.pk})
    assert 'id="fraud-recovery"' in page and url in page
    today = timezone.localdate().isoformat()
    response = client.post(
        url,
        {
            "due_on": "",
            "recovered_amount": "500000",
            "recovered_on": today,
            "plaque_returned_on": today,
            "certificate_returned_on": today,
        },
    )
    assert response.status_code == 302
    assert FraudRecovery.objects.get().recovered_amount == Decimal("500000")


def test_recovery_page_is_404_for_outsiders_and_non_fraud_cases(client) -> None:
    fraud = revoke(valid_grant(), RevocationGround.FRAUD)
    other = revoke(valid_grant(), RevocationGround.TAX)
    client.force_login(_county_office())
    assert (
        client.get(reverse("sanctions:revocation_recovery", kwargs={"pk": fraud.pk})).status_code
        == 404
    )
    client.force_login(office_user())
    assert (
        client.get(reverse("sanctions:revocation_recovery", kwargs={"pk": other.pk})).status_code
        == 404
    )
