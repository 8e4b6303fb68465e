"""The filled application form (申报表) PDF (R13): what it prints, and that it
renders user text as text and fetches nothing."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from applications.enums import NOT_APPLICANT_KINDS, AttachmentKind
from applications.form_pdf import render_form_html
from common.documents import DenyByDefaultFetcher, render_pdf
from tests.applications.factories import FullFormApplicationFactory
from tests.factories import ApplicationFactory, OrganisationFactory, RecommenderFactory

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def render_form_pdf(application, fetcher: DenyByDefaultFetcher | None = None) -> bytes:  # type: ignore[no-untyped-def]
    return render_pdf(render_form_html(application), fetcher)


def test_form_prints_organisation_name_credit_code_title_and_declaration_boxes() -> None:
    organisation = OrganisationFactory(name="赣州稀土磁材有限公司", legal_representative="王五")
    application = ApplicationFactory(
        organisation=organisation,
        recommender=RecommenderFactory(),
        tag_digital_economy=True,
        main_products="钕铁硼永磁体",
    )
    text = _text(render_form_pdf(application)).replace(" ", "").replace("\n", "")
    assert "赣州稀土磁材有限公司" in text
    assert organisation.credit_code in text
    assert f"{application.round.title}申报表" in text
    assert "王五" in text
    assert "钕铁硼永磁体" in text
    for box in ("法定代表人签字", "单位盖章", "日期"):
        assert box in text


def test_form_is_a4_portrait_chinese_with_revision_in_footer() -> None:
    application = ApplicationFactory(dossier_revision=7)
    html = render_form_html(application)
    assert '<html lang="zh-CN">' in html
    assert "size: A4 portrait" in html
    text = _text(render_form_pdf(application)).replace(" ", "")
    assert "版本7" in text


def test_name_holding_html_prints_as_text_and_nothing_is_fetched() -> None:
    organisation = OrganisationFactory(
        name='<img src="file:///etc/passwd"><b>恶意</b>',
        address='<link rel="stylesheet" href="http://example.com/x.css">',
    )
    application = ApplicationFactory(organisation=organisation)
    html = render_form_html(application)
    assert '<img src="file:///etc/passwd">' not in html
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in html
    fetcher = DenyByDefaultFetcher()
    text = _text(render_form_pdf(application, fetcher))
    assert fetcher.refused == []
    assert "<b>恶意</b>" in text.replace("\n", "")


# --- The round's required attachment types (R13) --------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _ready_draft(required: list[str]):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    from applications.services.application import add_attachment
    from tests.factories import applicant_user

    application = FullFormApplicationFactory(recommender=RecommenderFactory())
    application.round.required_attachment_kinds = required
    application.round.save()
    user = applicant_user(application.organisation)
    add_attachment(
        application, actor=user, upload=SimpleUploadedFile("证据.pdf", PDF), kind="evidence"
    )
    return application, user


def test_round_requires_the_signed_form_by_default() -> None:
    application = ApplicationFactory()
    assert application.round.required_attachment_kinds == ["form"]


def test_submit_refused_listing_every_missing_required_type_by_label() -> None:
    from django.utils import translation

    from applications.enums import ApplicationStatus
    from applications.services.application import submit_application
    from decisionlog.workflow import DomainError

    application, user = _ready_draft(["form", "licence", "evidence"])
    with translation.override("en"), pytest.raises(DomainError) as refused:
        submit_application(application, actor=user, declaration=True)
    assert refused.value.message == (
        "Attach the required documents: Signed and sealed application form、Business licence."
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_submit_accepted_once_each_required_type_has_an_attachment() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from applications.enums import ApplicationStatus
    from applications.services.application import add_attachment, submit_application

    application, user = _ready_draft(["form", "evidence"])
    add_attachment(
        application, actor=user, upload=SimpleUploadedFile("申报表.pdf", PDF), kind="form"
    )
    submitted = submit_application(application, actor=user, declaration=True)
    assert submitted.status == ApplicationStatus.SUBMITTED


def test_checklist_marks_each_required_type_present_or_missing() -> None:
    from django.utils import translation

    from applications.services.application import required_attachment_checklist

    application, _user = _ready_draft(["form", "evidence"])
    with translation.override("en"):
        assert required_attachment_checklist(application) == [
            ("form", "Signed and sealed application form", False),
            ("evidence", "Other evidence", True),
        ]


def test_round_form_offers_required_types_as_checkboxes_checked_with_the_form(client) -> None:  # type: ignore[no-untyped-def]
    from django.urls import reverse

    from tests.factories import office_user

    client.force_login(office_user())
    html = client.get(reverse("awards:round_create")).content.decode()
    assert 'type="checkbox" name="required_attachment_kinds" value="form"' in html
    offered = [k for k in AttachmentKind.values if k not in NOT_APPLICANT_KINDS]
    assert html.count('name="required_attachment_kinds"') == len(offered)
    form = client.get(reverse("awards:round_create")).context["form"]
    assert form["required_attachment_kinds"].value() == ["form"]


def test_round_created_with_the_checked_required_types(client) -> None:  # type: ignore[no-untyped-def]
    from django.urls import reverse

    from awards.models import Round
    from tests.awards.views.test_office_rounds import _round_post
    from tests.factories import office_user

    client.force_login(office_user())
    response = client.post(
        reverse("awards:round_create"),
        _round_post(required_attachment_kinds=["form", "licence"]),
    )
    assert response.status_code == 302
    assert Round.objects.get(year=2051).required_attachment_kinds == ["form", "licence"]
