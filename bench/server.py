"""The gunicorn server under test: started on a free loopback port, always stopped."""

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"
READY_PATH = "/bench/hello/"
START_SECONDS = 60
STOP_SECONDS = 15


@dataclass(frozen=True)
class Server:
    base_url: str
    log: Path

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


@contextlib.contextmanager
def running(
    base_dir: Path, log: Path, environment: Mapping[str, str] | None = None
) -> Iterator[Server]:
    """Serve the app and the baselines until the block ends, however it ends;
    `environment` adds to or replaces variables of ours (another DATABASE_URL)."""
    port = free_port()
    with log.open("w") as log_file:
        # Its own session: Ctrl-C reaches run.py, which stops the server in order.
        process = subprocess.Popen(  # noqa: S603 (our interpreter, fixed arguments)
            _gunicorn_argv(port),
            cwd=base_dir,
            env={**os.environ, **(environment or {})},
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(base_url=f"http://{HOST}:{port}", log=log)
    try:
        _wait_until_ready(process, server, port)
        yield server
    finally:
        _stop(process)


def _gunicorn_argv(port: int) -> list[str]:
    # One worker: with two, wrk's keep-alive connections often all land on one of
    # them, which halves the rate at random. A worker is what production has more
    # of, so its rate is the thing to compare, and the second core is left to wrk
    # and PostgreSQL. Four threads overlap the waits on the database. The access log
    # is off by default; the control socket is off because its one default path
    # would clash with any other gunicorn on the machine.
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        "--worker-class=gthread",
        "--workers=1",
        "--threads=4",
        f"--bind={HOST}:{port}",
        "--no-control-socket",
        "--graceful-timeout=5",
        "--log-level=warning",
    ]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _wait_until_ready(process: subprocess.Popen, server: Server, port: int) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited at start:\n{server.log_tail()}")
        status = _status(port)
        if status == 200:
            return
        if status is not None:
            raise RuntimeError(
                f"{READY_PATH} answered {status} at start:\n{server.log_tail()}"
            )
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer in {START_SECONDS} s")


def _status(port: int) -> int | None:
    """The status of the ready check, None while nothing listens yet."""
    connection = http.client.HTTPConnection(HOST, port, timeout=START_SECONDS)
    try:
        connection.request("GET", READY_PATH)
        return connection.getresponse().status
    except ConnectionError:
        return None
    finally:
        connection.close()


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        # The session holds the master and its workers: end them all, by group.
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
