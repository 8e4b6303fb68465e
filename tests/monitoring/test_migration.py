"""The annual reports and re-assessments moved from the grants app to the monitoring app
without touching a row.

The demo database is loaded, migrated back to the layout before the move and forward again:
both tables (and the re-assessment team's) keep every row, the attachments and the grants
still reach them, the content types follow the models, and the decision log's older rows
(written under the grants label) still belong to the report's history."""

from __future__ import annotations

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from decisionlog.selectors import decisions_for_object
from decisionlog.services import record_decision
from monitoring.models import AnnualReport, ReAssessment

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MOVED_TABLES = [
    "grants_annualreport",
    "grants_reassessment",
    "grants_reassessment_team",
    "monitoring_annualreportattachment",
]
BEFORE_THE_MOVE = [
    ("monitoring", "0001_initial"),
    ("grants", "0008_sanctions_move_to_their_app"),
]


# Columns added to the moved tables after the move: absent in the layout before it.
ADDED_AFTER_THE_MOVE = {"grants_annualreport": {"draft_saved_at"}}


def _rows() -> dict[str, list[tuple[object, ...]]]:
    """Every row of the moved tables, in the columns both layouts have."""
    with connection.cursor() as cursor:
        found = {}
        for table in MOVED_TABLES:
            cursor.execute(f"SELECT * FROM {table} ORDER BY 1")
            names = [column[0] for column in cursor.description]
            kept = [
                i for i, name in enumerate(names) if name not in ADDED_AFTER_THE_MOVE.get(table, ())
            ]
            found[table] = [tuple(row[i] for i in kept) for row in cursor.fetchall()]
        return found


def test_the_demo_database_moves_the_obligations_to_monitoring_with_every_row() -> None:
    call_command("load_demo", stdout=io.StringIO())
    before = _rows()
    for table in ("grants_annualreport", "grants_reassessment"):
        assert before[table], f"the demo has rows in {table}"

    for app, name in BEFORE_THE_MOVE:
        call_command("migrate", app, name, verbosity=0, stdout=io.StringIO())
    for model in ("annualreport", "reassessment"):
        assert ContentType.objects.filter(app_label="grants", model=model).exists()
    assert _rows() == before
    # A decision logged before the move names the report under the grants app.
    old_apps = MigrationExecutor(connection).loader.project_state(BEFORE_THE_MOVE).apps
    old_report = old_apps.get_model("grants", "AnnualReport").objects.order_by("pk").first()
    logged_before = record_decision(actor=None, action="annual_report.file", obj=old_report)
    assert logged_before.object_type == "grants.AnnualReport"

    call_command("migrate", verbosity=0, stdout=io.StringIO())
    assert _rows() == before
    for model in ("annualreport", "reassessment"):
        assert not ContentType.objects.filter(app_label="grants", model=model).exists()
        assert ContentType.objects.filter(app_label="monitoring", model=model).exists()
    assert ContentType.objects.get_for_model(AnnualReport).app_label == "monitoring"
    assert AnnualReport.objects.count() == len(before["grants_annualreport"])
    assert ReAssessment.objects.count() == len(before["grants_reassessment"])
    report = AnnualReport.objects.get(pk=old_report.pk)
    assert report.grant.annual_reports.filter(pk=report.pk).exists()
    assessment = ReAssessment.objects.first()
    assert assessment is not None and assessment.grant.reassessments.exists()
    assert logged_before in decisions_for_object(report)
