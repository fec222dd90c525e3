"""Browser tests: Playwright drives the system Chromium against the live server.

Chromium comes from CHROMIUM_PATH, else the first `chromium` on PATH (Debian's
package); `make test` installs one when the machine has none.
"""

import os
import shutil
import time

import pytest
from django.db import connection

# Playwright's sync API runs an event loop in this thread; the ORM calls that the
# tests make to set up data are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    args = {
        **browser_type_launch_args,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            # As browser_context_args below, for the contexts tests make
            # themselves (two people side by side, a phone, no JavaScript).
            "--force-prefers-reduced-motion",
        ],
    }
    if path := chromium_path():
        args["executable_path"] = path
    return args


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # Bootstrap's buttons fade their colours in 0.15 s; axe-core read a focused
    # Undo button half-way through the fade (contrast 4.35) and failed a page
    # whose settled colours pass (4.69). With reduced motion, which Bootstrap
    # honours, the checks see the colours people see once the page is still.
    return {**browser_context_args, "reduced_motion": "reduce"}


# Requests of other connections to the test database still running or holding
# a transaction open.
BUSY_CONNECTIONS = """
SELECT count(*) FROM pg_stat_activity
WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'
"""


@pytest.fixture
def live_server(live_server):
    """The live server, left idle when the test ends.

    A browser that closes does not stop the request the server is working on; if
    it is still running (a slow page on a busy machine, a script's last save),
    the flush that empties the database after the test deadlocked with it. Set
    up after the database fixture, this is torn down before its flush."""
    yield live_server
    deadline = time.monotonic() + 15
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(BUSY_CONNECTIONS)
            if cursor.fetchone()[0] == 0:
                break
            time.sleep(0.05)


@pytest.fixture
def page(page):
    page.set_default_timeout(10_000)
    return page


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
