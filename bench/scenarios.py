"""The scenarios `make bench` runs, in this order, each an app-against-baseline pair.

A scenario is a function registered with `@scenario("name")`: it gets a `Bench`
(bench/harness.py), prepares what it needs with the ORM, and returns two
measurements, `(app, baseline)`; the line printed is `name: ratio app/baseline`.
See bench/README.md for how each kind of scenario uses the harness.
"""

from collections.abc import Callable

from bench import data
from bench.harness import Bench, Measurement

type Pair = tuple[Measurement, Measurement]

SCENARIOS: dict[str, Callable[[Bench], Pair]] = {}

HELLO_PATH = "/bench/hello/"
INSERT_PATH = "/bench/insert/"
LAYOUT_PATH = "/bench/layout/"


def scenario(name: str) -> Callable[[Callable[[Bench], Pair]], Callable[[Bench], Pair]]:
    def register(function: Callable[[Bench], Pair]) -> Callable[[Bench], Pair]:
        SCENARIOS[name] = function
        return function

    return register


def hello(bench: Bench) -> Measurement:
    """The bare GET baseline: a view that returns a word."""
    return bench.measure_http("GET", HELLO_PATH)


def insert(bench: Bench, headers: dict[str, str] | None = None) -> Measurement:
    """The bare POST baseline: a form field inserted as one row, answered 201.

    Scenarios measure it before their app requests: measured after thousands
    of the app's writes, it ran under the autovacuum and checkpoints they set
    off, and its rate swung two-fold from run to run."""
    body = bench.form_body({"note": "bench"})
    return bench.measure_http("POST", INSERT_PATH, body, headers, expect=201)


@scenario("login_get")
def login_get(bench: Bench) -> Pair:
    return bench.measure_http("GET", "/accounts/login/"), hello(bench)


@scenario("healthz_get")
def healthz_get(bench: Bench) -> Pair:
    return bench.measure_http("GET", "/healthz"), hello(bench)


@scenario("layout_logged_in")
def layout_logged_in(bench: Bench) -> Pair:
    """The floor under every logged-in page: session, user, workspace and the
    layout, with nothing else (bench/baseline.py)."""
    practice = data.new_workspace("layout_logged_in")
    headers = bench.logged_in_headers(practice.owner)
    return bench.measure_http("GET", LAYOUT_PATH, headers=headers), hello(bench)


# Imported last, as they register their scenarios with `scenario` above: this
# order is the order in which `make bench` runs them.
from bench import scenarios_personas  # noqa: E402, F401, I001
from bench import scenarios_feedback  # noqa: E402, F401
from bench import scenarios_evidence  # noqa: E402, F401
from bench import scenarios_fitcheck  # noqa: E402, F401
from bench import scenarios_privacy  # noqa: E402, F401
from bench import scenarios_scale  # noqa: E402, F401
from bench import scenarios_scale_out  # noqa: E402, F401
