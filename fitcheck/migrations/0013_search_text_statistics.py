from django.db import migrations

# A search for a name matches a small share of the contacts ("%COTE%": one in
# forty). PostgreSQL estimates that share from the column's histogram: at the
# default 100 entries few or none hold the text, and the estimate came out 250
# times too low (100 rows for 25,000 of 1,000,000), so the contacts list read
# every match and sorted them (680 ms) instead of walking the list's order
# until a page was full (28 ms). 500 entries keep the estimate within about a
# third.
SEARCH_TEXT_STATISTICS = 500


class Migration(migrations.Migration):
    dependencies = [
        ("fitcheck", "0012_contact_list_order"),
    ]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE fitcheck_contact ALTER COLUMN search_text "
            f"SET STATISTICS {SEARCH_TEXT_STATISTICS}",
            "ALTER TABLE fitcheck_contact ALTER COLUMN search_text SET STATISTICS -1",
        ),
    ]
