"""The migration that drops django-guardian's review grants keeps every expert's access as it
was: an active assignment backed by a grant stays, one without its grant (which opened nothing)
is withdrawn with the reason, and the unused permissions and content type go."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from reviews.models import Assignment
from reviews.permissions import can_open_dossier
from tests.factories import expert_user
from tests.reviews.helpers import eligible, ready, review_round

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [
    ("applications", "0009_consultation_reply_letter"),
    ("reviews", "0007_review_deadlines"),
]


def _migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection)


def test_an_assignment_without_its_grant_is_withdrawn_and_the_rest_keep_their_access(
    office,  # type: ignore[no-untyped-def]
) -> None:
    round = review_round()
    backed, unbacked = expert_user(username="backed"), expert_user(username="unbacked")
    application = eligible(round, name="赣州迁移测试有限公司")
    ready(application, backed, office)
    ready(application, unbacked, office)
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = _migrate(BEFORE).loader.project_state(BEFORE).apps
        content_type = old.get_model("contenttypes", "ContentType").objects.get(
            app_label="applications", model="application"
        )
        permission = old.get_model("auth", "Permission").objects.create(
            codename="review_application", name="Can review", content_type_id=content_type.pk
        )
        old.get_model("applications", "ApplicationUserObjectPermission").objects.create(
            user_id=backed.pk, permission_id=permission.pk, content_object_id=application.pk
        )
    finally:
        _migrate(latest)

    assert can_open_dossier(backed, application) is True
    assert can_open_dossier(unbacked, application) is False
    kept, withdrawn = (Assignment.objects.get(expert__user=user) for user in (backed, unbacked))
    assert (kept.withdrawn_at, kept.withdrawn_reason) == (None, "")
    assert withdrawn.withdrawn_at is not None
    assert withdrawn.withdrawn_reason == (
        "Withdrawn on migration: the expert held no review permission for this application."
    )
    assert not Permission.objects.filter(codename="review_application").exists()
    assert not ContentType.objects.filter(model="applicationuserobjectpermission").exists()
