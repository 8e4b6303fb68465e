"""The expert pool moved from the reviews app to the experts app without touching a row.

The demo database is loaded, migrated back to the layout before the move and forward again:
every table of the pool keeps every row, the review's references still resolve, the content
types follow the models, and the decision log's older rows (written under the reviews label)
still belong to the expert's history."""

from __future__ import annotations

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from decisionlog.selectors import decisions_for_object
from decisionlog.services import record_decision
from experts.models import ExpertProfile

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

POOL_TABLES = [
    "reviews_reviewagency",
    "reviews_expertprofile",
    "reviews_expertprofile_programmes",
    "reviews_expertformeremployer",
    "reviews_expertdisqualification",
    "reviews_agencydisqualification",
    "reviews_reviewgroup_members",
    "reviews_assignment",
    "grants_reassessment_team",
]
BEFORE_THE_MOVE = [
    ("reviews", "0008_withdraw_assignments_without_grant"),
    ("grants", "0006_fraud_bar_case"),
]


# Columns added after the move (the owning programme): absent in the layout before it.
ADDED_SINCE = {"owner_id", "programme_id"}


def _rows(*, without: set[str] | None = None) -> dict[str, list[tuple[object, ...]]]:
    with connection.cursor() as cursor:
        found = {}
        for table in POOL_TABLES:
            cursor.execute(f"SELECT * FROM {table} ORDER BY 1")
            names = [column[0] for column in cursor.description]
            keep = [i for i, name in enumerate(names) if name not in (without or set())]
            found[table] = [tuple(row[i] for i in keep) for row in cursor.fetchall()]
        return found


def _migrate(*targets: tuple[str, str]) -> None:
    for app, name in targets:
        call_command("migrate", app, name, verbosity=0, stdout=io.StringIO())


def test_the_demo_database_moves_to_the_experts_app_with_every_row() -> None:
    call_command("load_demo", stdout=io.StringIO())
    before = _rows()
    before_the_new_columns = _rows(without=ADDED_SINCE)
    assert before["reviews_expertprofile"], "the demo has experts"
    assert before["reviews_assignment"], "the demo has assignments"

    _migrate(("experts", "zero"), *BEFORE_THE_MOVE)
    assert ContentType.objects.filter(app_label="reviews", model="expertprofile").exists()
    assert _rows(without=ADDED_SINCE) == before_the_new_columns
    # A decision logged before the move names the expert under the reviews app.
    old_apps = MigrationExecutor(connection).loader.project_state(BEFORE_THE_MOVE).apps
    old_expert = old_apps.get_model("reviews", "ExpertProfile").objects.order_by("pk").first()
    logged_before = record_decision(actor=None, action="pool.update", obj=old_expert)
    assert logged_before.object_type == "reviews.ExpertProfile"

    call_command("migrate", verbosity=0, stdout=io.StringIO())
    assert _rows(without=ADDED_SINCE) == before_the_new_columns
    # The columns added since are filled again by their migration's rule: each expert is owned
    # by a programme whose pool it is in, and its former employers recorded by that programme.
    for expert in ExpertProfile.objects.prefetch_related("programmes"):
        pools = {programme.pk for programme in expert.programmes.all()}
        assert expert.owner_id in pools or (not pools and expert.owner_id is None)
    assert not ContentType.objects.filter(app_label="reviews", model="expertprofile").exists()
    assert ContentType.objects.get_for_model(ExpertProfile).app_label == "experts"
    assert ExpertProfile.objects.count() == len(before["reviews_expertprofile"])
    expert = ExpertProfile.objects.filter(assignments__isnull=False).first()
    assert expert is not None and expert.assignments.exists()
    moved = ExpertProfile.objects.get(pk=old_expert.pk)
    assert logged_before in decisions_for_object(moved)
