"""R8 / Art. 28: fraud found before an award disqualifies the application; whether a bar
follows is decided (no bar with a reason; or proposed, then the government's decision creates
a 10-year ban that stops the organisation's other applications) and recorded."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.services.application import disqualify_application
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from grants.enums import BanReason
from sanctions.enums import FraudBarStatus
from sanctions.models import Ban, FraudBarCase
from sanctions.services.fraud_bars import decide_no_bar, propose_bar, record_bar_decision
from tests.awards.helpers import (
    eligibility_round,
    in_english,  # noqa: F401  (autouse: messages in English)
    other_programme_office,
    signed,
    submitted_application,
)
from tests.factories import ApplicationFactory, RoundFactory, applicant_user, office_user

pytestmark = pytest.mark.django_db


def _office(round):  # type: ignore[no-untyped-def]
    return signed(office_user(), round)


def _disqualified_for_fraud():  # type: ignore[no-untyped-def]
    round = eligibility_round()
    application = submitted_application(round)
    office = _office(round)
    disqualify_application(application, actor=office, reason="伪造检测报告", fraud=True)
    return application, office, FraudBarCase.objects.get(application=application)


def _actions() -> list[str]:
    return list(DecisionLogEntry.objects.order_by("pk").values_list("action", flat=True))


# --- services -------------------------------------------------------------------------------


def test_non_fraud_disqualification_opens_no_bar_decision() -> None:
    round = eligibility_round()
    application = submitted_application(round)
    disqualify_application(application, actor=_office(round), reason="重复申报")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DISQUALIFIED
    assert not FraudBarCase.objects.exists()
    assert "fraud_bar.open" not in _actions()


def test_fraud_then_no_bar_needs_and_records_the_reason() -> None:
    application, office, case = _disqualified_for_fraud()
    assert case.status == FraudBarStatus.PENDING
    with pytest.raises(DomainError):
        decide_no_bar(case, actor=office, reason="  ")
    decided = decide_no_bar(case, actor=office, reason="情节轻微，主动纠正")
    assert decided.status == FraudBarStatus.NO_BAR
    assert decided.reason == "情节轻微，主动纠正"
    assert not Ban.objects.exists()
    assert _actions()[-2:] == ["fraud_bar.open", "fraud_bar.no_bar"]
    with pytest.raises(DomainError):
        propose_bar(decided, actor=office)


def test_fraud_bar_decided_bans_ten_years_and_stops_other_applications() -> None:
    application, office, case = _disqualified_for_fraud()
    other = ApplicationFactory(
        organisation=application.organisation, round=RoundFactory(), status=ApplicationStatus.DRAFT
    )
    with pytest.raises(DomainError):  # the government decides only on a proposed bar
        record_bar_decision(
            case, actor=office, decided_on=timezone.localdate(), document_number="赣府字〔2026〕1号"
        )
    proposed = propose_bar(case, actor=office)
    assert proposed.status == FraudBarStatus.PROPOSED
    with pytest.raises(DomainError):
        record_bar_decision(case, actor=office, decided_on=timezone.localdate(), document_number="")
    with pytest.raises(DomainError):
        record_bar_decision(
            case,
            actor=office,
            decided_on=timezone.localdate() + timedelta(days=1),
            document_number="赣府字〔2026〕1号",
        )
    today = timezone.localdate()
    ban = record_bar_decision(
        case, actor=office, decided_on=today, document_number="赣府字〔2026〕1号"
    )
    assert ban.reason == BanReason.FRAUD
    assert ban.starts_on == today
    assert ban.ends_on == date(today.year + 10, today.month, today.day)
    assert ban.fraud_case_id == case.pk
    case.refresh_from_db()
    assert case.status == FraudBarStatus.BARRED
    assert case.document_number == "赣府字〔2026〕1号"
    other.refresh_from_db()
    assert other.status == ApplicationStatus.WITHDRAWN
    actions = _actions()
    assert "fraud_bar.proposed" in actions
    assert "fraud_bar.barred" in actions
    assert "ban.create" in actions


def test_the_notice_of_a_fraud_bar_names_the_round_and_the_governments_decision() -> None:
    """R8 / Art. 28: the letter to the provincial body for a bar after fraud found before an
    award says so, with the decision's date and number, signed by the round's office."""
    import io

    from docx import Document

    from sanctions.documents import ban_notice_docx
    from sanctions.enums import AwardBody

    application, office, case = _disqualified_for_fraud()
    propose_bar(case, actor=office)
    today = timezone.localdate()
    ban = record_bar_decision(
        case, actor=office, decided_on=today, document_number="赣府字〔2026〕7号"
    )
    data = ban_notice_docx(ban, AwardBody.PROVINCIAL)
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert application.organisation.name in text
    assert "弄虚作假" in text and "赣府字〔2026〕7号" in text
    assert f"{today.year}年{today.month}月{today.day}日" in text  # GB/T 9704: no leading zero
    assert application.round.programme.office_name in text


def test_government_may_decide_no_bar_on_a_proposed_bar() -> None:
    _application, office, case = _disqualified_for_fraud()
    propose_bar(case, actor=office)
    assert decide_no_bar(case, actor=office, reason="市政府决定不予禁入").status == (
        FraudBarStatus.NO_BAR
    )
    assert not Ban.objects.exists()


def test_office_of_another_programme_cannot_decide() -> None:
    _application, _office_user, case = _disqualified_for_fraud()
    with pytest.raises(DomainError):
        propose_bar(case, actor=other_programme_office())
    case.refresh_from_db()
    assert case.status == FraudBarStatus.PENDING


# --- views ----------------------------------------------------------------------------------


def test_view_flow_disqualify_for_fraud_propose_and_record_the_decision(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    application = submitted_application(round)
    client.force_login(_office(round))
    detail = reverse("applications:office_detail", args=[application.pk])
    response = client.post(
        reverse("applications:disqualify", args=[application.pk]),
        {"reason": "伪造检测报告", "fraud": "on", "confirm": "on"},
    )
    assert response.status_code == 302
    page = client.get(detail)
    assert page.context["fraud_bar_form"] is not None
    assert reverse("sanctions:fraud_bar", args=[application.pk]) in page.content.decode()
    # "no bar" without a reason comes back with the message, nothing saved
    response = client.post(
        reverse("sanctions:fraud_bar", args=[application.pk]), {"decision": "no_bar"}
    )
    assert response.status_code == 200
    assert "Give the reason why no bar follows." in response.content.decode()
    assert FraudBarCase.objects.get().status == FraudBarStatus.PENDING
    response = client.post(
        reverse("sanctions:fraud_bar", args=[application.pk]), {"decision": "propose"}
    )
    assert response.status_code == 302
    page = client.get(detail)
    assert page.context["fraud_bar_decision_form"] is not None
    response = client.post(
        reverse("sanctions:fraud_bar_decide", args=[application.pk]),
        {
            "outcome": "barred",
            "decided_on": timezone.localdate().isoformat(),
            "document_number": "赣府字〔2026〕9号",
        },
    )
    assert response.status_code == 302
    ban = Ban.objects.get()
    assert ban.organisation_id == application.organisation_id
    bans_page = client.get(reverse("sanctions:bans"))
    assert "赣府字〔2026〕9号" in bans_page.content.decode()


def test_bans_page_lists_cases_awaiting_a_bar_decision(client) -> None:  # type: ignore[no-untyped-def]
    application, office, _case = _disqualified_for_fraud()
    client.force_login(office)
    body = client.get(reverse("sanctions:bans")).content.decode()
    assert reverse("applications:office_detail", args=[application.pk]) in body
    client.force_login(other_programme_office())
    body = client.get(reverse("sanctions:bans")).content.decode()
    assert reverse("applications:office_detail", args=[application.pk]) not in body


@pytest.mark.parametrize("name", ["sanctions:fraud_bar", "sanctions:fraud_bar_decide"])
@pytest.mark.parametrize("who", ["other_office", "applicant"])
def test_bar_decision_urls_are_404_for_outsiders(client, name, who) -> None:  # type: ignore[no-untyped-def]
    application, _office_user, case = _disqualified_for_fraud()
    if who == "other_office":
        user = other_programme_office()
        signed(user, application.round)
    else:
        user = applicant_user(application.organisation)
    client.force_login(user)
    url = reverse(name, args=[application.pk])
    data = {"decision": "propose", "outcome": "no_bar", "reason": "x"}
    assert client.post(url, data).status_code == 404
    case.refresh_from_db()
    assert case.status == FraudBarStatus.PENDING


def test_bar_decision_url_is_404_without_a_fraud_case(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    application = submitted_application(round)
    disqualify_application(application, actor=_office(round), reason="重复申报")
    client.force_login(_office(round))
    url = reverse("sanctions:fraud_bar", args=[application.pk])
    assert client.post(url, {"decision": "propose"}).status_code == 404


def test_applicant_sees_its_bar_with_end_date_and_reason(client) -> None:  # type: ignore[no-untyped-def]
    application, office, case = _disqualified_for_fraud()
    propose_bar(case, actor=office)
    ban = record_bar_decision(
        case, actor=office, decided_on=timezone.localdate(), document_number="赣府字〔2026〕3号"
    )
    client.force_login(applicant_user(application.organisation))
    body = client.get(reverse("accounts:dashboard")).content.decode()
    assert "may not apply for the 赣州市市长质量奖 up to and including" in body
    assert f"{ban.ends_on.year}" in body
    assert "Fraud (Art. 28)" in body
    assert "赣府字〔2026〕3号" in body
