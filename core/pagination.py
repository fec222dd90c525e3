"""Pages of long lists whose row count is counted exactly only while that is cheap.

Django's Paginator counts every matching row for each page it shows: on a list of
a million rows that one COUNT(*) is most of the page's time (measured by `make
bench`'s contacts_list_growth and admin_scores_1m_growth, where it made a page
at a million rows ten times slower than at ten thousand). `CappedPaginator`
first asks PostgreSQL's planner how many rows it expects (EXPLAIN, which reads
no rows). Past `exact_up_to` that estimate, to two significant figures, is the
count, and `estimated` says so; below it the rows are counted exactly, by a
count that stops at `exact_up_to + 1`, so a low estimate costs a bounded count
and never a scan of the table. Pages show `count_words`: "1,234", "about
120,000", or "more than 1,000" when more rows were counted than expected.

An estimate can be off in either way: the last pages it promises may be empty,
or rows past them may go unlisted until a filter narrows the list.
"""

import json
import math
from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import QuerySet

EXACT_UP_TO = 1000


class CappedPaginator(Paginator):
    """A Paginator whose `count` is exact up to `exact_up_to`, else estimated."""

    def __init__(self, *args, exact_up_to: int = EXACT_UP_TO, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.exact_up_to = exact_up_to
        self.estimated = False

    @cached_property
    def count(self) -> int:
        """The planner's estimate first (it reads no rows): past `exact_up_to`
        it is the count, rounded; below, the rows are counted, up to
        `exact_up_to + 1` at most, so a low estimate costs a bounded count."""
        if not isinstance(self.object_list, QuerySet):
            return len(self.object_list)
        estimate = planner_estimate(self.object_list)
        if estimate <= self.exact_up_to:
            counted = self.object_list[: self.exact_up_to + 1].count()
            if counted <= self.exact_up_to:
                return counted
        self.estimated = True
        return max(rounded(estimate), self.exact_up_to + 1)

    @cached_property
    def count_words(self) -> str:
        """The count as a page should say it: "1,234", "about 120,000", or
        "more than 1,000" when more were counted than the planner expected."""
        count = self.count
        if not self.estimated:
            return f"{count:,}"
        if count > self.exact_up_to + 1:
            return f"about {count:,}"
        return f"more than {self.exact_up_to:,}"


def planner_estimate(queryset: QuerySet) -> int:
    """How many rows PostgreSQL's planner expects the query to return: its
    statistics, not a count, so it costs the same at any size."""
    plan = json.loads(queryset.order_by().explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


def rounded(estimate: int) -> int:
    """An estimate to two significant figures (123,456 -> 120,000): shown with
    "about", its last digits would claim a precision it does not have."""
    if estimate < 100:
        return estimate
    scale = 10 ** (int(math.log10(estimate)) - 1)
    return round(estimate / scale) * scale
