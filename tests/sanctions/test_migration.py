"""Incidents, revocation cases, bans, fraud bar cases, notices and recoveries moved from the
grants app to the sanctions app without touching a row.

The demo database is loaded, migrated back to the layout before the move and forward again:
every moved table keeps every row, the grants' and organisations' references still resolve,
the content types follow the models, and the decision log's older rows (written under the
grants label) still belong to the object's history."""

from __future__ import annotations

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from decisionlog.selectors import decisions_for_object
from decisionlog.services import record_decision
from sanctions.enums import AwardBody, RevocationGround
from sanctions.models import Ban, FraudBarCase, Incident, Revocation
from sanctions.services.follow_up import record_ban_notice
from tests.factories import office_user
from tests.sanctions.test_revocation import revoke, valid_grant

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MOVED_TABLES = [
    "grants_revocation",
    "grants_ban",
    "grants_fraudbarcase",
    "grants_incident",
    "grants_bannotice",
    "grants_fraudrecovery",
]
MOVED_MODELS = ["revocation", "ban", "fraudbarcase", "incident", "bannotice", "fraudrecovery"]
BEFORE_THE_MOVE = [("grants", "0007_reassessment_team_in_experts")]


# Columns added by the sanctions app's later migrations, absent before the move.
ADDED_AFTER_THE_MOVE = {"grants_revocation": {"occurred_on"}, "grants_ban": {"programme_id"}}


def _rows() -> dict[str, list[tuple[object, ...]]]:
    """The rows of the moved tables, in the columns they had at the move."""
    with connection.cursor() as cursor:
        found = {}
        for table in MOVED_TABLES:
            columns = [
                column.name
                for column in connection.introspection.get_table_description(cursor, table)
                if column.name not in ADDED_AFTER_THE_MOVE.get(table, set())
            ]
            names = ", ".join(connection.ops.quote_name(name) for name in columns)
            cursor.execute(f"SELECT {names} FROM {table} ORDER BY 1")
            found[table] = cursor.fetchall()
        return found


def _a_revocation_for_fraud_with_its_notice() -> None:
    """The demo revokes nothing: one fraud revocation gives a case, its ban, its recovery and
    a notice to the provincial body."""
    case = revoke(valid_grant(), RevocationGround.FRAUD)
    record_ban_notice(
        Ban.objects.get(revocation=case),
        actor=office_user(),
        body=AwardBody.PROVINCIAL,
        sent_on=case.decided_on,
        reference="赣质奖办函〔2032〕1号",
    )


def test_the_demo_database_moves_to_the_sanctions_app_with_every_row() -> None:
    call_command("load_demo", stdout=io.StringIO())
    _a_revocation_for_fraud_with_its_notice()
    before = _rows()
    for table in MOVED_TABLES:
        assert before[table], f"rows in {table}"

    call_command("migrate", "sanctions", "zero", verbosity=0, stdout=io.StringIO())
    for app, name in BEFORE_THE_MOVE:
        call_command("migrate", app, name, verbosity=0, stdout=io.StringIO())
    for model in MOVED_MODELS:
        assert ContentType.objects.filter(app_label="grants", model=model).exists()
    assert _rows() == before
    # A decision logged before the move names the case under the grants app.
    old_apps = MigrationExecutor(connection).loader.project_state(BEFORE_THE_MOVE).apps
    old_case = old_apps.get_model("grants", "Revocation").objects.order_by("pk").first()
    logged_before = record_decision(actor=None, action="revocation.open", obj=old_case)
    assert logged_before.object_type == "grants.Revocation"

    call_command("migrate", verbosity=0, stdout=io.StringIO())
    assert _rows() == before
    for model in MOVED_MODELS:
        assert not ContentType.objects.filter(app_label="grants", model=model).exists()
        assert ContentType.objects.filter(app_label="sanctions", model=model).exists()
    assert ContentType.objects.get_for_model(Revocation).app_label == "sanctions"
    assert Revocation.objects.count() == len(before["grants_revocation"])
    assert Ban.objects.count() == len(before["grants_ban"])
    case = Revocation.objects.get(pk=old_case.pk)
    assert case.grant.revocations.filter(pk=case.pk).exists()
    ban = Ban.objects.select_related("organisation").first()
    assert ban is not None and ban.organisation.bans.filter(pk=ban.pk).exists()
    assert Incident.objects.filter(grant__isnull=False).first().grant.incidents.exists()
    assert FraudBarCase.objects.first().application.fraud_bar_case is not None
    assert logged_before in decisions_for_object(case)
    # Art. 28, 30: the bars moved back and forth take the programme of their case's round.
    for ban in Ban.objects.select_related(
        "revocation__grant__round", "fraud_case__application__round"
    ):
        cause_round = (
            ban.revocation.grant.round if ban.revocation else ban.fraud_case.application.round
        )
        assert ban.programme_id == cause_round.programme_id
