"""R2 / Art. 6: an application's sector bucket is named as the rules its round kept name it,
on every page, export and API answer; a programme that renames the manufacturing bucket
(工业企业) sees its own name, not the 2022 measures' 制造业, and a later change of the
programme's rules leaves the round's name as it was. The names are worked out once per round:
a list costs the same queries at two sizes."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from applications.enums import ApplicationStatus
from archives.sheets import application_rows
from awards.buckets import MANUFACTURING, SERVICE, default_bucket_json
from awards.enums import PrizeLevel, RoundStage
from awards.models import AwardProgramme, Round
from awards.rulesets import rule_settings_snapshot
from tests.api.objects import publicity
from tests.factories import ApplicationFactory, RoundFactory, office_user, programme

pytestmark = pytest.mark.django_db

RENAMED = "工业企业"


def _renamed_buckets() -> list[dict[str, Any]]:
    buckets = default_bucket_json()
    buckets[0]["name"] = RENAMED
    return buckets


def _round(stage: str) -> Round:
    """A round that kept rules renaming the manufacturing bucket; the programme's rules have
    since gone back to the 2022 measures' names."""
    prog = programme()
    AwardProgramme.objects.filter(pk=prog.pk).update(sector_buckets=_renamed_buckets())
    kept = rule_settings_snapshot(AwardProgramme.objects.get(pk=prog.pk))
    AwardProgramme.objects.filter(pk=prog.pk).update(sector_buckets=default_bucket_json())
    return RoundFactory(stage=stage, rule_settings=kept)


def _application(round: Round, sector: str = MANUFACTURING, **fields: Any) -> Any:
    return ApplicationFactory(round=round, sector=sector, **fields)


def test_the_application_names_its_bucket_as_its_round_kept_it() -> None:
    round = _round(RoundStage.ELIGIBILITY)
    made = _application(round)
    service = _application(round, SERVICE)
    with translation.override("zh-hans"):
        assert made.get_sector_display() == RENAMED
        # The bucket the rules did not rename keeps the interface's label.
        assert service.get_sector_display() == "服务业（含医疗、教育）、工程等"
    # A round under the 2022 measures' names still shows 制造业.
    other = _application(RoundFactory(rule_settings=rule_settings_snapshot(programme())))
    with translation.override("zh-hans"):
        assert other.get_sector_display() == "制造业"


def test_the_office_list_shows_the_round_s_name_at_the_same_cost(
    client: Client, django_assert_num_queries: Any
) -> None:
    round = _round(RoundStage.ELIGIBILITY)
    _application(round, status=ApplicationStatus.SUBMITTED)
    client.force_login(office_user())
    url = reverse("applications:office_list", args=[round.pk])
    client.get(url)
    with django_assert_num_queries(8) as small:
        body = client.get(url).content.decode()
    assert RENAMED in body
    assert "<td>制造业" not in body
    for _ in range(5):
        _application(round, status=ApplicationStatus.SUBMITTED)
    with django_assert_num_queries(len(small.captured_queries)):
        body = client.get(url).content.decode()
    assert body.count(RENAMED) >= 6


def test_the_archive_s_application_sheet_names_the_round_s_bucket() -> None:
    round = _round(RoundStage.PUBLISHED)
    _application(round)
    _application(round, SERVICE)
    with translation.override("zh-hans"):
        sectors = sorted(row[3] for row in application_rows(Round.objects.get(pk=round.pk)))
    assert sectors == sorted([RENAMED, "服务业（含医疗、教育）、工程等"])


def test_the_public_api_and_notice_name_the_round_s_bucket(client: Client) -> None:
    round = _round(RoundStage.PUBLICITY)
    period = publicity(round, applications=0)
    period.applications.add(
        _application(round, status="proposed", proposed_level=PrizeLevel.PRIZE),
        _application(round, status="proposed", proposed_level=PrizeLevel.PRIZE),
    )
    body = client.get("/api/v1/publicity/", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    entries = body["results"][0]["entries"]
    assert [(e["sector"], e["sector_label"]) for e in entries] == [(MANUFACTURING, RENAMED)] * 2
    notice = client.get(reverse("publicity:notice", args=[period.pk])).content.decode()
    assert f"<td>{RENAMED}</td>" in notice
