"""R8 / Art. 28, 30: the many-to-many table of honoured bars goes, its rows copied into the
programmes' rules by the migration before (kept apart, so that no table is altered in the
transaction that writes the rows)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0024_honoured_bars_as_rule_setting"),
    ]

    operations = [
        migrations.RemoveField(model_name="awardprogramme", name="honours_bars_of"),
    ]
