import django.core.validators
from django.db import migrations, models

import awards.buckets


def _two_buckets(manufacturing, service, nomination_manufacturing, nomination_service):  # type: ignore[no-untyped-def]
    """The 2022 measures' buckets with the given places (as awards.buckets writes them)."""
    return [
        {
            "code": "manufacturing",
            "name": "制造业",
            "sections": ["C"],
            "prize_places": manufacturing,
            "nomination_places": nomination_manufacturing,
        },
        {
            "code": "service",
            "name": "服务业及其他",
            "sections": [],
            "prize_places": service,
            "nomination_places": nomination_service,
        },
    ]


def buckets_from_place_limits(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Each programme's buckets are the two it had, with its place limits; a round already
    open kept its places in its own columns, and its copy of the rules says so."""
    AwardProgramme = apps.get_model("awards", "AwardProgramme")
    for programme in AwardProgramme.objects.all():
        nominations = programme.nomination_places_limit
        nomination_manufacturing = min(programme.manufacturing_places_limit, nominations)
        programme.sector_buckets = _two_buckets(
            programme.manufacturing_places_limit,
            programme.service_places_limit,
            nomination_manufacturing,
            max(nominations - nomination_manufacturing, 0),
        )
        programme.save(update_fields=["sector_buckets"])
    Round = apps.get_model("awards", "Round")
    for round in Round.objects.exclude(stage="draft"):
        if not round.rule_settings:
            continue
        kept = dict(round.rule_settings)
        kept.setdefault(
            "sector_buckets",
            _two_buckets(
                round.prize_quota_manufacturing,
                round.prize_quota_service,
                round.nomination_quota_manufacturing,
                round.nomination_quota_service,
            ),
        )
        kept.setdefault("fraud_bar_years", 10)
        kept.setdefault("revocation_bar_years", 5)
        Round.objects.filter(pk=round.pk).update(rule_settings=kept)


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0015_individual_award_and_scheme"),
    ]

    operations = [
        migrations.AddField(
            model_name="awardprogramme",
            name="fraud_bar_years",
            field=models.PositiveSmallIntegerField(
                default=10,
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(20),
                ],
                verbose_name="years barred after fraud",
            ),
        ),
        migrations.AddField(
            model_name="awardprogramme",
            name="revocation_bar_years",
            field=models.PositiveSmallIntegerField(
                default=5,
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(20),
                ],
                verbose_name="years barred after a revocation",
            ),
        ),
        migrations.AddField(
            model_name="awardprogramme",
            name="sector_buckets",
            field=models.JSONField(
                default=awards.buckets.default_sector_buckets, verbose_name="sector buckets"
            ),
        ),
        migrations.RunPython(buckets_from_place_limits, migrations.RunPython.noop),
    ]
