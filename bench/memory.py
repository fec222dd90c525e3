"""Peak memory, for the scenarios whose goal includes it."""

import resource
import tracemalloc
from collections.abc import Iterable
from pathlib import Path

MIB = 1024 * 1024


def streamed_peak(chunks: Iterable[bytes]) -> tuple[int, int]:
    """Consume `chunks` (a streaming response's content); return how many bytes
    they held and the peak of the memory Python allocated meanwhile, in bytes.
    A stream that keeps its rows in memory peaks in proportion to them; one
    that streams peaks at about one chunk of rows, whatever their number."""
    size = 0
    tracemalloc.start()
    try:
        for chunk in chunks:
            size += len(chunk)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return size, peak


def mib(amount: float) -> str:
    """Bytes in MiB, as the lines print them: "12.3 MiB"."""
    return f"{amount / MIB:.1f} MiB"


def process_peak_kib() -> int:
    """The most memory this process has held (its resident set's high-water
    mark), in KiB. Read from /proc/self/status where there is one: `ru_maxrss`
    starts a child at its parent's size when it was forked (Linux carries it over
    fork and exec), so an import worker started by a bench process that had
    grown to 580 MiB reported 580 MiB while it held 83."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux.
