# The annual quality performance reports and the re-assessments join the rest of the winners'
# obligations in the monitoring app. Their tables keep their names (db_table), so this migration
# changes Django's state only: no table is created, copied or dropped. The attachments of an
# annual report now point at the report here.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("experts", "0001_initial"),
        ("grants", "0008_sanctions_move_to_their_app"),
        ("monitoring", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="AnnualReport",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                        ("due_on", models.DateField(verbose_name="due on")),
                        ("body", models.TextField(blank=True, verbose_name="report")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("due", "Due"),
                                    ("submitted", "Submitted"),
                                    ("accepted", "Accepted"),
                                    ("returned", "Returned for revision"),
                                ],
                                default="due",
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        ("submitted_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "office_comment",
                            models.TextField(blank=True, verbose_name="office comment"),
                        ),
                        (
                            "grant",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="annual_reports",
                                to="grants.awardgrant",
                            ),
                        ),
                        (
                            "improvements",
                            models.TextField(blank=True, verbose_name="improvements made"),
                        ),
                        (
                            "key_indicators",
                            models.TextField(blank=True, verbose_name="key quality indicators"),
                        ),
                        ("reminded_after_at", models.DateTimeField(blank=True, null=True)),
                        ("reminded_before_at", models.DateTimeField(blank=True, null=True)),
                        ("reminded_on_at", models.DateTimeField(blank=True, null=True)),
                        ("reviewed_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "reviewed_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "submitted_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "annual quality performance report",
                        "verbose_name_plural": "annual quality performance reports",
                        "ordering": ["grant", "year"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("grant", "year"), name="one_report_per_year"
                            )
                        ],
                        "indexes": [],
                        "db_table": "grants_annualreport",
                    },
                ),
                migrations.CreateModel(
                    name="ReAssessment",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("scheduled_on", models.DateField(verbose_name="scheduled on")),
                        ("findings", models.TextField(blank=True, verbose_name="findings")),
                        (
                            "result",
                            models.CharField(
                                choices=[
                                    ("pending", "Scheduled"),
                                    ("maintained", "Maintained"),
                                    ("improvement", "Improvement required"),
                                    ("grounds", "Grounds for revocation"),
                                ],
                                default="pending",
                                max_length=20,
                                verbose_name="result",
                            ),
                        ),
                        (
                            "grant",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="reassessments",
                                to="grants.awardgrant",
                            ),
                        ),
                        (
                            "team",
                            models.ManyToManyField(
                                blank=True, to="experts.expertprofile", verbose_name="team"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "re-assessment",
                        "verbose_name_plural": "re-assessments",
                        "ordering": ["scheduled_on"],
                        "indexes": [],
                        "constraints": [],
                        "db_table": "grants_reassessment",
                    },
                ),
                migrations.AlterField(
                    model_name="annualreportattachment",
                    name="report",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="attachments",
                        to="monitoring.annualreport",
                    ),
                ),
            ],
        ),
    ]
