"""Art. 12, 28: the recommending unit uploads its sealed letter with its opinion; the
applicant can neither upload nor remove such a letter; it is not copied to a new round."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.models import Attachment
from applications.services import application as services
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from tests.awards.helpers import (
    eligibility_round,
    in_english,  # noqa: F401  (autouse: messages in English)
    signed,
    submitted_application,
)
from tests.factories import (
    ApplicationFactory,
    RecommenderFactory,
    applicant_user,
    office_user,
    recommender_user,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
EXE = b"MZ\x90\x00" + b"\x00" * 60


def test_unit_uploads_its_sealed_letter_with_the_opinion(client) -> None:  # type: ignore[no-untyped-def]
    unit = RecommenderFactory(name="章贡区人民政府")
    application = submitted_application(eligibility_round(), recommender=unit)
    client.force_login(signed(recommender_user(unit), application.round))
    url = reverse("applications:recommend", args=[application.pk])
    response = client.post(
        url,
        {
            "opinion": "同意推荐。",
            "declaration": "on",
            "letter": SimpleUploadedFile("推荐函（盖章）.pdf", PDF),
        },
    )
    assert response.status_code == 302
    letter = Attachment.objects.get(application=application)
    assert (letter.kind, letter.original_name) == ("recommendation", "推荐函（盖章）.pdf")
    entry = DecisionLogEntry.objects.get(action="application.recommend")
    assert entry.data["letter"]["sha256"] == letter.sha256
    page = client.get(url).content.decode()
    assert reverse("applications:attachment_download", args=[letter.pk]) in page
    # The office sees it among the application's documents.
    office = signed(office_user(), application.round)
    client.force_login(office)
    detail = client.get(reverse("applications:office_detail", args=[application.pk]))
    assert "推荐函（盖章）.pdf" in detail.content.decode()


def test_exe_as_letter_is_refused_and_no_opinion_is_saved() -> None:
    unit = RecommenderFactory()
    application = submitted_application(eligibility_round(), recommender=unit)
    with pytest.raises(DomainError):
        services.record_recommendation(
            application,
            actor=signed(recommender_user(unit), application.round),
            opinion="同意",
            declaration=True,
            letter=SimpleUploadedFile("推荐函.pdf", EXE),
        )
    application.refresh_from_db()
    assert application.recommended_at is None
    assert not Attachment.objects.exists()


def test_applicant_cannot_upload_or_remove_a_recommendation_letter() -> None:
    unit = RecommenderFactory()
    application = ApplicationFactory(recommender=unit)
    user = applicant_user(application.organisation)
    with pytest.raises(DomainError):
        services.add_attachment(
            application,
            actor=user,
            upload=SimpleUploadedFile("假推荐函.pdf", PDF),
            kind="recommendation",
        )
    services.record_recommendation(
        application,
        actor=signed(recommender_user(unit), application.round),
        opinion="同意",
        declaration=True,
        letter=SimpleUploadedFile("推荐函.pdf", PDF),
    )
    letter = Attachment.objects.get()
    with pytest.raises(DomainError) as refused:
        services.remove_attachment(letter, actor=user)
    assert refused.value.message == "The recommending unit's letter cannot be removed."
    assert Attachment.objects.filter(pk=letter.pk).exists()
