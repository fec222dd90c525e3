"""CappedPaginator: an exact count while it is cheap, the planner's estimate,
said to be one, past it."""

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from core import pagination
from core.pagination import CappedPaginator, planner_estimate, rounded
from fitcheck.models import Contact
from tests.factories import ContactFactory


@pytest.fixture
def contacts(workspace):
    ContactFactory.create_batch(5, workspace=workspace)
    return Contact.objects.filter(workspace=workspace).order_by("pk")


def estimating(monkeypatch, rows: int) -> None:
    monkeypatch.setattr(pagination, "planner_estimate", lambda queryset: rows)


@pytest.mark.django_db
def test_a_short_list_is_counted_exactly(contacts, monkeypatch):
    estimating(monkeypatch, 3)
    paginator = CappedPaginator(contacts, 2, exact_up_to=10)
    assert paginator.count == 5
    assert not paginator.estimated
    assert paginator.count_words == "5"
    assert paginator.num_pages == 3


@pytest.mark.django_db
def test_past_the_cap_the_estimate_is_taken_once_a_page_of_rows_is_counted(
    contacts, monkeypatch
):
    """A search one contact in two hundred matches, counted to 1,001 matches,
    read two hundred thousand contacts at a million: when the planner expects
    a long list, the count stops past a page."""
    estimating(monkeypatch, 123_456)
    paginator = CappedPaginator(contacts, 2, exact_up_to=3)
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == 120_000
    (count,) = queries.captured_queries
    assert "LIMIT 3" in count["sql"]
    assert paginator.estimated
    assert paginator.count_words == "about 120,000"
    assert paginator.num_pages == 60_000


@pytest.mark.django_db
def test_a_list_estimated_very_long_that_fits_on_a_page_is_counted(
    contacts, monkeypatch
):
    estimating(monkeypatch, 1_000_000)
    paginator = CappedPaginator(contacts, 50)
    assert paginator.count == 5
    assert not paginator.estimated
    assert paginator.num_pages == 1


@pytest.mark.django_db
def test_a_list_on_one_page_is_never_estimated_however_wild_the_estimate(
    contacts, monkeypatch
):
    # A table never analysed (a new database) was estimated at thousands of
    # rows for two, and the admin said "About 2,400 fit scores".
    estimating(monkeypatch, 5_000)
    paginator = CappedPaginator(contacts, 10, exact_up_to=10)
    assert paginator.count == 5
    assert not paginator.estimated


@pytest.mark.django_db
def test_more_rows_than_the_planner_expected_are_more_than_the_cap(
    contacts, monkeypatch
):
    estimating(monkeypatch, 1)
    paginator = CappedPaginator(contacts, 2, exact_up_to=3)
    assert paginator.count == 4
    assert paginator.estimated
    assert paginator.count_words == "more than 3"


@pytest.mark.django_db
def test_the_exact_count_stops_past_the_cap(contacts, monkeypatch):
    estimating(monkeypatch, 1)
    with CaptureQueriesContext(connection) as queries:
        CappedPaginator(contacts, 2, exact_up_to=3).count  # noqa: B018
    assert "LIMIT 4" in queries.captured_queries[-1]["sql"]


@pytest.mark.django_db
def test_the_planner_estimate_is_a_number_of_rows(contacts):
    assert planner_estimate(contacts) >= 0


def test_a_list_that_is_not_a_queryset_is_counted():
    paginator = CappedPaginator(list(range(7)), 5)
    assert paginator.count == 7
    assert not paginator.estimated


@pytest.mark.parametrize(
    ("estimate", "shown"),
    [
        (0, 0),
        (99, 99),
        (123, 120),
        (1_001, 1_000),
        (8_750, 8_800),
        (999_999, 1_000_000),
    ],
)
def test_an_estimate_is_shown_to_two_significant_figures(estimate, shown):
    assert rounded(estimate) == shown


def test_page_numbers_in_the_thousands_are_grouped():
    """A million-contact list said "Page 1 of about 20000": hard to read at a glance."""
    paginator = CappedPaginator(list(range(25_000)), 1)
    html = render_to_string("includes/pagination.html", {"page": paginator.page(1200)})
    assert "Page 1,200 of 25,000" in html
