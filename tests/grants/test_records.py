"""Records after the approval: the scanned decision document (Art. 22, uploads.py rules),
prize payments only where money is due (R4, R7), plaques for both levels (Art. 8), the
published list of winners with its outlets (Art. 22); outsiders get 404; list pages keep
their query count."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from awards.enums import PrizeLevel, RoundStage
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from grants.models import PlaqueIssue, PrizePayment, WinnersOutlet
from grants.services.records import (
    add_winners_outlet,
    attach_approval_document,
    record_payment,
    record_plaque,
)
from tests.factories import RoundFactory, applicant_user, office_user
from tests.grants.records_helpers import count_queries, grant_in, pdf, published_round
from tests.sanctions.test_revocation import _county_office

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


# --- Approval document ----------------------------------------------------------------------


def test_document_is_stored_under_a_generated_name_and_logged() -> None:
    _round, approval = published_round()
    office = office_user()
    stored = attach_approval_document(approval, actor=office, upload=pdf())
    assert stored.document_name == "市政府常务会议纪要.pdf"
    assert stored.document.name.startswith(f"approvals/{approval.round_id}/")
    assert stored.document.name.endswith(".pdf")
    assert "会议" not in stored.document.name
    entry = DecisionLogEntry.objects.get(action="approval.document")
    assert entry.data["original_name"] == "市政府常务会议纪要.pdf"
    assert len(entry.data["sha256"]) == 64


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("决定.pdf", b"MZ\x90\x00" + b"\x00" * 200, "we accept"),
        ("决定.xlsx", None, "must be a PDF or OFD"),
        ("决定.pdf", b"", "empty"),
    ],
)
def test_bad_document_is_refused_and_nothing_stored(name, data, message) -> None:
    from tests.applications.test_uploads import xlsx_bytes

    _round, approval = published_round()
    upload = SimpleUploadedFile(name, xlsx_bytes() if data is None else data)
    with pytest.raises(DomainError, match=message):
        attach_approval_document(approval, actor=office_user(), upload=upload)
    approval.refresh_from_db()
    assert not approval.document
    assert not DecisionLogEntry.objects.filter(action="approval.document").exists()


def test_other_programme_office_cannot_attach() -> None:
    _round, approval = published_round()
    with pytest.raises(DomainError):
        attach_approval_document(approval, actor=_county_office(), upload=pdf())


def test_office_uploads_and_downloads_from_the_approval_page(client) -> None:
    round, approval = published_round()
    client.force_login(office_user())
    page = client.get(reverse("grants:record_approval", kwargs={"round_pk": round.pk}))
    assert 'id="approval-decisions"' in page.content.decode()
    url = reverse("grants:approval_document_upload", kwargs={"pk": approval.pk})
    response = client.post(url, {"document": pdf()})
    assert response.status_code == 302
    approval.refresh_from_db()
    assert approval.document
    download = client.get(reverse("grants:approval_document_download", kwargs={"pk": approval.pk}))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_refused_upload_shows_the_message(client) -> None:
    round, approval = published_round()
    client.force_login(office_user())
    url = reverse("grants:approval_document_upload", kwargs={"pk": approval.pk})
    response = client.post(
        url, {"document": SimpleUploadedFile("a.pdf", b"plain text")}, follow=True
    )
    errors = [m for m in response.context["messages"] if m.level_tag == "error"]
    assert len(errors) == 1
    approval.refresh_from_db()
    assert not approval.document


@pytest.mark.parametrize("who", ["county_office", "applicant", "anonymous"])
def test_outsiders_get_404_on_the_document(client, who) -> None:
    _round, approval = published_round()
    attach_approval_document(approval, actor=office_user(), upload=pdf())
    if who == "county_office":
        client.force_login(_county_office())
    elif who == "applicant":
        client.force_login(applicant_user())
    download = client.get(reverse("grants:approval_document_download", kwargs={"pk": approval.pk}))
    upload = client.post(
        reverse("grants:approval_document_upload", kwargs={"pk": approval.pk}),
        {"document": pdf()},
    )
    expected = 302 if who == "anonymous" else 404  # anonymous: to the login page
    assert (download.status_code, upload.status_code) == (expected, expected)


def test_document_given_with_the_approval_form_is_stored(client) -> None:
    from tests.publicity.helpers import approval_round

    round, apps = approval_round(n_prize=1)
    client.force_login(office_user())
    response = client.post(
        reverse("grants:record_approval", kwargs={"round_pk": round.pk}),
        {
            "approved_on": "2026-01-15",
            "meeting": "市政府第30次常务会议",
            "document_number": "赣市府字〔2026〕1号",
            "approved": [str(a.pk) for a in apps],
            "document": pdf(),
        },
    )
    assert response.status_code == 302
    assert round.approvals.get().document_name == "市政府常务会议纪要.pdf"


# --- Payments and plaques -------------------------------------------------------------------


def test_payment_of_a_first_time_prize_is_recorded() -> None:
    round, approval = published_round()
    grant = grant_in(round, approval)
    payment = record_payment(
        grant,
        actor=office_user(),
        amount=Decimal("500000"),
        paid_on=timezone.localdate(),
        reference="GZ-PAY-001",
    )
    assert (payment.amount, payment.reference) == (Decimal("500000"), "GZ-PAY-001")
    assert DecisionLogEntry.objects.filter(action="prize.paid").count() == 1


@pytest.mark.parametrize(
    ("level", "is_repeat"), [(PrizeLevel.NOMINATION, False), (PrizeLevel.PRIZE, True)]
)
def test_no_payment_where_no_money_is_due(level, is_repeat) -> None:
    """R4 / R7: a nomination prize and a repeat win get no money, so no payment record."""
    round, approval = published_round()
    grant = grant_in(round, approval, level=level, is_repeat=is_repeat)
    with pytest.raises(DomainError, match="No prize money is due") as exc:
        record_payment(
            grant,
            actor=office_user(),
            amount=Decimal("500000"),
            paid_on=timezone.localdate(),
            reference="X",
        )
    assert exc.value.rule == "R4"
    assert not PrizePayment.objects.exists()


@pytest.mark.parametrize(
    ("amount", "days", "reference", "message"),
    [
        (Decimal("400000"), 0, "R", "must be the amount due"),
        (Decimal("500000"), -1, "R", "future"),
        (Decimal("500000"), 40, "R", "predate the approval"),
        (Decimal("500000"), 0, "  ", "payment reference"),
    ],
)
def test_bad_payment_is_refused(amount, days, reference, message) -> None:
    round, approval = published_round()
    grant = grant_in(round, approval)
    with pytest.raises(DomainError, match=message):
        record_payment(
            grant,
            actor=office_user(),
            amount=amount,
            paid_on=timezone.localdate() - timedelta(days=days),
            reference=reference,
        )
    assert not PrizePayment.objects.exists()


def test_payment_recorded_once() -> None:
    round, approval = published_round()
    grant = grant_in(round, approval)
    office = office_user()
    kwargs = {"amount": Decimal("500000"), "paid_on": timezone.localdate(), "reference": "A"}
    record_payment(grant, actor=office, **kwargs)
    with pytest.raises(DomainError, match="already recorded"):
        record_payment(grant, actor=office, **kwargs)


@pytest.mark.parametrize("level", [PrizeLevel.PRIZE, PrizeLevel.NOMINATION])
def test_plaque_for_both_levels(level) -> None:
    round, approval = published_round()
    grant = grant_in(round, approval, level=level)
    plaque = record_plaque(
        grant,
        actor=office_user(),
        kind="plaque",
        issued_on=timezone.localdate(),
        received_by="王五",
    )
    assert plaque.received_by == "王五"
    with pytest.raises(DomainError, match="already recorded"):
        record_plaque(
            grant,
            actor=office_user(),
            kind="trophy",
            issued_on=timezone.localdate(),
            received_by="王五",
        )


def test_plaque_needs_a_receiver_and_office_of_the_programme() -> None:
    round, approval = published_round()
    grant = grant_in(round, approval)
    with pytest.raises(DomainError, match="who received it"):
        record_plaque(
            grant,
            actor=office_user(),
            kind="plaque",
            issued_on=timezone.localdate(),
            received_by="",
        )
    with pytest.raises(DomainError):
        record_plaque(
            grant,
            actor=_county_office(),
            kind="plaque",
            issued_on=timezone.localdate(),
            received_by="王五",
        )
    assert not PlaqueIssue.objects.exists()


def test_office_records_payment_and_plaque_from_the_pages(client) -> None:
    round, approval = published_round()
    grant = grant_in(round, approval)
    client.force_login(office_user())
    hub = client.get(reverse("awards:round_detail", kwargs={"pk": round.pk})).content.decode()
    assert reverse("grants:prizes", kwargs={"round_pk": round.pk}) in hub
    listing = client.get(reverse("grants:prizes", kwargs={"round_pk": round.pk}))
    url = reverse("grants:grant_records", kwargs={"grant_pk": grant.pk})
    assert url in listing.content.decode()
    today = timezone.localdate().isoformat()
    response = client.post(
        url, {"action": "payment", "amount": "500000", "paid_on": today, "reference": "P-1"}
    )
    assert response.status_code == 302
    response = client.post(
        url, {"action": "plaque", "kind": "trophy", "issued_on": today, "received_by": "赵六"}
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert 'id="payment-recorded"' in page and 'id="plaque-recorded"' in page


def test_wrong_amount_shows_the_error_on_the_page(client) -> None:
    round, approval = published_round()
    grant = grant_in(round, approval)
    client.force_login(office_user())
    response = client.post(
        reverse("grants:grant_records", kwargs={"grant_pk": grant.pk}),
        {
            "action": "payment",
            "amount": "1",
            "paid_on": timezone.localdate().isoformat(),
            "reference": "P-1",
        },
    )
    assert response.status_code == 200
    assert "（《管理办法》第八条）" in response.content.decode()


def test_repeat_winner_page_says_no_money(client) -> None:
    round, approval = published_round()
    grant = grant_in(round, approval, is_repeat=True)
    client.force_login(office_user())
    page = client.get(reverse("grants:grant_records", kwargs={"grant_pk": grant.pk}))
    assert 'id="no-money-due"' in page.content.decode()
    assert 'value="payment"' not in page.content.decode()


@pytest.mark.parametrize("who", ["county_office", "winner", "anonymous"])
def test_outsiders_get_404_on_prize_pages(client, who) -> None:
    round, approval = published_round()
    grant = grant_in(round, approval)
    if who == "county_office":
        client.force_login(_county_office())
    elif who == "winner":
        client.force_login(applicant_user(grant.organisation))
    expected = 302 if who == "anonymous" else 404
    for url in (
        reverse("grants:prizes", kwargs={"round_pk": round.pk}),
        reverse("grants:grant_records", kwargs={"grant_pk": grant.pk}),
        reverse("grants:announcement", kwargs={"round_pk": round.pk}),
    ):
        assert client.get(url).status_code == expected


def test_prizes_page_query_count_is_flat(client) -> None:
    round, approval = published_round()
    office = office_user()
    client.force_login(office)
    url = reverse("grants:prizes", kwargs={"round_pk": round.pk})

    def fill(n: int) -> None:
        for i in range(n):
            grant = grant_in(
                round, approval, level=[PrizeLevel.PRIZE, PrizeLevel.NOMINATION][i % 2]
            )
            record_plaque(
                grant, actor=office, kind="plaque", issued_on=timezone.localdate(), received_by="甲"
            )
            if grant.amount:
                record_payment(
                    grant,
                    actor=office,
                    amount=grant.amount,
                    paid_on=timezone.localdate(),
                    reference=f"R{i}",
                )

    fill(2)
    small = count_queries(lambda: client.get(url))
    fill(10)
    large = count_queries(lambda: client.get(url))
    assert small == large
    assert client.get(url).content.decode().count("/records/") == 12


# --- Winners announcement -------------------------------------------------------------------


def test_outlets_are_recorded_and_shown_publicly(client) -> None:
    round, approval = published_round()
    grant = grant_in(round, approval)
    add_winners_outlet(
        round,
        actor=office_user(),
        outlet="赣州市人民政府网站",
        published_on=timezone.localdate(),
        url="https://www.ganzhou.gov.cn/x",
    )
    winners = client.get(reverse("grants:winners")).content.decode()
    url = reverse("grants:round_winners", kwargs={"round_pk": round.pk})
    assert url in winners
    page = client.get(url).content.decode()
    assert grant.organisation.name in page
    assert "赣州市人民政府网站" in page and "https://www.ganzhou.gov.cn/x" in page
    assert approval.document_number in page


def test_outlet_refused_before_publication_or_before_the_approval() -> None:
    round = RoundFactory(stage=RoundStage.APPROVAL)
    with pytest.raises(DomainError, match="only after the approval"):
        add_winners_outlet(
            round, actor=office_user(), outlet="赣南日报", published_on=timezone.localdate()
        )
    round, approval = published_round()
    with pytest.raises(DomainError, match="before the approval"):
        add_winners_outlet(
            round,
            actor=office_user(),
            outlet="赣南日报",
            published_on=approval.approved_on - timedelta(days=1),
        )
    with pytest.raises(DomainError):
        add_winners_outlet(
            round, actor=_county_office(), outlet="赣南日报", published_on=timezone.localdate()
        )
    assert not WinnersOutlet.objects.exists()


def test_office_adds_an_outlet_from_the_page(client) -> None:
    round, _approval = published_round()
    client.force_login(office_user())
    url = reverse("grants:announcement", kwargs={"round_pk": round.pk})
    response = client.post(
        url, {"outlet": "赣南日报", "published_on": timezone.localdate().isoformat(), "url": ""}
    )
    assert response.status_code == 302
    assert WinnersOutlet.objects.get().outlet == "赣南日报"


def test_round_not_published_has_no_public_announcement(client) -> None:
    round = RoundFactory(stage=RoundStage.APPROVAL)
    response = client.get(reverse("grants:round_winners", kwargs={"round_pk": round.pk}))
    assert response.status_code == 404


def test_public_announcement_query_count_is_flat(client) -> None:
    round, approval = published_round()
    office = office_user()
    url = reverse("grants:round_winners", kwargs={"round_pk": round.pk})

    def fill(n: int) -> None:
        for i in range(n):
            grant_in(round, approval)
            add_winners_outlet(
                round, actor=office, outlet=f"媒体{i}", published_on=timezone.localdate()
            )

    fill(2)
    small = count_queries(lambda: client.get(url))
    fill(10)
    large = count_queries(lambda: client.get(url))
    assert small == large


def test_r7_art_27_a_repeat_winner_gets_no_plaque_or_trophy() -> None:
    """Art. 27: a repeat win is given “只授予证书和荣誉称号”: recording a plaque or trophy for
    it is refused with a message citing the article."""
    round, approval = published_round()
    grant = grant_in(round, approval, is_repeat=True, amount=Decimal("0"))
    handed_over = {"kind": "trophy", "issued_on": timezone.localdate(), "received_by": "王五"}
    with translation.override("zh-hans"), pytest.raises(DomainError) as refused:
        record_plaque(grant, actor=office_user(), **handed_over)
    assert "第二十七条" in refused.value.message
    assert "只授予证书和荣誉称号" in refused.value.message
    assert not PlaqueIssue.objects.exists()
    assert not DecisionLogEntry.objects.filter(action="plaque.issued").exists()


def test_r7_art_27_repeat_winner_pages_offer_no_plaque_and_say_why(client) -> None:
    round, approval = published_round()
    grant = grant_in(round, approval, is_repeat=True, amount=Decimal("0"))
    client.force_login(office_user())
    with translation.override("zh-hans"):
        page = client.get(
            reverse("grants:grant_records", kwargs={"grant_pk": grant.pk}),
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        ).content.decode()
        listing = client.get(
            reverse("grants:prizes", kwargs={"round_pk": round.pk}),
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        ).content.decode()
    assert 'id="no-plaque-due"' in page
    assert 'value="plaque"' not in page
    assert "第二十七条" in page
    assert "无（第二十七条）" in listing
    assert "不颁发奖牌或奖杯（第二十七条）" in listing
