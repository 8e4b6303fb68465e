"""Pages of Art. 13(4) for a non-profit organisation and of the office's decision on a claimed
Art. 15 tag (R5, R6): the applicant declares, the office judges its own row and decides the
tag with the leading-industry list beside it, the applicant reads the outcome; another
programme's office gets 404. Texts are asserted in Chinese, the portal's language."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.enums import ApplicationStatus, EligibilityCondition, LeaderTagDecision
from applications.models import EligibilityCheck
from awards.models import LeadingIndustry
from tests.awards.helpers import (
    eligibility_round,
    other_programme_office,
    signed,
    submitted_application,
)
from tests.factories import (
    ApplicationFactory,
    RoundFactory,
    applicant_user,
    office_user,
    programme,
)

pytestmark = pytest.mark.django_db


def _claimant():  # type: ignore[no-untyped-def]
    application = submitted_application(eligibility_round(), tag_key_industry_leader=True)
    application.organisation.industry_class = "C3985 电子专用材料制造"
    application.organisation.save()
    return application


def test_the_office_page_shows_the_non_profit_row_in_place_of_the_profit_row(client) -> None:  # type: ignore[no-untyped-def]
    # Art. 13(4): "从事非赢利性业务的组织，其社会贡献位于同行业前列".
    round = eligibility_round()
    application = submitted_application(
        round, non_profit=True, social_contribution="承担全市计量检测公益服务"
    )
    client.force_login(signed(office_user(), round))
    response = client.get(reverse("applications:office_detail", args=[application.pk]))
    body = response.content.decode()
    assert "第十三条第（四）项（非营利组织）" in body
    assert "近2年持续盈利" not in body
    assert "承担全市计量检测公益服务" in body
    conditions = [row["condition"] for row in response.context["conditions"]]
    assert EligibilityCondition.C4_NON_PROFIT in conditions
    assert EligibilityCondition.C4_PERFORMANCE not in conditions
    client.post(
        reverse("applications:office_check", args=[application.pk]),
        {"condition": "c4np", "met": "yes", "evidence": "社会贡献位居全省同类机构前列"},
    )
    assert EligibilityCheck.objects.get(application=application).condition == "c4np"


def test_the_applicant_declares_a_non_profit_organisation_on_the_dossier_form(client) -> None:  # type: ignore[no-untyped-def]
    application = ApplicationFactory(round=RoundFactory())
    client.force_login(applicant_user(application.organisation))
    body = client.get(reverse("applications:edit", args=[application.pk])).content.decode()
    assert "非营利组织" in body and 'name="non_profit"' in body
    assert 'name="social_contribution"' in body
    assert 'value="social_contribution"' in body  # the evidence's attachment type


def test_the_office_sees_the_leading_industry_and_confirms_the_tag(client) -> None:  # type: ignore[no-untyped-def]
    LeadingIndustry.objects.create(programme=programme(), name="电子信息", industry_classes="C39")
    application = _claimant()
    client.force_login(signed(office_user(), application.round))
    url = reverse("applications:office_detail", args=[application.pk])
    body = client.get(url).content.decode()
    assert 'id="leader-tag"' in body
    assert "电子信息" in body
    assert reverse("awards:leading_industry_list", args=[programme().pk]) in body
    response = client.post(
        reverse("applications:office_leader_tag", args=[application.pk]),
        {"decision": "confirmed", "reason": "属电子信息主导产业龙头企业"},
        follow=True,
    )
    assert "已确认" in response.content.decode()
    application.refresh_from_db()
    assert application.leader_tag_decision == LeaderTagDecision.CONFIRMED


def test_a_class_outside_the_list_is_pointed_out(client) -> None:  # type: ignore[no-untyped-def]
    LeadingIndustry.objects.create(programme=programme(), name="现代家居", industry_classes="C21")
    application = _claimant()
    client.force_login(signed(office_user(), application.round))
    body = client.get(reverse("applications:office_detail", args=[application.pk])).content.decode()
    assert "不在办公室确定的主导产业目录中" in body


def test_a_refusal_without_reason_comes_back_on_the_form(client) -> None:  # type: ignore[no-untyped-def]
    application = _claimant()
    client.force_login(signed(office_user(), application.round))
    response = client.post(
        reverse("applications:office_leader_tag", args=[application.pk]),
        {"decision": "refused", "reason": ""},
    )
    assert response.status_code == 200
    assert response.context["leader_tag_form"].errors["reason"]
    application.refresh_from_db()
    assert application.leader_tag_decision == LeaderTagDecision.PENDING


def test_another_programmes_office_gets_404_on_the_tag_decision(client) -> None:  # type: ignore[no-untyped-def]
    application = _claimant()
    outsider = other_programme_office()
    client.force_login(outsider)
    response = client.post(
        reverse("applications:office_leader_tag", args=[application.pk]),
        {"decision": "confirmed", "reason": "是"},
    )
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.leader_tag_decision == LeaderTagDecision.PENDING


def test_the_applicant_reads_the_office_decision_on_its_tag(client) -> None:  # type: ignore[no-untyped-def]
    application = _claimant()
    application.leader_tag_decision = LeaderTagDecision.REFUSED
    application.leader_tag_reason = "所属行业不在主导产业目录"
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = timezone.now()
    application.save()
    user = applicant_user(application.organisation)
    client.force_login(user)
    body = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "所属行业不在主导产业目录" in body
    assert "办公室未予确认" in body
