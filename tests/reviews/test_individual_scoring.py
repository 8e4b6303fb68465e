"""An individual nominee is scored on the individual scoring sheet (个人质量奖评分表, as data
like GB/T 19580's); the expert's page names the person and never shows the ID number."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.enums import Role
from applications.enums import ApplicationStatus
from awards.enums import NomineeKind, PrizeLevel, RoundStage
from awards.models import ScoringItem
from awards.rulesets import rule_settings_snapshot
from decisionlog.workflow import DomainError
from reviews.selectors.review import composite_report
from reviews.services import review as services
from tests.applications.individual import NUMBER, nanchang, nominee_application
from tests.factories import ApplicationFactory, UserFactory, grant_role
from tests.reviews.helpers import MATERIAL, all_scores, expert_in, profile, ready, review_round

pytestmark = pytest.mark.django_db


def test_the_expert_scores_the_person_on_the_individual_sheet(client) -> None:  # type: ignore[no-untyped-def]
    programme = nanchang()
    round = review_round(programme=programme, rule_settings=rule_settings_snapshot(programme))
    app = nominee_application(round, status=ApplicationStatus.ELIGIBLE, sector_confirmed=True)
    office = grant_role(UserFactory(), Role.OFFICE, prog=programme)
    user = expert_in(programme)
    ready(app, user, office)
    # GB/T 19580's items are not the person's.
    with pytest.raises(DomainError):
        services.save_review(app, profile(user), MATERIAL, actor=user, scores=all_scores(round, 70))
    items = ScoringItem.objects.filter(category__scheme__code="individual-quality")
    review = services.save_review(
        app,
        profile(user),
        MATERIAL,
        actor=user,
        scores={item.pk: (70, "依据充分") for item in items},
    )
    review = services.submit_review(review, actor=user)
    assert review.total == Decimal("700.0")
    client.force_login(user)
    page = client.get(reverse("reviews:score", args=[app.pk, MATERIAL])).content.decode()
    assert "个人质量奖评分表" in page and "李质量" in page
    assert NUMBER not in page and app.nominee.national_id_masked not in page
    dossier = client.get(reverse("reviews:dossier", args=[app.pk]))
    assert dossier.status_code == 200
    assert NUMBER not in dossier.content.decode()
    assert app.nominee.national_id_masked not in dossier.content.decode()


def test_the_composite_report_ranks_the_people_in_a_group_of_their_own() -> None:
    programme = nanchang()
    round = review_round(
        RoundStage.COMPOSITE, programme=programme, rule_settings=rule_settings_snapshot(programme)
    )
    organisation = ApplicationFactory(
        round=round,
        status=ApplicationStatus.CANDIDATE,
        composite_score=Decimal("700.0"),
        sector_rank=1,
        proposed_level=PrizeLevel.PRIZE,
    )
    person = nominee_application(
        round,
        status=ApplicationStatus.CANDIDATE,
        composite_score=Decimal("800.0"),
        sector_rank=1,
        proposed_level=PrizeLevel.PRIZE,
    )
    for per_page in (None, 50):
        report = composite_report(round, per_page=per_page)
        groups = {
            block["sector"].value: [row["application"].pk for row in block["rows"]]
            for block in report["sectors"]
        }
        assert groups[NomineeKind.INDIVIDUAL] == [person.pk]
        assert person.pk not in groups[organisation.sector]
        assert organisation.pk in groups[organisation.sector]
        prize = report["quota_use"][0]
        assert prize["total"] == 1  # the person uses none of the organisations' places
