"""`pytest --through-pooler`: part of the suite again, through PgBouncer in
transaction pooling mode (`make test` runs it after the whole suite).

The test database is made as usual, straight on the server (PgBouncer cannot
create a database), then a private PgBouncer (config/pgbouncer.py) starts in front
of it and every connection the tests open, the worker processes' included, goes
through it. The pooler rotates its server connections, so anything a connection
keeps between transactions (a prepared statement, a session advisory lock, a
`SET`, a cursor declared WITH HOLD) breaks a test here.

Most tests run inside one transaction each (pytest-django's `db`), which a pooler
keeps on one server connection: they show that every query of a request goes
through it, and the connections they share across tests would carry prepared
statements from one to the next. The tests that commit (`transaction=True`: the
worker processes, racing workers, the exports streamed after their request's
transaction) are the ones that would meet lost session state.
"""

import contextlib
from collections.abc import Iterator
from pathlib import Path

from django.db import connections

from config import pgbouncer

OPTION = "--through-pooler"
# Request-level tests of each area's pages and the worker tests: about a minute.
SUITE = [
    "tests/test_pooler_safety.py",
    "tests/core/test_jobs.py",
    "tests/core/test_outbox.py",
    "tests/core/test_ratelimit.py",
    "tests/accounts/test_login.py",
    "tests/accounts/test_sessions.py",
    "tests/personas/test_list.py",
    "tests/personas/test_profile.py",
    "tests/fitcheck/test_contacts.py",
    "tests/fitcheck/test_intake.py",
    "tests/fitcheck/test_preview_jobs.py",
    "tests/fitcheck/test_rescore_worker.py",
    "tests/feedback/test_public_views.py",
    "tests/feedback/test_sending_views.py",
    "tests/feedback/test_sending_services.py",
    "tests/feedback/test_concurrent_submit.py",
    "tests/feedback/test_results_views.py",
    "tests/privacy/test_people_views.py",
]


def outside_suite(path: Path, root: Path) -> bool:
    """Whether collecting `path` can be skipped: it is not a file of the suite
    nor a folder that holds one."""
    relative = path.relative_to(root).as_posix()
    if path.is_dir():
        return not any(name.startswith(relative + "/") for name in SUITE)
    return path.name.startswith("test_") and relative not in SUITE


@contextlib.contextmanager
def routed_through_pgbouncer() -> Iterator[pgbouncer.Pooler]:
    """The default database's connections go through a new PgBouncer until the
    block ends; then straight to the server again (to tear the database down)."""
    database = connections["default"]
    direct = dict(database.settings_dict)
    target = pgbouncer.Target.from_settings(direct)
    with pgbouncer.running(target, [direct["NAME"]]) as pooler:
        _point(database, pooler.settings_for(direct))
        try:
            yield pooler
        finally:
            _point(database, direct)


def _point(database, settings_dict: dict) -> None:
    # Connections, and the pool's connections, made to the old address close
    # first; the next query connects to the new one.
    database.close()
    database.close_pool()
    database.settings_dict.update(settings_dict)
