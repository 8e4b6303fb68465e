"""R5 / Art. 13(6), 17: an adverse record that arrives after the eligibility decision (a
department's reply, an incident about the organisation) blocks the application until the office
records why it does not apply or disqualifies it; the plenary, the publicity and the approval
refuse it meanwhile; the office sees it on the application page and in its work queue."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from accounts.workqueue import items_for
from applications.enums import AdverseRecordStatus, AdverseSource, ApplicationStatus
from applications.models import AdverseRecord, Application, Consultation
from applications.selectors.workqueue import office_items
from applications.services import application as services
from applications.services.adverse import record_adverse_finding
from awards.enums import RoundStage
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from grants.models import ApprovalDecision
from grants.services.approval import record_approval
from publicity.models import PublicityPeriod
from publicity.selectors.publicity import plenary_candidates
from publicity.services.publicity import open_publicity
from sanctions.services.incidents import report_by_liaison
from tests.awards.helpers import other_programme_office, signed
from tests.factories import (
    ApplicationFactory,
    RoundFactory,
    department,
    liaison_user,
    office_user,
)
from tests.publicity.helpers import (
    OPENED_AT,
    STARTS_ON,
    approval_round,
    candidate,
    deliberation_round,
    proposed,
)
from tests.sanctions.test_revocation import valid_grant

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _eligible(status: str = ApplicationStatus.ELIGIBLE, **kwargs) -> Application:  # type: ignore[no-untyped-def]
    round = kwargs.pop("round", None) or RoundFactory(stage=RoundStage.MATERIAL_REVIEW)
    return ApplicationFactory(round=round, status=status, **kwargs)


def _adverse(application: Application, details: str = "2031年因偷税受到行政处罚") -> AdverseRecord:
    return record_adverse_finding(
        application,
        source=AdverseSource.CONSULTATION,
        reported_by="市税务局",
        details=details,
        actor=office_user(),
    )


def _answer_adverse(application: Application) -> Consultation:
    liaison = liaison_user(department("tax"))
    signed(liaison, application.round)
    consultation = Consultation.objects.create(
        application=application,
        department=department("tax"),
        question="近三年是否有重大税收违法失信行为？",
        sent_by=office_user(),
    )
    return services.answer_consultation(
        consultation, actor=liaison, result="adverse", details="2031年因偷税受到行政处罚"
    )


# --- a reply after the eligibility decision blocks (Art. 13(6), 17) ----------------------------


def test_an_adverse_reply_after_eligibility_blocks_the_application_art13() -> None:
    application = _eligible()
    _answer_adverse(application)
    record = AdverseRecord.objects.get(application=application)
    assert (record.status, record.source, record.reported_by) == (
        AdverseRecordStatus.UNRESOLVED,
        AdverseSource.CONSULTATION,
        str(department("tax")),
    )
    assert DecisionLogEntry.objects.filter(action="adverse_record.report").count() == 1
    with pytest.raises(DomainError) as refused:
        services.transition_application(
            application, ApplicationStatus.SITE_REVIEW, actor=office_user()
        )
    assert refused.value.rule == "R5"
    assert "Art. 13 and 17" in refused.value.user_message
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ELIGIBLE


def test_the_refusal_names_the_record_in_chinese_citing_the_articles() -> None:
    application = _eligible()
    _answer_adverse(application)
    with translation.override("zh-hans"):
        with pytest.raises(DomainError) as refused:
            services.transition_application(
                application, ApplicationStatus.SITE_REVIEW, actor=office_user()
            )
        message = refused.value.user_message
    assert application.organisation.name in message
    assert "偷税" in message
    assert "不良记录" in message
    assert "第十三条、第十七条" in message
    assert "R5" not in message


def test_an_adverse_reply_before_eligibility_stays_an_eligibility_blocker() -> None:
    application = _eligible(status=ApplicationStatus.SUBMITTED)
    _answer_adverse(application)
    assert not AdverseRecord.objects.exists()


def test_an_incident_about_the_organisation_blocks_its_application_in_the_running() -> None:
    grant = valid_grant()
    application = _eligible(organisation=grant.organisation)
    report_by_liaison(
        grant, actor=liaison_user(department("tax")), kind="penalty", description="税务行政处罚"
    )
    record = AdverseRecord.objects.get(application=application)
    assert record.source == AdverseSource.INCIDENT
    assert record.reference.startswith("SJ")
    assert "税务行政处罚" in record.details
    with pytest.raises(DomainError, match="adverse record"):
        services.transition_application(
            application, ApplicationStatus.SITE_REVIEW, actor=office_user()
        )


# --- the office resolves: a waiver with its reason, or the disqualification -----------------


def test_the_waiver_with_a_reason_unblocks_the_application() -> None:
    office = office_user()
    application = _eligible()
    record = _adverse(application)
    with pytest.raises(DomainError):
        services.resolve_adverse_record(record, actor=office, disqualify=False, reason="  ")
    waived = services.resolve_adverse_record(
        record, actor=office, disqualify=False, reason="处罚已撤销，有复议决定书"
    )
    assert (waived.status, waived.resolution_reason, waived.resolved_by) == (
        AdverseRecordStatus.WAIVED,
        "处罚已撤销，有复议决定书",
        office,
    )
    entry = DecisionLogEntry.objects.get(action="adverse_record.waived")
    assert (entry.reason, entry.round_id) == ("处罚已撤销，有复议决定书", application.round_id)
    moved = services.transition_application(
        application, ApplicationStatus.SITE_REVIEW, actor=office
    )
    assert moved.status == ApplicationStatus.SITE_REVIEW
    with pytest.raises(DomainError, match="already been reviewed"):
        services.resolve_adverse_record(record, actor=office, disqualify=True, reason="x")


def test_the_disqualification_takes_the_application_out() -> None:
    office = office_user()
    application = _eligible(status=ApplicationStatus.CANDIDATE)
    record = _adverse(application)
    services.resolve_adverse_record(
        record, actor=office, disqualify=True, reason="核实：近三年有重大税收违法记录"
    )
    record.refresh_from_db()
    application.refresh_from_db()
    assert record.status == AdverseRecordStatus.DISQUALIFIED
    assert application.status == ApplicationStatus.DISQUALIFIED
    assert (
        DecisionLogEntry.objects.filter(
            action__in=["adverse_record.disqualified", "application.disqualified"]
        ).count()
        == 2
    )


def test_an_office_of_another_programme_cannot_resolve() -> None:
    application = _eligible()
    record = _adverse(application)
    with pytest.raises(DomainError, match="Only the office"):
        services.resolve_adverse_record(
            record, actor=other_programme_office(), disqualify=False, reason="不适用"
        )
    with pytest.raises(DomainError, match="Only the office"):
        services.resolve_adverse_record(
            record, actor=other_programme_office(), disqualify=True, reason="取消"
        )
    record.refresh_from_db()
    application.refresh_from_db()
    assert record.status == AdverseRecordStatus.UNRESOLVED
    assert application.status == ApplicationStatus.ELIGIBLE


# --- the plenary, the publicity and the approval refuse while it is unresolved ---------------


def test_approval_refuses_a_candidate_with_an_unresolved_adverse_record() -> None:
    office = office_user()
    round, (app,) = approval_round(n_prize=1)
    record = _adverse(app)

    def approve() -> ApprovalDecision:
        return record_approval(
            round,
            actor=office,
            approved_on=date(2032, 1, 15),
            meeting="市政府第12次常务会议",
            document_number="赣市府字〔2032〕3号",
        )

    with pytest.raises(DomainError) as refused:
        approve()
    assert refused.value.rule == "R5"
    assert app.organisation.name in refused.value.message
    assert not ApprovalDecision.objects.exists()
    app.refresh_from_db()
    assert app.status == ApplicationStatus.PROPOSED
    services.resolve_adverse_record(record, actor=office, disqualify=False, reason="不属实")
    approve()
    app.refresh_from_db()
    assert app.status == ApplicationStatus.AWARDED


def test_publicity_refuses_a_list_holding_an_unresolved_adverse_record() -> None:
    office = office_user()
    round = deliberation_round()
    app = proposed(round)
    _adverse(app)
    with time_machine.travel(OPENED_AT, tick=False), pytest.raises(DomainError) as refused:
        open_publicity(round, actor=office, starts_on=STARTS_ON, days=10)
    assert app.organisation.name in refused.value.message
    assert not PublicityPeriod.objects.exists()


def test_the_plenarys_candidate_list_flags_the_unresolved_record() -> None:
    round = deliberation_round()
    blocked, clean = candidate(round, rank=1), candidate(round, rank=2)
    _adverse(blocked)
    flags = {c.application.pk: c.adverse for c in plenary_candidates(round)}
    assert flags == {blocked.pk: True, clean.pk: False}


# --- the office's page and work queue --------------------------------------------------------


def test_the_office_page_shows_the_record_and_the_office_waives_it(client) -> None:  # type: ignore[no-untyped-def]
    application = _eligible()
    record = _adverse(application)
    office = signed(office_user(), application.round)
    client.force_login(office)
    url = reverse("applications:office_detail", args=[application.pk])
    with translation.override("zh-hans"):
        body = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'id="adverse-records"' in body
    assert "偷税" in body
    assert "待领导小组办公室审查" in body
    assert "资格审查后收到的不良记录（第十三条、第十七条）" in body
    resolve = reverse("applications:office_resolve_adverse", args=[application.pk, record.pk])
    response = client.post(resolve, {"outcome": "waive", "reason": "处罚已撤销"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == AdverseRecordStatus.WAIVED


def test_the_disqualification_on_the_page_needs_the_confirmation(client) -> None:  # type: ignore[no-untyped-def]
    application = _eligible()
    record = _adverse(application)
    client.force_login(signed(office_user(), application.round))
    resolve = reverse("applications:office_resolve_adverse", args=[application.pk, record.pk])
    response = client.post(resolve, {"outcome": "disqualify", "reason": "属实"})
    assert response.status_code == 200
    record.refresh_from_db()
    assert record.status == AdverseRecordStatus.UNRESOLVED
    client.post(resolve, {"outcome": "disqualify", "reason": "属实", "confirm": "on"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DISQUALIFIED


def test_the_resolve_url_is_404_for_another_programmes_office(client) -> None:  # type: ignore[no-untyped-def]
    application = _eligible()
    record = _adverse(application)
    client.force_login(other_programme_office())
    resolve = reverse("applications:office_resolve_adverse", args=[application.pk, record.pk])
    assert client.post(resolve, {"outcome": "waive", "reason": "不适用"}).status_code == 404
    record.refresh_from_db()
    assert record.status == AdverseRecordStatus.UNRESOLVED


def test_the_work_queue_shows_the_unresolved_record_to_its_office_only() -> None:
    office = office_user()
    application = _eligible()
    record = _adverse(application)
    (item,) = [i for i in items_for(office) if "adverse" in i.what]
    assert item.url.startswith(reverse("applications:office_detail", args=[application.pk]))
    assert item.count == 1
    assert not [i for i in items_for(other_programme_office()) if "adverse" in i.what]
    services.resolve_adverse_record(record, actor=office, disqualify=False, reason="不属实")
    office = type(office).objects.get(pk=office.pk)  # the queue is cached on the user
    assert not [i for i in items_for(office) if "adverse" in i.what]


def _queue_queries(office) -> int:  # type: ignore[no-untyped-def]
    office = type(office).objects.get(pk=office.pk)  # as a new request: nothing cached yet
    with CaptureQueriesContext(connection) as captured:
        office_items(office)
    return len(captured.captured_queries)


def test_the_work_queue_query_count_does_not_grow_with_the_records() -> None:
    office = office_user()
    _adverse(_eligible())
    small = _queue_queries(office)
    for _n in range(3):
        _adverse(_eligible())
    assert len([i for i in office_items(office) if "adverse" in i.what]) == 4
    assert _queue_queries(office) == small
