# The counters' table takes core's name; its rows stay.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelTable(name="ratelimitbucket", table=None),
    ]
