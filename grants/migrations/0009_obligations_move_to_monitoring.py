# The annual reports and re-assessments now live in the monitoring app under the same table
# names: the old model states go, and the content types follow the models (admin history and
# permissions keep pointing at the same rows). No table is created, copied or dropped.

from django.db import migrations

MOVED = ["annualreport", "reassessment"]


def content_types_follow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="grants", model__in=MOVED).update(app_label="monitoring")


def content_types_go_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="monitoring", model__in=MOVED).update(app_label="grants")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("grants", "0008_sanctions_move_to_their_app"),
        ("monitoring", "0002_annual_reports_and_reassessments_from_grants"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="AnnualReport"),
                migrations.DeleteModel(name="ReAssessment"),
            ],
        ),
        migrations.RunPython(content_types_follow, content_types_go_back),
    ]
