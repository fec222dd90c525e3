#!/usr/bin/env bash
# `make bench [SCENARIO=name]`: make sure wrk is there, then run the scenarios
# (bench/run.py). Like `make test` does for Chromium, a machine without wrk gets
# Debian's package when we are root with apt; elsewhere the message says how.
set -euo pipefail

if ! command -v wrk >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "Installing Debian's wrk package for the benchmarks..." >&2
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
	else
		echo "make bench needs the wrk load generator, which is not installed." >&2
		echo "Install it with: sudo apt-get install wrk   (macOS: brew install wrk)" >&2
		exit 1
	fi
fi

cd "$(dirname "$0")/.."
exec .venv/bin/python -m bench.run "$@"
