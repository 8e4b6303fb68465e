"""An office key reads what the office's pages show of its programme: applications with their
eligibility, the composite ranking, approvals, grants, obligations, revocations and bars;
never another programme's; query counts flat in the page size."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.enums import KeyScope
from applications.enums import ApplicationStatus
from awards.enums import RoundStage
from publicity.enums import PlenaryOutcome
from publicity.models import Objection, PlenaryDecision, PlenaryMeeting
from tests.api.helpers import issue, keyed
from tests.api.objects import publicity, winner
from tests.awards.helpers import (
    check_all_conditions,
    eligibility_round,
    other_programme,
    other_programme_office,
    signed,
    submitted_application,
)
from tests.factories import ApplicationFactory, RoundFactory, department, liaison_user, office_user

pytestmark = pytest.mark.django_db

V1 = "/api/v1/office"


def _office() -> tuple[Client, object]:
    office = office_user()
    return keyed(issue(office)), office


def test_applications_with_status_and_eligibility_of_the_programme_only() -> None:
    client, office = _office()
    own = submitted_application(eligibility_round())
    check_all_conditions(own, office)  # type: ignore[arg-type]
    submitted_application(eligibility_round(programme=other_programme()))
    body = client.get(f"{V1}/applications/").json()
    assert [row["id"] for row in body["results"]] == [own.pk]
    row = body["results"][0]
    assert row["status"] == "submitted"
    assert len(row["eligibility_checks"]) == len(own.eligibility_checks.all())
    assert all(check["met"] for check in row["eligibility_checks"])


def test_applications_filter_by_round_and_status() -> None:
    client, _office_user = _office()
    round = eligibility_round()
    submitted_application(round)
    ApplicationFactory(round=round, status=ApplicationStatus.DRAFT)
    assert client.get(f"{V1}/applications/?round={round.pk}").json()["count"] == 2
    assert client.get(f"{V1}/applications/?status=draft").json()["count"] == 1
    bad = client.get(f"{V1}/applications/?status=nonsense")
    assert (bad.status_code, list(bad.json()["fields"])) == (400, ["status"])


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("path", "make"),
    [
        ("/applications/", lambda office: submitted_application(eligibility_round())),
        ("/grants/", lambda office: winner(number=f"N-{ApplicationFactory().pk}")),
        ("/obligations/", lambda office: winner(number=f"N-{ApplicationFactory().pk}")),
    ],
)
def test_list_queries_are_flat_in_the_page_size(path: str, make: Callable[..., object]) -> None:
    client, office = _office()
    counts = []
    for size in (2, 12):
        while len(client.get(f"{V1}{path}?page_size=50").json()["results"]) < size:
            make(office)
        counts.append(_queries(client, f"{V1}{path}?page_size={size}"))
    assert counts[0] == counts[1]


def test_the_ranking_needs_the_signed_commitment_and_the_programme() -> None:
    client, office = _office()
    round = RoundFactory(stage=RoundStage.DELIBERATION)
    ranked = ApplicationFactory(
        round=round,
        status=ApplicationStatus.PROPOSED,
        composite_score="88.50",
        sector_rank=1,
        proposed_level="prize",
    )
    assert client.get(f"{V1}/rounds/{round.pk}/ranking/").status_code == 404
    signed(office, round)  # type: ignore[arg-type]
    body = client.get(f"{V1}/rounds/{round.pk}/ranking/").json()
    rows = [row for sector in body["sectors"] for row in sector["rows"]]
    assert [(r["application_id"], r["composite_score"]) for r in rows] == [(ranked.pk, "88.50")]
    theirs = RoundFactory(stage=RoundStage.DELIBERATION, programme=other_programme())
    signed(office, theirs)  # type: ignore[arg-type]
    assert client.get(f"{V1}/rounds/{theirs.pk}/ranking/").status_code == 404


def test_grants_approvals_and_obligations_of_the_programme_only() -> None:
    client, _office_user = _office()
    own = winner(number="OWN-1")
    winner(RoundFactory(stage=RoundStage.PUBLISHED, programme=other_programme()), number="OTH-1")
    grants = client.get(f"{V1}/grants/").json()["results"]
    assert [(g["id"], g["certificate_number"], g["state"]) for g in grants] == [
        (own.pk, "OWN-1", "valid")
    ]
    approvals = client.get(f"{V1}/approvals/").json()["results"]
    assert [a["id"] for a in approvals] == [own.approval_id]
    obligations = client.get(f"{V1}/obligations/").json()["results"]
    assert [o["grant_id"] for o in obligations] == [own.pk]


def test_another_programmes_office_key_sees_none_of_it() -> None:
    winner(number="OWN-1")
    submitted_application(eligibility_round())
    client = keyed(issue(other_programme_office(), prog=other_programme()))
    for path in ("/applications/", "/grants/", "/approvals/", "/obligations/", "/revocations/"):
        assert client.get(f"{V1}{path}").json()["count"] == 0, path


def test_a_department_key_does_not_reach_the_office_endpoints() -> None:
    liaison = liaison_user(department("tax"))
    client = keyed(issue(office_user(), scope=KeyScope.DEPARTMENT, liaison=liaison))
    response = client.get(f"{V1}/applications/")
    assert (response.status_code, response.json()["detail"]) == (
        403,
        "该接口密钥的适用范围不包括此接口。",
    )


def test_an_office_key_stops_when_its_account_leaves_the_office() -> None:
    client, office = _office()
    office.programme_roles.update(active=False)  # type: ignore[attr-defined]
    assert client.get(f"{V1}/applications/").status_code == 401


def _plenary_and_objection(round):  # type: ignore[no-untyped-def]
    period = publicity(round)
    application = period.applications.get()
    meeting = PlenaryMeeting.objects.create(
        round=round,
        held_on=timezone.localdate(),
        members_total=9,
        members_present=8,
        recorded_by=office_user(),
    )
    PlenaryDecision.objects.create(
        meeting=meeting,
        application=application,
        level="prize",
        outcome=PlenaryOutcome.values[0],
        votes_agree=7,
        votes_disagree=1,
    )
    Objection.objects.create(
        publicity=period,
        application=application,
        receipt_number=f"YY-2030-{round.pk:03d}",
        objector_name="张三",
        objector_phone="13800000000",
        grounds="产品抽检不合格",
    )
    return application


def test_plenaries_and_objections_of_a_round_of_the_programme() -> None:
    client, _office_user = _office()
    round = RoundFactory(stage=RoundStage.PUBLICITY)
    application = _plenary_and_objection(round)
    plenaries = client.get(f"{V1}/rounds/{round.pk}/plenaries/").json()["results"]
    assert [(d["application_id"], d["votes_agree"]) for d in plenaries[0]["decisions"]] == [
        (application.pk, 7)
    ]
    objections = client.get(f"{V1}/rounds/{round.pk}/objections/").json()["results"]
    assert [o["receipt_number"] for o in objections] == [f"YY-2030-{round.pk:03d}"]
    assert "张三" not in str(objections) and "13800000000" not in str(objections)
    theirs = RoundFactory(stage=RoundStage.PUBLICITY, programme=other_programme())
    _plenary_and_objection(theirs)
    for path in ("plenaries", "objections"):
        assert client.get(f"{V1}/rounds/{theirs.pk}/{path}/").status_code == 404
