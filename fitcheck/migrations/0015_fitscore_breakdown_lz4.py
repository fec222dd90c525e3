"""Fit scores' breakdowns compressed with lz4 rather than PostgreSQL's default
pglz: a breakdown is about 3.7 kB of JSON, and compressing it took a quarter of
the database's time per score in a re-score (bench `rescore_1m`), for 10% more
disk. A server built without lz4 keeps pglz, and the migration still applies."""

from django.db import migrations

SET_COMPRESSION = """
DO $$
BEGIN
    ALTER TABLE fitcheck_fitscore ALTER COLUMN breakdown SET COMPRESSION {};
EXCEPTION WHEN feature_not_supported THEN
    NULL;
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("fitcheck", "0014_import_jobs")]

    operations = [
        migrations.RunSQL(
            SET_COMPRESSION.format("lz4"), SET_COMPRESSION.format("DEFAULT")
        ),
    ]
