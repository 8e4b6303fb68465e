"""R8 / Art. 28, 30: the programmes whose bars a programme honours become a rule setting a round
keeps (``honoured_bar_programmes``, their ids) in place of the many-to-many table (removed by the next migration). Each
programme keeps the programmes it honoured; a round already open ran under them, so its copy
of the rules names them too. No bar and no round is removed."""

from django.db import migrations, models


def copy_honoured_bars(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Each programme's honoured programmes into its rules, and into the copy kept by each of
    its rounds already open that has none."""
    AwardProgramme = apps.get_model("awards", "AwardProgramme")
    Round = apps.get_model("awards", "Round")
    for programme in AwardProgramme.objects.all():
        honoured = sorted(programme.honours_bars_of.values_list("pk", flat=True))
        AwardProgramme.objects.filter(pk=programme.pk).update(honoured_bar_programmes=honoured)
        for round in Round.objects.filter(programme=programme).exclude(stage="draft"):
            if not round.rule_settings or "honoured_bar_programmes" in round.rule_settings:
                continue
            kept = dict(round.rule_settings)
            kept["honoured_bar_programmes"] = honoured
            Round.objects.filter(pk=round.pk).update(rule_settings=kept)


def copy_back_honoured_bars(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Backwards: the programmes' current setting into the many-to-many table again."""
    AwardProgramme = apps.get_model("awards", "AwardProgramme")
    known = set(AwardProgramme.objects.values_list("pk", flat=True))
    for programme in AwardProgramme.objects.all():
        honoured = [pk for pk in programme.honoured_bar_programmes or [] if pk in known]
        programme.honours_bars_of.set(honoured)


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0023_versioned_round_interval_and_place_limits"),
    ]

    operations = [
        migrations.AddField(
            model_name="awardprogramme",
            name="honoured_bar_programmes",
            field=models.JSONField(
                blank=True, default=list, verbose_name="also honours the bars of"
            ),
        ),
        migrations.RunPython(copy_honoured_bars, copy_back_honoured_bars),
    ]
