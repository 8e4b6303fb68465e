"""R12, Art. 31 of the Measures (reviewers act impartially): a conflict of interest recorded
after the expert scored takes its reviews out of the official scores. While the material score
is open or stored it is recomputed at once and logged; once the composite evaluation is
complete the office recomputes the composite (a logged decision with its reason, re-ranking the
round); once the leading group has the list the portal refuses and says what must happen."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.enums import Role
from accounts.models import User
from accounts.workqueue import items_for
from applications.enums import ApplicationStatus
from applications.models import Application
from awards.enums import RoundStage
from awards.models import Round
from awards.services import sign_commitment
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from notifications.models import Notification
from publicity.models import PlenaryMeeting
from reviews.enums import ConflictKind, ConflictScoreEffect, ConflictSource
from reviews.models import ConflictDeclaration
from reviews.services import rescoring
from reviews.services import review as services
from tests.factories import UserFactory, expert_user, grant_role, leading_group_user
from tests.reviews.helpers import MATERIAL, SITE, eligible, other_programme, profile, ready, score
from tests.reviews.views.test_expert import logged_in

ARTICLE = "Art. 31 of the Measures"


@pytest.fixture
def second(db: None) -> User:
    return expert_user(username="second", full_name="李专家")


def county_office() -> User:
    """An office of another programme: the outsider of the same role."""
    return grant_role(UserFactory(), Role.OFFICE, prog=other_programme())


def scored(round: Round, office: User, reviewer: User, second: User) -> Application:
    """An application in material review scored 80 % by the reviewer and 40 % by the second
    expert: a material mean of 600."""
    app = eligible(round, name="章贡精密制造有限公司")
    for user, percent in ((reviewer, 80), (second, 40)):
        ready(app, user, office)
        score(app, user, MATERIAL, percent)
    return app


def to_composite(round: Round, office: User, reviewer: User, second: User) -> Application:
    """The same application through site review (80 % and 40 % again) and the composite:
    600 material, 600 site, composite 600, a prize candidate (threshold 550)."""
    app = scored(round, office, reviewer, second)
    services.select_for_site_review(round, actor=office)
    app.refresh_from_db()
    for user, percent in ((reviewer, 80), (second, 40)):
        score(app, user, SITE, percent)
    services.complete_composite_evaluation(round, actor=office)
    app.refresh_from_db()
    assert (app.composite_score, app.status) == (Decimal("600.0"), ApplicationStatus.CANDIDATE)
    return app


def declare(app: Application, user: User, actor: User | None = None) -> ConflictDeclaration:
    return services.declare_conflict(
        app,
        profile(user),
        actor=actor or user,
        has_conflict=True,
        kind=ConflictKind.FAMILY if actor is None else ConflictKind.ADVISORY,
        note="" if actor is None else "该专家曾为申报单位提供咨询",
    )


def test_a_conflict_while_material_review_is_open_is_logged_and_not_counted(
    round, office, reviewer, second
) -> None:
    app = scored(round, office, reviewer, second)
    declaration = declare(app, reviewer)
    assert declaration.score_effect == ConflictScoreEffect.EXCLUDED
    entry = DecisionLogEntry.objects.get(action="review.conflict_exclude")
    assert ARTICLE in entry.reason and entry.object_id == str(app.pk)
    services.select_for_site_review(round, actor=office)
    app.refresh_from_db()
    assert app.material_score == Decimal("400.0")


def test_a_conflict_after_material_review_recomputes_the_material_score(
    round, office, reviewer, second
) -> None:
    app = scored(round, office, reviewer, second)
    services.select_for_site_review(round, actor=office)
    app.refresh_from_db()
    assert app.material_score == Decimal("600.0")
    declaration = declare(app, reviewer, actor=office)
    app.refresh_from_db()
    # The excluded review no longer counts: only the second expert's 400 remains.
    assert app.material_score == Decimal("400.0")
    assert (declaration.source, declaration.score_effect) == (
        ConflictSource.OFFICE,
        ConflictScoreEffect.EXCLUDED,
    )
    entry = DecisionLogEntry.objects.get(action="review.conflict_exclude")
    assert ARTICLE in entry.reason and "600.0 → 400.0" in entry.reason
    assert (entry.data["material_before"], entry.data["material_after"]) == ("600.0", "400.0")
    # The site review left: the composite counts the second expert only.
    score(app, second, SITE, 40)
    services.complete_composite_evaluation(round, actor=office)
    app.refresh_from_db()
    assert (app.site_score, app.composite_score) == (Decimal("400.0"), Decimal("400.0"))
    assert app.status == ApplicationStatus.NOT_CANDIDATE


def test_a_conflict_after_the_composite_needs_the_offices_recomputation(
    round, office, reviewer, second
) -> None:
    app = to_composite(round, office, reviewer, second)
    declaration = declare(app, reviewer)
    app.refresh_from_db()
    # Not silent: the stored scores stay until the office decides; it is told.
    assert (app.composite_score, app.status) == (Decimal("600.0"), ApplicationStatus.CANDIDATE)
    assert declaration.score_effect == ConflictScoreEffect.PENDING
    entry = DecisionLogEntry.objects.get(action="review.conflict_after_close")
    assert ARTICLE in entry.reason and "recompute the composite" in entry.reason
    assert Notification.objects.filter(user=office, url__contains="#conflicts").exists()
    [item] = [i for i in items_for(office) if "recompute" in i.what]
    assert item.url == reverse("applications:office_detail", args=[app.pk]) + "#conflicts"

    with pytest.raises(DomainError, match="Give the reason"):
        rescoring.recompute_composite(round, actor=office, reason=" ")
    rescoring.recompute_composite(round, actor=office, reason="王专家事后申报回避，其评分不再计入")
    app.refresh_from_db()
    assert (app.material_score, app.site_score, app.composite_score) == (
        Decimal("400.0"),
        Decimal("400.0"),
        Decimal("400.0"),
    )
    # Re-ranked: below the nomination threshold, no longer a candidate (the move logged).
    assert (app.status, app.proposed_level) == (ApplicationStatus.NOT_CANDIDATE, "")
    assert DecisionLogEntry.objects.filter(
        action="application.not_candidate", object_id=str(app.pk)
    ).exists()
    recompute = DecisionLogEntry.objects.get(action="review.composite_recompute")
    assert recompute.reason == "王专家事后申报回避，其评分不再计入"
    assert recompute.data["conflicts"][0]["declaration"] == declaration.pk
    assert recompute.data["changes"] == [
        {
            "application": app.pk,
            "before": {"status": "candidate", "composite": "600.0", "rank": 1, "level": "prize"},
            "after": {"status": "not_candidate", "composite": "400.0", "rank": 1, "level": ""},
        }
    ]
    declaration.refresh_from_db()
    assert (declaration.score_effect, declaration.recomputed_by) == (
        ConflictScoreEffect.EXCLUDED,
        office,
    )
    fresh = User.objects.get(pk=office.pk)  # items_for caches on the user object
    assert not [i for i in items_for(fresh) if "recompute" in i.what]
    # Nothing left to recompute.
    with pytest.raises(DomainError, match="awaits it"):
        rescoring.recompute_composite(round, actor=office, reason="再次")


def test_before_the_plenary_the_leading_group_is_told_of_the_new_list(
    round, office, reviewer, second
) -> None:
    member = leading_group_user()
    app = to_composite(round, office, reviewer, second)
    services.submit_candidate_list(round, actor=office)
    declare(app, reviewer)
    rescoring.recompute_composite(round, actor=office, reason="事后申报回避")
    app.refresh_from_db()
    assert app.status == ApplicationStatus.NOT_CANDIDATE
    assert (
        Notification.objects.filter(
            user=member, url=reverse("reviews:composite_report", args=[round.pk])
        ).count()
        == 2
    )  # the list submitted, then recomputed


def test_an_outsider_office_cannot_recompute(round, office, reviewer, second) -> None:
    app = to_composite(round, office, reviewer, second)
    declare(app, reviewer)
    outsider = county_office()
    with pytest.raises(DomainError, match="Only the office of this programme"):
        rescoring.recompute_composite(round, actor=outsider, reason="越权")
    url = reverse("reviews:recompute_composite", args=[round.pk])
    response = logged_in(outsider).post(url, {"reason": "越权", "application": app.pk})
    assert response.status_code == 404
    assert not [i for i in items_for(outsider) if "recompute" in i.what]
    app.refresh_from_db()
    assert app.composite_score == Decimal("600.0")
    assert not DecisionLogEntry.objects.filter(action="review.composite_recompute").exists()


def test_once_the_plenary_has_begun_the_office_is_sent_to_the_leading_group(
    round, office, reviewer, second
) -> None:
    app = to_composite(round, office, reviewer, second)
    declare(app, reviewer)
    services.submit_candidate_list(round, actor=office)
    PlenaryMeeting.objects.create(
        round=round,
        held_on=date(2026, 12, 1),
        members_total=9,
        recorded_by=office,
        voting_open=True,
    )
    with pytest.raises(DomainError, match="Take the conflict of interest to the leading group"):
        rescoring.recompute_composite(round, actor=office, reason="事后申报回避")
    app.refresh_from_db()
    assert app.composite_score == Decimal("600.0")


def test_a_conflict_after_the_leading_group_decided_is_left_to_it(
    round, office, reviewer, second
) -> None:
    app = to_composite(round, office, reviewer, second)
    Round.objects.filter(pk=round.pk).update(stage=RoundStage.PUBLICITY)
    Application.objects.filter(pk=app.pk).update(status=ApplicationStatus.PROPOSED)
    app.refresh_from_db()
    declaration = declare(app, reviewer, actor=office)
    assert declaration.score_effect == ConflictScoreEffect.LEADING_GROUP
    entry = DecisionLogEntry.objects.get(action="review.conflict_after_decision")
    assert ARTICLE in entry.reason and "leading group" in entry.reason
    with pytest.raises(DomainError, match="awaits it"):
        rescoring.recompute_composite(round, actor=office, reason="事后申报回避")
    assert rescoring.recompute_refusal(round) is not None
    app.refresh_from_db()
    assert app.composite_score == Decimal("600.0")


def test_the_offices_application_page_lists_the_conflict_and_the_action(
    client, round, office, reviewer, second
) -> None:
    app = to_composite(round, office, reviewer, second)
    declare(app, reviewer)
    sign_commitment(round, user=office)
    client.force_login(office)
    page = reverse("applications:office_detail", args=[app.pk])
    body = client.get(page).content.decode()
    assert 'id="conflicts"' in body and "王专家" in body
    assert "暂无利益冲突记录" not in body
    with translation.override("zh-hans"):
        pending = str(ConflictScoreEffect.PENDING.label)
    assert pending in body and 'id="conflict-recompute"' in body
    assert reverse("reviews:recompute_composite", args=[round.pk]) in body
    response = client.post(
        reverse("reviews:recompute_composite", args=[round.pk]),
        {"reason": "事后申报回避", "application": app.pk},
    )
    assert response.status_code == 302 and response["Location"] == page + "#conflicts"
    body = client.get(page).content.decode()
    with translation.override("zh-hans"):
        excluded = str(ConflictScoreEffect.EXCLUDED.label)
    assert excluded in body and 'id="conflict-recompute"' not in body
    assert "重新计算" in body  # "composite recomputed ... by ..."


def test_the_office_records_a_late_conflict_from_the_application_page(
    round, office, reviewer, second
) -> None:
    app = to_composite(round, office, reviewer, second)
    sign_commitment(round, user=office)
    page = reverse("applications:office_detail", args=[app.pk])
    url = reverse("reviews:record_conflict", args=[app.pk])
    client = logged_in(office)
    assert url in client.get(page).content.decode()
    data = {"expert": profile(reviewer).pk, "kind": ConflictKind.ADVISORY, "note": "举报核实"}
    # The outsider office of another programme: no such page.
    assert logged_in(county_office()).post(url, data).status_code == 404
    assert not ConflictDeclaration.objects.filter(application=app, has_conflict=True).exists()
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == page + "#conflicts"
    declaration = ConflictDeclaration.objects.get(application=app, has_conflict=True)
    assert (declaration.source, declaration.recorded_by, declaration.score_effect) == (
        ConflictSource.OFFICE,
        office,
        ConflictScoreEffect.PENDING,
    )
    assert 'id="conflict-recompute"' in client.get(page).content.decode()
