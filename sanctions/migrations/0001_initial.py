# Incidents, revocation cases, bans, fraud bar cases, notices of bans and recoveries move out
# of the grants app. Their tables keep their names (db_table), so this migration changes
# Django's state only: no table is created, copied or dropped.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("applications", "0010_assignments_are_the_only_review_grant"),
        ("awards", "0004_self_assessment_limit"),
        ("grants", "0007_reassessment_team_in_experts"),
        ("organisations", "0005_recommender_active_and_programmes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Revocation",
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
                        (
                            "ground",
                            models.CharField(
                                choices=[
                                    (
                                        "accident",
                                        "(1) Responsibility accident of grade 较大 or above",
                                    ),
                                    (
                                        "quality",
                                        "(2) Major quality problem dealt with by a regulator",
                                    ),
                                    (
                                        "losses",
                                        "(3) Serious operating losses in 2 consecutive years",
                                    ),
                                    (
                                        "tax",
                                        "(4) Major tax dishonesty or another serious violation",
                                    ),
                                    ("other", "(5) Other serious breach of the award's purpose"),
                                    ("fraud", "Fraud in the application (Art. 28)"),
                                ],
                                max_length=20,
                                verbose_name="ground",
                            ),
                        ),
                        ("evidence", models.TextField(verbose_name="evidence")),
                        (
                            "organisation_response",
                            models.TextField(blank=True, verbose_name="organisation's response"),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("proposed", "Proposed by the office"),
                                    ("revoked", "Revoked by the municipal government"),
                                    ("rejected", "Not revoked"),
                                ],
                                default="proposed",
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        ("proposed_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "decided_on",
                            models.DateField(blank=True, null=True, verbose_name="decision date"),
                        ),
                        (
                            "document_number",
                            models.CharField(
                                blank=True, max_length=100, verbose_name="document number"
                            ),
                        ),
                        (
                            "grant",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="revocations",
                                to="grants.awardgrant",
                            ),
                        ),
                        (
                            "proposed_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "accident_grade",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("extraordinary", "Extraordinarily serious (特别重大)"),
                                    ("serious", "Serious (重大)"),
                                    ("major", "Major (较大)"),
                                    ("ordinary", "Ordinary (一般)"),
                                ],
                                max_length=20,
                                verbose_name="accident grade",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "revocation",
                        "verbose_name_plural": "revocations",
                        "indexes": [],
                        "constraints": [],
                        "db_table": "grants_revocation",
                    },
                ),
                migrations.CreateModel(
                    name="FraudBarCase",
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
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "Bar to be decided"),
                                    ("no_bar", "No bar"),
                                    ("proposed", "Bar proposed to the municipal government"),
                                    ("barred", "Barred by the municipal government"),
                                ],
                                default="pending",
                                max_length=20,
                                verbose_name="status",
                            ),
                        ),
                        ("reason", models.TextField(blank=True, verbose_name="reason")),
                        (
                            "decided_on",
                            models.DateField(blank=True, null=True, verbose_name="decided on"),
                        ),
                        (
                            "document_number",
                            models.CharField(
                                blank=True, max_length=100, verbose_name="document number"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "application",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="fraud_bar_case",
                                to="applications.application",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "bar decision after fraud",
                        "verbose_name_plural": "bar decisions after fraud",
                        "indexes": [],
                        "constraints": [],
                        "db_table": "grants_fraudbarcase",
                    },
                ),
                migrations.CreateModel(
                    name="Ban",
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
                        (
                            "reason",
                            models.CharField(
                                choices=[
                                    ("fraud", "Fraud (Art. 28): 10 years"),
                                    ("revocation", "Revocation (Art. 30): 5 years"),
                                ],
                                max_length=20,
                                verbose_name="reason",
                            ),
                        ),
                        ("starts_on", models.DateField(verbose_name="from")),
                        ("ends_on", models.DateField(verbose_name="until")),
                        ("note", models.TextField(blank=True, verbose_name="note")),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="bans",
                                to="organisations.organisation",
                            ),
                        ),
                        (
                            "revocation",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                to="sanctions.revocation",
                            ),
                        ),
                        (
                            "fraud_case",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                to="sanctions.fraudbarcase",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "ban",
                        "verbose_name_plural": "bans",
                        "ordering": ["-ends_on"],
                        "indexes": [],
                        "constraints": [],
                        "db_table": "grants_ban",
                    },
                ),
                migrations.CreateModel(
                    name="Incident",
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
                        (
                            "source",
                            models.CharField(
                                choices=[
                                    ("department", "Department"),
                                    ("public", "Public report"),
                                    ("office", "Office's own finding"),
                                ],
                                max_length=20,
                                verbose_name="source",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("accident", "Accident"),
                                    ("penalty", "Administrative penalty"),
                                    ("spot_check", "Failed spot check"),
                                    ("complaint", "Quality complaint"),
                                    ("misuse", "Misuse of the title or mark"),
                                    ("forgery", "Forged certificate"),
                                    ("other", "Other"),
                                ],
                                max_length=20,
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "occurred_on",
                            models.DateField(blank=True, null=True, verbose_name="occurred on"),
                        ),
                        ("description", models.TextField(verbose_name="description")),
                        (
                            "reporter_name",
                            models.CharField(
                                blank=True, max_length=100, verbose_name="reporter's name"
                            ),
                        ),
                        (
                            "reporter_contact",
                            models.CharField(
                                blank=True, max_length=100, verbose_name="reporter's contact"
                            ),
                        ),
                        ("ip_address", models.GenericIPAddressField(blank=True, null=True)),
                        (
                            "receipt_number",
                            models.CharField(
                                max_length=30, unique=True, verbose_name="receipt number"
                            ),
                        ),
                        ("received_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("received", "Received"),
                                    ("no_action", "Closed without action"),
                                    ("case_opened", "Revocation case opened"),
                                ],
                                default="received",
                                max_length=20,
                                verbose_name="status",
                            ),
                        ),
                        ("office_note", models.TextField(blank=True, verbose_name="office's note")),
                        (
                            "department",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="organisations.department",
                                verbose_name="department",
                            ),
                        ),
                        (
                            "grant",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="incidents",
                                to="grants.awardgrant",
                            ),
                        ),
                        (
                            "reported_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "revocation",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="sanctions.revocation",
                            ),
                        ),
                        (
                            "certificate_number",
                            models.CharField(
                                blank=True,
                                max_length=40,
                                verbose_name="certificate number named by the reporter",
                            ),
                        ),
                        (
                            "named_organisation",
                            models.CharField(
                                blank=True,
                                max_length=200,
                                verbose_name="organisation named by the reporter",
                            ),
                        ),
                        (
                            "programme",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="awards.awardprogramme",
                                verbose_name="award programme",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "incident",
                        "verbose_name_plural": "incidents",
                        "ordering": ["-received_at", "-pk"],
                        "indexes": [],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("grant__isnull", False),
                                    ("programme__isnull", False),
                                    _connector="OR",
                                ),
                                name="incident_about_a_grant_or_programme",
                            )
                        ],
                        "db_table": "grants_incident",
                    },
                ),
                migrations.CreateModel(
                    name="BanNotice",
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
                        (
                            "body",
                            models.CharField(
                                choices=[
                                    (
                                        "provincial",
                                        "Jiangxi Jinggang Quality Award office (江西省井冈质量奖)",
                                    ),
                                    ("national", "China Quality Award office (中国质量奖)"),
                                ],
                                max_length=20,
                                verbose_name="award body",
                            ),
                        ),
                        ("sent_on", models.DateField(verbose_name="sent on")),
                        ("reference", models.CharField(max_length=100, verbose_name="reference")),
                        ("recorded_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "ban",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="notices",
                                to="sanctions.ban",
                            ),
                        ),
                        (
                            "recorded_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "notice to an award body",
                        "verbose_name_plural": "notices to award bodies",
                        "ordering": ["sent_on", "pk"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("ban", "body"), name="one_notice_per_body"
                            )
                        ],
                        "indexes": [],
                        "db_table": "grants_bannotice",
                    },
                ),
                migrations.CreateModel(
                    name="FraudRecovery",
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
                        (
                            "amount_due",
                            models.DecimalField(
                                decimal_places=2,
                                max_digits=12,
                                verbose_name="prize money to recover (CNY)",
                            ),
                        ),
                        ("due_on", models.DateField(blank=True, null=True, verbose_name="due on")),
                        (
                            "recovered_amount",
                            models.DecimalField(
                                decimal_places=2,
                                default=0,
                                max_digits=12,
                                verbose_name="recovered (CNY)",
                            ),
                        ),
                        (
                            "recovered_on",
                            models.DateField(blank=True, null=True, verbose_name="recovered on"),
                        ),
                        (
                            "plaque_returned_on",
                            models.DateField(
                                blank=True, null=True, verbose_name="plaque returned on"
                            ),
                        ),
                        (
                            "certificate_returned_on",
                            models.DateField(
                                blank=True, null=True, verbose_name="certificate returned on"
                            ),
                        ),
                        (
                            "revocation",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="recovery",
                                to="sanctions.revocation",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "fraud recovery",
                        "verbose_name_plural": "fraud recoveries",
                        "indexes": [],
                        "constraints": [],
                        "db_table": "grants_fraudrecovery",
                    },
                ),
            ],
        ),
    ]
