"""Events noticed centrally: the call published (decision log) and a certificate ready."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from applications.models import SupplementRequest
from awards.enums import RoundStage
from awards.services import publish_call
from grants.models import Certificate
from grants.services.approval import record_approval
from grants.services.certificates import render_certificate_pdf
from notifications.models import Notification, OutboxMessage
from tests.factories import (
    ApplicationFactory,
    RoundFactory,
    UserFactory,
    applicant_user,
    liaison_user,
    office_user,
    programme,
    recommender_user,
)
from tests.publicity.helpers import approval_round, manufacturer, proposed

pytestmark = pytest.mark.django_db


def test_publishing_the_call_tells_recommenders_liaisons_and_earlier_applicants(
    django_capture_on_commit_callbacks,
) -> None:
    office = office_user()
    recommender = recommender_user()
    liaison = liaison_user()
    earlier = applicant_user()
    ApplicationFactory(organisation=earlier.organisation_membership.organisation)
    stranger = UserFactory()
    round = RoundFactory(stage=RoundStage.DRAFT, call_published_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        publish_call(round, actor=office, call_notice="2031年度申报通知")
    told = set(
        OutboxMessage.objects.filter(event="call_published").values_list("recipient_id", flat=True)
    )
    assert told == {recommender.pk, liaison.pk, earlier.pk}
    assert stranger.pk not in told
    assert set(OutboxMessage.objects.values_list("programme_id", flat=True)) == {programme().pk}
    (notification,) = Notification.objects.filter(user=recommender)
    assert notification.url == reverse("awards:call_detail", args=[round.pk])
    # ...and the office the decision log's checkpoint of the stage change (R14).
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [recommender.email, liaison.email, earlier.email, office.email]
    )


def test_a_rendered_certificate_tells_the_winner_once(django_capture_on_commit_callbacks) -> None:
    round, _ = approval_round(n_prize=0, year=2031)
    winner = applicant_user(organisation=manufacturer(name="赣州稀土新材料股份有限公司"))
    app = proposed(round, organisation=winner.organisation_membership.organisation)
    record_approval(
        round,
        actor=office_user(),
        approved_on=date(2032, 1, 15),
        meeting="市政府第12次常务会议",
        document_number="赣市府字〔2032〕3号",
    )
    certificate = Certificate.objects.get(grant__application=app)
    with django_capture_on_commit_callbacks(execute=True):
        assert render_certificate_pdf(certificate) is True
        assert render_certificate_pdf(certificate) is False
    (row,) = OutboxMessage.objects.filter(event="certificate_ready")
    assert (row.recipient_id, row.programme_id) == (winner.pk, programme().pk)
    assert certificate.number in row.body
    assert row.url == reverse("grants:certificate_download", args=[certificate.grant_id])


def test_a_supplement_request_tells_the_organisation(django_capture_on_commit_callbacks) -> None:
    member = applicant_user()
    application = ApplicationFactory(organisation=member.organisation_membership.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        SupplementRequest.objects.create(
            application=application,
            what="请补充近三年质量损失率数据。",
            due_at=timezone.now() + timedelta(days=7),
            requested_by=office_user(),
        )
    (row,) = OutboxMessage.objects.filter(event="supplement_requested")
    assert (row.recipient_id, row.programme_id) == (member.pk, programme().pk)
    assert "请补充近三年质量损失率数据。" in row.body
    assert row.url == reverse(
        "applications:supplement_answer",
        args=[application.pk, SupplementRequest.objects.get().pk],
    )
    assert [m.to for m in mail.outbox] == [[member.email]]
