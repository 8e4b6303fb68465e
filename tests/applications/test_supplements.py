"""Art. 17: supplement requests with a reply deadline; the applicant answers in the
portal after the main deadline; the answer is a new dossier version; late answers refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.models import Attachment, DossierVersion, SupplementRequest
from applications.services import application as services
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from notifications.models import Notification, OutboxMessage
from tests.awards.helpers import (
    eligibility_round,
    in_english,  # noqa: F401  (autouse: messages in English)
    other_programme_office,
    signed,
    submitted_application,
)
from tests.factories import OrganisationFactory, applicant_user, office_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
EXE = b"MZ\x90\x00" + b"\x00" * 60


def _setup():  # type: ignore[no-untyped-def]
    round = eligibility_round()
    application = submitted_application(round)
    applicant = applicant_user(application.organisation)
    office = signed(office_user(), round)
    return application, applicant, office


def _request(application, office, days: float = 5) -> SupplementRequest:  # type: ignore[no-untyped-def]
    return services.request_supplement(
        application,
        actor=office,
        what="请补充 2024 年度纳税证明。",
        due_at=timezone.now() + timedelta(days=days),
    )


def test_office_requests_a_supplement_and_the_applicant_is_notified() -> None:
    application, applicant, office = _setup()
    request = _request(application, office)
    assert request.requested_by == office
    # Exactly one message (the central hook), not a second one from the service.
    notification = Notification.objects.get(user=applicant)
    assert notification.url == reverse(
        "applications:supplement_answer", args=[application.pk, request.pk]
    )
    assert "请补充 2024 年度纳税证明。" in notification.body
    outbox = OutboxMessage.objects.filter(recipient=applicant)
    assert [row.event for row in outbox] == ["supplement_requested"]
    assert DecisionLogEntry.objects.filter(action="supplement.request").count() == 1


@pytest.mark.parametrize(
    ("what", "days", "message"),
    [
        ("  ", 5, "Say what is missing."),
        ("补充", -1, "The reply deadline must be in the future."),
    ],
)
def test_request_without_text_or_with_a_past_deadline_is_refused(what, days, message) -> None:  # type: ignore[no-untyped-def]
    application, _applicant, office = _setup()
    with pytest.raises(DomainError) as refused:
        services.request_supplement(
            application, actor=office, what=what, due_at=timezone.now() + timedelta(days=days)
        )
    assert refused.value.message == message
    assert not SupplementRequest.objects.exists()


def test_another_programmes_office_cannot_request() -> None:
    application, _applicant, _office = _setup()
    with pytest.raises(DomainError):
        _request(application, other_programme_office())
    assert not SupplementRequest.objects.exists()


def test_answer_after_the_main_deadline_becomes_a_new_version() -> None:
    application, applicant, office = _setup()
    DossierVersion.objects.create(application=application, number=1, data={"v": 1})
    request = _request(application, office)
    assert not application.round.window_is_open()  # the main deadline has passed
    answered = services.answer_supplement(
        request,
        actor=applicant,
        answer="已上传 2024 年度纳税证明。",
        upload=SimpleUploadedFile("2024年纳税证明.pdf", PDF),
        is_secret=True,
    )
    version = answered.version
    assert version is not None and version.number == 2
    assert version.data["supplement"]["answer"] == "已上传 2024 年度纳税证明。"
    attachment = Attachment.objects.get(original_name="2024年纳税证明.pdf")
    assert (attachment.kind, attachment.is_secret) == ("evidence", True)
    assert version.data["supplement"]["attachment"]["sha256"] == attachment.sha256
    assert DossierVersion.objects.get(number=1).data == {"v": 1}  # R13: never overwritten
    assert Notification.objects.filter(user=office, subject="A supplement was answered").exists()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_answer_one_second_after_the_reply_deadline_is_refused() -> None:
    application, applicant, office = _setup()
    request = _request(application, office, days=1)
    with (
        time_machine.travel(request.due_at + timedelta(seconds=1), tick=False),
        pytest.raises(DomainError) as refused,
    ):
        services.answer_supplement(request, actor=applicant, answer="迟到的答复")
    assert refused.value.message.startswith("The reply deadline of this request passed on ")
    request.refresh_from_db()
    assert request.answered_at is None
    assert not DossierVersion.objects.exists()


def test_answer_twice_is_refused() -> None:
    application, applicant, office = _setup()
    request = _request(application, office)
    services.answer_supplement(request, actor=applicant, answer="答复")
    with pytest.raises(DomainError) as refused:
        services.answer_supplement(request, actor=applicant, answer="再答一次")
    assert refused.value.message == "This request has already been answered."


def test_exe_renamed_pdf_in_an_answer_is_refused_and_nothing_is_kept() -> None:
    application, applicant, office = _setup()
    request = _request(application, office)
    with pytest.raises(DomainError):
        services.answer_supplement(
            request, actor=applicant, answer="附件", upload=SimpleUploadedFile("证明.pdf", EXE)
        )
    request.refresh_from_db()
    assert request.answered_at is None
    assert not Attachment.objects.exists()
    assert not DossierVersion.objects.exists()


def test_another_organisation_cannot_answer() -> None:
    application, _applicant, office = _setup()
    request = _request(application, office)
    with pytest.raises(DomainError):
        services.answer_supplement(
            request, actor=applicant_user(OrganisationFactory()), answer="冒充"
        )


def test_unanswered_request_blocks_the_eligible_decision() -> None:
    application, applicant, office = _setup()
    request = _request(application, office)
    assert (
        "The supplement requested is not answered: 请补充 2024 年度纳税证明。"
        in services.eligibility_blockers(application)
    )
    services.answer_supplement(request, actor=applicant, answer="答复")
    assert not any("supplement" in b for b in services.eligibility_blockers(application))


# --- pages ----------------------------------------------------------------------------------


def test_office_requests_from_the_detail_page(client) -> None:  # type: ignore[no-untyped-def]
    application, _applicant, office = _setup()
    client.force_login(office)
    page = client.get(reverse("applications:office_detail", args=[application.pk]))
    assert reverse("applications:office_supplement", args=[application.pk]) in page.content.decode()
    due = timezone.localtime(timezone.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("applications:office_supplement", args=[application.pk]),
        {"what": "请补充安全生产标准化证书。", "due_at": due},
    )
    assert response.status_code == 302
    assert SupplementRequest.objects.get().what == "请补充安全生产标准化证书。"
    body = client.get(response["Location"]).content.decode()
    assert "Awaiting the answer" in body


def test_applicant_answers_from_its_detail_page(client) -> None:  # type: ignore[no-untyped-def]
    application, applicant, office = _setup()
    request = _request(application, office)
    client.force_login(applicant)
    detail = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    url = reverse("applications:supplement_answer", args=[application.pk, request.pk])
    assert url in detail
    response = client.post(
        url, {"answer": "证明已补交。", "file": SimpleUploadedFile("证明.pdf", PDF)}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.answer == "证明已补交。"
    assert "Answered" in client.get(url).content.decode()


def test_late_answer_page_says_so_and_a_late_post_is_refused(client) -> None:  # type: ignore[no-untyped-def]
    application, applicant, office = _setup()
    request = _request(application, office, days=10 / (24 * 60))  # ten minutes
    client.force_login(applicant)
    url = reverse("applications:supplement_answer", args=[application.pk, request.pk])
    with time_machine.travel(request.due_at + timedelta(minutes=1)):
        assert 'id="supplement-closed"' in client.get(url).content.decode()
        response = client.post(url, {"answer": "迟到"})
    assert response.status_code == 200
    assert 'id="supplement-closed"' in response.content.decode()
    request.refresh_from_db()
    assert request.answered_at is None


def test_answer_page_of_another_applications_request_is_404(client) -> None:  # type: ignore[no-untyped-def]
    application, applicant, office = _setup()
    other = submitted_application(application.round)
    request = _request(other, office)
    client.force_login(applicant)
    url = reverse("applications:supplement_answer", args=[application.pk, request.pk])
    assert client.get(url).status_code == 404


def test_other_programmes_office_cannot_post_a_request(client) -> None:  # type: ignore[no-untyped-def]
    application, _applicant, _office = _setup()
    client.force_login(other_programme_office())
    due = timezone.localtime(timezone.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("applications:office_supplement", args=[application.pk]),
        {"what": "越权", "due_at": due},
    )
    assert response.status_code == 404
    assert not SupplementRequest.objects.exists()
