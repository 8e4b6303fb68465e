"""The office's review hub and calibrated view page their application tables (a round may
hold a thousand applications): every application is on exactly one page."""

from __future__ import annotations

from django.urls import reverse

from awards.services import sign_commitment
from reviews.views import reports as views_reports
from reviews.views import review as views
from tests.reviews.helpers import eligible, ready
from tests.reviews.test_calibration import varied
from tests.reviews.views.test_expert import logged_in


def test_the_assignment_table_is_paged(monkeypatch, round, office) -> None:
    monkeypatch.setattr(views, "ASSIGNMENT_PAGE_SIZE", 2)
    names = [f"{n}号公司" for n in range(5)]
    for name in names:
        eligible(round, name=name)
    client = logged_in(office)
    url = reverse("reviews:round_review", args=[round.pk])
    seen = []
    for page in (1, 2, 3):
        body = client.get(url, {"page": page}).content.decode()
        assert body.count('class="assignment-row') == (2 if page < 3 else 1)
        seen += [n for n in names if f'<td><div class="fw-semibold">{n}</div>' in body]
    assert sorted(seen) == sorted(names)
    assert 'id="assignment-pages"' in body


def test_the_calibrated_view_is_paged(monkeypatch, round, office, reviewer) -> None:
    monkeypatch.setattr(views_reports, "CALIBRATION_PAGE_SIZE", 1)
    apps = [eligible(round, name=f"{n}号公司") for n in range(2)]
    for n, app in enumerate(apps):
        ready(app, reviewer, office)
        varied(app, reviewer, 30 + 10 * n)
    sign_commitment(round, user=office)
    client = logged_in(office)
    url = reverse("reviews:calibration", args=[round.pk, "material"])
    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()
    assert first.count('class="calibration-row"') == second.count('class="calibration-row"') == 1
    assert "0号公司" in first and "1号公司" in second
    # The reviewers' table is computed over every application whatever the page.
    assert first.count('class="reviewer-row"') == second.count('class="reviewer-row"') == 1
