"""Approval (Art. 22), R4 amounts, R9 validity, certificates queued on commit, the lapse sweep."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction

from applications.enums import ApplicationStatus
from awards.enums import PrizeLevel, RoundStage
from awards.models import AwardProgramme, Round
from awards.rulesets import round_rule_settings
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from grants.enums import GrantStatus
from grants.models import ApprovalDecision, AwardGrant, Certificate
from grants.services import approval as services
from grants.services import certificates as certificate_services
from monitoring.services.annual_reports import schedule_missing_annual_reports
from notifications.models import Notification
from publicity.enums import ObjectionStatus
from publicity.models import Objection
from tests.factories import applicant_user, leading_group_user, office_user
from tests.publicity.helpers import approval_round, candidate, manufacturer, past_prize, proposed

pytestmark = pytest.mark.django_db
APPROVED_ON = date(2032, 1, 15)
NUMBER = re.compile(r"^GZZLJ-(\d{4})-(ZL|TM)-(\d{3})-[2-9A-HJ-NP-Z]{4}$")


def _approve(round, office, **kwargs):
    return services.record_approval(
        round,
        actor=office,
        approved_on=APPROVED_ON,
        meeting="市政府第12次常务会议",
        document_number="赣市府字〔2032〕3号",
        **kwargs,
    )


@pytest.fixture
def queued(monkeypatch) -> list[int]:
    """Certificate ids handed to the render task (instead of rendering them)."""
    from grants.tasks import render_certificate

    ids: list[int] = []
    monkeypatch.setattr(render_certificate, "delay", ids.append)
    return ids


def test_approval_awards_the_approved_and_not_the_others(
    django_capture_on_commit_callbacks, queued
) -> None:
    office = office_user()
    round, (prize_a, prize_b, nomination) = approval_round(n_prize=2, n_nomination=1)
    winner_user = applicant_user(prize_a.organisation)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        decision = _approve(round, office, application_ids=[prize_a.pk, nomination.pk])
    assert queued == []
    for callback in callbacks:
        callback()
    round.refresh_from_db()
    statuses = {a.pk: a.status for a in type(prize_a).objects.filter(round=round)}
    assert round.stage == RoundStage.PUBLISHED
    assert statuses == {
        prize_a.pk: ApplicationStatus.AWARDED,
        prize_b.pk: ApplicationStatus.NOT_AWARDED,
        nomination.pk: ApplicationStatus.AWARDED,
    }
    assert (decision.meeting, decision.document_number, decision.recorded_by) == (
        "市政府第12次常务会议",
        "赣市府字〔2032〕3号",
        office,
    )
    grants = {g.application_id: g for g in AwardGrant.objects.filter(approval=decision)}
    assert set(grants) == {prize_a.pk, nomination.pk}
    assert (grants[prize_a.pk].level, grants[nomination.pk].level) == ("prize", "nomination")
    numbers = [g.certificate.number for g in grants.values()]
    for number in numbers:
        match = NUMBER.match(number)
        assert match and match.group(1) == str(round.year) and match.group(3) == "001"
    assert {NUMBER.match(n).group(2) for n in numbers} == {"ZL", "TM"}
    # One render task per certificate, queued only once the transaction commits.
    assert sorted(queued) == sorted(g.certificate.pk for g in grants.values())
    assert Notification.objects.filter(user=winner_user).count() == 1
    log = DecisionLogEntry.objects.filter(round_id=round.pk)
    assert log.filter(action="approval.record").count() == 1
    assert log.filter(action="grant.create").count() == 2
    assert log.filter(action="round.published").count() == 1


def test_certificates_are_rendered_after_commit(django_capture_on_commit_callbacks) -> None:
    office = office_user()
    round, (app,) = approval_round()
    with django_capture_on_commit_callbacks(execute=True):
        _approve(round, office)
    certificate = Certificate.objects.get(grant__application=app)
    assert certificate.file.name == f"certificates/{certificate.number}.pdf"
    assert certificate.file.storage.exists(certificate.file.name)
    assert certificate.generated_at is not None


def test_rolled_back_approval_queues_no_task(django_capture_on_commit_callbacks) -> None:
    office = office_user()
    round, _apps = approval_round()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _approve(round, office)
        raise RuntimeError("the request failed after the service")
    assert callbacks == []
    assert Certificate.objects.count() == 0
    round.refresh_from_db()
    assert round.stage == RoundStage.APPROVAL


def test_first_time_prize_gets_the_prize_money() -> None:
    # R4: 500,000 CNY (the round's setting) for a first-time prize winner.
    office = office_user()
    round, (app,) = approval_round(prize_amount=Decimal("500000"))
    _approve(round, office)
    grant = AwardGrant.objects.get(application=app)
    assert (grant.amount, grant.is_repeat) == (Decimal("500000.00"), False)


def test_repeat_prize_gets_honour_only() -> None:
    # R4 / R7: a repeat win gets certificate and honour, no money.
    office = office_user()
    round, _ = approval_round(n_prize=0, year=2040)
    org = manufacturer()
    past_prize(org, 2030)
    app = proposed(round, organisation=org)
    _approve(round, office)
    grant = AwardGrant.objects.get(application=app)
    assert (grant.amount, grant.is_repeat) == (Decimal("0.00"), True)


def test_nomination_prize_gets_no_money() -> None:
    # R4.
    office = office_user()
    round, (app,) = approval_round(n_prize=0, n_nomination=1)
    _approve(round, office)
    grant = AwardGrant.objects.get(application=app)
    assert (grant.level, grant.amount, grant.is_repeat) == ("nomination", Decimal("0.00"), False)


def test_an_earlier_nomination_does_not_make_a_prize_a_repeat() -> None:
    office = office_user()
    round, _ = approval_round(n_prize=0, year=2042)
    org = manufacturer()
    past_prize(org, 2032, level=PrizeLevel.NOMINATION)
    app = proposed(round, organisation=org)
    _approve(round, office)
    assert AwardGrant.objects.get(application=app).amount == Decimal("500000.00")


def test_grant_is_valid_for_the_programmes_validity_from_approval() -> None:
    # R9: 3 years from approval.
    office = office_user()
    round, (app,) = approval_round()
    _approve(round, office)
    grant = AwardGrant.objects.get(application=app)
    assert (grant.approved_on, grant.valid_until, grant.status) == (
        APPROVED_ON,
        date(2035, 1, 15),
        "valid",
    )


def test_grant_is_valid_for_the_validity_the_round_opened_under() -> None:
    """R9 / Art. 23: the round's kept rules say 5 years; the programme's later 2 do not count,
    and the winner gets one annual report per year of that validity (Art. 24)."""
    office = office_user()
    round, (app,) = approval_round()
    Round.objects.filter(pk=round.pk).update(
        rule_settings={**round_rule_settings(round).__dict__, "validity_years": 5}
    )
    AwardProgramme.objects.filter(pk=round.programme_id).update(validity_years=2)
    round.refresh_from_db()
    _approve(round, office)
    grant = AwardGrant.objects.get(application=app)
    assert grant.valid_until == date(2037, 1, 15)
    schedule_missing_annual_reports()
    years = grant.annual_reports.values_list("year", flat=True).order_by("year")
    assert list(years) == [2033, 2034, 2035, 2036, 2037]
    # The sweep reads the round's validity too: two missing reports are made again.
    grant.annual_reports.filter(year__gte=2036).delete()
    assert schedule_missing_annual_reports() == 2


def test_certificate_numbers_count_per_level() -> None:
    office = office_user()
    round, _apps = approval_round(n_prize=3, n_nomination=2)
    _approve(round, office)
    numbers = sorted(Certificate.objects.values_list("number", flat=True))
    assert [n[:-5] for n in numbers] == [
        f"GZZLJ-{round.year}-TM-001",
        f"GZZLJ-{round.year}-TM-002",
        f"GZZLJ-{round.year}-ZL-001",
        f"GZZLJ-{round.year}-ZL-002",
        f"GZZLJ-{round.year}-ZL-003",
    ]


@pytest.mark.parametrize("status", [ObjectionStatus.RECEIVED, ObjectionStatus.VERIFYING])
def test_approval_with_an_open_objection_is_refused(status: str) -> None:
    # R1 / Art. 21-22: every objection is decided before the list goes for approval.
    office = office_user()
    round, (app,) = approval_round()
    Objection.objects.create(
        publicity=round.publicities.get(),
        application=app,
        receipt_number="YY-OPEN",
        grounds="理由",
        status=status,
    )
    with pytest.raises(DomainError) as refused:
        _approve(round, office)
    assert refused.value.rule == "R1"
    round.refresh_from_db()
    app.refresh_from_db()
    assert (round.stage, app.status) == (RoundStage.APPROVAL, ApplicationStatus.PROPOSED)
    assert ApprovalDecision.objects.count() == 0
    assert AwardGrant.objects.count() == 0


@pytest.mark.parametrize(
    "status", [ObjectionStatus.UPHELD, ObjectionStatus.DISMISSED, ObjectionStatus.NOT_ACCEPTED]
)
def test_decided_objections_do_not_block_the_approval(status: str) -> None:
    office = office_user()
    round, (app,) = approval_round()
    Objection.objects.create(
        publicity=round.publicities.get(),
        application=app,
        receipt_number="YY-DONE",
        grounds="理由",
        status=status,
    )
    _approve(round, office)
    round.refresh_from_db()
    assert round.stage == RoundStage.PUBLISHED


def test_approval_outside_the_approval_stage_is_refused() -> None:
    office = office_user()
    round, _apps = approval_round()
    type(round).objects.filter(pk=round.pk).update(stage=RoundStage.PUBLICITY)
    round.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        _approve(round, office)
    assert refused.value.rule == "R1"


def test_approving_an_organisation_not_proposed_is_refused() -> None:
    office = office_user()
    round, (app,) = approval_round()
    outsider = candidate(round, status=ApplicationStatus.NOT_PROPOSED)
    with pytest.raises(DomainError):
        _approve(round, office, application_ids=[app.pk, outsider.pk])
    assert AwardGrant.objects.count() == 0


def test_only_the_office_records_the_approval() -> None:
    round, _apps = approval_round()
    with pytest.raises(DomainError):
        _approve(round, leading_group_user())
    assert ApprovalDecision.objects.count() == 0


def test_approval_needs_the_document_number() -> None:
    office = office_user()
    round, _apps = approval_round()
    with pytest.raises(DomainError):
        services.record_approval(
            round, actor=office, approved_on=APPROVED_ON, meeting="会议", document_number=" "
        )


def test_an_empty_approval_awards_nobody_and_publishes() -> None:
    # The government may approve a list that differs, even none of it.
    office = office_user()
    round, (app,) = approval_round()
    _approve(round, office, application_ids=[])
    app.refresh_from_db()
    round.refresh_from_db()
    assert (app.status, round.stage, AwardGrant.objects.count()) == ("not_awarded", "published", 0)


# --- Lapse and re-queue ---------------------------------------------------------------------


def _grant(valid_until: date) -> AwardGrant:
    org = manufacturer()
    grant = past_prize(org, 2020 + AwardGrant.objects.count() * 2)
    AwardGrant.objects.filter(pk=grant.pk).update(valid_until=valid_until)
    grant.refresh_from_db()
    return grant


def test_sweep_expires_grants_after_their_last_valid_day_once() -> None:
    # R9: valid through valid_until; expired the day after.
    last_day = _grant(date(2035, 1, 15))
    lapsed = _grant(date(2035, 1, 14))
    assert services.sweep_expired_grants(today=date(2035, 1, 15)) == 1
    assert services.sweep_expired_grants(today=date(2035, 1, 15)) == 0
    last_day.refresh_from_db()
    lapsed.refresh_from_db()
    assert (last_day.status, lapsed.status) == (GrantStatus.VALID, GrantStatus.EXPIRED)
    assert lapsed.status_changed_at is not None
    log = DecisionLogEntry.objects.filter(object_type="grants.AwardGrant", action="grant.expired")
    assert [(e.object_id, e.actor_id, e.actor_label) for e in log] == [
        (str(lapsed.pk), None, "system")
    ]


def test_sweep_leaves_revoked_grants_alone() -> None:
    revoked = _grant(date(2030, 1, 1))
    AwardGrant.objects.filter(pk=revoked.pk).update(status=GrantStatus.REVOKED)
    assert services.sweep_expired_grants(today=date(2035, 1, 1)) == 0
    revoked.refresh_from_db()
    assert revoked.status == GrantStatus.REVOKED


def test_requeue_queues_only_certificates_without_a_file(
    django_capture_on_commit_callbacks, queued
) -> None:
    office = office_user()
    round, _apps = approval_round(n_prize=2)
    _approve(round, office)
    done, missing = Certificate.objects.order_by("pk")
    Certificate.objects.filter(pk=done.pk).update(file=f"certificates/{done.number}.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        assert certificate_services.requeue_missing_certificates(round, actor=office) == 1
    assert queued == [missing.pk]


def test_only_the_office_requeues_certificates() -> None:
    round, _apps = approval_round()
    with pytest.raises(DomainError):
        certificate_services.requeue_missing_certificates(round, actor=leading_group_user())
