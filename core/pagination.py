"""Pages of long lists whose row count is counted exactly only while that is cheap.

Django's Paginator counts every matching row for each page it shows: on a list of
a million rows that one COUNT(*) is most of the page's time (measured by `make
bench`'s contacts_list_growth and admin_scores_1m_growth, where it made a page
at a million rows ten times slower than at ten thousand). `CappedPaginator`
asks PostgreSQL's planner first how many rows it expects (EXPLAIN, which reads
no rows). A list it expects to hold at most `exact_up_to` rows is counted
exactly, with a count that stops at `exact_up_to + 1`. A list it expects to be
longer takes the estimate, to two significant figures, as its count, once a
count of a page and one row more finds that many: a count that stops at 1,001
*matches* reads 1,001 rows of a plain list, but of a search that one contact in
two hundred matches it read two hundred thousand (350 ms at a million contacts,
the page's own rows 12 ms). Pages show `count_words`:
"1,234", "about 120,000", or "more than 1,000" when the planner expected fewer
rows than were counted.

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

    def __init__(self, *args, exact_up_to: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.exact_up_to = EXACT_UP_TO if exact_up_to is None else exact_up_to
        self.estimated = False

    @cached_property
    def count(self) -> int:
        """The planner's estimate, rounded, when it expects more than
        `exact_up_to` rows and there are more than a page of them; otherwise
        the rows counted up to `exact_up_to + 1` (and past that, "more than").
        Some rows are always counted: the estimate of a table never analysed can
        be thousands for two rows, and a short list must never read "about
        2,400"."""
        if not isinstance(self.object_list, QuerySet):
            return len(self.object_list)
        estimate = planner_estimate(self.object_list)
        if estimate > self.exact_up_to:
            counted = self._counted_up_to(self.per_page)
            if counted <= self.per_page:
                return counted
            self.estimated = True
            return max(rounded(estimate), self.exact_up_to + 1)
        counted = self._counted_up_to(self.exact_up_to)
        if counted <= self.exact_up_to:
            return counted
        self.estimated = True
        return self.exact_up_to + 1

    def _counted_up_to(self, most: int) -> int:
        """The rows, counted up to one more than `most`."""
        return self.object_list[: most + 1].count()

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
