"""R2 / Art. 6: a round's places per sector bucket and level as data (Round.bucket_places),
filled for the existing rounds from their manufacturing and service columns, and for any other
bucket of their rules from the places those rules kept."""

from django.db import migrations, models

# The buckets of the 2022 measures, for a round whose rules and programme name none.
_DEFAULT_CODES = ("manufacturing", "service")
_COLUMNS = {
    ("prize", "manufacturing"): "prize_quota_manufacturing",
    ("prize", "service"): "prize_quota_service",
    ("nomination", "manufacturing"): "nomination_quota_manufacturing",
    ("nomination", "service"): "nomination_quota_service",
}


def fill_bucket_places(apps, schema_editor):
    Round = apps.get_model("awards", "Round")
    for round in Round.objects.select_related("programme").iterator():
        buckets = (round.rule_settings or {}).get("sector_buckets") or (
            round.programme.sector_buckets or [{"code": code} for code in _DEFAULT_CODES]
        )
        places = {}
        for level in ("prize", "nomination"):
            places[level] = {}
            for bucket in buckets:
                code = str(bucket.get("code", ""))
                column = _COLUMNS.get((level, code))
                if column is not None:
                    places[level][code] = getattr(round, column)
                else:
                    places[level][code] = int(bucket.get(f"{level}_places") or 0)
        round.bucket_places = places
        round.save(update_fields=["bucket_places"])


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0020_programme_registration_area"),
    ]

    operations = [
        migrations.AddField(
            model_name="round",
            name="bucket_places",
            field=models.JSONField(
                blank=True, default=dict, verbose_name="places per sector bucket"
            ),
        ),
        migrations.RunPython(fill_bucket_places, migrations.RunPython.noop),
    ]
