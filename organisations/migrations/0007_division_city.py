"""R5 / Art. 13(1): each division's prefecture-level city, so that a programme's registration
area can be a whole city. Filled from the GB/T 2260 code's first four digits (Jiangxi's
eleven cities) and, for Ganzhou's two zones, from their codes."""

from django.db import migrations, models

# GB/T 2260: the first four digits of a county-level code name its city.
CITY_PREFIXES = {
    "3601": "南昌市",
    "3602": "景德镇市",
    "3603": "萍乡市",
    "3604": "九江市",
    "3605": "新余市",
    "3606": "鹰潭市",
    "3607": "赣州市",
    "3608": "吉安市",
    "3609": "宜春市",
    "3610": "抚州市",
    "3611": "上饶市",
}
GANZHOU_ZONES = ("GZETDZ", "GZRJXQ")


def fill_cities(apps, schema_editor):  # type: ignore[no-untyped-def]
    Division = apps.get_model("organisations", "Division")
    for division in Division.objects.filter(city=""):
        city = "赣州市" if division.code in GANZHOU_ZONES else CITY_PREFIXES.get(division.code[:4])
        if city:
            Division.objects.filter(pk=division.pk).update(city=city)


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0006_programme_invitations"),
    ]

    operations = [
        migrations.AddField(
            model_name="division",
            name="city",
            field=models.CharField(blank=True, max_length=20, verbose_name="city"),
        ),
        migrations.RunPython(fill_cities, migrations.RunPython.noop),
    ]
