"""The office enters a dossier received on paper on the organisation's behalf;
it is submitted at once and marked as such."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from applications.enums import ApplicationStatus, ComplianceDeclaration
from applications.form_data import form_years, scheme_categories
from applications.models import Application, Attachment
from applications.services import application as services
from decisionlog.workflow import DomainError
from demo.dossiers import sample_form_data
from tests.awards.helpers import (
    eligibility_round,
    in_english,  # noqa: F401  (autouse: messages in English)
    other_programme_office,
    signed,
)
from tests.factories import OrganisationFactory, RecommenderFactory, applicant_user, office_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
EXE = b"MZ\x90\x00" + b"\x00" * 60


def _fields(round):  # type: ignore[no-untyped-def]
    return {
        "main_products": "稀土永磁材料",
        "quality_summary": "成效显著",
        "self_assessment": "概要",
        "recommender": RecommenderFactory(),
        **sample_form_data(round),
    }


def _post(round, organisation, **overrides):  # type: ignore[no-untyped-def]
    data: dict[str, object] = {
        "organisation": organisation.pk,
        "received_on": (timezone.localdate() - timedelta(days=3)).isoformat(),
        "paper_form": SimpleUploadedFile("申报表扫描件.pdf", PDF),
        "paper_declaration": "on",
        "main_products": "稀土永磁材料",
        "quality_summary": "成效显著",
        "self_assessment": "概要",
        "recommender": RecommenderFactory().pk,
        "safety_level": "1",
        "compliance_declarations": list(ComplianceDeclaration.values),
    }
    for year in form_years(round):
        data.update(
            {f"fin_{year}_revenue": "100", f"fin_{year}_profit": "10", f"fin_{year}_tax": "5"}
        )
    for code, _name in scheme_categories(round):
        data[f"sa_{code.replace('.', '_')}"] = "自评"
    data.update(overrides)
    return data


def test_office_enters_a_paper_dossier_from_the_list(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    office = signed(office_user(), round)
    organisation = OrganisationFactory(name="纸质申报有限公司")
    member = applicant_user(organisation)
    client.force_login(office)
    url = reverse("applications:office_paper_entry", args=[round.pk])
    assert url in client.get(reverse("applications:office_list", args=[round.pk])).content.decode()
    response = client.post(url, _post(round, organisation))
    application = Application.objects.get(organisation=organisation)
    assert response["Location"] == reverse("applications:office_detail", args=[application.pk])
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.entered_on_behalf_by == office
    version = application.versions.get()
    assert (
        version.data["entered_on_behalf"]["received_on"]
        == application.paper_received_on.isoformat()
    )
    assert Attachment.objects.get(application=application).kind == "form"
    detail = client.get(response["Location"]).content.decode()
    assert 'id="paper-entry"' in detail
    client.force_login(member)
    own = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "entered by the award office on your behalf" in own


def test_incomplete_paper_dossier_is_refused_and_nothing_is_kept(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    office = signed(office_user(), round)
    organisation = OrganisationFactory()
    client.force_login(office)
    response = client.post(
        reverse("applications:office_paper_entry", args=[round.pk]),
        _post(round, organisation, safety_level=""),
    )
    assert response.status_code == 200
    assert "Choose the safety standardisation level." in response.content.decode()
    assert not Application.objects.exists()
    assert not Attachment.objects.exists()


def test_paper_received_after_the_deadline_is_refused() -> None:
    round = eligibility_round()
    office = office_user()
    late = timezone.localdate()  # the deadline was yesterday
    with pytest.raises(DomainError) as refused:
        services.enter_paper_dossier(
            round,
            OrganisationFactory(),
            actor=office,
            received_on=late,
            fields=_fields(round),
            files=[("form", SimpleUploadedFile("表.pdf", PDF))],
        )
    assert refused.value.message.startswith("The paper dossier arrived after the deadline")
    assert not Application.objects.exists()


def test_exe_renamed_pdf_in_a_paper_dossier_is_refused() -> None:
    round = eligibility_round()
    with pytest.raises(DomainError):
        services.enter_paper_dossier(
            round,
            OrganisationFactory(),
            actor=office_user(),
            received_on=timezone.localdate() - timedelta(days=2),
            fields=_fields(round),
            files=[("form", SimpleUploadedFile("表.pdf", EXE))],
        )
    assert not Application.objects.exists()
    assert not Attachment.objects.exists()


def test_another_programmes_office_gets_404(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    client.force_login(other_programme_office())
    response = client.get(reverse("applications:office_paper_entry", args=[round.pk]))
    assert response.status_code == 404


def test_an_applicant_cannot_use_the_service() -> None:
    round = eligibility_round()
    organisation = OrganisationFactory()
    with pytest.raises(DomainError) as refused:
        services.enter_paper_dossier(
            round,
            organisation,
            actor=applicant_user(organisation),
            received_on=timezone.localdate() - timedelta(days=2),
            fields=_fields(round),
            files=[("form", SimpleUploadedFile("表.pdf", PDF))],
        )
    assert refused.value.message == "Only the office enters a dossier received on paper."
