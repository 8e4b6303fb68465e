# Two label changes of the eligibility conditions were made side by side; they join here.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0011_art13_6_condition_label"),
        ("applications", "0011_sector_row_label_cites_no_rule_id"),
    ]

    operations = []
