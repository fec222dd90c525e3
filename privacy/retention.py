"""The retention rule: which prospects it erases, and from when. Pure date
arithmetic here; the query that applies it is `inactive_prospects` in
privacy/queries.py, the one definition the preview and upkeep both use."""

import calendar
from datetime import datetime


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier; a day the
    earlier month lacks becomes its last (31 March minus one month is 28 or 29
    February)."""
    total = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)
