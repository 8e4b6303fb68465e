"""The office's round dashboard: applications by county, industry, sector and status with
charts, and what is waiting for whom."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.models import Consultation, SupplementRequest
from organisations.models import Division
from tests.awards.helpers import (
    eligibility_round,
    in_english,  # noqa: F401  (autouse: messages in English)
    other_programme_office,
    submitted_application,
)
from tests.factories import ApplicationFactory, OrganisationFactory, department, office_user

pytestmark = pytest.mark.django_db


def _org(county: str, section: str = "C"):  # type: ignore[no-untyped-def]
    return OrganisationFactory(division=Division.objects.get(name=county), industry_section=section)


def test_breakdowns_and_waiting_counts(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    office = office_user()
    a = submitted_application(round, organisation=_org("章贡区"))
    submitted_application(round, organisation=_org("章贡区", "I"), sector="service")
    submitted_application(
        round,
        organisation=_org("南康区"),
        status=ApplicationStatus.ELIGIBLE,
        recommended_at=timezone.now(),
    )
    ApplicationFactory(round=round, organisation=_org("赣县区"))  # a draft is not counted
    Consultation.objects.create(
        application=a, department=department("tax"), question="?", sent_by=office
    )
    SupplementRequest.objects.create(
        application=a, what="补充", due_at=timezone.now() + timedelta(days=2), requested_by=office
    )
    client.force_login(office)
    list_page = client.get(reverse("applications:office_list", args=[round.pk])).content.decode()
    url = reverse("applications:office_round_charts", args=[round.pk])
    assert url in list_page
    response = client.get(url)
    breakdown = response.context["breakdown"]
    assert breakdown["total"] == 3
    assert breakdown["by_county"] == [("章贡区", 2), ("南康区", 1)]
    assert dict(breakdown["by_sector"]) == {
        "Manufacturing": 2,
        "Service (incl. medical, education), engineering and others": 1,
    }
    assert [n for _k, n in breakdown["by_status"]] == [2, 1]
    waiting = {w["who"]: w["count"] for w in response.context["waiting"]}
    assert waiting == {"office": 2, "recommenders": 2, "departments": 1, "applicants": 1}
    body = response.content.decode()
    data = json.loads(
        body.split('id="chart-data" type="application/json">')[1].split("</script>")[0]
    )
    assert data["by_county"] == {"labels": ["章贡区", "南康区"], "counts": [2, 1]}
    assert "vendor/chartjs/chart.umd.min.js" in body and "applications/round_charts.js" in body


def test_another_programmes_office_gets_404(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    client.force_login(other_programme_office())
    assert (
        client.get(reverse("applications:office_round_charts", args=[round.pk])).status_code == 404
    )


def test_query_count_does_not_grow(client, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    round = eligibility_round()
    for county in ("章贡区", "南康区"):
        submitted_application(round, organisation=_org(county))
    client.force_login(office_user())
    url = reverse("applications:office_round_charts", args=[round.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as two:
        client.get(url)
    for county in ("赣县区", "信丰县", "大余县", "上犹县", "崇义县") * 2:
        submitted_application(round, organisation=_org(county, "F"))
    with django_assert_num_queries(len(two.captured_queries)):
        response = client.get(url)
    assert response.context["breakdown"]["total"] == 12
