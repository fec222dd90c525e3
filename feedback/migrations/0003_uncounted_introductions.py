"""Surveys made from the check-in template began their introduction with a
fixed "Three minutes, five questions." that went stale as soon as a question
was added or removed. The pages and emails now say the length from the
questions, so that opening sentence is taken off (only when it is there word
for word: an introduction the practitioner rewrote is left alone)."""

from django.db import migrations
from django.db.models import F
from django.db.models.functions import Substr

OLD_OPENING = "Three minutes, five questions. "


def drop_counted_opening(apps, schema_editor):
    Survey = apps.get_model("feedback", "Survey")
    Survey.objects.filter(introduction__startswith=OLD_OPENING).update(
        introduction=Substr(F("introduction"), len(OLD_OPENING) + 1)
    )


class Migration(migrations.Migration):
    dependencies = [("feedback", "0002_survey_email_texts")]

    operations = [
        migrations.RunPython(drop_counted_opening, migrations.RunPython.noop),
    ]
