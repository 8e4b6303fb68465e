# The re-assessment team's experts now live in the experts app (same table): state only.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("experts", "0001_initial"),
        ("grants", "0006_fraud_bar_case"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="reassessment",
                    name="team",
                    field=models.ManyToManyField(
                        blank=True, to="experts.expertprofile", verbose_name="team"
                    ),
                ),
            ],
        ),
    ]
