"""More than one machine: two web servers and two task workers on one database,
all through PgBouncer in transaction pooling mode (config/pgbouncer.py).

`scale_out` delivers 5,000 survey invitations with one `manage.py db_worker`,
then 20,000 more with two, to an SMTP sink that writes down every recipient, while
clients open and answer survey links on both gunicorn servers. Its line compares
the two workers' rate with the one worker's (goal: at least 1.3 times); before it,
each run says how many messages arrived once, twice or never, and how many public
requests each server answered and how many failed. A message sent twice or lost,
or a failed request, is an error, not a number.
"""

import contextlib
import http.client
import itertools
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import batched
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from bench import data, server, smtp_sink
from bench.harness import Bench, Measurement, MeasurementError
from bench.scenarios import Pair, scenario
from bench.scenarios_feedback import invite
from config import pgbouncer
from feedback import services
from feedback.answer_form import field_name
from feedback.models import Invitation, Question, Survey
from feedback.tasks import deliver_invitations

BASE_DIR = Path(__file__).resolve().parent.parent
SENT = 20_000
# The one worker's run, a quarter as many: its rate is what counts, it is steady
# after the first few tasks (50 tasks of 100 here), and on the 2-core machine each
# 5,000 more cost `make bench` two to three minutes for the same figure.
SENT_BY_ONE = 5_000
GOAL = 1.3
SERVERS = 2
# Survey links each server is given per run of the workers: a client opens one,
# answers it, and waits PAUSE before the next, about 8 a second; past the last
# link it opens the answered ones again (their thank-you page).
LINKS_PER_SERVER = 3_000
PAUSE = 0.1
WORKER_START_SECONDS = 60
DELIVERY_SECONDS = 900
POLL_SECONDS = 0.25
# Threads of a gunicorn worker: its connection pool needs no more.
WEB_POOL_SIZE = 4
ANSWERS = {
    Question.Kind.RATING: "4",
    Question.Kind.NPS: "9",
    Question.Kind.LONG_TEXT: "Clear weekly plans and quick answers.",
    Question.Kind.YES_NO: "Yes",
}


@dataclass
class Traffic:
    """What one server answered a client while the workers ran."""

    requests: int = 0
    errors: Counter = field(default_factory=Counter)

    def describe(self, number: int) -> str:
        errors = sum(self.errors.values())
        text = f"server {number} {self.requests} requests {errors} errors"
        if self.errors:
            text += f" ({', '.join(f'{n} {e}' for e, n in self.errors.items())})"
        return text


@dataclass(frozen=True)
class Delivery:
    workers: int
    seconds: float
    received: Counter  # Recipient address: how many messages it got.
    expected: frozenset[str]
    traffic: list[Traffic]

    load: float  # The machine's load average over the last minute, at the end.

    @property
    def rate(self) -> float:
        return len(self.expected) / self.seconds

    @property
    def twice(self) -> int:
        return sum(
            n - 1 for a, n in self.received.items() if a in self.expected and n > 1
        )

    @property
    def lost(self) -> int:
        return len(self.expected - set(self.received))

    def describe(self) -> str:
        label = {1: "one worker", 2: "two workers"}[self.workers]
        arrived = sum(self.received[a] for a in self.expected)
        return (
            f"scale_out {label}: {len(self.expected)} invitations in "
            f"{self.seconds:.1f} s ({self.rate:.0f} items/s); at the SMTP sink "
            f"{arrived} messages, {self.twice} sent twice, {self.lost} lost; public "
            "survey pages: "
            + ", ".join(t.describe(n) for n, t in enumerate(self.traffic, 1))
            + f"; load average {self.load:.1f}"
        )


@scenario("scale_out")
def scale_out(bench: Bench) -> Pair:
    workspace = data.new_workspace("scale_out").workspace
    batches = [
        _queued(workspace, SENT_BY_ONE, first=0),
        _queued(workspace, SENT, first=SENT_BY_ONE),
    ]
    links = _links(workspace, SERVERS * LINKS_PER_SERVER * 2, first=SENT_BY_ONE + SENT)
    recipients = bench.folder / "recipients.txt"
    recipients.touch()
    database = connection.settings_dict
    target = pgbouncer.Target.from_settings(database)
    with (
        pgbouncer.running(target, [database["NAME"]]) as pooler,
        smtp_sink.running("bench.smtp_sink.RecipientLog", str(recipients)) as smtp,
        _web_servers(_pooled_url(database, pooler), bench.folder) as servers,
    ):
        environment = _worker_environment(_pooled_url(database, pooler), smtp)
        deliveries = [
            _run(workers, batch, links, environment, servers, recipients, bench.folder)
            for workers, batch in enumerate(batches, 1)
        ]
    for delivery in deliveries:
        print(delivery.describe(), flush=True)
    _check(deliveries)
    one, two = deliveries
    print(f"scale_out goal: two workers at least {GOAL} times one", flush=True)
    return Measurement(two.rate, "items/s"), Measurement(one.rate, "items/s")


def _run(
    workers: int,
    batch: tuple[Survey, frozenset[str]],
    links: list[str],
    environment: dict[str, str],
    servers: list[server.Server],
    recipients: Path,
    folder: Path,
) -> Delivery:
    """One run of `workers` workers, with links of its own for the clients."""
    survey, expected = batch
    per_run = SERVERS * LINKS_PER_SERVER
    mine = links[(workers - 1) * per_run : workers * per_run]
    seconds, traffic = _deliver(survey, workers, environment, servers, mine, folder)
    received = Counter(recipients.read_text().split())
    load = os.getloadavg()[0]
    return Delivery(workers, seconds, received, expected, traffic, load)


def _check(deliveries: list[Delivery]) -> None:
    for delivery in deliveries:
        if delivery.twice or delivery.lost:
            raise MeasurementError(
                f"{delivery.twice} sent twice, {delivery.lost} lost "
                f"with {delivery.workers} worker(s)"
            )
        failed = [t for t in delivery.traffic if t.errors]
        if failed:
            raise MeasurementError(f"public pages failed: {failed[0].describe(0)}")


# Rows ---------------------------------------------------------------------


def _open_survey(workspace) -> Survey:
    survey = services.create_survey(workspace=workspace, template="checkin")
    survey.status = Survey.Status.OPEN
    survey.save(update_fields=["status"])
    return survey


def _queued(workspace, count: int, *, first: int) -> tuple[Survey, frozenset[str]]:
    """A survey of its own with `count` invitations waiting in the queue, and the
    addresses they go to."""
    survey = _open_survey(workspace)
    invite(survey, count, first=first, status=Invitation.Status.QUEUED)
    addresses = survey.invitations.values_list("contact__email", flat=True)
    return survey, frozenset(addresses)


def _links(workspace, count: int, *, first: int) -> list[str]:
    """Paths of survey links delivered and not yet opened, for the clients."""
    survey = _open_survey(workspace)
    now = timezone.now()
    sent = {"status": Invitation.Status.SENT, "sent_at": now, "last_emailed_at": now}
    invitations = invite(survey, count, first=first, **sent)
    tokens = services.new_link_tokens(invitations)
    return [reverse("feedback:answer", args=[token]) for token in tokens.values()]


def _answers_body(survey: Survey) -> str:
    return urlencode([(field_name(q), ANSWERS[q.kind]) for q in survey.questions.all()])


# Processes ------------------------------------------------------------------


def _pooled_url(database: dict, pooler: pgbouncer.Pooler) -> str:
    user = quote(database["USER"] or "postgres")
    return f"postgres://{user}@{pgbouncer.HOST}:{pooler.port}/{database['NAME']}"


@contextlib.contextmanager
def _web_servers(database_url: str, folder: Path) -> Iterator[list[server.Server]]:
    environment = {
        "DATABASE_URL": database_url,
        "DATABASE_POOL_MAX_SIZE": str(WEB_POOL_SIZE),
    }
    with contextlib.ExitStack() as stack:
        yield [
            stack.enter_context(
                server.running(BASE_DIR, folder / f"web-{n}.log", environment)
            )
            for n in range(1, SERVERS + 1)
        ]


def _worker_environment(database_url: str, smtp_port: int) -> dict[str, str]:
    return os.environ | {
        "DATABASE_URL": database_url,
        "EMAIL_HOST": smtp_sink.HOST,
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "0",
    }


@contextlib.contextmanager
def _workers(
    count: int, environment: dict[str, str], folder: Path
) -> Iterator[list[tuple[subprocess.Popen, Path]]]:
    """`manage.py db_worker` processes, started and waiting for tasks."""
    argv = [sys.executable, "manage.py", "db_worker", "--interval", "0.1"]
    argv += ["--no-startup-delay", "--no-reload"]
    started = []
    try:
        for number in range(count):
            log = folder / f"worker-{count}-{number}.log"
            with log.open("w") as output:
                # Our interpreter and fixed arguments.
                process = subprocess.Popen(  # noqa: S603
                    argv,
                    cwd=BASE_DIR,
                    env=environment,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            started.append((process, log))
        for process, log in started:
            _wait_for_worker(process, log)
        yield started
    finally:
        for process, _ in started:
            _stop(process)


def _wait_for_worker(process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + WORKER_START_SECONDS
    while "Starting worker" not in log.read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            raise MeasurementError(
                f"a worker did not start:\n{log.read_text()[-2000:]}"
            )
        time.sleep(0.1)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# The run ----------------------------------------------------------------------


def _deliver(
    survey: Survey,
    workers: int,
    environment: dict[str, str],
    servers: list[server.Server],
    links: list[str],
    folder: Path,
) -> tuple[float, list[Traffic]]:
    """Seconds the workers took to deliver the survey's queued invitations, from
    the commit that queued their tasks to the last one sent, and what the web
    servers answered meanwhile."""
    body = _answers_body(survey)
    share = len(links) // len(servers)
    with _workers(workers, environment, folder) as running:
        stop = threading.Event()
        clients = [
            _Client(s.base_url, links[n * share : (n + 1) * share], body, stop)
            for n, s in enumerate(servers)
        ]
        for client in clients:
            client.start()
        try:
            seconds = _queue_and_wait(survey, running)
        finally:
            stop.set()
            for client in clients:
                client.join(timeout=30)
    return seconds, [client.traffic for client in clients]


def _queue_and_wait(
    survey: Survey, running: list[tuple[subprocess.Popen, Path]]
) -> float:
    ids = list(survey.invitations.order_by("pk").values_list("pk", flat=True))
    # The tasks `services.queue_delivery` queues, all visible at one commit.
    with transaction.atomic():
        for chunk in batched(ids, services.DELIVERY_BATCH):
            deliver_invitations.enqueue(ids=list(chunk), reminder=False)
    started = time.perf_counter()
    sent = survey.invitations.filter(status=Invitation.Status.SENT)
    while sent.count() < len(ids):
        for process, log in running:
            if process.poll() is not None:
                raise MeasurementError(f"a worker stopped:\n{log.read_text()[-2000:]}")
        if time.perf_counter() - started > DELIVERY_SECONDS:
            statuses = Counter(survey.invitations.values_list("status", flat=True))
            raise MeasurementError(f"not delivered in time: {dict(statuses)}")
        time.sleep(POLL_SECONDS)
    return time.perf_counter() - started


class _Client(threading.Thread):
    """A client of one server: opens a survey link, answers it, pauses, and
    goes on to the next link until told to stop; past the last, it opens the
    answered links again."""

    def __init__(
        self, base_url: str, paths: list[str], body: str, stop: threading.Event
    ) -> None:
        super().__init__(daemon=True)
        address = urlsplit(base_url)
        self.host, self.port = address.hostname, address.port
        self.paths, self.body, self.stop = paths, body, stop
        self.traffic = Traffic()

    def run(self) -> None:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        for number, path in enumerate(itertools.cycle(self.paths)):
            if self.stop.is_set():
                break
            connection = self._send(connection, "GET", path, None, {})
            if number < len(self.paths):  # Each link is answered once.
                connection = self._send(connection, "POST", path, self.body, form)
            self.stop.wait(PAUSE)
        connection.close()

    def _send(
        self,
        connection: http.client.HTTPConnection,
        method: str,
        path: str,
        body: str | None,
        headers: dict[str, str],
    ) -> http.client.HTTPConnection:
        self.traffic.requests += 1
        try:
            connection.request(method, path, body, headers)
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as error:
            self.traffic.errors[type(error).__name__] += 1
            connection.close()
            return http.client.HTTPConnection(self.host, self.port, timeout=10)
        if response.status != 200:
            self.traffic.errors[f"{method} {response.status}"] += 1
        return connection
