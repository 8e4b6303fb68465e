"""Art. 17: the office consults one department about a batch of the round's organisations."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Consultation
from notifications.models import Notification
from tests.awards.helpers import (
    eligibility_round,
    in_english,  # noqa: F401  (autouse: messages in English)
    other_programme_office,
    submitted_application,
)
from tests.factories import department, liaison_user, office_user

pytestmark = pytest.mark.django_db


def test_batch_sends_the_chosen_and_skips_those_already_consulted(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    tax = department("tax")
    liaison = liaison_user(tax)
    office = office_user()
    a, b, c = (submitted_application(round) for _ in range(3))
    Consultation.objects.create(application=b, department=tax, question="旧问题", sent_by=office)
    client.force_login(office)
    list_url = reverse("applications:office_list", args=[round.pk])
    url = reverse("applications:office_consult_batch", args=[round.pk])
    assert url in client.get(list_url).content.decode()
    due = timezone.localdate() + timedelta(days=10)
    response = client.post(
        url,
        {
            "department": tax.pk,
            "question": "近三年有无重大税收违法失信记录？",
            "due_on": due.isoformat(),
            "applications": [a.pk, b.pk],
        },
    )
    assert response.status_code == 302
    sent = Consultation.objects.filter(question="近三年有无重大税收违法失信记录？")
    assert [x.application_id for x in sent] == [a.pk]
    assert sent.get().due_on == due
    assert not Consultation.objects.filter(application=c).exists()
    assert Notification.objects.filter(user=liaison).count() == 1
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [
        f"1 organisations were sent to {tax.name}. Already consulted, left out: "
        f"{b.organisation.name}."
    ]


def test_nothing_chosen_is_refused(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    submitted_application(round)
    client.force_login(office_user())
    response = client.post(
        reverse("applications:office_consult_batch", args=[round.pk]),
        {"department": department("tax").pk, "question": "?"},
    )
    assert response.context["form"].errors["applications"] == ["Choose at least one application."]
    assert not Consultation.objects.exists()


def test_another_programmes_office_gets_404(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    client.force_login(other_programme_office())
    url = reverse("applications:office_consult_batch", args=[round.pk])
    assert client.get(url).status_code == 404


def test_page_query_count_does_not_grow(client, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    round = eligibility_round()
    for _ in range(2):
        submitted_application(round)
    client.force_login(office_user())
    url = reverse("applications:office_consult_batch", args=[round.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as two:
        client.get(url)
    for _ in range(10):
        submitted_application(round)
    with django_assert_num_queries(len(two.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('name="applications"') == 12
