# RateLimitBucket is core's now (core 0001): accounts forgets the model but
# leaves its table, which core 0002 renames.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_session"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="RateLimitBucket")],
            database_operations=[],
        ),
    ]
