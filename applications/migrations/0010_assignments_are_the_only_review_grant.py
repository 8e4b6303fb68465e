"""The review assignment (reviews.Assignment) is the one record of which expert reviews which
application: django-guardian's per-object table that mirrored it goes (reviews 0008 first
withdrew any assignment it did not back), with the two model permissions nothing checked and
the table's content type and permissions (as ``remove_stale_contenttypes`` would)."""

from django.db import migrations

UNUSED_PERMISSIONS = ("review_application", "recommend_application")


def delete_stale_permissions(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="applications",
        content_type__model="application",
        codename__in=UNUSED_PERMISSIONS,
    ).delete()
    ContentType.objects.filter(
        app_label="applications", model="applicationuserobjectpermission"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0009_consultation_reply_letter"),
        ("reviews", "0008_withdraw_assignments_without_grant"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="application",
            options={
                "ordering": ["round", "organisation__name"],
                "verbose_name": "application",
                "verbose_name_plural": "applications",
            },
        ),
        migrations.DeleteModel(name="ApplicationUserObjectPermission"),
        migrations.RunPython(delete_stale_permissions, migrations.RunPython.noop),
    ]
