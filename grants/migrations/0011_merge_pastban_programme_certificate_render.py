# An imported bar's programme and the certificate's render state were added side by side; they join here.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0010_certificate_render_state"),
        ("grants", "0010_pastban_programme"),
    ]

    operations = []
