"""Give the scores stored before scores were ranges a range and a band by the new
rule, from what each row kept: its score, its confidence and the points its red
flags took off. The estimate was 100 * met / known - penalties and the confidence
known / total, so the lowest score was (estimate + penalties) * confidence -
penalties and the highest that plus 100 * (1 - confidence). Text is matched
differently now: re-scoring (apply a rubric version, or the admin's re-score
action) brings the explanations up to date."""

import math

from django.db import migrations

BATCH = 2000
ORDER = ("ideal", "good", "weak", "not_a_fit")


def _round(number):
    return max(0, min(100, math.floor(number + 0.5 + 1e-9)))


def _band(score, rubric):
    ideal, good, weak = (
        (rubric.ideal_from, rubric.good_from, rubric.weak_from) if rubric else (80, 60, 40)
    )
    if score >= ideal:
        return "ideal"
    if score >= good:
        return "good"
    return "weak" if score >= weak else "not_a_fit"


def _fill(row):
    lines = (row.breakdown or {}).get("lines", [])
    penalties = -sum(float(line["points"]) for line in lines if line["outcome"] == "red_flag")
    base = (row.score + penalties) * row.confidence
    row.score_low = min(row.score, _round(base - penalties))
    row.score_high = max(row.score, _round(base + 100 * (1 - row.confidence) - penalties))
    if row.knocked_out:
        row.band = "not_a_fit"
    elif not row.confidence:
        row.band = "needs_information"
    elif _band(row.score_low, row.rubric) == _band(row.score_high, row.rubric):
        row.band = _band(row.score_low, row.rubric)
    elif round(100 * row.confidence) < 60:
        row.band = "needs_information"


def fill_ranges(apps, schema_editor):
    FitScore = apps.get_model("fitcheck", "FitScore")
    rows = FitScore.objects.select_related("rubric").order_by("pk")
    batch = []
    for row in rows.iterator(chunk_size=BATCH):
        _fill(row)
        batch.append(row)
        if len(batch) == BATCH:
            FitScore.objects.bulk_update(batch, ["score_low", "score_high", "band"])
            batch = []
    FitScore.objects.bulk_update(batch, ["score_low", "score_high", "band"])


class Migration(migrations.Migration):
    dependencies = [("fitcheck", "0005_score_ranges_and_needs_information")]

    operations = [migrations.RunPython(fill_ranges, migrations.RunPython.noop)]
