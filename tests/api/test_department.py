"""A department's system: its consultations and answering one with a department key, through
the liaison's service (same rules, the decision log naming the key); nothing else."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from accounts.enums import Role
from api.enums import KeyAccess, KeyScope
from applications.enums import ConsultationResult
from applications.models import Consultation
from awards.enums import RoundStage
from decisionlog.models import DecisionLogEntry
from notifications.models import Notification
from sanctions.models import Incident
from tests.api.helpers import issue, keyed
from tests.api.objects import winner
from tests.awards.helpers import (
    eligibility_round,
    other_programme,
    role_user,
    signed,
    submitted_application,
)
from tests.factories import RoundFactory, department, liaison_user, office_user

pytestmark = pytest.mark.django_db

LIST = "/api/v1/department/consultations/"


def _consultation(dept: str = "tax", round=None) -> Consultation:  # type: ignore[no-untyped-def]
    application = submitted_application(round or eligibility_round())
    return Consultation.objects.create(
        application=application,
        department=department(dept),
        question="该企业近三年有无重大违法记录？",
        sent_by=office_user(),
    )


def _department_client(access: str = KeyAccess.WRITE, dept: str = "tax") -> tuple[Client, object]:
    liaison = liaison_user(department(dept))
    raw = issue(office_user(), scope=KeyScope.DEPARTMENT, access=access, liaison=liaison)
    return keyed(raw), liaison


def test_the_department_sees_its_consultations_in_rounds_it_signed_for() -> None:
    client, liaison = _department_client()
    own = _consultation("tax")
    signed(liaison, own.application.round)  # type: ignore[arg-type]
    _consultation("ecology", round=own.application.round)  # another department's
    unsigned = _consultation("tax")  # a round whose commitment the liaison has not signed
    body = client.get(LIST).json()
    assert [row["id"] for row in body["results"]] == [own.pk]
    assert body["results"][0]["question"] == "该企业近三年有无重大违法记录？"
    assert client.get(f"{LIST}{unsigned.pk}/").status_code == 404
    assert client.get(f"{LIST}?result=pending").json()["count"] == 1
    assert client.get(f"{LIST}?result=adverse").json()["count"] == 0


def test_another_departments_consultation_is_not_found() -> None:
    client, liaison = _department_client()
    other = _consultation("ecology")
    signed(liaison, other.application.round)  # type: ignore[arg-type]
    assert client.get(f"{LIST}{other.pk}/").status_code == 404
    response = client.post(
        f"{LIST}{other.pk}/answer/", {"result": "no_adverse"}, "application/json"
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.result == ConsultationResult.PENDING


def test_the_same_department_in_another_programme_is_not_found() -> None:
    client, liaison = _department_client()
    round = eligibility_round(programme=other_programme())
    theirs = _consultation("tax", round=round)
    signed(liaison, round)  # type: ignore[arg-type]
    role_user(Role.LIAISON, prog=other_programme(), department=department("tax"))
    assert client.get(f"{LIST}{theirs.pk}/").status_code == 404


def test_answering_goes_through_the_liaisons_service_and_logs_the_key() -> None:
    client, liaison = _department_client()
    consultation = _consultation("tax")
    signed(liaison, consultation.application.round)  # type: ignore[arg-type]
    response = client.post(
        f"{LIST}{consultation.pk}/answer/",
        {"result": "adverse", "details": "2029年因偷税受行政处罚"},
        "application/json",
    )
    assert response.status_code == 200, response.content
    assert (response.json()["result"], response.json()["details"]) == (
        "adverse",
        "2029年因偷税受行政处罚",
    )
    consultation.refresh_from_db()
    assert (consultation.result, consultation.answered_by) == ("adverse", liaison)
    entry = DecisionLogEntry.objects.get(action="consultation.answer")
    assert (entry.actor_id, entry.data["api_key"]) == (liaison.pk, "省质量奖平台")  # type: ignore[attr-defined]
    assert Notification.objects.filter(subject__contains="答复").exists()


def test_the_services_rules_hold_an_adverse_record_without_details_is_refused() -> None:
    client, liaison = _department_client()
    consultation = _consultation("tax")
    signed(liaison, consultation.application.round)  # type: ignore[arg-type]
    response = client.post(
        f"{LIST}{consultation.pk}/answer/", {"result": "adverse"}, "application/json"
    )
    assert response.status_code == 409
    assert response.json() == {"code": "refused", "detail": "请说明不良记录的具体情况。"}
    second = client.post(
        f"{LIST}{consultation.pk}/answer/", {"result": "no_adverse"}, "application/json"
    )
    assert second.status_code == 200
    again = client.post(
        f"{LIST}{consultation.pk}/answer/", {"result": "no_adverse"}, "application/json"
    )
    assert again.status_code == 409
    assert DecisionLogEntry.objects.filter(action="consultation.answer").count() == 1


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def test_the_sealed_reply_letter_comes_with_the_answer_as_multipart() -> None:
    """Art. 17: the department's system sends its sealed letter with the answer, as the
    liaison does on the page; the file is checked and its hash logged."""
    client, liaison = _department_client()
    consultation = _consultation("tax")
    signed(liaison, consultation.application.round)  # type: ignore[arg-type]
    letter = SimpleUploadedFile("答复函（盖章）.pdf", PDF, content_type="application/pdf")
    response = client.post(
        f"{LIST}{consultation.pk}/answer/", {"result": "no_adverse", "letter": letter}
    )
    assert response.status_code == 200, response.content
    assert response.json()["reply_letter_name"] == "答复函（盖章）.pdf"
    consultation.refresh_from_db()
    assert consultation.reply_letter_sha256 == hashlib.sha256(PDF).hexdigest()
    entry = DecisionLogEntry.objects.get(action="consultation.answer")
    assert entry.data["letter"]["sha256"] == consultation.reply_letter_sha256


def test_a_letter_that_is_not_a_document_is_refused_and_nothing_is_answered() -> None:
    client, liaison = _department_client()
    consultation = _consultation("tax")
    signed(liaison, consultation.application.round)  # type: ignore[arg-type]
    script = SimpleUploadedFile("letter.pdf", b"#!/bin/sh\necho hi\n")
    response = client.post(
        f"{LIST}{consultation.pk}/answer/", {"result": "no_adverse", "letter": script}
    )
    assert response.status_code == 409, response.content
    assert "不属于支持的格式" in response.json()["detail"]
    consultation.refresh_from_db()
    assert (consultation.result, consultation.reply_letter.name) == (
        ConsultationResult.PENDING,
        "",
    )
    assert not DecisionLogEntry.objects.filter(action="consultation.answer").exists()


def test_a_bad_answer_names_the_field() -> None:
    client, liaison = _department_client()
    consultation = _consultation("tax")
    signed(liaison, consultation.application.round)  # type: ignore[arg-type]
    response = client.post(
        f"{LIST}{consultation.pk}/answer/", {"result": "maybe"}, "application/json"
    )
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["result"]


def test_a_read_only_key_cannot_answer() -> None:
    client, liaison = _department_client(access=KeyAccess.READ)
    consultation = _consultation("tax")
    signed(liaison, consultation.application.round)  # type: ignore[arg-type]
    response = client.post(
        f"{LIST}{consultation.pk}/answer/", {"result": "no_adverse"}, "application/json"
    )
    assert (response.status_code, response.json()["detail"]) == (403, "该接口密钥仅可读取数据。")


def test_an_office_key_does_not_reach_the_department_endpoints() -> None:
    office = office_user()
    client = keyed(issue(office, access=KeyAccess.READ))
    assert client.get(LIST).status_code == 403


def test_without_a_key_the_department_endpoints_ask_for_one(client: Client) -> None:
    response = client.get(LIST)
    assert (response.status_code, response.json()["detail"]) == (401, "访问此接口需要接口密钥。")


# --- incidents about winners (Art. 29) ----------------------------------------------------

INCIDENTS = "/api/v1/department/incidents/"


def _report(client: Client, grant_id: int, **extra: object):  # type: ignore[no-untyped-def]
    body = {"grant_id": grant_id, "kind": "penalty", "description": "2030年因产品质量问题受罚"}
    return client.post(INCIDENTS, {**body, **extra}, "application/json")


def test_a_department_reports_an_incident_through_the_liaisons_service() -> None:
    client, liaison = _department_client()
    grant = winner(number="GZZLJ-2030-A-001-INCD")
    response = _report(client, grant.pk)
    assert response.status_code == 201, response.content
    incident = Incident.objects.get()
    assert (incident.reported_by, incident.department, incident.grant) == (
        liaison,
        department("tax"),
        grant,
    )
    entry = DecisionLogEntry.objects.get(object_type="sanctions.Incident")
    assert entry.data["api_key"] == "省质量奖平台"
    assert [row["id"] for row in client.get(INCIDENTS).json()["results"]] == [incident.pk]
    other, _liaison = _department_client(dept="ecology")
    assert other.get(INCIDENTS).json()["results"] == []


def test_an_incident_about_an_award_not_in_force_or_of_another_programme_is_refused() -> None:
    client, _liaison = _department_client()
    lapsed = winner(number="L-1", valid_until=timezone.localdate() - timedelta(days=1))
    theirs = winner(
        RoundFactory(stage=RoundStage.PUBLISHED, programme=other_programme()), number="O-1"
    )
    for grant in (lapsed, theirs):
        response = _report(client, grant.pk)
        assert (response.status_code, response.json()["detail"]) == (404, "没有该编号的有效奖项。")
    assert not Incident.objects.exists()


def test_a_read_only_department_key_cannot_report() -> None:
    client, _liaison = _department_client(access=KeyAccess.READ)
    assert _report(client, winner(number="R-1").pk).status_code == 403
