"""`make bench [SCENARIO=name]`: print `name: ratio R (app A, baseline B)` lines.

Sets production settings on a separate bench database, migrates it, collects static
files, starts one gunicorn serving the app and the baselines, runs the scenarios and
stops gunicorn. The embedded PostgreSQL, when used, stays running for everyone else.
Run from the project folder as `python -m bench.run [name ...]` (bench/run.sh).
"""

import os
import secrets
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench import server
from bench.harness import (
    Bench,
    Measurement,
    MeasurementError,
    format_error,
    format_line,
)

type Scenario = Callable[[Bench], tuple[Measurement, Measurement]]

BASE_DIR = Path(__file__).resolve().parent.parent
BENCH_DATABASE = "ideal_customer_bench"


def main(names: list[str]) -> int:
    # A plain `kill` should stop gunicorn too: SystemExit runs the finally blocks.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    try:
        configure_environment()
        scenarios = load_scenarios()
        unknown = [name for name in names if name not in scenarios]
        if unknown:
            print(f"Unknown scenario: {', '.join(unknown)}", file=sys.stderr)
            print(f"Known scenarios: {', '.join(scenarios)}", file=sys.stderr)
            return 2
        prepare_database()
        return run_all({name: scenarios[name] for name in names or scenarios})
    except KeyboardInterrupt:
        return 130
    finally:
        # A whole run should stay under 30 minutes on the 2-core machine.
        print(f"make bench took {_elapsed(started)}", file=sys.stderr)


def configure_environment() -> None:
    """Production settings for run.py, which sets up Django, and for gunicorn."""
    from dotenv import load_dotenv

    # The settings read .env as well: its DATABASE_URL decides the server here too.
    load_dotenv(BASE_DIR / ".env", override=False)
    os.environ.update(
        {
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            # Plain HTTP on loopback: nothing terminates TLS in front of gunicorn.
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DATABASE_URL": bench_database_url(os.environ.get("DATABASE_URL", "")),
        }
    )


def bench_database_url(url: str) -> str:
    """The bench database beside the usual one: never the data people work on."""
    if not url:
        from config import embedded_postgres

        return embedded_postgres.database_url(BASE_DIR, BENCH_DATABASE)
    address = urlsplit(url)
    name = address.path.lstrip("/") + "_bench"
    create_database(url, name)
    return urlunsplit(address._replace(path=f"/{name}"))


def create_database(url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(url, autocommit=True) as connection:
        query = "SELECT 1 FROM pg_database WHERE datname = %s"
        if not connection.execute(query, [name]).fetchone():
            connection.execute(
                sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
            )


def load_scenarios() -> dict[str, Scenario]:
    """Set Django up, then import the scenarios: they import the apps' models."""
    import django

    django.setup()
    from bench.scenarios import SCENARIOS

    return SCENARIOS


def prepare_database() -> None:
    from django.core.management import call_command

    from bench import baseline

    print("Preparing the bench database and static files ...", file=sys.stderr)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    baseline.prepare_table()


def run_all(scenarios: dict[str, Scenario]) -> int:
    """Print one line per scenario; 1 when any of them failed."""
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        scratch = Path(folder)
        with server.running(BASE_DIR, scratch / "gunicorn.log") as running:
            print(f"Measuring {running.base_url} ...", file=sys.stderr, flush=True)
            bench = Bench(base_url=running.base_url, folder=scratch)
            lines = [run_one(bench, *item) for item in scenarios.items()]
            failed = any(": ERROR " in line for line in lines)
            if failed:
                print(f"gunicorn's log ends:\n{running.log_tail()}", file=sys.stderr)
    return 1 if failed else 0


def run_one(bench: Bench, name: str, measure: Scenario) -> str:
    started = time.monotonic()
    try:
        app, baseline = measure(bench)
    except MeasurementError as error:
        line = format_error(name, str(error))
    except Exception as error:
        # A broken scenario should not cost the others their numbers.
        traceback.print_exc()
        line = format_error(name, f"{type(error).__name__}: {error}")
    else:
        line = format_line(name, app, baseline)
    print(line, flush=True)
    # On stderr, so the lines on stdout stay the figures: what each scenario
    # costs a run, making and deleting its rows included.
    print(f"{name} took {_elapsed(started)}", file=sys.stderr, flush=True)
    return line


def _elapsed(started: float) -> str:
    seconds = time.monotonic() - started
    return f"{seconds:.0f} s ({seconds / 60:.1f} min)"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
