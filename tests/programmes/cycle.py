"""A round of any programme carried from its call notice to its certificates by the services
alone, each step by the role that owns it, with the numbers the programme's rules give: the
round's year, title, places and money come from ``awards.rules.round_proposal`` (what the
office's new-round page proposes). The steps are those of tests/test_full_cycle.py, whose
scoring helper this reuses."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.enums import Role
from accounts.models import User
from applications.eligibility import applicable_conditions
from applications.enums import ApplicationStatus
from applications.models import Application
from applications.services import application as application_services
from awards import services as award_services
from awards.enums import RoundStage
from awards.models import AwardProgramme, Round
from awards.rules import round_proposal
from demo.dossiers import sample_form_data
from experts.services.pool import add_expert_to_programme
from grants.services.approval import record_approval
from organisations.models import Organisation, Recommender
from publicity.models import PublicityPeriod
from publicity.services import publicity as publicity_services
from reviews.enums import ReviewStage
from reviews.services import review as review_services
from reviews.services.defence import record_defence_score, start_site_review
from tests.factories import (
    ExpertFactory,
    RecommenderFactory,
    UserFactory,
    applicant_user,
    grant_role,
)
from tests.publicity.helpers import SHANGHAI
from tests.test_full_cycle import MINIMAL_PDF, _score_all

ROUND_KEYS = ("_quota", "_manufacturing", "_service", "_amount")


@dataclass
class Staff:
    """A programme's office, leading-group member, recommender and two experts."""

    programme: AwardProgramme
    office: User
    leader: User
    recommender: User
    unit: Recommender
    experts: tuple[User, User]


def staff(programme: AwardProgramme) -> Staff:
    """The people who run a round of ``programme``, each with a role in it only."""
    office = grant_role(UserFactory(), Role.OFFICE, prog=programme)
    leader = grant_role(UserFactory(), Role.LEADING_GROUP, prog=programme)
    unit = RecommenderFactory(serves=[programme])
    recommender = grant_role(UserFactory(), Role.RECOMMENDER, prog=programme, recommender=unit)
    experts = []
    for _n in range(2):
        profile = ExpertFactory()
        add_expert_to_programme(profile, programme, actor=office)
        experts.append(profile.user)
    return Staff(programme, office, leader, recommender, unit, (experts[0], experts[1]))


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def open_round(people: Staff, run_year: int) -> Round:
    """The office opens the programme's next round in ``run_year`` as the new-round page
    proposes it (year and title by the cadence, places and money by the rules), publishes the
    call and the leading group approves its review rules."""
    programme = people.programme
    with time_machine.travel(at(date(run_year, 2, 27)), tick=False):
        proposal = round_proposal(programme, date(run_year, 2, 27))
        round = award_services.create_round(
            programme,
            actor=people.office,
            year=proposal["year"],
            title=proposal["title"],
            applications_open_at=at(date(run_year, 3, 1), 9),
            applications_close_at=at(date(run_year, 4, 30), 17),
            **{k: v for k, v in proposal.items() if k.endswith(ROUND_KEYS)},
        )
        round = award_services.publish_call(
            round, actor=people.office, call_notice=f"{round.title}评审通知全文"
        )
        return award_services.approve_review_rules(round, actor=people.leader)


def apply_and_review(
    round: Round, people: Staff, entrants: Sequence[tuple[Organisation, int]]
) -> dict[int, Application]:
    """Each organisation applies (full form, signed form, recommendation) and is found
    eligible; the experts score it at ``percent`` of every item in material and site review
    (and, in a programme holding the question-and-defence stage, the panel at ``percent`` of
    1000 during it); the office closes each stage and submits the composite ranking to the
    plenary. The
    applications by organisation id, as the composite evaluation left them."""
    run_year = round.applications_open_at.year
    apps: dict[int, Application] = {}
    with time_machine.travel(at(date(run_year, 3, 10)), tick=False):
        award_services.sign_commitment(round, user=people.recommender)  # Art. 31
        for org, _percent in entrants:
            user = applicant_user(org)
            app = application_services.start_application(round, org, actor=user)
            app = application_services.update_dossier(
                app,
                actor=user,
                main_products="产品",
                quality_summary="成绩",
                self_assessment="自评",
                recommender=people.unit,
                **sample_form_data(round),
            )
            application_services.add_attachment(
                app,
                actor=user,
                upload=SimpleUploadedFile("申报表（盖章）.pdf", MINIMAL_PDF),
                kind="form",
            )
            application_services.record_recommendation(
                app, actor=people.recommender, opinion="同意推荐", declaration=True
            )
            apps[org.pk] = application_services.submit_application(
                app, actor=user, declaration=True
            )
    with time_machine.travel(round.applications_close_at + timedelta(minutes=1), tick=False):
        award_services.close_application_window(round)
    with time_machine.travel(at(date(run_year, 5, 10)), tick=False):
        for app in apps.values():
            for condition in applicable_conditions(app):
                application_services.record_eligibility_check(
                    app, actor=people.office, condition=condition, met=True, evidence="材料齐全"
                )
            application_services.decide_eligibility(
                app, actor=people.office, eligible=True, reason="符合条件"
            )
        round.refresh_from_db()
        round = award_services.start_material_review(round, actor=people.office)
        for expert in people.experts:
            award_services.sign_commitment(round, user=expert)
        percents = {org.pk: percent for org, percent in entrants}
        for org_pk, app in apps.items():
            for expert in people.experts:
                review_services.assign_expert(app, expert.expert_profile, actor=people.office)
                review_services.declare_conflict(
                    app, expert.expert_profile, actor=expert, has_conflict=False
                )
                _score_all(app, expert, ReviewStage.MATERIAL, percents[org_pk])
        round = review_services.select_for_site_review(round, actor=people.office)
    if round.stage == RoundStage.DEFENCE:
        # R1: the programme's rules hold a question-and-defence stage: the panel scores each
        # organisation going on at its share (of 1000), then the site review starts.
        with time_machine.travel(at(date(run_year, 6, 5)), tick=False):
            for org_pk, app in apps.items():
                app.refresh_from_db()
                if app.status == ApplicationStatus.SITE_REVIEW:
                    record_defence_score(
                        app,
                        actor=people.office,
                        score=Decimal(percents[org_pk] * 10),
                        panel="答辩评审组",
                        held_on=date(run_year, 6, 5),
                    )
            round = start_site_review(round, actor=people.office)
    with time_machine.travel(at(date(run_year, 6, 20)), tick=False):
        for org_pk, app in apps.items():
            app.refresh_from_db()
            if app.status != ApplicationStatus.SITE_REVIEW:
                continue
            for expert in people.experts:
                _score_all(app, expert, ReviewStage.SITE, percents[org_pk])
        round = review_services.complete_composite_evaluation(round, actor=people.office)
        review_services.submit_candidate_list(round, actor=people.office)
    for app in apps.values():
        app.refresh_from_db()
    return apps


def plenary(round: Round, people: Staff, levels: Mapping[Application, str]) -> None:
    """The leading group's plenary passes each candidate at the level given."""
    run_year = round.applications_open_at.year
    with time_machine.travel(at(date(run_year, 9, 1)), tick=False):
        award_services.sign_commitment(round, user=people.leader)
        publicity_services.record_plenary(
            round,
            actor=people.leader,
            held_on=date(run_year, 9, 1),
            members_total=9,
            members_present=7,
            decisions=[
                {
                    "application_id": app.pk,
                    "level": level,
                    "outcome": "passed",
                    "agree": 7,
                    "disagree": 0,
                    "abstain": 0,
                }
                for app, level in levels.items()
            ],
        )


def publicise_and_approve(
    round: Round,
    people: Staff,
    capture: Callable[..., AbstractContextManager[Any]],
    *,
    starts_on: date,
) -> PublicityPeriod:
    """The office publicises the proposed list from ``starts_on`` for the round's days (counted
    as the round's rules say); it closes by itself; the government approves a month after and
    the certificates are rendered (``capture``: pytest-django's
    ``django_capture_on_commit_callbacks``)."""
    with time_machine.travel(at(starts_on - timedelta(days=1)), tick=False):
        round.refresh_from_db()
        period = publicity_services.open_publicity(round, actor=people.office, starts_on=starts_on)
    with time_machine.travel(period.ends_at + timedelta(seconds=1), tick=False):
        publicity_services.close_publicity(period)
    approved_on = period.ends_at.date() + timedelta(days=30)
    with time_machine.travel(at(approved_on), tick=False), capture(execute=True):
        round.refresh_from_db()
        record_approval(
            round,
            actor=people.office,
            approved_on=approved_on,
            meeting="政府常务会议",
            document_number=f"〔{approved_on.year}〕1号",
        )
    return period
