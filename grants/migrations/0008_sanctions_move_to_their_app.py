# Incidents, revocation cases, bans, fraud bar cases, notices of bans and recoveries now live
# in the sanctions app under the same table names: the old model states go, and the content
# types follow the models (admin history and permissions keep pointing at the same rows). The
# grants' own references to them moved with them (they were all among the moved models). No
# table is created, copied or dropped.

from django.db import migrations

MOVED = ["incident", "bannotice", "fraudrecovery", "ban", "fraudbarcase", "revocation"]


def content_types_follow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="grants", model__in=MOVED).update(app_label="sanctions")


def content_types_go_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="sanctions", model__in=MOVED).update(app_label="grants")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("grants", "0007_reassessment_team_in_experts"),
        ("sanctions", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="Incident"),
                migrations.DeleteModel(name="BanNotice"),
                migrations.DeleteModel(name="FraudRecovery"),
                migrations.DeleteModel(name="Ban"),
                migrations.DeleteModel(name="FraudBarCase"),
                migrations.DeleteModel(name="Revocation"),
            ],
        ),
        migrations.RunPython(content_types_follow, content_types_go_back),
    ]
