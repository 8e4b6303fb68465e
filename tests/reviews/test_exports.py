"""Excel and PDF exports of expert review: the rows each holds, and the rows it must never
hold (R12: a conflicted or withdrawn expert, a draft, another round); who may download
(office, leading group for the composite report; outsiders 404; commitment first)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.enums import Role
from awards.models import ConfidentialityCommitment
from awards.services import sign_commitment
from common.documents import render_pdf
from reviews import exports
from reviews.enums import ConflictKind
from reviews.services import review as services
from tests.factories import UserFactory, expert_user, grant_role, leading_group_user
from tests.reviews.helpers import (
    MATERIAL,
    all_scores,
    eligible,
    items_of,
    other_programme,
    profile,
    ready,
    review_round,
    score,
)
from tests.reviews.views.test_expert import logged_in
from tests.reviews.views.test_office import composite_round


def sheet_rows(data: bytes, sheet: str | int = 0) -> list[tuple]:
    book = load_workbook(io.BytesIO(data))
    ws = book.worksheets[sheet] if isinstance(sheet, int) else book[sheet]
    return list(ws.iter_rows(values_only=True))


def text_of(rows: list[tuple]) -> str:
    return "\n".join(" ".join("" if v is None else str(v) for v in row) for row in rows)


@pytest.fixture
def scored(round, office, application, reviewer):
    """One application with a reviewer in good standing, a conflicted one (its review
    submitted before the conflict came to light), a withdrawn one, and a draft; plus another
    round's application with its own review."""
    score(application, reviewer, MATERIAL, 60)
    conflicted = expert_user(full_name="冲突专家")
    ready(application, conflicted, office)
    score(application, conflicted, MATERIAL, 95)
    services.declare_conflict(
        application, profile(conflicted), actor=office, has_conflict=True, kind=ConflictKind.FAMILY
    )
    withdrawn = expert_user(full_name="撤回专家")
    ready(application, withdrawn, office)
    score(application, withdrawn, MATERIAL, 90)
    assignment = application.assignments.get(expert=profile(withdrawn), withdrawn_at__isnull=True)
    services.withdraw_assignment(assignment, actor=office, reason="回避")
    drafting = expert_user(full_name="草稿专家")
    ready(application, drafting, office)
    services.save_review(
        application,
        profile(drafting),
        MATERIAL,
        actor=drafting,
        scores=all_scores(round, 40),
    )
    other_round = review_round(year=round.year + 2)
    elsewhere = eligible(other_round, name="别届公司")
    other_expert = expert_user(full_name="别届专家")
    ready(elsewhere, other_expert, office)
    score(elsewhere, other_expert, MATERIAL, 70)
    return application


@pytest.fixture
def ready_reviewer(application, reviewer, office):
    ready(application, reviewer, office)
    return reviewer


def test_scores_workbook_holds_every_item_of_visible_reviews_only(
    round, ready_reviewer, scored
) -> None:
    rows = sheet_rows(exports.scores_workbook(round), 0)
    body = text_of(rows)
    assert len(rows) == 1 + len(items_of(round))  # the header and one row per item
    assert "王专家" in body and "赣州稀土新材料股份有限公司" in body
    for hidden in ("冲突专家", "撤回专家", "草稿专家", "别届公司", "别届专家"):
        assert hidden not in body
    first = rows[1]
    assert first[8] == 60 and first[11] == 600.0  # percentage, review total


def test_material_report_workbook_and_pdf_leave_out_conflicted_experts(
    round, office, ready_reviewer, scored
) -> None:
    rows = sheet_rows(exports.material_report_workbook(round), 0)
    body = text_of(rows)
    assert "王专家 600.0" in body
    assert "not decided yet" in body
    for hidden in ("冲突专家", "撤回专家", "草稿专家", "别届公司"):
        assert hidden not in body
    html = exports.material_report_html(round)
    assert "王专家" in html and "冲突专家" not in html and "撤回专家" not in html
    source = exports.material_report_source(round.pk, None)
    assert source is not None and "王专家" in source.html and "冲突专家" not in source.html
    assert render_pdf(source.html, stylesheets=source.stylesheets).startswith(b"%PDF")


def test_material_report_after_the_selection_shows_it_with_the_reason(
    round, office, ready_reviewer, application
) -> None:
    score(application, ready_reviewer, MATERIAL, 30)
    low = eligible(round, name="低分公司")
    ready(low, ready_reviewer, office)
    score(low, ready_reviewer, MATERIAL, 20)
    services.select_for_site_review(
        round, actor=office, application_ids=[application.pk], reason="按排名择优"
    )
    rows = sheet_rows(exports.material_report_workbook(round), 0)
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name["赣州稀土新材料股份有限公司"][0] == 1
    assert by_name["赣州稀土新材料股份有限公司"][-1] == "selected"
    assert by_name["低分公司"][-1] == "not selected"
    assert sheet_rows(exports.material_report_workbook(round), 1)[1][1] == "按排名择优"


def test_composite_workbook_ranks_the_candidates(office, reviewer) -> None:
    round = composite_round(office, reviewer)
    rows = sheet_rows(exports.composite_report_workbook(round), 0)
    body = text_of(rows)
    assert "0号公司" in body and "1号公司" in body
    quota = text_of(sheet_rows(exports.composite_report_workbook(round), 1))
    assert "Total" in quota


def test_cells_that_look_like_formulas_are_kept_as_text() -> None:
    assert exports._cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert exports._cell("-1") == "'-1"


# --- who downloads -------------------------------------------------------------------------------


def urls(round) -> list[str]:
    return [
        reverse("reviews:export_scores", args=[round.pk]),
        reverse("reviews:export_material_report", args=[round.pk, "xlsx"]),
        reverse("reviews:export_material_report", args=[round.pk, "pdf"]),
        reverse("reviews:export_composite_report", args=[round.pk]),
    ]


def test_the_office_downloads_after_signing(round, office, ready_reviewer, scored) -> None:
    client = logged_in(office)
    for url in urls(round):
        response = client.get(url)
        assert response.status_code == 302 and "commitment" in response["Location"]
    sign_commitment(round, user=office)
    for url in urls(round):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "attachment" in response["Content-Disposition"]
    hub = client.get(reverse("reviews:round_review", args=[round.pk])).content.decode()
    for url in urls(round):
        assert url in hub


def test_outsiders_get_404(round, office, ready_reviewer, scored) -> None:
    county = grant_role(UserFactory(), Role.OFFICE, prog=other_programme())
    member = leading_group_user()
    for user in (county, member, ready_reviewer):
        ConfidentialityCommitment.objects.get_or_create(
            round=round, user=user, defaults={"text": "承诺"}
        )
    for outsider in (county, ready_reviewer):
        client = logged_in(outsider)
        for url in urls(round):
            assert client.get(url).status_code == 404, url
    # The leading group reads the composite report, not the office's score exports.
    client = logged_in(member)
    *office_only, composite = urls(round)
    for url in office_only:
        assert client.get(url).status_code == 404, url
    assert client.get(composite).status_code == 200
    assert (
        logged_in(office)
        .get(reverse("reviews:export_material_report", args=[round.pk, "doc"]))
        .status_code
        == 404
    )
