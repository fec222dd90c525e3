"""A local SMTP server that accepts every message and keeps none (aiosmtpd's Sink),
for measuring how fast mail leaves without measuring a real mail server."""

import contextlib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from bench.server import HOST, free_port

START_SECONDS = 10
STOP_SECONDS = 5
SINK = "aiosmtpd.handlers.Sink"


@contextlib.contextmanager
def running(handler: str = SINK, *arguments: str) -> Iterator[int]:
    """Run the sink in its own process, so it takes no time from the measured
    one's interpreter, until the block ends; yields its port. `handler` is the
    dotted path of an aiosmtpd handler class, given `arguments`."""
    port = free_port()
    argv = [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"{HOST}:{port}"]
    # Our interpreter and fixed arguments; from the project folder, so that a
    # handler of ours imports.
    process = subprocess.Popen(  # noqa: S603
        [*argv, "-c", handler, *arguments],
        cwd=Path(__file__).resolve().parent.parent,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_until_listening(process, port)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_listening(process: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the SMTP sink (python -m aiosmtpd) exited at start")
        with contextlib.suppress(ConnectionError):
            socket.create_connection((HOST, port), timeout=1).close()
            return
        time.sleep(0.1)
    raise RuntimeError(f"the SMTP sink did not listen within {START_SECONDS} s")


class RecipientLog:
    """An aiosmtpd handler that accepts every message and appends each of its
    recipients to a file, a line each, so a run can count what arrived: every
    address once, none twice. `python -m aiosmtpd -c bench.smtp_sink.RecipientLog
    FILE` (see `running`)."""

    def __init__(self, path: str) -> None:
        # A line at a time: what the bench reads is what the sink accepted.
        self.file = open(path, "a", buffering=1)  # noqa: SIM115 (the process's life)

    @classmethod
    def from_cli(cls, parser, *arguments: str) -> "RecipientLog":
        if len(arguments) != 1:
            parser.error("RecipientLog takes the file to append recipients to")
        return cls(arguments[0])

    async def handle_DATA(self, server, session, envelope) -> str:
        for recipient in envelope.rcpt_tos:
            self.file.write(recipient + "\n")
        return "250 Message accepted for delivery"
