"""Before the database holds one active version per persona lineage, retire the
extra ones: in each lineage the newest active version (the highest number) stays
active, the older active ones are archived, which is what activating a version
does from now on."""

from django.db import migrations
from django.db.models import Count


def retire_extra_active_versions(apps, schema_editor):
    Persona = apps.get_model("personas", "Persona")
    active = Persona.objects.filter(status="active")
    crowded = (
        active.values("lineage").annotate(count=Count("pk")).filter(count__gt=1)
    )
    for lineage in crowded.values_list("lineage", flat=True):
        versions = active.filter(lineage=lineage).order_by("-version")
        keep = versions.values_list("pk", flat=True)[0]
        versions.exclude(pk=keep).update(status="archived")


class Migration(migrations.Migration):
    dependencies = [("personas", "0003_how_prospects_say_it")]

    operations = [
        migrations.RunPython(retire_extra_active_versions, migrations.RunPython.noop)
    ]
