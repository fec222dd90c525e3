#!/usr/bin/env bash
# Make sure PgBouncer is installed: the tests run part of the suite through it in
# transaction pooling mode, and `make bench SCENARIO=scale_out` serves through it.
# Like Chromium for the browser tests, a machine without it gets Debian's package
# when we are root with apt; elsewhere the message says how to install it.
set -euo pipefail
if command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's pgbouncer package for the connection-pooler tests..."
  apt-get update -qq
  # The package's own service is not wanted: tests start their own PgBouncer.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer >/dev/null
  exit 0
fi
echo "The tests need PgBouncer, which is not installed." >&2
echo "Install it with: sudo apt-get install pgbouncer   (macOS: brew install pgbouncer)" >&2
exit 1
