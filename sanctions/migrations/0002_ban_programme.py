# A bar belongs to the programme that decided it (Art. 28, 30): existing bars take the
# programme of the round their revocation or fraud case came from.

import django.db.models.deletion
from django.db import migrations, models


def bars_take_their_programme(apps, schema_editor):  # type: ignore[no-untyped-def]
    Ban = apps.get_model("sanctions", "Ban")
    for ban in Ban.objects.select_related(
        "revocation__grant__round", "fraud_case__application__round"
    ).filter(programme__isnull=True):
        if ban.revocation_id is not None:
            ban.programme_id = ban.revocation.grant.round.programme_id
        elif ban.fraud_case_id is not None:
            ban.programme_id = ban.fraud_case.application.round.programme_id
        else:  # a bar with no recorded cause: the city's award, the only one before programmes
            AwardProgramme = apps.get_model("awards", "AwardProgramme")
            ban.programme_id = (
                AwardProgramme.objects.filter(slug="ganzhou-mayor")
                .values_list("pk", flat=True)
                .first()
                or AwardProgramme.objects.order_by("pk").values_list("pk", flat=True).first()
            )
        ban.save(update_fields=["programme"])


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0006_awardprogramme_honours_bars_of"),
        ("sanctions", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="ban",
            name="programme",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="awards.awardprogramme",
                verbose_name="programme",
            ),
        ),
        migrations.RunPython(bars_take_their_programme, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="ban",
            name="programme",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="awards.awardprogramme",
                verbose_name="programme",
            ),
        ),
    ]
