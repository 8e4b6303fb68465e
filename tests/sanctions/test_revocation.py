"""Revocation services (R8, R11): grounds, accident grade, validity, the government's decision,
the automatic ban and its enforcement at application time."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone, translation

from accounts.enums import Role
from applications.enums import ApplicationStatus
from applications.models import Application
from applications.services.application import start_application
from awards.enums import PrizeLevel, RoundStage
from awards.models import AwardProgramme
from common.dates import day_text
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from grants.enums import BanReason, GrantStatus
from grants.models import ApprovalDecision, AwardGrant, Certificate
from grants.rules.grant import certificate_number
from notifications.models import Notification
from organisations.models import Organisation
from sanctions.enums import AccidentGrade, RevocationGround, RevocationStatus
from sanctions.models import Ban, Revocation
from sanctions.services.revocation import decide_revocation, open_revocation, respond_to_revocation
from tests.factories import (
    ApplicationFactory,
    OrganisationFactory,
    RoundFactory,
    UserFactory,
    applicant_user,
    grant_role,
    office_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """English messages for exact asserts (the portal's default language is Chinese)."""
    with translation.override("en"):
        yield


SHANGHAI = ZoneInfo("Asia/Shanghai")
# The decision day used throughout: 15 March 2032, Beijing time.
TODAY = datetime(2032, 3, 15, 10, 0, tzinfo=SHANGHAI)


def open_case(grant: AwardGrant, **kwargs: Any) -> Revocation:
    """open_revocation with the event on the day the case opens, unless the test says when."""
    kwargs.setdefault("occurred_on", timezone.localdate())
    return open_revocation(grant, **kwargs)


def valid_grant(
    organisation: Organisation | None = None,
    *,
    approved_on: date | None = None,
    status: str = GrantStatus.VALID,
) -> AwardGrant:
    """A prize granted 30 days ago (by default), valid for 3 years, with its certificate."""
    organisation = organisation or OrganisationFactory()
    approved_on = approved_on or timezone.localdate() - timedelta(days=30)
    round = RoundFactory(stage=RoundStage.PUBLISHED)
    app = ApplicationFactory(
        round=round,
        organisation=organisation,
        status=ApplicationStatus.AWARDED,
        proposed_level=PrizeLevel.PRIZE,
    )
    approval = ApprovalDecision.objects.create(
        round=round,
        approved_on=approved_on,
        meeting="市政府常务会议",
        document_number=f"赣府字〔{round.year}〕{round.pk}号",
        recorded_by=UserFactory(),
    )
    grant = AwardGrant.objects.create(
        round=round,
        application=app,
        organisation=organisation,
        approval=approval,
        level=PrizeLevel.PRIZE,
        amount=Decimal("500000"),
        approved_on=approved_on,
        valid_until=approved_on.replace(year=approved_on.year + 3),
        status=status,
    )
    Certificate.objects.create(grant=grant, number=certificate_number(round.year, "prize", 1))
    return grant


def revoke(grant: AwardGrant, ground: str, *, grade: str = "", doc: str = "赣府字〔2032〕9号"):
    office = office_user()
    case = open_case(
        grant,
        actor=office,
        ground=ground,
        evidence="市应急管理局通报",
        accident_grade=grade,
    )
    return decide_revocation(
        case, actor=office, revoked=True, decided_on=timezone.localdate(), document_number=doc
    )


ART_30 = [
    (RevocationGround.ACCIDENT, AccidentGrade.MAJOR),
    (RevocationGround.QUALITY_PROBLEM, ""),
    (RevocationGround.LOSSES, ""),
    (RevocationGround.TAX, ""),
    (RevocationGround.OTHER, ""),
]


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("ground", "grade", "reason", "ends_on"),
    [
        (RevocationGround.FRAUD, "", BanReason.FRAUD, date(2042, 3, 15)),
        *[(g, gr, BanReason.REVOCATION, date(2037, 3, 15)) for g, gr in ART_30],
    ],
)
def test_each_ground_bars_for_its_length(ground, grade, reason, ends_on) -> None:
    """R8: fraud (Art. 28) bars for 10 years from the decision, Art. 30 (1)-(5) for 5."""
    grant = valid_grant()
    case = revoke(grant, ground, grade=grade)
    assert case.status == RevocationStatus.REVOKED
    assert case.decided_on == date(2032, 3, 15)
    assert case.document_number == "赣府字〔2032〕9号"
    grant.refresh_from_db()
    assert grant.status == GrantStatus.REVOKED
    ban = Ban.objects.get(organisation=grant.organisation)
    assert (ban.reason, ban.starts_on, ban.ends_on, ban.revocation_id) == (
        reason,
        date(2032, 3, 15),
        ends_on,
        case.pk,
    )
    actions = list(DecisionLogEntry.objects.order_by("pk").values_list("action", flat=True))
    expected = ["revocation.open", "revocation.revoked", "grant.revoked", "ban.create"]
    if ground == RevocationGround.FRAUD:
        expected.append("recovery.open")  # R8 / Art. 28: the prize money is recovered
    assert actions == expected


@pytest.mark.parametrize("grade", [AccidentGrade.MAJOR, AccidentGrade.SERIOUS])
def test_accident_of_grade_major_or_above_opens_and_records_the_grade(grade) -> None:
    """R11 (1): 较大 and above are grounds; the grade is recorded."""
    grant = valid_grant()
    user = applicant_user(grant.organisation)
    case = open_case(
        grant,
        actor=office_user(),
        ground=RevocationGround.ACCIDENT,
        evidence="较大生产安全事故",
        accident_grade=grade,
    )
    assert (case.status, case.accident_grade) == (RevocationStatus.PROPOSED, grade)
    entry = DecisionLogEntry.objects.get(action="revocation.open")
    assert entry.data["accident_grade"] == grade
    assert Notification.objects.filter(user=user).count() == 1


def test_accident_below_major_is_refused() -> None:
    """R11 (1): an ordinary (一般) accident is no ground; nothing is written."""
    grant = valid_grant()
    with pytest.raises(DomainError) as exc:
        open_case(
            grant,
            actor=office_user(),
            ground=RevocationGround.ACCIDENT,
            evidence="一般事故",
            accident_grade=AccidentGrade.ORDINARY,
        )
    assert exc.value.rule == "R11"
    assert "较大" in exc.value.message
    assert Revocation.objects.count() == 0
    assert DecisionLogEntry.objects.count() == 0


def test_accident_without_grade_and_grade_on_other_ground_are_refused() -> None:
    grant = valid_grant()
    office = office_user()
    with pytest.raises(DomainError, match="grade"):
        open_case(
            grant,
            actor=office,
            ground=RevocationGround.ACCIDENT,
            evidence="x",
        )
    with pytest.raises(DomainError, match="ground \\(1\\) only"):
        open_case(
            grant,
            actor=office,
            ground=RevocationGround.TAX,
            evidence="x",
            accident_grade=AccidentGrade.MAJOR,
        )
    assert Revocation.objects.count() == 0


def test_lapsed_grant_is_refused_on_an_art_30_ground_even_before_the_sweep() -> None:
    """R11: Art. 30 grounds concern the validity period; a lapsed award is not revoked."""
    grant = valid_grant(approved_on=timezone.localdate() - timedelta(days=3 * 366 + 5))
    assert grant.status == GrantStatus.VALID  # the R9 sweep has not run yet
    with pytest.raises(DomainError) as exc:
        open_case(
            grant,
            actor=office_user(),
            ground=RevocationGround.TAX,
            evidence="x",
        )
    assert exc.value.rule == "R11"
    assert Revocation.objects.count() == 0


@time_machine.travel(TODAY, tick=False)
def test_fraud_found_after_the_validity_still_revokes_and_bars_for_ten_years() -> None:
    """R8 / Art. 28: fraud has no time limit; the expired award is revoked and the bar runs
    ten years from the decision."""
    grant = valid_grant(approved_on=date(2027, 1, 10), status=GrantStatus.EXPIRED)
    case = revoke(grant, RevocationGround.FRAUD)
    grant.refresh_from_db()
    assert (case.status, grant.status) == (RevocationStatus.REVOKED, GrantStatus.REVOKED)
    ban = Ban.objects.get(organisation=grant.organisation)
    assert (ban.reason, ban.ends_on) == (BanReason.FRAUD, date(2042, 3, 15))


def test_revoked_grant_cannot_be_revoked_again_for_fraud() -> None:
    grant = valid_grant(status=GrantStatus.REVOKED)
    with pytest.raises(DomainError) as exc:
        open_case(
            grant,
            actor=office_user(),
            ground=RevocationGround.FRAUD,
            evidence="x",
        )
    assert exc.value.rule == "R8"
    assert Revocation.objects.count() == 0


def test_a_revoked_grant_is_not_revoked_again() -> None:
    grant = valid_grant(status=GrantStatus.REVOKED)
    with pytest.raises(DomainError, match="cannot be revoked"):
        open_case(
            grant,
            actor=office_user(),
            ground=RevocationGround.OTHER,
            evidence="x",
        )


def _expired_grant() -> AwardGrant:
    """A prize approved four years ago: its three years of validity ended a year ago."""
    grant = valid_grant(
        approved_on=timezone.localdate() - timedelta(days=4 * 365), status=GrantStatus.EXPIRED
    )
    assert grant.valid_until < timezone.localdate()
    return grant


def test_r11_art_30_an_event_after_the_validity_is_no_ground() -> None:
    """Art. 30 “有效期内”: the event must fall within the validity period."""
    grant = _expired_grant()
    with pytest.raises(DomainError) as exc:
        open_case(
            grant,
            actor=office_user(),
            ground=RevocationGround.OTHER,
            evidence="x",
            occurred_on=grant.valid_until + timedelta(days=1),
        )
    assert exc.value.rule == "R11"
    assert "validity period" in exc.value.message
    assert not Revocation.objects.exists()


def test_r11_art_30_an_event_within_the_validity_is_a_ground_after_it_ends() -> None:
    """Art. 30: what counts is the day of the event, not the day the case is opened: an event
    within the validity is a ground although the case opens after the award expired."""
    grant = _expired_grant()
    day = grant.valid_until - timedelta(days=10)
    case = open_case(
        grant,
        actor=office_user(),
        ground=RevocationGround.OTHER,
        evidence="违法违规行为",
        occurred_on=day,
    )
    assert case.occurred_on == day
    entry = DecisionLogEntry.objects.get(action="revocation.open")
    assert entry.data["occurred_on"] == day.isoformat()


def test_r11_art_30_an_event_before_the_approval_or_without_a_date_is_refused() -> None:
    grant = valid_grant()
    for day, message in (
        (grant.approved_on - timedelta(days=1), "validity period"),
        (None, "date of the event"),
        (timezone.localdate() + timedelta(days=1), "future"),
    ):
        with pytest.raises(DomainError, match=message):
            open_case(
                grant,
                actor=office_user(),
                ground=RevocationGround.TAX,
                evidence="x",
                occurred_on=day,
            )
    assert not Revocation.objects.exists()


def test_second_open_case_on_a_grant_is_refused() -> None:
    grant = valid_grant()
    office = office_user()
    open_case(
        grant,
        actor=office,
        ground=RevocationGround.TAX,
        evidence="x",
    )
    with pytest.raises(DomainError, match="already awaits"):
        open_case(
            grant,
            actor=office,
            ground=RevocationGround.OTHER,
            evidence="y",
        )
    assert Revocation.objects.count() == 1


def _county_office():
    county, _ = AwardProgramme.objects.get_or_create(
        slug="zhanggong",
        defaults={
            "name": "章贡区区长质量奖",
            "awarding_body": "章贡区人民政府",
            "office_name": "办",
        },
    )
    return grant_role(UserFactory(), Role.OFFICE, prog=county)


def test_office_of_another_programme_can_neither_open_nor_decide() -> None:
    grant = valid_grant()
    with pytest.raises(DomainError):
        open_case(
            grant,
            actor=_county_office(),
            ground=RevocationGround.TAX,
            evidence="x",
        )
    case = open_case(
        grant,
        actor=office_user(),
        ground=RevocationGround.TAX,
        evidence="x",
    )
    with pytest.raises(DomainError):
        decide_revocation(
            case,
            actor=_county_office(),
            revoked=True,
            decided_on=timezone.localdate(),
            document_number="d",
        )
    case.refresh_from_db()
    assert case.status == RevocationStatus.PROPOSED


def test_organisation_responds_only_while_proposed_and_only_its_own() -> None:
    """R11: the organisation may respond before the government decides."""
    grant = valid_grant()
    office = office_user()
    case = open_case(
        grant,
        actor=office,
        ground=RevocationGround.LOSSES,
        evidence="x",
    )
    with pytest.raises(DomainError):
        respond_to_revocation(case, actor=applicant_user(), response="不是我们")
    respond_to_revocation(case, actor=applicant_user(grant.organisation), response="亏损原因说明")
    case.refresh_from_db()
    assert case.organisation_response == "亏损原因说明"
    decide_revocation(case, actor=office, revoked=False, decided_on=timezone.localdate())
    with pytest.raises(DomainError) as exc:
        respond_to_revocation(case, actor=applicant_user(grant.organisation), response="补充")
    assert exc.value.rule == "R11"
    case.refresh_from_db()
    assert case.organisation_response == "亏损原因说明"


def test_not_revoked_leaves_grant_valid_and_no_ban() -> None:
    grant = valid_grant()
    office = office_user()
    case = open_case(
        grant,
        actor=office,
        ground=RevocationGround.OTHER,
        evidence="x",
    )
    decided = decide_revocation(case, actor=office, revoked=False, decided_on=timezone.localdate())
    assert decided.status == RevocationStatus.REJECTED
    grant.refresh_from_db()
    assert grant.status == GrantStatus.VALID
    assert Ban.objects.count() == 0


def test_revocation_needs_a_document_number_and_a_date_not_in_the_future() -> None:
    grant = valid_grant()
    office = office_user()
    case = open_case(
        grant,
        actor=office,
        ground=RevocationGround.FRAUD,
        evidence="x",
    )
    with pytest.raises(DomainError, match="document number"):
        decide_revocation(case, actor=office, revoked=True, decided_on=timezone.localdate())
    with pytest.raises(DomainError, match="future"):
        decide_revocation(
            case,
            actor=office,
            revoked=True,
            decided_on=timezone.localdate() + timedelta(days=1),
            document_number="d",
        )
    grant.refresh_from_db()
    assert grant.status == GrantStatus.VALID
    assert Ban.objects.count() == 0


def test_decision_is_recorded_once() -> None:
    grant = valid_grant()
    office = office_user()
    case = revoke(grant, RevocationGround.TAX)
    with pytest.raises(DomainError, match="already recorded"):
        decide_revocation(case, actor=office, revoked=False, decided_on=timezone.localdate())
    assert Ban.objects.count() == 1


@time_machine.travel(TODAY, tick=False)
def test_revoked_and_banned_organisation_cannot_start_an_application() -> None:
    """R8: the bar is enforced by applications.rules.check_not_banned, with its end date."""
    grant = valid_grant()
    revoke(grant, RevocationGround.FRAUD)
    round = RoundFactory()
    with pytest.raises(DomainError) as exc:
        start_application(round, grant.organisation, actor=applicant_user(grant.organisation))
    assert exc.value.rule == "R8"
    assert day_text(date(2042, 3, 15)) in exc.value.message
    assert not Application.objects.filter(round=round).exists()
