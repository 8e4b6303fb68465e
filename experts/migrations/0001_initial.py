# The expert pool moves out of the reviews app. Its tables keep their names (db_table), so
# this migration changes Django's state only: no table is created, copied or dropped.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("awards", "0004_self_assessment_limit"),
        ("reviews", "0008_withdraw_assignments_without_grant"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="ReviewAgency",
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
                        ("name", models.CharField(max_length=200, verbose_name="name")),
                        (
                            "credit_code",
                            models.CharField(
                                blank=True, max_length=18, verbose_name="unified social credit code"
                            ),
                        ),
                        (
                            "contact_name",
                            models.CharField(blank=True, max_length=50, verbose_name="contact"),
                        ),
                        (
                            "phone",
                            models.CharField(blank=True, max_length=30, verbose_name="phone"),
                        ),
                        (
                            "contract",
                            models.CharField(blank=True, max_length=300, verbose_name="contract"),
                        ),
                        (
                            "contract_until",
                            models.DateField(blank=True, null=True, verbose_name="contract until"),
                        ),
                        ("active", models.BooleanField(default=True, verbose_name="active")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "programmes",
                            models.ManyToManyField(
                                blank=True,
                                related_name="agencies",
                                to="awards.awardprogramme",
                                verbose_name="programmes",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "review agency",
                        "verbose_name_plural": "review agencies",
                        "ordering": ["name", "pk"],
                        "indexes": [],
                        "constraints": [],
                        "db_table": "reviews_reviewagency",
                    },
                ),
                migrations.CreateModel(
                    name="ExpertProfile",
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
                        ("name", models.CharField(max_length=50, verbose_name="name")),
                        ("employer", models.CharField(max_length=200, verbose_name="employer")),
                        (
                            "employer_credit_code",
                            models.CharField(
                                blank=True,
                                max_length=18,
                                verbose_name="employer's unified social credit code",
                            ),
                        ),
                        (
                            "title",
                            models.CharField(
                                blank=True, max_length=100, verbose_name="professional title"
                            ),
                        ),
                        (
                            "specialties",
                            models.CharField(
                                blank=True, max_length=300, verbose_name="specialties"
                            ),
                        ),
                        (
                            "industries",
                            models.CharField(blank=True, max_length=300, verbose_name="industries"),
                        ),
                        (
                            "phone",
                            models.CharField(blank=True, max_length=30, verbose_name="phone"),
                        ),
                        (
                            "email",
                            models.EmailField(blank=True, max_length=254, verbose_name="e-mail"),
                        ),
                        ("active", models.BooleanField(default=True, verbose_name="active")),
                        (
                            "programmes",
                            models.ManyToManyField(
                                blank=True,
                                related_name="experts",
                                to="awards.awardprogramme",
                                verbose_name="programmes",
                            ),
                        ),
                        (
                            "user",
                            models.OneToOneField(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="expert_profile",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "qualifications",
                            models.CharField(
                                blank=True, max_length=300, verbose_name="qualifications"
                            ),
                        ),
                        (
                            "region",
                            models.CharField(blank=True, max_length=100, verbose_name="region"),
                        ),
                        (
                            "agency",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="experts",
                                to="experts.reviewagency",
                                verbose_name="review agency",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "expert",
                        "verbose_name_plural": "expert pool",
                        "ordering": ["name"],
                        "indexes": [],
                        "constraints": [],
                        "db_table": "reviews_expertprofile",
                    },
                ),
                migrations.CreateModel(
                    name="ExpertFormerEmployer",
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
                            "employer",
                            models.CharField(max_length=200, verbose_name="former employer"),
                        ),
                        (
                            "credit_code",
                            models.CharField(
                                blank=True, max_length=18, verbose_name="unified social credit code"
                            ),
                        ),
                        ("from_date", models.DateField(blank=True, null=True, verbose_name="from")),
                        ("to_date", models.DateField(verbose_name="to")),
                        (
                            "expert",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="former_employers",
                                to="experts.expertprofile",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "former employer",
                        "verbose_name_plural": "former employers",
                        "ordering": ["-to_date"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("from_date__isnull", True),
                                    ("from_date__lte", models.F("to_date")),
                                    _connector="OR",
                                ),
                                name="former_employer_dates_in_order",
                            )
                        ],
                        "indexes": [],
                        "db_table": "reviews_expertformeremployer",
                    },
                ),
                migrations.CreateModel(
                    name="ExpertDisqualification",
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
                        ("reason", models.TextField(verbose_name="reason")),
                        (
                            "proposed_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="proposed at"),
                        ),
                        (
                            "decided_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="decided at"),
                        ),
                        (
                            "decision",
                            models.CharField(
                                choices=[
                                    ("pending", "Awaiting the leading group"),
                                    ("confirmed", "Confirmed"),
                                    ("rejected", "Rejected"),
                                ],
                                default="pending",
                                max_length=10,
                                verbose_name="decision",
                            ),
                        ),
                        (
                            "decision_note",
                            models.TextField(blank=True, verbose_name="decision note"),
                        ),
                        (
                            "referral_note",
                            models.TextField(blank=True, verbose_name="referral to the employer"),
                        ),
                        (
                            "referred_on",
                            models.DateField(blank=True, null=True, verbose_name="referred on"),
                        ),
                        (
                            "decided_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "expert",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="disqualifications",
                                to="experts.expertprofile",
                            ),
                        ),
                        (
                            "programme",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="awards.awardprogramme",
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
                    ],
                    options={
                        "verbose_name": "expert disqualification",
                        "verbose_name_plural": "expert disqualifications",
                        "ordering": ["-proposed_at", "-pk"],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("decision", "pending")),
                                fields=("expert",),
                                name="one_pending_disqualification",
                            )
                        ],
                        "indexes": [],
                        "db_table": "reviews_expertdisqualification",
                    },
                ),
                migrations.CreateModel(
                    name="AgencyDisqualification",
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
                        ("reason", models.TextField(verbose_name="reason")),
                        (
                            "proposed_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="proposed at"),
                        ),
                        (
                            "decided_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="decided at"),
                        ),
                        (
                            "decision",
                            models.CharField(
                                choices=[
                                    ("pending", "Awaiting the leading group"),
                                    ("confirmed", "Confirmed"),
                                    ("rejected", "Rejected"),
                                ],
                                default="pending",
                                max_length=10,
                                verbose_name="decision",
                            ),
                        ),
                        (
                            "decision_note",
                            models.TextField(blank=True, verbose_name="decision note"),
                        ),
                        ("referral_note", models.TextField(blank=True, verbose_name="referral")),
                        (
                            "referred_on",
                            models.DateField(blank=True, null=True, verbose_name="referred on"),
                        ),
                        (
                            "decided_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "programme",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="awards.awardprogramme",
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
                            "agency",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="disqualifications",
                                to="experts.reviewagency",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "agency disqualification",
                        "verbose_name_plural": "agency disqualifications",
                        "ordering": ["-proposed_at", "-pk"],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("decision", "pending")),
                                fields=("agency",),
                                name="one_pending_agency_disqualification",
                            )
                        ],
                        "indexes": [],
                        "db_table": "reviews_agencydisqualification",
                    },
                ),
            ],
        ),
    ]
