"""Zip downloads built while they are sent: members are written one after the
other into a buffer that is handed out in chunks, so memory stays flat whatever
their size and no copy of the data is left on disk.

`zipfile` writes to a stream it cannot seek by putting each member's sizes after
its data (a data descriptor), which every unzip tool reads.
"""

import json
import zipfile
from collections.abc import Iterable, Iterator

from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header

CHUNK_BYTES = 64 * 1024

type Member = tuple[str, Iterable[str]]


class _Buffer:
    """A write-only stream that keeps what was written until it is taken."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts, self.size = [], 0
        return data


def stream_zip(members: Iterable[Member]) -> Iterator[bytes]:
    """The bytes of a zip holding each (name, text chunks) member, UTF-8."""
    buffer = _Buffer()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, chunks in members:
            with archive.open(name, "w") as member:
                for chunk in chunks:
                    member.write(chunk.encode())
                    if buffer.size >= CHUNK_BYTES:
                        yield buffer.take()
    yield buffer.take()


def json_lines(items: Iterable[object]) -> Iterator[str]:
    """A JSON array written an item at a time."""
    yield "[\n"
    for number, item in enumerate(items):
        yield ("" if number == 0 else ",\n") + json.dumps(item, cls=DjangoJSONEncoder)
    yield "\n]\n"


def zip_download(*, filename: str, members: Iterable[Member]) -> StreamingHttpResponse:
    return StreamingHttpResponse(
        stream_zip(members),
        content_type="application/zip",
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )
