# RateLimitBucket moved here from accounts. Its table was created by accounts'
# first migration; this one only tells Django the model is core's now, and
# 0002 renames the table, rows and all.

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="RateLimitBucket",
                    fields=[
                        (
                            "key",
                            models.CharField(
                                max_length=200, primary_key=True, serialize=False
                            ),
                        ),
                        ("window_start", models.DateTimeField()),
                        ("hits", models.PositiveIntegerField(default=0)),
                    ],
                    options={"db_table": "accounts_ratelimitbucket"},
                ),
            ],
            database_operations=[],
        ),
    ]
