# The expert pool (profiles, agencies, former employers, disqualifications) now lives in the
# experts app under the same table names: the review's references point there, the old model
# states go, and the content types follow the models (admin history and permissions keep
# pointing at the same rows). No table is created, copied or dropped.

import django.db.models.deletion
from django.db import migrations, models

MOVED = [
    "reviewagency",
    "expertprofile",
    "expertformeremployer",
    "expertdisqualification",
    "agencydisqualification",
]


def content_types_follow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="reviews", model__in=MOVED).update(app_label="experts")


def content_types_go_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="experts", model__in=MOVED).update(app_label="reviews")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("experts", "0001_initial"),
        ("grants", "0007_reassessment_team_in_experts"),
        ("reviews", "0008_withdraw_assignments_without_grant"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="reviewgroup",
                    name="leader",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="led_groups",
                        to="experts.expertprofile",
                        verbose_name="group leader",
                    ),
                ),
                migrations.AlterField(
                    model_name="reviewgroup",
                    name="members",
                    field=models.ManyToManyField(
                        blank=True, related_name="review_groups", to="experts.expertprofile"
                    ),
                ),
                migrations.AlterField(
                    model_name="assignment",
                    name="expert",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="assignments",
                        to="experts.expertprofile",
                    ),
                ),
                migrations.AlterField(
                    model_name="conflictdeclaration",
                    name="expert",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="declarations",
                        to="experts.expertprofile",
                    ),
                ),
                migrations.AlterField(
                    model_name="review",
                    name="expert",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="reviews",
                        to="experts.expertprofile",
                    ),
                ),
                migrations.AlterField(
                    model_name="sitevisitnote",
                    name="author",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="experts.expertprofile",
                    ),
                ),
                migrations.DeleteModel(name="ExpertDisqualification"),
                migrations.DeleteModel(name="AgencyDisqualification"),
                migrations.DeleteModel(name="ExpertFormerEmployer"),
                migrations.DeleteModel(name="ExpertProfile"),
                migrations.DeleteModel(name="ReviewAgency"),
            ],
        ),
        migrations.RunPython(content_types_follow, content_types_go_back),
    ]
