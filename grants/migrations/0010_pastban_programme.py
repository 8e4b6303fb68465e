# A bar imported from before the portal carries the programme that decided it (Art. 28, 30):
# the bars imported so far were the city award's (the history workbook had no programme column
# for bars), so they take the Mayor's award, or the first programme where it does not exist.

import django.db.models.deletion
from django.db import migrations, models


def imported_bars_are_the_city_awards(apps, schema_editor):  # type: ignore[no-untyped-def]
    AwardProgramme = apps.get_model("awards", "AwardProgramme")
    PastBan = apps.get_model("grants", "PastBan")
    if not PastBan.objects.filter(programme__isnull=True).exists():
        return
    programme_id = (
        AwardProgramme.objects.filter(slug="ganzhou-mayor").values_list("pk", flat=True).first()
        or AwardProgramme.objects.order_by("pk").values_list("pk", flat=True).first()
    )
    PastBan.objects.filter(programme__isnull=True).update(programme_id=programme_id)


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0006_awardprogramme_honours_bars_of"),
        ("grants", "0009_obligations_move_to_monitoring"),
    ]

    operations = [
        migrations.AddField(
            model_name="pastban",
            name="programme",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="awards.awardprogramme",
                verbose_name="programme",
            ),
        ),
        migrations.RunPython(imported_bars_are_the_city_awards, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="pastban",
            name="programme",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="awards.awardprogramme",
                verbose_name="programme",
            ),
        ),
    ]
