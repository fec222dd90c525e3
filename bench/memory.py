"""Peak memory, for the scenarios whose goal includes it."""

import tracemalloc
from collections.abc import Iterable

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
