"""applications:edit and the attachments panel: only the organisation's own users, while a
draft and the window is open (R1, R13); htmx and plain POST."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from applications.enums import ApplicationStatus
from applications.models import Attachment
from applications.services.application import add_attachment
from organisations.models import Division
from tests.factories import (
    ApplicationFactory,
    OrganisationFactory,
    RecommenderFactory,
    RoundFactory,
    applicant_user,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def english(user=None) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def draft():
    organisation = OrganisationFactory(division=Division.objects.get(name="南康区"))
    application = ApplicationFactory(organisation=organisation, round=RoundFactory())
    return application, applicant_user(organisation)


def test_edit_offers_only_the_units_whose_scope_covers_the_organisation_county_first(
    draft,
) -> None:
    """Art. 12, 28: the organisation's own county/district, then the departments and
    associations of its industry; another county or another industry is not offered."""
    application, user = draft
    RecommenderFactory(name="章贡区人民政府", division=Division.objects.get(name="章贡区"))
    nankang = RecommenderFactory(
        name="南康区人民政府", division=Division.objects.get(name="南康区")
    )
    department = RecommenderFactory(
        name="赣州市工业和信息化局", kind="department", division=None, industry_sections="C"
    )
    RecommenderFactory(
        name="赣州市住房和城乡建设局", kind="department", division=None, industry_sections="E"
    )
    response = english(user).get(reverse("applications:edit", args=[application.pk]))
    assert response.status_code == 200
    choices = list(response.context["form"].fields["recommender"].widget.choices)
    assert [value for value, _label in choices] == ["", nankang.pk, department.pk]


def test_edit_offers_only_the_units_serving_the_rounds_programme(draft) -> None:
    """Art. 12, 28: a unit serving only another programme (a county award) is not offered;
    one the dossier already names stays, so saving does not lose it."""
    from tests.awards.helpers import other_programme

    application, user = draft
    ours = RecommenderFactory(name="南康区人民政府", division=Division.objects.get(name="南康区"))
    theirs = RecommenderFactory(
        name="章贡区人民政府",
        division=Division.objects.get(name="章贡区"),
        serves=[other_programme()],
    )
    url = reverse("applications:edit", args=[application.pk])
    choices = list(english(user).get(url).context["form"].fields["recommender"].widget.choices)
    assert [value for value, _label in choices] == ["", ours.pk]
    application.recommender = theirs
    application.save(update_fields=["recommender"])
    choices = list(english(user).get(url).context["form"].fields["recommender"].widget.choices)
    assert [value for value, _label in choices] == ["", theirs.pk, ours.pk]


def test_edit_saves_the_dossier_and_tags(draft) -> None:
    application, user = draft
    unit = RecommenderFactory(name="南康区人民政府", division=Division.objects.get(name="南康区"))
    response = english(user).post(
        reverse("applications:edit", args=[application.pk]),
        {
            "revision": 0,
            "main_products": "实木家具",
            "quality_summary": "全国首个家具产业质量提升示范区",
            "self_assessment": "自评 612 分",
            "tag_key_industry_leader": "on",
            "recommender": unit.pk,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:edit", args=[application.pk])
    application.refresh_from_db()
    assert application.main_products == "实木家具"
    assert application.tag_key_industry_leader is True
    assert application.tag_sme_innovation is False
    assert application.recommender == unit


def test_save_and_review_goes_to_the_submit_page(draft) -> None:
    application, user = draft
    response = english(user).post(
        reverse("applications:edit", args=[application.pk]),
        {"revision": 0, "main_products": "家具", "go_submit": ""},
    )
    assert response["Location"] == reverse("applications:submit", args=[application.pk])


def test_unknown_recommender_is_a_form_error(draft) -> None:
    application, user = draft
    response = english(user).post(
        reverse("applications:edit", args=[application.pk]), {"revision": 0, "recommender": 999999}
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["recommender"]


def test_upload_with_plain_post_redirects_back_to_the_dossier(draft) -> None:
    application, user = draft
    response = english(user).post(
        reverse("applications:attachment_add", args=[application.pk]),
        {
            "attachment-kind": "licence",
            "attachment-file": SimpleUploadedFile("营业执照.pdf", PDF),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:edit", args=[application.pk])
    attachment = Attachment.objects.get()
    assert (attachment.kind, attachment.original_name, attachment.is_secret) == (
        "licence",
        "营业执照.pdf",
        False,
    )


def test_an_upload_with_a_very_long_name_keeps_its_suffix_and_says_so(draft) -> None:
    """A 300-character name with emoji and spaces is kept shortened in the middle, with its
    ".pdf"; the page tells the applicant the name was shortened."""
    application, user = draft
    name = ("赣州 质量 报告 😀👍🏽 第一章 " * 30)[:296] + ".pdf"
    response = english(user).post(
        reverse("applications:attachment_add", args=[application.pk]),
        {"attachment-kind": "licence", "attachment-file": SimpleUploadedFile(name, PDF)},
        follow=True,
    )
    attachment = Attachment.objects.get()
    assert len(attachment.original_name) <= 200
    assert attachment.original_name.endswith(".pdf")
    notices = [str(m) for m in response.context["messages"]]
    assert any("was longer than 200 characters" in m for m in notices)
    assert any(attachment.original_name in m for m in notices)


def test_upload_with_htmx_returns_the_panel_listing_the_file_as_secret(draft) -> None:
    application, user = draft
    response = english(user).post(
        reverse("applications:attachment_add", args=[application.pk]),
        {
            "attachment-kind": "self_assessment",
            "attachment-file": SimpleUploadedFile("自评报告.pdf", PDF),
            "attachment-is_secret": "on",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "applications/_attachments_panel.html"
    body = response.content.decode()
    assert "“自评报告.pdf” is attached." in body
    assert "Business/technical secret" in body
    assert Attachment.objects.get().is_secret is True


def test_each_section_lists_its_own_attachments_and_an_upload_updates_it(draft) -> None:
    """A long form: the audited statements show in the financial section, with the way to
    upload one of its types; an upload through the panel refreshes the section too."""
    application, user = draft
    client = english(user)
    page = client.get(reverse("applications:edit", args=[application.pk])).content.decode()
    financials = page.split('id="section-attachments-financials"')[1].split("</div>")[0]
    assert "none yet" in financials and 'data-attachment-kind="financials"' in financials
    response = client.post(
        reverse("applications:attachment_add", args=[application.pk]),
        {
            "attachment-kind": "financials",
            "attachment-file": SimpleUploadedFile("2025年审计报告.pdf", PDF),
        },
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    block = body.split('id="section-attachments-financials" hx-swap-oob="true"')[1]
    assert "2025年审计报告.pdf" in block.split("</div>")[0]
    certificates = body.split('id="section-attachments-certificates"')[1].split("</div>")[0]
    assert "2025年审计报告.pdf" not in certificates
    page = client.get(reverse("applications:edit", args=[application.pk])).content.decode()
    financials = page.split('id="section-attachments-financials"')[1].split("</div>")[0]
    assert "2025年审计报告.pdf" in financials and "hx-swap-oob" not in financials


def test_remove_with_htmx_returns_the_panel_without_the_file(draft) -> None:
    application, user = draft
    attachment = add_attachment(
        application, actor=user, upload=SimpleUploadedFile("错传.pdf", PDF), kind="evidence"
    )
    response = english(user).post(
        reverse("applications:attachment_remove", args=[attachment.pk]),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "“错传.pdf” is removed." in response.content.decode()
    assert Attachment.objects.count() == 0


def test_remove_with_plain_post_redirects_back(draft) -> None:
    application, user = draft
    attachment = add_attachment(
        application, actor=user, upload=SimpleUploadedFile("错传.pdf", PDF), kind="evidence"
    )
    response = english(user).post(reverse("applications:attachment_remove", args=[attachment.pk]))
    assert response["Location"] == reverse("applications:edit", args=[application.pk])
    assert Attachment.objects.count() == 0


def test_after_the_deadline_the_owner_is_sent_to_the_read_only_view_r1(draft) -> None:
    application, user = draft
    with time_machine.travel(application.round.applications_close_at + timedelta(seconds=1)):
        client = english(user)  # logged in after the trip: sessions last two weeks
        response = client.get(reverse("applications:edit", args=[application.pk]), follow=True)
        upload = client.post(
            reverse("applications:attachment_add", args=[application.pk]),
            {"attachment-kind": "form", "attachment-file": SimpleUploadedFile("迟交.pdf", PDF)},
        )
        saved = client.post(
            reverse("applications:edit", args=[application.pk]),
            {"revision": 0, "main_products": "迟到的修改"},
        )
    detail = reverse("applications:detail", args=[application.pk])
    assert response.redirect_chain == [(detail, 302)]
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1
    assert messages[0].startswith("The application window closed on ")
    assert upload["Location"] == detail
    assert saved["Location"] == detail
    assert Attachment.objects.count() == 0
    application.refresh_from_db()
    assert application.main_products == "稀土永磁材料"


def test_htmx_upload_after_the_deadline_redirects_the_browser_r1(draft) -> None:
    application, user = draft
    with time_machine.travel(application.round.applications_close_at + timedelta(seconds=1)):
        response = english(user).post(
            reverse("applications:attachment_add", args=[application.pk]),
            {"attachment-kind": "form", "attachment-file": SimpleUploadedFile("迟交.pdf", PDF)},
            headers={"HX-Request": "true"},
        )
    assert response["HX-Redirect"] == reverse("applications:detail", args=[application.pk])
    assert Attachment.objects.count() == 0


def test_after_submission_edit_and_remove_send_the_owner_to_the_detail_r13() -> None:
    application = ApplicationFactory(status=ApplicationStatus.SUBMITTED)
    user = applicant_user(application.organisation)
    attachment = Attachment.objects.create(
        application=application,
        kind="form",
        file="attachments/x/submitted.pdf",
        original_name="申报书.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
    )
    client = english(user)
    detail = reverse("applications:detail", args=[application.pk])
    assert client.get(reverse("applications:edit", args=[application.pk]))["Location"] == detail
    removed = client.post(reverse("applications:attachment_remove", args=[attachment.pk]))
    assert removed["Location"] == detail
    assert Attachment.objects.filter(pk=attachment.pk).exists()
