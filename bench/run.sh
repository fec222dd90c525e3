#!/usr/bin/env bash
# `make bench [SCENARIO=name]`: check for wrk, then run the scenarios (bench/run.py).
set -euo pipefail

if ! command -v wrk >/dev/null 2>&1; then
	echo "make bench needs the wrk load generator, which is not installed." >&2
	echo "Install it with: sudo apt-get install wrk   (macOS: brew install wrk)" >&2
	exit 1
fi

cd "$(dirname "$0")/.."
exec .venv/bin/python -m bench.run "$@"
