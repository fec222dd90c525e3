"""The bench harness's pure parts: reading wrk's output, writing its requests, the
printed line, the form bodies scenarios post. No database, no wrk."""

import subprocess
import sys
from pathlib import Path

import pytest

from bench.bodies import formset_fields, good_fit_answers
from bench.harness import Measurement, create_session, format_error, format_line
from bench.memory import MIB, mib, process_peak_kib, streamed_peak
from bench.wrk import Request, data_line, lua_string, parse_output
from fitcheck.criteria import Criterion, Kind
from tests.factories import UserFactory

CLEAN_RUN = """\
Running 5s test @ http://127.0.0.1:40000
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     6.23ms    2.11ms  30.00ms   80.00%
    Req/Sec   650.00     50.00   800.00     70.00%
  6500 requests in 5.00s, 1.20MB read
Requests/sec:   1300.47
Transfer/sec:    240.00KB
bench-next: 6509
bench-wrapped: 0
bench-p95-us: 12345.0
"""

FAILING_RUN = """\
Running 5s test @ http://127.0.0.1:40000
  2 threads and 8 connections
  4000 requests in 5.00s, 1.20MB read
  Socket errors: connect 0, read 1, write 0, timeout 2
  Non-2xx or 3xx responses: 4000
Requests/sec:    800.00
Transfer/sec:    240.00KB
bench-next: 1
bench-wrapped: 1
"""


def test_a_clean_run_reads_as_its_rate_and_no_errors():
    result = parse_output(CLEAN_RUN)

    assert result.rate == 1300.47
    assert result.requests == 6500
    assert (result.bad_status, result.socket_errors) == (0, 0)
    assert (result.next_index, result.wrapped) == (6509, False)
    assert result.p95_ms == pytest.approx(12.345)


def test_a_failing_run_reads_as_its_error_counts():
    result = parse_output(FAILING_RUN)

    assert result.bad_status == 4000
    assert result.socket_errors == 3
    assert result.wrapped is True


def test_output_without_a_rate_is_refused():
    with pytest.raises(ValueError, match="Requests/sec"):
        parse_output("unable to connect to 127.0.0.1:40000 Connection refused\n")


def test_the_line_shows_the_ratio_with_two_decimals_and_whole_rates():
    line = format_line("login_get", Measurement(812.4), Measurement(1310.2))

    assert line == "login_get: ratio 0.62 (app 812 req/s, baseline 1310 req/s)"


def test_an_http_line_ends_with_the_apps_95th_percentile_latency():
    line = format_line(
        "persona_step_post", Measurement(212.3, p95_ms=41.6), Measurement(748)
    )

    assert line == (
        "persona_step_post: ratio 0.28 (app 212 req/s, baseline 748 req/s) p95 42 ms"
    )


def test_the_line_carries_the_unit_of_a_worker_job():
    line = format_line(
        "rescore_100k", Measurement(5000, "items/s"), Measurement(100000, "items/s")
    )

    assert (
        line == "rescore_100k: ratio 0.05 (app 5000 items/s, baseline 100000 items/s)"
    )


def test_a_line_ends_with_what_its_note_says():
    app = Measurement(5000, "items/s", note="worker peak 92.0 MiB")
    line = format_line("import_1m", app, Measurement(8000, "items/s"))
    assert line == (
        "import_1m: ratio 0.62 (app 5000 items/s, baseline 8000 items/s); "
        "worker peak 92.0 MiB"
    )


def test_a_streamed_peak_counts_the_bytes_and_stays_small_for_a_stream():
    chunks = (bytes([number % 256]) * 1000 for number in range(2000))
    size, peak = streamed_peak(chunks)
    assert size == 2_000_000
    assert peak < 200_000


def test_a_streamed_peak_grows_when_the_chunks_are_kept():
    kept = []

    def keeping():
        for number in range(2000):
            kept.append(bytes([number % 256]) * 1000)
            yield kept[-1]

    _, peak = streamed_peak(keeping())
    assert peak > 2_000_000


def test_memory_is_printed_in_mib_with_one_decimal():
    assert mib(92.5 * MIB) == "92.5 MiB"


def test_a_zero_baseline_is_an_error_not_a_division():
    line = format_line("healthz_get", Measurement(10), Measurement(0))

    assert line == "healthz_get: ERROR the baseline measured 0"


def test_an_error_line_names_the_scenario():
    assert format_error("login_get", "GET / answered 500") == (
        "login_get: ERROR GET / answered 500"
    )


@pytest.mark.parametrize(
    ("text", "literal"),
    [
        ("plain", '"plain"'),
        ('a "quote"', '"a \\034quote\\034"'),
        ("back\\slash", '"back\\092slash"'),
        ("é", '"\\195\\169"'),
    ],
)
def test_lua_strings_escape_everything_but_printable_ascii(text, literal):
    assert lua_string(text) == literal


@pytest.mark.parametrize(
    ("request_", "line"),
    [
        (Request("GET", "/healthz"), "GET\t/healthz\t-"),
        (Request("POST", "/bench/insert/", ""), "POST\t/bench/insert/\tx"),
        (Request("POST", "/bench/insert/", "a=1"), "POST\t/bench/insert/\tx613d31"),
    ],
)
def test_data_lines_keep_no_body_apart_from_an_empty_one(request_, line):
    assert data_line(request_) == line


def test_a_path_with_a_space_is_refused():
    with pytest.raises(ValueError, match="URL-encoded"):
        data_line(Request("GET", "/a b/"))


def test_a_formset_posts_its_management_form_then_its_rows():
    rows = [{"id": 7, "text": "Calm evenings", "ORDER": 1}, {"id": "", "text": "More"}]

    fields = formset_fields("dreams", rows, initial=1)

    assert fields == [
        ("dreams-TOTAL_FORMS", "2"),
        ("dreams-INITIAL_FORMS", "1"),
        ("dreams-MIN_NUM_FORMS", "0"),
        ("dreams-MAX_NUM_FORMS", "30"),
        ("dreams-0-id", "7"),
        ("dreams-0-text", "Calm evenings"),
        ("dreams-0-ORDER", "1"),
        ("dreams-1-id", ""),
        ("dreams-1-text", "More"),
    ]


def test_a_formset_row_leaves_out_unticked_boxes_as_a_browser_does():
    fields = formset_fields("pains", [{"DELETE": False, "cause": None}], initial=0)

    assert [name for name, _ in fields if name.startswith("pains-0-")] == []


def criterion(key: str, fact: str, kind: Kind, **options) -> Criterion:
    return Criterion(key=key, label=key, fact=fact, kind=kind, **options)


def test_a_good_fit_meets_every_positive_criterion_under_its_fact():
    criteria = [
        criterion("age", "age", Kind.IN_RANGE, weight=10, low=35, high=55),
        criterion("size", "company_size", Kind.IN_RANGE, weight=10, low=5),
        criterion("gender", "gender", Kind.MATCHES, weight=5, expected=("women",)),
        criterion(
            "pain:1",
            "reported_pains",
            Kind.CONTAINS,
            weight=20,
            expected=("Admin", "admin"),
        ),
        criterion(
            "pain:2", "reported_pains", Kind.CONTAINS, weight=12, expected=("Pricing",)
        ),
    ]

    assert good_fit_answers(criteria) == [
        ("age", "45"),
        ("company_size", "5"),
        ("gender", "women"),
        ("reported_pains", "Admin"),
        ("reported_pains", "Pricing"),
    ]


def test_a_good_fit_answers_no_red_flag_and_no_weightless_criterion():
    criteria = [
        criterion(
            "flag",
            "red_flags",
            Kind.CONTAINS,
            weight=15,
            expected=("Rude",),
            penalty=True,
        ),
        criterion("deal", "red_flags", Kind.KNOCK_OUT, weight=0, expected=("Late",)),
        criterion("quiet", "values", Kind.CONTAINS, weight=0, expected=("Calm",)),
    ]

    assert good_fit_answers(criteria) == []


@pytest.mark.django_db
def test_a_two_factor_session_opens_the_admin_to_staff(client, settings):
    staff = UserFactory(is_staff=True, is_superuser=True)
    for two_factor, expected in [(False, 302), (True, 200)]:
        key = create_session(staff, two_factor=two_factor)
        client.cookies[settings.SESSION_COOKIE_NAME] = key
        assert client.get("/admin/").status_code == expected


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="Linux only")
def test_a_childs_peak_is_its_own_not_its_parents_size():
    """import_1m said "worker peak 584.6 MiB" for a worker that held 83: the
    worker's ru_maxrss started at the size of the bench process that forked it."""
    held = bytearray(300 * MIB)  # This process now holds 300 MiB more.
    held[::4096] = b"\x01" * len(held[::4096])
    child = "from bench.memory import process_peak_kib; print(process_peak_kib())"
    done = subprocess.run(
        [sys.executable, "-c", child], capture_output=True, text=True, check=True
    )
    assert int(done.stdout) * 1024 < 100 * MIB
    assert process_peak_kib() * 1024 > 300 * MIB
