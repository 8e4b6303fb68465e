from django.db import migrations, models


def attach_to_programmes(apps, schema_editor):
    """Existing units join the programmes that use them (a role or an application naming
    them); a unit used nowhere joins every programme, as every unit was offered everywhere."""
    Recommender = apps.get_model("organisations", "Recommender")
    AwardProgramme = apps.get_model("awards", "AwardProgramme")
    ProgrammeRole = apps.get_model("accounts", "ProgrammeRole")
    Application = apps.get_model("applications", "Application")
    every = list(AwardProgramme.objects.values_list("pk", flat=True))
    for unit in Recommender.objects.all():
        used = set(
            ProgrammeRole.objects.filter(recommender=unit).values_list("programme_id", flat=True)
        ) | set(
            Application.objects.filter(recommender=unit).values_list(
                "round__programme_id", flat=True
            )
        )
        unit.programmes.set(sorted(used) or every)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
        ("applications", "0001_initial"),
        ("awards", "0004_self_assessment_limit"),
        ("organisations", "0004_recommender_industry_scope"),
    ]

    operations = [
        migrations.AddField(
            model_name="recommender",
            name="active",
            field=models.BooleanField(default=True, verbose_name="active"),
        ),
        migrations.AddField(
            model_name="recommender",
            name="programmes",
            field=models.ManyToManyField(
                blank=True,
                related_name="recommenders",
                to="awards.awardprogramme",
                verbose_name="programmes",
            ),
        ),
        migrations.RunPython(attach_to_programmes, migrations.RunPython.noop),
    ]
