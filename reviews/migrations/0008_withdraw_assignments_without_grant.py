"""Before the per-object permission table goes (applications 0010): an active assignment whose
expert had no ``review_application`` row gave that expert nothing, because the review
predicates required both. Such an assignment is withdrawn here with that reason, so that from
now on, when the assignment alone counts, every expert sees exactly what it saw before."""

from django.db import migrations
from django.db.models import Exists, OuterRef
from django.utils import timezone

REASON = "Withdrawn on migration: the expert held no review permission for this application."


def withdraw_assignments_without_grant(apps, schema_editor):
    Assignment = apps.get_model("reviews", "Assignment")
    Grant = apps.get_model("applications", "ApplicationUserObjectPermission")
    granted = Grant.objects.filter(
        user_id=OuterRef("expert__user_id"),
        content_object_id=OuterRef("application_id"),
        permission__codename="review_application",
        permission__content_type__app_label="applications",
    )
    Assignment.objects.filter(withdrawn_at__isnull=True, expert__user__isnull=False).exclude(
        Exists(granted)
    ).update(withdrawn_at=timezone.now(), withdrawn_reason=REASON)


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0007_review_deadlines"),
        ("applications", "0009_consultation_reply_letter"),
    ]

    operations = [
        migrations.RunPython(withdraw_assignments_without_grant, migrations.RunPython.noop),
    ]
