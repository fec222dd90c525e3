"""Give the clients there before snapshots existed one per persona they are scored
against, from their score at the time of this migration: the day each became a
client, and the band they had then, are unknown, so these are marked
"backfill" (the Evidence page counts all their answers, and says how many of
its clients were kept this way)."""

from django.db import migrations
from django.utils import timezone

BATCH = 2000
COLUMNS = [
    "workspace_id",
    "contact_id",
    "persona_id",
    "rubric_id",
    "rubric_version",
    "band",
    "band_override",
    "score",
    "score_low",
    "score_high",
    "confidence",
]


def keep_bands(apps, schema_editor):
    FitScore = apps.get_model("fitcheck", "FitScore")
    ClientSnapshot = apps.get_model("fitcheck", "ClientSnapshot")
    now = timezone.now()
    rows = (
        FitScore.objects.filter(contact__stage="client")
        .order_by("pk")
        .values_list(*COLUMNS)
    )
    batch = []
    for row in rows.iterator(chunk_size=BATCH):
        values = dict(zip(COLUMNS, row, strict=True))
        band = values.pop("band_override") or values["band"]
        batch.append(
            ClientSnapshot(**{**values, "band": band}, taken="backfill", taken_at=now)
        )
        if len(batch) == BATCH:
            ClientSnapshot.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    ClientSnapshot.objects.bulk_create(batch, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("fitcheck", "0010_client_snapshots")]

    operations = [migrations.RunPython(keep_bands, migrations.RunPython.noop)]
