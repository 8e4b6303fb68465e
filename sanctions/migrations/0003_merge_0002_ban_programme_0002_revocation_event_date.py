# A bar's programme and a revocation's event date were added side by side; they join here.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("sanctions", "0002_ban_programme"),
        ("sanctions", "0002_revocation_event_date"),
    ]

    operations = []
