"""R15: an imported win keeps its level's name; the wins already imported take the name their
programme writes today."""

from django.db import migrations, models


def keep_level_names(apps, schema_editor):
    PastWin = apps.get_model("grants", "PastWin")
    for win in PastWin.objects.select_related("programme").filter(level_name=""):
        programme = win.programme
        if win.level == "prize":
            name = programme.prize_name or programme.name
        else:
            name = programme.nomination_name or f"{programme.name}提名奖"
        PastWin.objects.filter(pk=win.pk).update(level_name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0011_merge_pastban_programme_certificate_render"),
        ("awards", "0014_level_names_money_and_repeat_rules"),
    ]

    operations = [
        migrations.AddField(
            model_name="pastwin",
            name="level_name",
            field=models.CharField(blank=True, max_length=100, verbose_name="name of the level"),
        ),
        migrations.RunPython(keep_level_names, migrations.RunPython.noop),
    ]
