"""R12: the applicant names experts of the pool it considers conflicted; the
conflict (source "applicant") keeps the expert off the application everywhere."""

from __future__ import annotations

import pytest
from django.urls import reverse

from applications.enums import ApplicationStatus
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from reviews.enums import ConflictKind, ConflictSource
from reviews.models import Assignment, ConflictDeclaration
from reviews.permissions import can_open_dossier
from reviews.selectors.draw import draw_inputs
from reviews.services import review as services
from reviews.services.applicant import name_conflicted_expert
from tests.awards.helpers import signed
from tests.factories import applicant_user, expert_user
from tests.reviews.helpers import eligible, expert_in, other_programme, profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(round):  # type: ignore[no-untyped-def]
    return eligible(round, name="赣州稀土新材料股份有限公司", status=ApplicationStatus.SUBMITTED)


@pytest.fixture
def member(submitted):  # type: ignore[no-untyped-def]
    return applicant_user(submitted.organisation)


def _name(application, member, expert, reason: str = "曾为我司竞争对手提供咨询"):  # type: ignore[no-untyped-def]
    return name_conflicted_expert(
        application, expert.pk, actor=member, kind=ConflictKind.COMPETITOR, reason=reason
    )


def test_applicant_names_an_expert_from_the_pool_page(client, submitted, member, office) -> None:  # type: ignore[no-untyped-def]
    named = profile(expert_user(full_name="赵专家"))
    other = profile(expert_user(full_name="钱专家"))
    named.employer = "江西理工大学"
    named.save()
    client.force_login(member)
    url = reverse("reviews:applicant_conflicts", args=[submitted.pk])
    page = client.get(url)
    assert page.status_code == 200
    choices = dict(page.context["form"].fields["expert"].choices)
    assert choices[named.pk] == "赵专家 · 江西理工大学"
    assert other.pk in choices
    # Only names and employers: no contact, credit code or specialties of the pool.
    assert named.employer_credit_code not in page.content.decode()
    response = client.post(
        url, {"expert": named.pk, "kind": ConflictKind.COMPETITOR, "reason": "为竞争对手提供咨询"}
    )
    assert response.status_code == 302
    conflict = ConflictDeclaration.objects.get(expert=named, application=submitted)
    assert (conflict.has_conflict, conflict.source, conflict.note, conflict.recorded_by) == (
        True,
        ConflictSource.APPLICANT,
        "为竞争对手提供咨询",
        member,
    )
    entry = DecisionLogEntry.objects.get(action="review.conflict")
    assert entry.data["source"] == "applicant"
    again = client.get(url)
    assert "赵专家" in again.content.decode()
    assert named.pk not in dict(again.context["form"].fields["expert"].choices)
    # Reachable from the applicant's application page and the dossier.
    assert url in client.get(reverse("applications:detail", args=[submitted.pk])).content.decode()
    # The office sees it, with its source.
    client.force_login(signed(office, submitted.round))
    office_page = client.get(reverse("applications:office_detail", args=[submitted.pk]))
    body = office_page.content.decode()
    assert [c.source for c in office_page.context["conflicts"]] == [ConflictSource.APPLICANT]
    assert 'id="conflicts"' in body and "赵专家" in body and "为竞争对手提供咨询" in body


def test_a_named_expert_cannot_be_assigned_nor_drawn(round, submitted, member, office) -> None:  # type: ignore[no-untyped-def]
    named = profile(expert_user(full_name="赵专家"))
    clean = profile(expert_user(full_name="钱专家"))
    _name(submitted, member, named)
    submitted.status = ApplicationStatus.ELIGIBLE
    submitted.save()
    with pytest.raises(DomainError, match="conflict of interest"):
        services.assign_expert(submitted, named, actor=office)
    data, _apps, _experts = draw_inputs(round, per_application=1)
    assert named.pk in data.excluded[submitted.pk]
    assert clean.pk in data.candidates(submitted.pk)


def test_a_named_expert_gets_404_on_the_dossier(client, submitted, member, office) -> None:  # type: ignore[no-untyped-def]
    user = expert_user(full_name="赵专家")
    named = profile(user)
    # Assigned, commitment signed, "no conflict" declared: the dossier opens.
    Assignment.objects.create(application=submitted, expert=named, assigned_by=office)
    signed(user, submitted.round)
    ConflictDeclaration.objects.create(expert=named, application=submitted, has_conflict=False)
    ApplicationModel = type(submitted)
    ApplicationModel.objects.filter(pk=submitted.pk).update(status=ApplicationStatus.ELIGIBLE)
    submitted.refresh_from_db()
    client.force_login(user)
    url = reverse("reviews:dossier", args=[submitted.pk])
    assert client.get(url).status_code == 200
    # The applicant names the expert (while eligibility is open): the data layer shuts it out.
    ApplicationModel.objects.filter(pk=submitted.pk).update(status=ApplicationStatus.SUBMITTED)
    submitted.refresh_from_db()
    _name(submitted, member, named)
    assert Assignment.objects.get(expert=named).withdrawn_at is not None
    ApplicationModel.objects.filter(pk=submitted.pk).update(status=ApplicationStatus.ELIGIBLE)
    submitted.refresh_from_db()
    assert can_open_dossier(user, submitted) is False
    assert client.get(url).status_code == 404
    # Even with the assignment written back behind the services' back.
    Assignment.objects.filter(expert=named).update(withdrawn_at=None)
    assert client.get(url).status_code == 404


def test_naming_is_refused_with_a_clear_message(round, submitted, member) -> None:  # type: ignore[no-untyped-def]
    expert = profile(expert_user(full_name="赵专家"))
    with pytest.raises(DomainError, match="Give the reason"):
        _name(submitted, member, expert, reason="  ")
    outside = profile(expert_in(other_programme(), full_name="孙专家"))
    with pytest.raises(DomainError, match="Choose an expert of the list"):
        _name(submitted, member, outside)
    _name(submitted, member, expert)
    with pytest.raises(DomainError, match="already on record"):
        _name(submitted, member, expert)
    stranger = applicant_user()
    with pytest.raises(DomainError, match="Only the applicant organisation"):
        _name(submitted, stranger, profile(expert_user(full_name="李专家")))
    submitted.status = ApplicationStatus.ELIGIBLE
    submitted.save()
    with pytest.raises(DomainError, match="until the eligibility decision"):
        _name(submitted, member, profile(expert_user(full_name="周专家")))
    assert ConflictDeclaration.objects.count() == 1


def test_after_the_decision_the_page_lists_but_offers_no_form(client, submitted, member) -> None:  # type: ignore[no-untyped-def]
    _name(submitted, member, profile(expert_user(full_name="赵专家")))
    submitted.status = ApplicationStatus.ELIGIBLE
    submitted.save()
    client.force_login(member)
    page = client.get(reverse("reviews:applicant_conflicts", args=[submitted.pk]))
    body = page.content.decode()
    assert page.context["form"] is None and 'id="naming-closed"' in body and "赵专家" in body


def test_another_organisation_gets_404(client, submitted) -> None:  # type: ignore[no-untyped-def]
    client.force_login(applicant_user())
    url = reverse("reviews:applicant_conflicts", args=[submitted.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"expert": 1, "kind": "other", "reason": "x"}).status_code == 404
    client.force_login(expert_user())
    assert client.get(url).status_code == 404


def test_page_query_count_does_not_grow(
    client, submitted, member, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def name(n: int) -> None:
        for _ in range(n):
            _name(submitted, member, profile(expert_user()))
            profile(expert_user())  # and one more in the pool, not named

    name(2)
    client.force_login(member)
    url = reverse("reviews:applicant_conflicts", args=[submitted.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as two:
        client.get(url)
    name(10)
    with django_assert_num_queries(len(two.captured_queries)):
        response = client.get(url)
    assert len(response.context["named"]) == 12
