# The choices as both label changes leave them.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0012_merge_condition_labels"),
    ]

    operations = [
        migrations.AlterField(
            model_name="eligibilitycheck",
            name="condition",
            field=models.CharField(
                choices=[
                    (
                        "c1",
                        "(1) Registered in the city, legal person, 3+ years of lawful operation",
                    ),
                    ("c2", "(2) Industry policy, environment, energy, safety, quality, licences"),
                    ("c3", "(3) GB/T 19001 certification 3+ years; excellence model 2+ years"),
                    (
                        "c4",
                        "(4) Leading indicators, safety standardisation level 3+, profitable 2 years",
                    ),
                    ("c5", "(5) Distinctive, improving quality record worth spreading"),
                    (
                        "c6",
                        "(6) Social responsibility, integrity and reputation: none of the adverse records Art. 13(6) lists in the last 3 years",
                    ),
                    (
                        "sec",
                        "Sector bucket: GB/T 4754 section C is manufacturing, every other the second",
                    ),
                    (
                        "inv",
                        "Office investigation of the quality record and public reputation (Art. 11(5))",
                    ),
                ],
                max_length=4,
                verbose_name="condition",
            ),
        ),
    ]
