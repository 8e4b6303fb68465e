"""R5 / Art. 13(1): a programme's registration area (the divisions whose organisations may
apply), a rule setting a round keeps. Existing programmes and the rounds already open keep no
restriction: their copy of the rules says so."""

from django.db import migrations, models


def keep_open_rounds_unrestricted(apps, schema_editor):  # type: ignore[no-untyped-def]
    """A round already open ran without a registration area: its copy of the rules says so
    (an empty area). No row is removed."""
    Round = apps.get_model("awards", "Round")
    for round in Round.objects.exclude(stage="draft"):
        if not round.rule_settings or "registration_area" in round.rule_settings:
            continue
        kept = dict(round.rule_settings)
        kept["registration_area"] = []
        Round.objects.filter(pk=round.pk).update(rule_settings=kept)


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0019_programme_leading_group_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="awardprogramme",
            name="registration_area",
            field=models.JSONField(blank=True, default=list, verbose_name="registration area"),
        ),
        migrations.RunPython(keep_open_rounds_unrestricted, migrations.RunPython.noop),
    ]
