#!/usr/bin/env bash
# Make sure the browser tests have a Chromium: the system one when present (or the
# one CHROMIUM_PATH names), else Debian's package when we are root with apt, else
# Playwright's own download.
set -euo pipefail
bin=${1:-.venv/bin}
if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then exit 0; fi
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium package for the browser tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "No system Chromium found: downloading Playwright's."
"$bin/playwright" install chromium
