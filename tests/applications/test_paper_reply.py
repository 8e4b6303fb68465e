"""Art. 17: the office enters a department's reply received on paper."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.enums import ConsultationResult
from applications.models import Consultation
from applications.services import application as services
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from tests.awards.helpers import (
    eligibility_round,
    in_english,  # noqa: F401  (autouse: messages in English)
    other_programme_office,
    signed,
    submitted_application,
)
from tests.factories import department, liaison_user, office_user

pytestmark = pytest.mark.django_db


def _consultation():  # type: ignore[no-untyped-def]
    round = eligibility_round()
    return Consultation.objects.create(
        application=submitted_application(round),
        department=department("tax"),
        question="近三年有无重大税收违法失信行为?",
        sent_by=office_user(),
    )


def test_office_records_a_paper_reply_from_the_application_page(client) -> None:  # type: ignore[no-untyped-def]
    consultation = _consultation()
    office = signed(office_user(), consultation.application.round)
    client.force_login(office)
    detail = reverse("applications:office_detail", args=[consultation.application_id])
    url = reverse(
        "applications:office_paper_reply", args=[consultation.application_id, consultation.pk]
    )
    assert url in client.get(detail).content.decode()
    received = timezone.localdate() - timedelta(days=1)
    response = client.post(
        url, {"result": "adverse", "details": "2024年欠税，已补缴", "received_on": received}
    )
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert (
        consultation.result,
        consultation.answered_by,
        consultation.paper_reply_received_on,
    ) == (
        ConsultationResult.ADVERSE,
        office,
        received,
    )
    assert DecisionLogEntry.objects.filter(action="consultation.paper_reply").count() == 1
    assert "Reply received on paper on" in client.get(detail).content.decode()


def test_adverse_paper_reply_without_details_is_refused() -> None:
    consultation = _consultation()
    with pytest.raises(DomainError) as refused:
        services.enter_paper_reply(
            consultation,
            actor=office_user(),
            result="adverse",
            details="",
            received_on=timezone.localdate(),
        )
    assert refused.value.message == "Describe the adverse record."


def test_answered_consultation_cannot_get_a_paper_reply() -> None:
    consultation = _consultation()
    Consultation.objects.filter(pk=consultation.pk).update(result=ConsultationResult.NO_ADVERSE)
    with pytest.raises(DomainError):
        services.enter_paper_reply(
            consultation,
            actor=office_user(),
            result="no_adverse",
            details="",
            received_on=timezone.localdate(),
        )


@pytest.mark.parametrize(
    "outsider", [other_programme_office, lambda: liaison_user(department("tax"))]
)
def test_outsiders_cannot_enter_a_paper_reply(outsider) -> None:  # type: ignore[no-untyped-def]
    consultation = _consultation()
    with pytest.raises(DomainError):
        services.enter_paper_reply(
            consultation,
            actor=outsider(),
            result="no_adverse",
            details="",
            received_on=timezone.localdate(),
        )
    consultation.refresh_from_db()
    assert consultation.result == ConsultationResult.PENDING


def test_other_programmes_office_gets_404_on_the_page(client) -> None:  # type: ignore[no-untyped-def]
    consultation = _consultation()
    client.force_login(other_programme_office())
    url = reverse(
        "applications:office_paper_reply", args=[consultation.application_id, consultation.pk]
    )
    response = client.post(url, {"result": "no_adverse", "received_on": timezone.localdate()})
    assert response.status_code == 404
