"""Hash the rows logged before the chain existed, in id order (before the triggers exist)."""

from django.db import migrations

from decisionlog.chain import GENESIS_HASH, row_hash


def fill_chain(apps, schema_editor):  # type: ignore[no-untyped-def]
    entry_model = apps.get_model("decisionlog", "DecisionLogEntry")
    db = schema_editor.connection.alias
    previous = GENESIS_HASH
    for entry in entry_model.objects.using(db).order_by("id").iterator(chunk_size=2000):
        entry.prev_hash = previous
        entry.row_hash = row_hash(entry)
        entry_model.objects.using(db).filter(pk=entry.pk).update(
            prev_hash=entry.prev_hash, row_hash=entry.row_hash
        )
        previous = entry.row_hash


class Migration(migrations.Migration):
    dependencies = [
        ("decisionlog", "0002_chain_fields"),
    ]

    operations = [
        migrations.RunPython(fill_chain, migrations.RunPython.noop),
    ]
