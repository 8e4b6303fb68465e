"""A recommending unit is scoped to a county/district or zone, or (an industry
department or association) to GB/T 4754 sections; it sees every submitted application in its
scope, also those naming another unit, and writes the opinion only for those naming it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from applications.enums import ApplicationStatus
from applications.permissions.application import (
    can_recommend,
    recommender_sees,
)
from applications.selectors.office import recommender_application
from applications.services import application as services
from decisionlog.workflow import DomainError
from organisations.models import Division, Recommender
from tests.awards.helpers import (
    eligibility_round,
    in_english,  # noqa: F401  (autouse: messages in English)
    signed,
    submitted_application,
)
from tests.factories import OrganisationFactory, RecommenderFactory, recommender_user

pytestmark = pytest.mark.django_db


def _org(division: str = "南康区", section: str = "C"):  # type: ignore[no-untyped-def]
    return OrganisationFactory(
        division=Division.objects.get(name=division), industry_section=section
    )


def _department(sections: str = "C") -> Recommender:
    return RecommenderFactory(
        name="赣州市工业和信息化局", kind="department", division=None, industry_sections=sections
    )


def test_county_unit_sees_every_submitted_application_of_its_division(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    nankang = RecommenderFactory(name="南康区人民政府")
    department = _department()
    # Names the industry department, but the organisation is in 南康区.
    in_scope = submitted_application(round, organisation=_org(), recommender=department)
    mine = submitted_application(round, organisation=_org(), recommender=nankang)
    submitted_application(round, organisation=_org("赣县区"), recommender=department)
    submitted_application(
        round, organisation=_org(), recommender=department, status=ApplicationStatus.DRAFT
    )
    submitted_application(
        round, organisation=_org(), recommender=department, status=ApplicationStatus.WITHDRAWN
    )
    user = recommender_user(nankang)
    client.force_login(user)
    response = client.get(reverse("applications:recommender_list"))
    rows = {a.pk: a.names_unit for a in response.context["applications"]}
    assert rows == {in_scope.pk: False, mine.pk: True}
    assert "in your scope" in response.content.decode()
    # "Awaiting your opinion" lists only those naming the unit.
    awaiting = client.get(reverse("applications:recommender_list") + "?awaiting=1")
    assert [a.pk for a in awaiting.context["applications"]] == [mine.pk]
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert in_scope.organisation.name in dashboard


def test_department_sees_its_industries_in_every_division(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    department = _department("CD")
    county = RecommenderFactory(name="信丰县人民政府")
    manufacturing = submitted_application(
        round, organisation=_org("信丰县", "C"), recommender=county
    )
    utility = submitted_application(round, organisation=_org("瑞金市", "D"), recommender=county)
    submitted_application(round, organisation=_org("信丰县", "F"), recommender=county)
    client.force_login(recommender_user(department))
    response = client.get(reverse("applications:recommender_list"))
    assert {a.pk for a in response.context["applications"]} == {manufacturing.pk, utility.pk}


def test_unit_in_scope_reads_but_only_the_named_unit_writes(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    department = _department()
    application = submitted_application(round, organisation=_org(), recommender=department)
    county_user = signed(recommender_user(RecommenderFactory(name="南康区人民政府")), round)
    assert recommender_sees(county_user, application) is True
    # The recommend page loads it through this selector (404 for a unit out of scope).
    assert recommender_application(county_user, application.pk) == application
    assert can_recommend(county_user, application) is False
    client.force_login(county_user)
    url = reverse("applications:recommend", args=[application.pk])
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert 'id="scope-only"' in body and "赣州市工业和信息化局" in body
    client.post(url, {"opinion": "同意推荐", "declaration": "on"})
    application.refresh_from_db()
    assert application.recommendation_opinion == "" and application.recommended_at is None
    with pytest.raises(DomainError):
        services.record_recommendation(
            application, actor=county_user, opinion="同意推荐", declaration=True
        )


def test_another_countys_recommender_gets_404(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    application = submitted_application(round, organisation=_org(), recommender=_department())
    outsider = recommender_user(RecommenderFactory(name="赣县区人民政府"))
    assert recommender_sees(outsider, application) is False
    client.force_login(outsider)
    response = client.get(reverse("applications:recommend", args=[application.pk]))
    assert response.status_code == 404
    listed = client.get(reverse("applications:recommender_list")).context["applications"]
    assert list(listed) == []


def test_department_of_other_industries_gets_404(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    application = submitted_application(
        round, organisation=_org(section="F"), recommender=RecommenderFactory(name="南康区人民政府")
    )
    client.force_login(recommender_user(_department("CD")))
    response = client.get(reverse("applications:recommend", args=[application.pk]))
    assert response.status_code == 404


def test_scope_needs_the_division_or_the_sections() -> None:
    county = Recommender(name="x", kind="county", division=None)
    with pytest.raises(ValidationError, match="choose it"):
        county.full_clean()
    association = Recommender(name="y", kind="association", industry_sections="")
    with pytest.raises(ValidationError, match="section letters"):
        association.full_clean()
    wrong = Recommender(name="z", kind="association", industry_sections="CZ")
    with pytest.raises(ValidationError, match="at most once"):
        wrong.full_clean()
    fine = Recommender(name="w", kind="association", industry_sections="ce")
    fine.full_clean()
    assert fine.industry_sections == "CE"
    assert "C Manufacturing" in fine.scope_label()


@pytest.mark.parametrize("awaiting", ["", "?awaiting=1"])
def test_scoped_list_query_count_does_not_grow(client, django_assert_num_queries, awaiting) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    round = eligibility_round()
    nankang = RecommenderFactory(name="南康区人民政府")
    department = _department()

    def make(n: int) -> None:
        for i in range(n):
            submitted_application(
                round, organisation=_org(), recommender=nankang if i % 2 else department
            )

    make(2)
    client.force_login(recommender_user(nankang))
    url = reverse("applications:recommender_list") + awaiting
    client.get(url)
    with CaptureQueriesContext(connection) as two:
        client.get(url)
    make(10)
    with django_assert_num_queries(len(two.captured_queries)):
        response = client.get(url)
    assert len(response.context["applications"]) == (6 if awaiting else 12)
