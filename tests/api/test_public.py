"""Public endpoints: no key, rate-limited, the same answers as the public pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from awards.enums import RoundStage
from grants.enums import GrantStatus
from tests.api.objects import publicity, winner
from tests.factories import RoundFactory

pytestmark = pytest.mark.django_db

V1 = "/api/v1"


def _get(client: Client, path: str) -> dict:  # type: ignore[type-arg]
    response = client.get(f"{V1}{path}")
    assert response.status_code == 200, response.content
    return response.json()


def test_rounds_show_stage_and_dates_and_never_a_draft(client: Client) -> None:
    published = RoundFactory(stage=RoundStage.APPLICATION, title="2030年度市长质量奖")
    RoundFactory(stage=RoundStage.DRAFT, title="草稿")
    body = _get(client, "/rounds/")
    assert [r["title"] for r in body["results"]] == ["2030年度市长质量奖"]
    row = body["results"][0]
    with translation.override("zh-hans"):
        label = str(RoundStage.APPLICATION.label)
    assert (row["id"], row["stage"], row["stage_label"]) == (published.pk, "application", label)
    assert row["applications_close_at"] is not None
    assert [p["slug"] for p in _get(client, "/programmes/")["results"]] == [
        published.programme.slug
    ]


def test_rounds_filter_by_stage(client: Client) -> None:
    RoundFactory(stage=RoundStage.APPLICATION)
    RoundFactory(stage=RoundStage.PUBLISHED)
    assert _get(client, "/rounds/?stage=published")["count"] == 1


def test_a_bad_filter_value_is_a_clear_error_in_chinese(client: Client) -> None:
    response = client.get(f"{V1}/rounds/?stage=nonsense")
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["detail"]) == ("invalid", "请求内容有误，请查看各字段的说明。")
    assert list(body["fields"]) == ["stage"]


def test_errors_in_english_with_the_language_cookie(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(f"{V1}/rounds/?stage=nonsense")
    assert response.json()["detail"] == "The request is not valid: see the fields."


def test_the_call_notice_of_a_draft_is_not_found(client: Client) -> None:
    draft = RoundFactory(stage=RoundStage.DRAFT)
    live = RoundFactory(stage=RoundStage.APPLICATION, call_notice="申报通知全文")
    assert client.get(f"{V1}/rounds/{draft.pk}/call-notice/").status_code == 404
    body = _get(client, f"/rounds/{live.pk}/call-notice/")
    assert body["call_notice"] == "申报通知全文"
    assert isinstance(body["required_documents"], list)


def test_publicity_lists_are_public_during_their_period_only(client: Client) -> None:
    open_period = publicity(applications=2)
    closed = publicity(open_now=False)
    body = _get(client, "/publicity/")
    assert [p["id"] for p in body["results"]] == [open_period.pk]
    assert len(body["results"][0]["entries"]) == 2
    assert set(body["results"][0]["entries"][0]) == {
        "organisation",
        "sector",
        "sector_label",
        "proposed_level",
        "proposed_level_label",
        "removed_after_objection",
    }
    assert client.get(f"{V1}/publicity/{closed.pk}/").status_code == 404
    assert _get(client, f"/publicity/{open_period.pk}/")["id"] == open_period.pk


def test_winners_of_published_rounds_with_their_validity(client: Client) -> None:
    valid = winner(number="GZZLJ-2030-A-001-AAAA")
    lapsed = winner(
        number="GZZLJ-2030-A-002-BBBB", valid_until=timezone.localdate() - timedelta(days=1)
    )
    winner(RoundFactory(stage=RoundStage.APPROVAL), number="GZZLJ-2030-A-003-CCCC")
    states = {row["id"]: row["state"] for row in _get(client, "/winners/")["results"]}
    assert states == {valid.pk: "valid", lapsed.pk: "expired"}
    assert _get(client, f"/winners/?round={valid.round_id}")["count"] == 1


def test_certificate_verification_answers_as_the_public_page(client: Client) -> None:
    grant = winner(number="GZZLJ-2030-A-001-ABCD")
    body = _get(client, "/certificates/gzzlj-2030-a-001-abcd/")
    assert body == {
        "number": "GZZLJ-2030-A-001-ABCD",
        "organisation": grant.organisation.name,
        "year": grant.round.year,
        "programme": grant.round.programme.name,
        "level": "prize",
        "level_label": body["level_label"],
        "approval_meeting": "市政府第12次常务会议",
        "approval_document_number": "赣市府字〔2030〕1号",
        "approved_on": grant.approved_on.isoformat(),
        "valid_until": grant.valid_until.isoformat(),
        "state": "valid",
        "revoked_on": None,
    }


def test_a_revoked_certificate_says_when(client: Client) -> None:
    winner(number="GZZLJ-2030-A-009-REVK", status=GrantStatus.REVOKED)
    body = _get(client, "/certificates/GZZLJ-2030-A-009-REVK/")
    assert (body["state"], body["revoked_on"]) == ("revoked", timezone.localdate().isoformat())


def test_an_unknown_certificate_number_is_not_found_in_chinese(client: Client) -> None:
    response = client.get(f"{V1}/certificates/GZZLJ-0000/")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "detail": "没有该编号的证书。"}


def test_public_endpoints_are_rate_limited_per_address(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.API_PUBLIC_RATE_LIMIT = 2
    assert [client.get(f"{V1}/programmes/").status_code for _ in range(3)] == [200, 200, 429]
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.get(f"{V1}/programmes/").status_code == 200


@pytest.mark.parametrize(
    ("path", "make"),
    [
        ("/winners/", lambda n: winner(number=f"GZZLJ-2030-A-{n:03d}-QQQQ")),
        ("/publicity/", lambda n: publicity(applications=2)),
        ("/rounds/", lambda n: RoundFactory(stage=RoundStage.APPLICATION)),
    ],
)
def test_public_list_queries_are_flat_in_the_page_size(path, make, client: Client) -> None:  # type: ignore[no-untyped-def]
    counts = []
    made = 0
    client.get(f"{V1}{path}")  # the rate limit's first count creates its row
    for size in (2, 12):
        while made < size:
            make(made)
            made += 1
        with CaptureQueriesContext(connection) as captured:
            body = _get(client, f"{path}?page_size={size}")
        assert len(body["results"]) == size
        counts.append(len(captured))
    assert counts[0] == counts[1]
