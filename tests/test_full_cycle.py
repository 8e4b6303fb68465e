"""One round of the award carried through every stage by the services alone, each step by the
role that owns it (Art. 16-22)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from applications.eligibility import applicable_conditions
from applications.enums import ApplicationStatus
from applications.services import application as application_services
from awards import services as award_services
from awards.enums import RoundStage
from awards.models import ScoringItem
from awards.tasks import sweep_deadlines
from decisionlog.models import DecisionLogEntry
from demo.dossiers import sample_form_data
from grants.enums import GrantStatus
from grants.models import AwardGrant, Certificate
from grants.services.approval import record_approval
from publicity.services import publicity as publicity_services
from reviews.enums import ReviewStage
from reviews.services import review as review_services
from tests.factories import (
    OrganisationFactory,
    RecommenderFactory,
    applicant_user,
    expert_user,
    leading_group_user,
    office_user,
    programme,
    recommender_user,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _score_all(application, expert_user_obj, stage: str, percent: int) -> None:
    expert = expert_user_obj.expert_profile
    items = ScoringItem.objects.filter(category__scheme=application.round.scheme)
    review = review_services.save_review(
        application,
        expert,
        stage,
        actor=expert_user_obj,
        scores={item.pk: (percent, "依据充分") for item in items},
        summary="总体良好",
    )
    review_services.submit_review(review, actor=expert_user_obj)


@pytest.mark.django_db
def test_one_round_runs_from_call_notice_to_certificate(django_capture_on_commit_callbacks) -> None:
    office = office_user(username="office")
    leader = leading_group_user(username="leader")
    expert_a = expert_user(username="expert_a")
    expert_b = expert_user(username="expert_b")
    recommender_unit = RecommenderFactory()
    recommender = recommender_user(recommender_unit)
    org_strong = OrganisationFactory(name="赣州稀土新材料股份有限公司", industry_section="C")
    org_weak = OrganisationFactory(name="赣州某服务有限公司", industry_section="L")
    user_strong = applicant_user(org_strong)
    user_weak = applicant_user(org_weak)

    opens = datetime(2031, 3, 1, 9, 0, tzinfo=SHANGHAI)
    closes = datetime(2031, 4, 30, 17, 0, tzinfo=SHANGHAI)
    with time_machine.travel(opens - timedelta(days=2), tick=False):
        round = award_services.create_round(
            programme(),
            actor=office,
            year=2031,
            title="2031年度赣州市市长质量奖",
            applications_open_at=opens,
            applications_close_at=closes,
        )
        round = award_services.publish_call(round, actor=office, call_notice="评审通知全文")
        round = award_services.approve_review_rules(round, actor=leader)

    # Application: organisations fill and submit before the deadline.
    with time_machine.travel(opens + timedelta(days=3), tick=False):
        applications = {}
        for org, user in ((org_strong, user_strong), (org_weak, user_weak)):
            app = application_services.start_application(round, org, actor=user)
            app = application_services.update_dossier(
                app,
                actor=user,
                main_products="产品",
                quality_summary="成绩",
                self_assessment="自评",
                recommender=recommender_unit,
                **sample_form_data(round),  # the full application form
            )
            application_services.add_attachment(
                app,
                actor=user,
                upload=SimpleUploadedFile("申报表（盖章）.pdf", MINIMAL_PDF),
                kind="form",
            )
            award_services.sign_commitment(round, user=recommender)  # Art. 31
            application_services.record_recommendation(
                app, actor=recommender, opinion="同意推荐", declaration=True
            )
            applications[org.pk] = application_services.submit_application(
                app, actor=user, declaration=True
            )

    # The window closes by itself.
    with time_machine.travel(closes + timedelta(minutes=1), tick=False):
        sweep_deadlines()
    round.refresh_from_db()
    assert round.stage == RoundStage.ELIGIBILITY

    # Eligibility: each condition recorded, then decided.
    for app in applications.values():
        for condition in applicable_conditions(app):
            application_services.record_eligibility_check(
                app, actor=office, condition=condition, met=True, evidence="材料齐全"
            )
        application_services.decide_eligibility(app, actor=office, eligible=True, reason="符合条件")
    round = award_services.start_material_review(round, actor=office)

    # Material review: experts sign, declare no conflict, score.
    for expert in (expert_a, expert_b):
        award_services.sign_commitment(round, user=expert)
    for org_pk, app in applications.items():
        for expert in (expert_a, expert_b):
            review_services.assign_expert(app, expert.expert_profile, actor=office)
            review_services.declare_conflict(
                app, expert.expert_profile, actor=expert, has_conflict=False
            )
            _score_all(app, expert, ReviewStage.MATERIAL, 80 if org_pk == org_strong.pk else 30)
    round = review_services.select_for_site_review(round, actor=office)
    strong = applications[org_strong.pk]
    weak = applications[org_weak.pk]
    strong.refresh_from_db()
    weak.refresh_from_db()
    assert strong.status == ApplicationStatus.SITE_REVIEW
    assert weak.status == ApplicationStatus.NOT_SELECTED
    assert strong.material_score == Decimal("800.0")

    # Site review and composite evaluation.
    for expert in (expert_a, expert_b):
        _score_all(strong, expert, ReviewStage.SITE, 70)
    round = review_services.complete_composite_evaluation(round, actor=office)
    strong.refresh_from_db()
    assert strong.status == ApplicationStatus.CANDIDATE
    assert strong.composite_score == Decimal("740.0")  # 800 * 0.4 + 700 * 0.6
    assert strong.proposed_level == "prize"
    round = review_services.submit_candidate_list(round, actor=office)
    assert round.stage == RoundStage.DELIBERATION

    # The leading group's plenary decides the proposed list.
    award_services.sign_commitment(round, user=leader)
    publicity_services.record_plenary(
        round,
        actor=leader,
        held_on=date(2031, 9, 1),
        members_total=9,
        members_present=7,
        decisions=[
            {
                "application_id": strong.pk,
                "level": "prize",
                "outcome": "passed",
                "agree": 7,
                "disagree": 0,
                "abstain": 0,
            }
        ],
    )
    strong.refresh_from_db()
    assert strong.status == ApplicationStatus.PROPOSED

    # Publicity: 10 whole days; closes by itself.
    with time_machine.travel(datetime(2031, 9, 2, 10, 0, tzinfo=SHANGHAI), tick=False):
        period = publicity_services.open_publicity(round, actor=office, starts_on=date(2031, 9, 3))
    assert period.ends_at == datetime(2031, 9, 13, 0, 0, tzinfo=SHANGHAI)
    with time_machine.travel(period.ends_at + timedelta(seconds=1), tick=False):
        sweep_deadlines()
        sweep_deadlines()
    round.refresh_from_db()
    assert round.stage == RoundStage.APPROVAL

    # Government approval -> grant and certificate (rendered by the task, eager here).
    with django_capture_on_commit_callbacks(execute=True):
        record_approval(
            round,
            actor=office,
            approved_on=date(2031, 10, 10),
            meeting="市政府第30次常务会议",
            document_number="赣市府字〔2031〕1号",
        )
    round.refresh_from_db()
    strong.refresh_from_db()
    assert round.stage == RoundStage.PUBLISHED
    assert strong.status == ApplicationStatus.AWARDED
    grant = AwardGrant.objects.get(application=strong)
    assert (grant.level, grant.amount, grant.is_repeat, grant.status) == (
        "prize",
        Decimal("500000.00"),
        False,
        GrantStatus.VALID,
    )
    assert grant.valid_until == date(2034, 10, 10)
    certificate = Certificate.objects.get(grant=grant)
    assert certificate.file.name
    assert certificate.generated_at is not None
    # R14: every step is in the decision log.
    actions = set(
        DecisionLogEntry.objects.filter(round_id=round.pk).values_list("action", flat=True)
    )
    assert {
        "round.application",
        "round.eligibility",
        "application.submitted",
        "application.eligible",
        "application.site_review",
        "application.candidate",
        "application.proposed",
        "round.publicity",
        "round.approval",
        "application.awarded",
        "round.published",
    } <= actions
