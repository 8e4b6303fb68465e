"""The full application form (申报表) and the self-assessment per GB/T 19580
category: saved, checked on the server, required at submission, shown, printed, copied."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from applications.copying import start_application_from_copy
from applications.enums import ApplicationStatus, ComplianceDeclaration
from applications.form_data import form_gaps, form_years, scheme_categories
from applications.form_pdf import render_form_html
from applications.models import Application
from applications.services.application import add_attachment, submit_application, update_dossier
from decisionlog.workflow import DomainError
from demo.dossiers import sample_form_data
from tests.applications.factories import FullFormApplicationFactory
from tests.awards.helpers import signed, submitted_application
from tests.factories import (
    ApplicationFactory,
    RecommenderFactory,
    RoundFactory,
    applicant_user,
    office_user,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def english(user=None) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


def _round(**kwargs):  # type: ignore[no-untyped-def]
    return RoundFactory(
        applications_open_at=datetime(2025, 3, 1, tzinfo=SHANGHAI),
        applications_close_at=datetime(2099, 6, 30, 17, tzinfo=SHANGHAI),
        **kwargs,
    )


def _post_data(application: Application, **overrides: str) -> dict[str, object]:
    """What the dossier page posts with the whole form filled in."""
    years = form_years(application.round)
    data: dict[str, object] = {
        "revision": application.dossier_revision,
        "main_products": "稀土永磁材料",
        "quality_summary": "成效显著",
        "self_assessment": "概要",
        "excellence_model_since": "2019-01-01",
        "safety_level": "2",
        "honours": "江西省质量标杆",
        "cert_0_standard": "gbt19001",
        "cert_0_number": "00121Q35678R2M",
        "cert_0_issuer": "中国质量认证中心",
        "cert_0_issued_on": "2018-03-01",
        "cert_0_expires_on": "2027-02-28",
        "compliance_declarations": list(ComplianceDeclaration.values),
    }
    for year in years:
        data.update(
            {
                f"fin_{year}_revenue": "12000.50",
                f"fin_{year}_profit": "-20" if year == years[0] else "860",
                f"fin_{year}_tax": "600",
                f"fin_{year}_assets": "30000",
            }
        )
    for code, _name in scheme_categories(application.round):
        data[f"sa_{code.replace('.', '_')}"] = f"类目 {code} 的自评"
    data["secret_4_5"] = "on"
    data.update(overrides)
    return data


# --- the years and the gaps ------------------------------------------------------------


def test_form_years_are_the_three_complete_years_before_the_deadline() -> None:
    round = RoundFactory(
        applications_open_at=datetime(2025, 3, 1, tzinfo=SHANGHAI),
        applications_close_at=datetime(2025, 6, 30, 17, tzinfo=SHANGHAI),
    )
    assert form_years(round) == [2022, 2023, 2024]


def test_empty_form_lists_every_missing_item() -> None:
    round = RoundFactory(
        applications_open_at=datetime(2025, 3, 1, tzinfo=SHANGHAI),
        applications_close_at=datetime(2025, 6, 30, 17, tzinfo=SHANGHAI),
    )
    application = ApplicationFactory(round=round)
    assert form_gaps(application) == [
        "Fill in revenue, profit and tax paid for 2022、2023、2024.",
        "Choose the safety standardisation level.",
        "Tick every compliance declaration of Art. 13(6); not yet ticked: "
        + "；".join(str(d.label) for d in ComplianceDeclaration)
        + ".",
        "Write the self-assessment for each category; still empty: 4.1 领导；4.2 战略；"
        "4.3 顾客与市场；4.4 资源；4.5 过程管理；4.6 测量、分析与改进；4.7 结果.",
    ]


def test_complete_form_has_no_gap() -> None:
    assert form_gaps(FullFormApplicationFactory()) == []


def test_one_unticked_declaration_stops_submission_naming_it() -> None:
    declarations = [d for d in ComplianceDeclaration.values if d != "no_failed_spot_check"]
    application = FullFormApplicationFactory(
        recommender=RecommenderFactory(), compliance_declarations=declarations
    )
    user = applicant_user(application.organisation)
    add_attachment(application, actor=user, upload=SimpleUploadedFile("表.pdf", PDF), kind="form")
    with pytest.raises(DomainError) as refused:
        submit_application(application, actor=user, declaration=True)
    assert refused.value.message == (
        "Tick every compliance declaration of Art. 13(6); not yet ticked: "
        "No failed national or provincial quality spot check."
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_missing_year_of_the_table_stops_submission() -> None:
    application = FullFormApplicationFactory(recommender=RecommenderFactory())
    last = str(form_years(application.round)[-1])
    financials = dict(application.financials)
    financials[last] = {"revenue": "1", "profit": "1"}  # no tax
    Application.objects.filter(pk=application.pk).update(financials=financials)
    application.refresh_from_db()
    assert form_gaps(application) == [f"Fill in revenue, profit and tax paid for {last}."]


# --- server-side checks of update_dossier -------------------------------------------------


def test_section_over_the_rounds_limit_is_refused_with_its_count() -> None:
    application = ApplicationFactory(round=RoundFactory(self_assessment_max_chars=100))
    user = applicant_user(application.organisation)
    with pytest.raises(DomainError) as refused:
        update_dossier(application, actor=user, self_assessment_sections={"4.2": "字" * 101})
    assert refused.value.message == (
        "The self-assessment of 4.2 战略 has 101 characters; at most 100 are allowed in this "
        "round. Shorten it and save again."
    )
    application.refresh_from_db()
    assert application.self_assessment_sections == {}
    assert application.dossier_revision == 0


def test_section_at_the_limit_is_saved() -> None:
    application = ApplicationFactory(round=RoundFactory(self_assessment_max_chars=100))
    user = applicant_user(application.organisation)
    saved = update_dossier(application, actor=user, self_assessment_sections={"4.2": "字" * 100})
    assert saved.self_assessment_sections == {"4.2": "字" * 100}


def test_default_limit_is_5000_characters() -> None:
    assert RoundFactory().self_assessment_max_chars == 5000


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"self_assessment_sections": {"9.9": "x"}}, "Unknown self-assessment category."),
        ({"secret_sections": ["9.9"]}, "Unknown self-assessment category."),
        ({"compliance_declarations": ["all_good"]}, "Unknown compliance declaration."),
        ({"safety_level": "7"}, "Unknown safety standardisation level."),
        (
            {"financials": {"1999": {"revenue": "1"}}},
            "The financial table holds only the last three years.",
        ),
        (
            {
                "certificates": [
                    {"standard": "iso9999", "issued_on": "2020-01-01", "expires_on": "2030-01-01"}
                ]
            },
            "Choose the standard of each certificate.",
        ),
        (
            {
                "certificates": [
                    {"standard": "gbt19001", "issued_on": "2030-01-01", "expires_on": "2020-01-01"}
                ]
            },
            "Each certificate needs the date first certified and a later expiry date.",
        ),
    ],
)
def test_bad_form_values_are_refused_and_nothing_is_written(fields, message) -> None:  # type: ignore[no-untyped-def]
    application = ApplicationFactory()
    user = applicant_user(application.organisation)
    with pytest.raises(DomainError) as refused:
        update_dossier(application, actor=user, main_products="新的", **fields)
    assert refused.value.message == message
    application.refresh_from_db()
    assert application.main_products == "稀土永磁材料"


def test_bad_amount_is_refused() -> None:
    application = ApplicationFactory()
    user = applicant_user(application.organisation)
    year = str(form_years(application.round)[0])
    with pytest.raises(DomainError) as refused:
        update_dossier(application, actor=user, financials={year: {"revenue": "很多"}})
    assert refused.value.message == "Enter the amounts as numbers in 10,000 CNY."


# --- the dossier page: save, autosave, limit ------------------------------------------------


def test_edit_page_saves_the_whole_form() -> None:
    application = ApplicationFactory(round=_round())
    user = applicant_user(application.organisation)
    response = english(user).post(
        reverse("applications:edit", args=[application.pk]), _post_data(application)
    )
    assert response.status_code == 302
    application.refresh_from_db()
    years = [str(y) for y in form_years(application.round)]
    assert application.financials[years[0]] == {
        "revenue": "12000.50",
        "profit": "-20",
        "tax": "600",
        "assets": "30000",
    }
    assert application.certificates == [
        {
            "standard": "gbt19001",
            "number": "00121Q35678R2M",
            "issuer": "中国质量认证中心",
            "issued_on": "2018-03-01",
            "expires_on": "2027-02-28",
        }
    ]
    assert application.excellence_model_since == date(2019, 1, 1)
    assert application.safety_level == "2"
    assert application.compliance_declarations == list(ComplianceDeclaration.values)
    assert application.self_assessment_sections["4.1"] == "类目 4.1 的自评"
    assert application.secret_sections == ["4.5"]
    assert form_gaps(application) == []


def test_edit_page_shows_the_tables_the_counter_script_and_the_limit() -> None:
    application = ApplicationFactory(round=_round(self_assessment_max_chars=3000))
    user = applicant_user(application.organisation)
    body = english(user).get(reverse("applications:edit", args=[application.pk])).content.decode()
    assert 'id="form-financials"' in body and 'id="form-certificates"' in body
    assert 'id="form-declarations"' in body and 'id="form-self-assessment"' in body
    assert body.count('data-maxchars="3000"') == 7
    assert "applications/charcount.js" in body
    assert (Path(settings.BASE_DIR) / "static/applications/charcount.js").exists()


def test_autosave_keeps_the_whole_form() -> None:
    application = ApplicationFactory(round=_round())
    user = applicant_user(application.organisation)
    response = english(user).post(
        reverse("applications:autosave", args=[application.pk]),
        _post_data(application),
        HTTP_HX_REQUEST="true",
    )
    assert "Saved at" in response.content.decode()
    application.refresh_from_db()
    assert application.dossier_revision == 1
    assert application.safety_level == "2"
    assert len(application.self_assessment_sections) == 7


def test_autosave_over_the_limit_is_refused_saying_so() -> None:
    application = ApplicationFactory(round=_round(self_assessment_max_chars=100))
    user = applicant_user(application.organisation)
    response = english(user).post(
        reverse("applications:autosave", args=[application.pk]),
        _post_data(application, sa_4_3="字" * 101),
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert "Not saved automatically" in body
    assert "4.3 顾客与市场: at most 100 characters in this round" in body
    application.refresh_from_db()
    assert application.dossier_revision == 0


def test_line_breaks_count_as_one_character() -> None:
    application = ApplicationFactory(round=_round(self_assessment_max_chars=100))
    user = applicant_user(application.organisation)
    text = "字\r\n" * 50  # 150 as sent, 100 characters once the browser's CRLF become LF
    response = english(user).post(
        reverse("applications:edit", args=[application.pk]), _post_data(application, sa_4_1=text)
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert len(application.self_assessment_sections["4.1"]) == 100


def test_certificate_row_without_dates_is_an_error_on_the_row() -> None:
    application = ApplicationFactory(round=_round())
    user = applicant_user(application.organisation)
    response = english(user).post(
        reverse("applications:edit", args=[application.pk]),
        _post_data(application, cert_1_standard="gbt24001"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["cert_1_issued_on"] == ["Required for a certificate."]
    assert errors["cert_1_expires_on"] == ["Required for a certificate."]


def test_colleagues_conflicting_table_change_is_shown() -> None:
    application = ApplicationFactory(round=_round())
    user = applicant_user(application.organisation)
    colleague = applicant_user(application.organisation)
    update_dossier(application, actor=colleague, expected_revision=0, safety_level="1")
    response = english(user).post(
        reverse("applications:edit", args=[application.pk]), _post_data(application)
    )
    rows = {row["name"]: row["value"] for row in response.context["conflict_rows"]}
    assert rows["safety_level"] == "1"
    assert rows["compliance_declarations"] == "—"
    application.refresh_from_db()
    assert application.safety_level == "1"


# --- shown to the office and the applicant, printed, frozen, copied -------------------------


def test_submitted_version_keeps_the_full_form_r13() -> None:
    application = FullFormApplicationFactory(recommender=RecommenderFactory())
    user = applicant_user(application.organisation)
    add_attachment(application, actor=user, upload=SimpleUploadedFile("表.pdf", PDF), kind="form")
    submitted = submit_application(application, actor=user, declaration=True)
    data = submitted.versions.get().data
    assert data["financials"] == application.financials
    assert data["compliance_declarations"] == list(ComplianceDeclaration.values)
    assert data["safety_level"] == "2"


def test_office_detail_shows_the_form_and_the_secret_marking() -> None:
    round = RoundFactory()
    application = submitted_application(round, **sample_form_data(round), secret_sections=["4.4"])
    office = signed(office_user(), round)
    body = (
        english(office)
        .get(reverse("applications:office_detail", args=[application.pk]))
        .content.decode()
    )
    assert 'id="financial-table"' in body
    assert "GB/T 19001 / ISO 9001 quality management" in body
    assert "Level 2" in body
    assert body.count("Business or technical secret: keep confidential (Art. 31)") == 1
    assert "4.4 资源：方法、展开、学习、整合的自评说明。" in body


def test_applicant_detail_shows_the_form_with_its_secret_sections() -> None:
    round = RoundFactory()
    application = FullFormApplicationFactory(round=round, secret_sections=["4.1", "4.7"])
    user = applicant_user(application.organisation)
    body = english(user).get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert body.count("Business or technical secret: keep confidential (Art. 31)") == 2
    assert "江西省质量标杆企业" in body


def test_form_pdf_prints_the_table_certificates_declarations_and_sections() -> None:
    application = FullFormApplicationFactory(secret_sections=["4.2"])
    html = render_form_html(application)
    for year in form_years(application.round):
        assert f"<td>{year}</td>" in html
    assert "00121Q35678R2M" in html
    assert html.count("☑ 已承诺") == len(ComplianceDeclaration)
    assert html.count("【商业/技术秘密】") == 1
    assert "4.7 结果" in html


def test_copy_takes_certificates_and_sections_but_not_the_declarations() -> None:
    earlier = RoundFactory(
        year=2023,
        applications_open_at=datetime(2023, 3, 1, tzinfo=SHANGHAI),
        applications_close_at=datetime(2023, 6, 30, 17, tzinfo=SHANGHAI),
    )
    source = FullFormApplicationFactory(round=earlier, secret_sections=["4.3"])
    user = applicant_user(source.organisation)
    round = RoundFactory(
        year=2025,
        applications_open_at=datetime(2025, 3, 1, tzinfo=SHANGHAI),
        applications_close_at=datetime(2099, 6, 30, 17, tzinfo=SHANGHAI),
    )
    copy = start_application_from_copy(round, source.organisation, actor=user, source=source)
    assert copy.certificates == source.certificates
    assert copy.safety_level == source.safety_level
    assert copy.honours == source.honours
    assert copy.excellence_model_since == source.excellence_model_since
    assert copy.self_assessment_sections == source.self_assessment_sections
    assert copy.secret_sections == ["4.3"]
    assert copy.compliance_declarations == []
    # Only the years both forms share carry over (2022 for a 2099 deadline: none).
    assert set(copy.financials) == {str(y) for y in form_years(earlier)} & {
        str(y) for y in form_years(round)
    }
