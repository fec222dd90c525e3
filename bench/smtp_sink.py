"""A local SMTP server that accepts every message and keeps none (aiosmtpd's Sink),
for measuring how fast mail leaves without measuring a real mail server."""

import contextlib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

from bench.server import HOST, free_port

START_SECONDS = 10
STOP_SECONDS = 5


@contextlib.contextmanager
def running() -> Iterator[int]:
    """Run the sink in its own process, so it takes no time from the measured
    one's interpreter, until the block ends; yields its port."""
    port = free_port()
    argv = [sys.executable, "-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Sink"]
    # Our interpreter and fixed arguments.
    process = subprocess.Popen(  # noqa: S603
        [*argv, "-l", f"{HOST}:{port}"],
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
