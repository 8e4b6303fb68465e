"""What a recommending unit owes (Art. 31, 28) and whom it may recommend (Art. 12):

- R12 / Art. 31: its user signs the round's confidentiality commitment before the dossier page
  and any attachment (a section marked secret included) open; another unit stays out after
  signing;
- R13 / Art. 28: its opinion carries its declaration that the opinion is true, kept with it;
- Art. 12: an applicant chooses only a unit whose scope covers it.

Pages are asked in Chinese, the portal's default language."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.workqueue import items_for
from applications.models import Attachment
from applications.services import application as services
from awards.models import ConfidentialityCommitment
from awards.services import RECOMMENDER_COMMITMENT_TEXT, sign_commitment
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from organisations.models import Division, Recommender
from tests.awards.helpers import eligibility_round, submitted_application
from tests.factories import (
    ApplicationFactory,
    OrganisationFactory,
    RecommenderFactory,
    RoundFactory,
    applicant_user,
    recommender_user,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def dossier():  # type: ignore[no-untyped-def]
    """A submitted application naming 章贡区人民政府, with an ordinary and a secret attachment."""
    unit = RecommenderFactory()
    application = submitted_application(eligibility_round(), recommender=unit)
    owner = applicant_user(application.organisation)
    plain = Attachment.objects.create(
        application=application,
        kind="form",
        file=SimpleUploadedFile("plain.pdf", PDF),
        original_name="申报表.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
        uploaded_by=owner,
    )
    secret = Attachment.objects.create(
        application=application,
        kind="evidence",
        file=SimpleUploadedFile("secret.pdf", PDF),
        original_name="核心工艺说明.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
        is_secret=True,
        uploaded_by=owner,
    )
    return application, unit, plain, secret


def _download(client, attachment: Attachment) -> int:  # type: ignore[no-untyped-def]
    return client.get(reverse("applications:attachment_download", args=[attachment.pk])).status_code


# --- Art. 31: the commitment before the dossier ------------------------------------------------


def test_without_the_commitment_the_dossier_and_attachments_stay_closed_art_31(  # type: ignore[no-untyped-def]
    client, dossier
) -> None:
    application, unit, plain, secret = dossier
    client.force_login(recommender_user(unit))
    url = reverse("applications:recommend", args=[application.pk])
    response = client.get(url)
    sign = reverse("awards:sign_commitment", args=[application.round_id])
    assert response.status_code == 302
    assert response["Location"] == f"{sign}?next={quote(url, safe='')}"
    # Posting the opinion straight away is no way round it.
    response = client.post(url, {"opinion": "同意推荐", "declaration": "on"})
    assert response.status_code == 302 and response["Location"].startswith(sign)
    application.refresh_from_db()
    assert application.recommended_at is None
    assert (_download(client, plain), _download(client, secret)) == (404, 404)


def test_after_signing_the_dossier_and_every_attachment_open_art_31(client, dossier) -> None:  # type: ignore[no-untyped-def]
    application, unit, plain, secret = dossier
    user = recommender_user(unit)
    client.force_login(user)
    url = reverse("applications:recommend", args=[application.pk])
    sign = reverse("awards:sign_commitment", args=[application.round_id])
    page = client.get(f"{sign}?next={quote(url, safe='')}").content.decode()
    assert RECOMMENDER_COMMITMENT_TEXT in page and "第三十一条" in page
    response = client.post(f"{sign}?next={quote(url, safe='')}", {"agree": "on"})
    assert response["Location"] == url
    assert ConfidentialityCommitment.objects.filter(user=user, round=application.round).exists()
    assert DecisionLogEntry.objects.filter(action="commitment.sign", actor=user).count() == 1
    body = client.get(url).content.decode()
    assert "申报表.pdf" in body and "核心工艺说明.pdf" in body and "商业/技术秘密" in body
    assert (_download(client, plain), _download(client, secret)) == (200, 200)


def test_another_unit_that_signed_stays_out_art_31(client, dossier) -> None:  # type: ignore[no-untyped-def]
    application, _unit, plain, secret = dossier
    outsider = recommender_user(RecommenderFactory(name="信丰县人民政府"))
    sign_commitment(application.round, user=outsider)
    client.force_login(outsider)
    assert client.get(reverse("applications:recommend", args=[application.pk])).status_code == 404
    assert (_download(client, plain), _download(client, secret)) == (404, 404)
    with pytest.raises(DomainError):
        services.record_recommendation(
            application, actor=outsider, opinion="同意推荐", declaration=True
        )


def test_the_service_refuses_an_opinion_before_the_commitment_r12(dossier) -> None:  # type: ignore[no-untyped-def]
    application, unit, _plain, _secret = dossier
    with pytest.raises(DomainError) as refused:
        services.record_recommendation(
            application, actor=recommender_user(unit), opinion="同意推荐", declaration=True
        )
    assert refused.value.rule == "R12" and "第三十一条" in refused.value.user_message


def test_the_commitment_is_the_recommenders_waiting_work_until_signed(dossier) -> None:  # type: ignore[no-untyped-def]
    application, unit, _plain, _secret = dossier
    user = recommender_user(unit)
    sign = reverse("awards:sign_commitment", args=[application.round_id])
    (item,) = [item for item in items_for(user) if item.url.startswith(sign)]
    assert "第三十一条" in item.what
    sign_commitment(application.round, user=user)
    del user._portal_work_items  # cached for one request
    assert sign not in [item.url.split("?")[0] for item in items_for(user)]


# --- Art. 28: the unit's declaration with its opinion ------------------------------------------


def test_an_opinion_without_the_declaration_is_refused_art_28(client, dossier) -> None:  # type: ignore[no-untyped-def]
    application, unit, _plain, _secret = dossier
    user = recommender_user(unit)
    sign_commitment(application.round, user=user)
    client.force_login(user)
    url = reverse("applications:recommend", args=[application.pk])
    response = client.post(url, {"opinion": "同意推荐"})
    assert response.status_code == 200
    assert "第二十八条" in str(response.context["form"].errors["declaration"])
    with pytest.raises(DomainError) as refused:
        services.record_recommendation(
            application, actor=user, opinion="同意推荐", declaration=False
        )
    assert refused.value.rule == "R13" and "第二十八条" in refused.value.user_message
    application.refresh_from_db()
    assert application.recommended_at is None and application.recommendation_declaration == ""


def test_the_declaration_is_kept_with_the_opinion_and_in_the_log_art_28(client, dossier) -> None:  # type: ignore[no-untyped-def]
    application, unit, _plain, _secret = dossier
    user = recommender_user(unit)
    sign_commitment(application.round, user=user)
    client.force_login(user)
    url = reverse("applications:recommend", args=[application.pk])
    page = client.get(url).content.decode()
    assert 'id="recommendation-declaration"' in page and "第二十八条" in page
    response = client.post(url, {"opinion": "同意推荐", "declaration": "on"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.recommendation_opinion == "同意推荐"
    assert "第二十八条" in application.recommendation_declaration
    entry = DecisionLogEntry.objects.get(action="application.recommend")
    assert entry.data["declaration"] == application.recommendation_declaration


# --- Art. 12: the applicant's choice of unit ------------------------------------------------------


def _draft_in(division: str, section: str = "C"):  # type: ignore[no-untyped-def]
    organisation = OrganisationFactory(
        division=Division.objects.get(name=division), industry_section=section
    )
    application = ApplicationFactory(organisation=organisation, round=RoundFactory())
    return application, applicant_user(organisation)


def _department(sections: str) -> Recommender:
    return RecommenderFactory(
        name="赣州市工业和信息化局", kind="department", division=None, industry_sections=sections
    )


def test_the_applicant_cannot_choose_another_countys_unit_art_12(client) -> None:  # type: ignore[no-untyped-def]
    application, user = _draft_in("南康区")
    zhanggong = RecommenderFactory(name="章贡区人民政府")
    client.force_login(user)
    url = reverse("applications:edit", args=[application.pk])
    offered = [v for v, _label in client.get(url).context["form"].fields["recommender"].choices]
    assert zhanggong.pk not in offered
    response = client.post(url, {"revision": 0, "recommender": zhanggong.pk})
    assert response.status_code == 200 and "recommender" in response.context["form"].errors
    with pytest.raises(DomainError) as refused:
        services.update_dossier(application, actor=user, recommender=zhanggong)
    assert "章贡区人民政府" in refused.value.message and "南康区" in refused.value.message
    assert "第十二条" in refused.value.user_message
    application.refresh_from_db()
    assert application.recommender_id is None


def test_the_applicant_cannot_choose_a_department_of_another_industry_art_12() -> None:
    application, user = _draft_in("南康区", section="F")
    with pytest.raises(DomainError, match="赣州市工业和信息化局"):
        services.update_dossier(application, actor=user, recommender=_department("C"))


def test_the_applicant_chooses_its_county_or_a_department_of_its_industry_art_12() -> None:
    application, user = _draft_in("南康区", section="C")
    nankang = RecommenderFactory(name="南康区人民政府")
    saved = services.update_dossier(application, actor=user, recommender=nankang)
    assert saved.recommender == nankang
    department = _department("CD")
    saved = services.update_dossier(application, actor=user, recommender=department)
    assert saved.recommender == department


def test_a_unit_already_named_stays_when_its_scope_changed() -> None:
    """Saving the dossier again does not lose a unit the office re-scoped since."""
    application, user = _draft_in("南康区")
    department = _department("C")
    services.update_dossier(application, actor=user, recommender=department)
    Recommender.objects.filter(pk=department.pk).update(industry_sections="E")
    department.refresh_from_db()
    application.refresh_from_db()
    saved = services.update_dossier(
        application, actor=user, recommender=department, main_products="稀土永磁材料"
    )
    assert saved.recommender == department
