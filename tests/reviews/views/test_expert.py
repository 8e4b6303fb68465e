"""The expert's pages: declaration, dossier, scoring (R12), and the dashboard section."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.models import User
from applications.models import Application, Attachment
from awards.enums import RoundStage
from awards.services import sign_commitment
from decisionlog.models import DecisionLogEntry
from reviews.enums import ConflictKind, ReviewStatus
from reviews.models import ConflictDeclaration, Review
from reviews.services import review as services
from tests.factories import applicant_user, expert_user, leading_group_user
from tests.reviews.helpers import (
    MATERIAL,
    SITE,
    categories_of,
    eligible,
    items_of,
    profile,
    ready,
    review_round,
    score,
)


def logged_in(user: User) -> Client:
    """A logged-in client reading the portal in English (exact messages in asserts)."""
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def score_post(
    application: Application, percent: object, action: str = "save"
) -> dict[str, object]:
    data: dict[str, object] = {"action": action, "summary": "总体良好"}
    for item in items_of(application.round):
        data[f"percent_{item.pk}"] = percent
        data[f"comment_{item.pk}"] = f"{item.code} 评语"
    for category in categories_of(application.round):
        data[f"strengths_{category.pk}"] = "优势"
        data[f"opportunities_{category.pk}"] = "改进机会"
    return data


def urls(application: Application) -> dict[str, str]:
    return {
        "declare": reverse("reviews:declare", args=[application.pk]),
        "dossier": reverse("reviews:dossier", args=[application.pk]),
        "score": reverse("reviews:score", args=[application.pk, MATERIAL]),
    }


# --- declaration ------------------------------------------------------------------------------


def test_declare_asks_for_the_commitment_first(application, office, reviewer) -> None:
    services.assign_expert(application, profile(reviewer), actor=office)
    response = logged_in(reviewer).get(urls(application)["declare"])
    assert response.status_code == 302
    assert response["Location"] == (
        f"/rounds/{application.round_id}/commitment/?next=%2Freview%2F{application.pk}%2Fdeclare%2F"
    )
    # The dossier sends an assigned expert the same way (R12: commitment, then declaration).
    response = logged_in(reviewer).get(urls(application)["dossier"])
    assert response["Location"].startswith(f"/rounds/{application.round_id}/commitment/?next=")


def test_declare_shows_only_the_organisation_not_the_dossier(application, office, reviewer) -> None:
    application.main_products = "保密的产品清单"
    application.save()
    services.assign_expert(application, profile(reviewer), actor=office)
    sign_commitment(application.round, user=reviewer)
    response = logged_in(reviewer).get(urls(application)["declare"])
    assert response.status_code == 200
    body = response.content.decode()
    org = application.organisation
    for shown in (org.name, org.credit_code, org.division.name, org.industry_class):
        assert shown in body
    assert "保密的产品清单" not in body
    # The dossier itself waits for the declaration.
    assert (
        logged_in(reviewer).get(urls(application)["dossier"])["Location"]
        == urls(application)["declare"]
    )


def test_declaring_no_conflict_opens_the_dossier(application, office, reviewer) -> None:
    services.assign_expert(application, profile(reviewer), actor=office)
    sign_commitment(application.round, user=reviewer)
    client = logged_in(reviewer)
    response = client.post(urls(application)["declare"], {"has_conflict": "no"})
    assert response.status_code == 302
    assert response["Location"] == urls(application)["dossier"]
    assert ConflictDeclaration.objects.get().has_conflict is False
    assert client.get(urls(application)["dossier"]).status_code == 200


def test_declaring_a_conflict_needs_its_kind(application, office, reviewer) -> None:
    services.assign_expert(application, profile(reviewer), actor=office)
    sign_commitment(application.round, user=reviewer)
    response = logged_in(reviewer).post(urls(application)["declare"], {"has_conflict": "yes"})
    assert response.status_code == 200
    assert "Choose the kind of conflict of interest." in response.content.decode()
    assert not ConflictDeclaration.objects.exists()


def test_after_a_declared_conflict_every_page_is_404_and_the_list_forgets_it(
    application, office, reviewer
) -> None:
    # R12: the next request for that dossier is 404; a score POST is refused (docs/testing.md,
    # faults every release must survive).
    ready(application, reviewer, office)
    client = logged_in(reviewer)
    assert client.get(urls(application)["dossier"]).status_code == 200
    assert (
        application.organisation.name in client.get(reverse("accounts:dashboard")).content.decode()
    )
    response = client.post(
        urls(application)["declare"],
        {"has_conflict": "yes", "kind": ConflictKind.ADVISORY, "note": "曾提供咨询"},
    )
    assert response["Location"] == reverse("accounts:dashboard")
    assert client.get(urls(application)["dossier"]).status_code == 404
    assert client.get(urls(application)["declare"]).status_code == 404
    assert client.get(urls(application)["score"]).status_code == 404
    assert client.post(urls(application)["score"], score_post(application, 90)).status_code == 404
    assert not Review.objects.exists()
    entry = DecisionLogEntry.objects.get(action="review.conflict")
    assert (entry.actor, entry.object_id, entry.reason) == (
        reviewer,
        str(application.pk),
        "曾提供咨询",
    )
    assert (
        application.organisation.name
        not in client.get(reverse("accounts:dashboard")).content.decode()
    )


# --- the dossier ------------------------------------------------------------------------------


def test_dossier_shows_fields_tags_attachments_and_the_viewer(
    application, office, reviewer
) -> None:
    application.tag_digital_economy = True
    application.save()
    secret = Attachment.objects.create(
        application=application,
        kind="self_assessment",
        file="attachments/x.pdf",
        original_name="自评报告.pdf",
        content_type="application/pdf",
        size=2048,
        sha256="0" * 64,
        is_secret=True,
    )
    ready(application, reviewer, office)
    response = logged_in(reviewer).get(urls(application)["dossier"])
    body = response.content.decode()
    assert response.status_code == 200
    assert application.main_products in body
    assert "Digital-economy organisation" in body
    assert f'href="/files/{secret.pk}/"' in body
    assert "Business/technical secret" in body
    assert "Viewed by 王专家" in body
    assert f'href="{urls(application)["score"]}"' in body


# Not named "page": that is pytest-playwright's fixture, and borrowing its name pulls in its
# session-scoped browser parametrisation, which reorders the suite around the browser tests.
@pytest.mark.parametrize("which", ["declare", "dossier", "score"])
def test_outsiders_get_404_on_every_expert_page(application, office, reviewer, which) -> None:
    ready(application, reviewer, office)
    outsiders = [
        expert_user(),  # an unassigned expert of the same programme
        office,  # the office reads dossiers elsewhere and never scores
        leading_group_user(),
        applicant_user(application.organisation),
    ]
    for user in outsiders:
        client = logged_in(user)
        assert client.get(urls(application)[which]).status_code == 404
        assert client.post(urls(application)[which], score_post(application, 50)).status_code == 404
    assert not Review.objects.exists()
    assert not ConflictDeclaration.objects.exclude(expert__user=reviewer).exists()


def test_anonymous_is_sent_to_log_in(application) -> None:
    response = Client().get(urls(application)["dossier"])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# --- scoring -----------------------------------------------------------------------------------


def test_score_form_shows_items_bands_and_the_script(application, office, reviewer) -> None:
    ready(application, reviewer, office)
    response = logged_in(reviewer).get(urls(application)["score"])
    body = response.content.decode()
    assert response.status_code == 200
    first = items_of(application.round)[0]
    assert f'name="percent_{first.pk}"' in body
    assert f'data-points="{first.points}"' in body
    assert 'label="30–45% Effective, systematic approach to basic requirements' in body
    assert 'label="30–45% Improvements or good levels in many areas' in body  # results items
    assert '<option value="35">35%</option>' in body
    assert "/static/js/score.js" in body
    assert body.count('name="action"') == 2


def test_saving_a_draft_then_submitting(application, office, reviewer) -> None:
    ready(application, reviewer, office)
    client = logged_in(reviewer)
    response = client.post(urls(application)["score"], score_post(application, 55))
    assert response["Location"] == urls(application)["score"]
    review = Review.objects.get()
    assert (review.status, review.total, review.summary) == (
        ReviewStatus.DRAFT,
        Decimal("550.0"),
        "总体良好",
    )
    assert review.feedback.count() == 7
    response = client.post(urls(application)["score"], score_post(application, 60, "submit"))
    assert response["Location"] == urls(application)["dossier"]
    review.refresh_from_db()
    assert (review.status, review.total) == (ReviewStatus.SUBMITTED, Decimal("600.0"))
    # Read-only afterwards; a POST is refused (visible, not actionable: 403).
    page = client.get(urls(application)["score"]).content.decode()
    assert "Save draft" not in page
    assert "A submitted review can no longer change." in page
    assert client.post(urls(application)["score"], score_post(application, 90)).status_code == 403
    review.refresh_from_db()
    assert review.total == Decimal("600.0")


def test_a_percentage_off_the_steps_is_refused_with_a_message(
    application, office, reviewer
) -> None:
    ready(application, reviewer, office)
    response = logged_in(reviewer).post(urls(application)["score"], score_post(application, 33))
    assert response.status_code == 200
    assert "Percentages go in steps of 5 from 0 to 100." in response.content.decode()
    assert not Review.objects.exists()


def test_submitting_an_incomplete_review_saves_nothing(application, office, reviewer) -> None:
    ready(application, reviewer, office)
    data = score_post(application, 50, "submit")
    last = items_of(application.round)[-1]
    data[f"percent_{last.pk}"] = ""
    response = logged_in(reviewer).post(urls(application)["score"], data)
    assert response.status_code == 200
    assert "Score every item before submitting; missing: 4.7.7." in response.content.decode()
    assert not Review.objects.exists()


def test_unknown_stage_is_404_and_the_wrong_stage_403(application, office, reviewer) -> None:
    ready(application, reviewer, office)
    client = logged_in(reviewer)
    assert client.get(f"/review/{application.pk}/consensus/score/").status_code == 404
    site = reverse("reviews:score", args=[application.pk, SITE])
    assert client.get(site).status_code == 403
    assert client.post(site, score_post(application, 50)).status_code == 403


def test_site_review_scores_in_site_review(office, reviewer) -> None:
    round = review_round(RoundStage.MATERIAL_REVIEW)
    app = eligible(round)
    ready(app, reviewer, office)
    score(app, reviewer, MATERIAL, 70)
    services.select_for_site_review(round, actor=office)
    client = logged_in(reviewer)
    site = reverse("reviews:score", args=[app.pk, SITE])
    assert client.post(site, score_post(app, 65, "submit")).status_code == 302
    assert Review.objects.get(stage=SITE).total == Decimal("650.0")
    # The material review is still readable, read-only.
    page = client.get(reverse("reviews:score", args=[app.pk, MATERIAL]))
    assert page.status_code == 200
    assert "Save draft" not in page.content.decode()


# --- the dashboard section ------------------------------------------------------------------


def test_dashboard_section_links_the_next_step(application, office, reviewer) -> None:
    services.assign_expert(application, profile(reviewer), actor=office)
    client = logged_in(reviewer)
    body = client.get(reverse("accounts:dashboard")).content.decode()
    assert f"/rounds/{application.round_id}/commitment/?next=" in body
    sign_commitment(application.round, user=reviewer)
    body = client.get(reverse("accounts:dashboard")).content.decode()
    assert f'href="{urls(application)["declare"]}"' in body
    services.declare_conflict(application, profile(reviewer), actor=reviewer, has_conflict=False)
    body = client.get(reverse("accounts:dashboard")).content.decode()
    assert f'href="{urls(application)["score"]}"' in body


def test_dashboard_page_query_count_is_the_same_for_1_and_5_assignments(
    office, reviewer, django_assert_num_queries
) -> None:
    # The section itself is exactly 4 queries (test_selectors); the page around it must not
    # add any per assignment either.
    round = review_round()
    client = logged_in(reviewer)
    ready(eligible(round), reviewer, office)
    client.get(reverse("accounts:dashboard"))  # warm the session
    one = count_queries(client, reverse("accounts:dashboard"), 'class="expert-task"', 1)
    for _n in range(4):
        ready(eligible(round), reviewer, office)
    with django_assert_num_queries(one):
        count_queries(client, reverse("accounts:dashboard"), 'class="expert-task"', 5)


def count_queries(client: Client, url: str, row_marker: str, rows: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count(row_marker) == rows
    return len(captured)
