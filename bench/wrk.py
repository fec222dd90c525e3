"""Drive wrk: write its Lua script and request list, build its command, read its output.

Standard library only, so the parser and the script writer are tested without wrk.

Every measurement goes through one Lua script. It reads the requests from a data
file, one `METHOD<TAB>PATH<TAB>BODY` line each (the body is `x` and its hex, or `-`
for none), which keeps thousands of distinct requests out of the Lua source, where
LuaJIT limits how many constants one chunk may hold. With `step` T (distinct
requests), thread i of T sends requests start+i, start+i+T, ... so no two threads
repeat one; with step 1 every thread cycles through the whole list. `done()` prints
the next unused index, so the measured run after a warm-up never reuses a one-time
token, and whether any thread ran out and started again from its first request.
"""

import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

SCRIPT_TEMPLATE = """\
-- Written by bench/wrk.py for one measurement.
local data_path = {data_path}
local headers = {headers}
local step = {step}
local threads = {{}}

function setup(thread)
  thread:set("thread_id", #threads)
  table.insert(threads, thread)
end

local function unhex(text)
  return (text:gsub("%x%x", function(h) return string.char(tonumber(h, 16)) end))
end

local function read_requests()
  local all = {{}}
  for line in io.lines(data_path) do
    local method, path, body = line:match("^(%S+)\\t(%S+)\\t(%S+)$")
    all[#all + 1] = {{method, path, body ~= "-" and unhex(body:sub(2)) or nil}}
  end
  return all
end

local mine, index, first = {{}}, 0, 0
wrapped, next_index = 0, 0

function init(args)
  local all = read_requests()
  first = tonumber(args[1] or "0") + thread_id % step
  for position = first, #all - 1, step do
    local r = all[position + 1]
    mine[#mine + 1] = wrk.format(r[1], r[2], headers, r[3])
  end
  if #mine == 0 then
    wrapped = 1
    mine[1] = wrk.format(all[1][1], all[1][2], headers, all[1][3])
  end
  next_index = first
end

function request()
  if index == #mine then
    index, wrapped = 0, 1
  end
  index = index + 1
  next_index = first + index * step
  return mine[index]
end

function done(summary, latency, requests)
  local next_max, any_wrapped = 0, 0
  for _, thread in ipairs(threads) do
    next_max = math.max(next_max, thread:get("next_index"))
    any_wrapped = math.max(any_wrapped, thread:get("wrapped"))
  end
  io.write("bench-next: ", next_max, "\\n", "bench-wrapped: ", any_wrapped, "\\n")
  io.write("bench-p95-us: ", latency:percentile(95.0), "\\n")
end
"""


class Request(NamedTuple):
    method: str
    path: str
    body: str | None = None


@dataclass(frozen=True)
class WrkResult:
    rate: float
    requests: int
    bad_status: int
    socket_errors: int
    next_index: int
    wrapped: bool
    # The 95th percentile of the responses' latency, in milliseconds.
    p95_ms: float = 0.0


def lua_string(text: str) -> str:
    """A Lua string literal for any text: bytes outside printable ASCII as escapes."""
    parts = []
    for byte in text.encode():
        char = chr(byte)
        printable = 32 <= byte < 127 and char not in '"\\'
        parts.append(char if printable else f"\\{byte:03d}")
    return '"' + "".join(parts) + '"'


def lua_table(headers: dict[str, str]) -> str:
    pairs = (f"[{lua_string(k)}] = {lua_string(v)}" for k, v in headers.items())
    return "{" + ", ".join(pairs) + "}"


def data_line(request: Request) -> str:
    if " " in request.path or "\t" in request.path:
        raise ValueError(f"Paths must be URL-encoded: {request.path!r}")
    # The `x` prefix keeps an empty body distinct from no body (`-`).
    body = "-" if request.body is None else "x" + request.body.encode().hex()
    return f"{request.method}\t{request.path}\t{body}"


def write_script(
    folder: Path, requests: list[Request], headers: dict[str, str], step: int
) -> Path:
    """Write the request list and the script that sends it; return the script."""
    data = folder / "requests.txt"
    data.write_text("".join(data_line(r) + "\n" for r in requests))
    script = folder / "requests.lua"
    script.write_text(
        SCRIPT_TEMPLATE.format(
            data_path=lua_string(str(data)), headers=lua_table(headers), step=step
        )
    )
    return script


def command(
    url: str, script: Path, start: int, *, seconds: int, threads: int, connections: int
) -> list[str]:
    return [
        "wrk",
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={seconds}s",
        # Slow pages (an admin list at 100,000 rows) are measured, not timed out.
        "--timeout=10s",
        f"--script={script}",
        url,
        "--",
        str(start),
    ]


def parse_output(output: str) -> WrkResult:
    """Read the numbers a run printed; a run that printed none raises ValueError."""
    rate = _number(r"^Requests/sec:\s+([\d.]+)", output, required=True)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+)", output)
    timeouts = _number(r"Socket errors: .*timeout (\d+)", output)
    return WrkResult(
        rate=rate,
        requests=int(_number(r"^\s*(\d+) requests in ", output, required=True)),
        bad_status=int(_number(r"^\s*Non-2xx or 3xx responses:\s+(\d+)", output)),
        socket_errors=sum(map(int, socket.groups())) + int(timeouts) if socket else 0,
        next_index=int(_number(r"^bench-next: (\d+)", output)),
        wrapped=_number(r"^bench-wrapped: (\d+)", output) > 0,
        p95_ms=_number(r"^bench-p95-us: ([\d.]+)", output) / 1000,
    )


def _number(pattern: str, output: str, *, required: bool = False) -> float:
    match = re.search(pattern, output, re.MULTILINE)
    if match:
        return float(match.group(1))
    if required:
        raise ValueError(f"wrk printed no {pattern!r} line:\n{output}")
    return 0.0
