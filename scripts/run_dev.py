"""`make run`: database, migrations, demo data, web server and task worker.

Ctrl-C stops everything this started, the embedded PostgreSQL included.
"""

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
ADDRESS = "127.0.0.1:8000"


def main() -> int:
    sys.path.insert(0, str(BASE_DIR))
    from dotenv import load_dotenv

    load_dotenv(BASE_DIR / ".env", override=False)
    embedded = not os.environ.get("DATABASE_URL")
    if embedded:
        from config import embedded_postgres

        print("Starting the embedded PostgreSQL in .pgdata-18/ ...", flush=True)
        os.environ["DATABASE_URL"] = embedded_postgres.database_url(BASE_DIR)
    try:
        manage("migrate", "--noinput")
        manage("seed_demo")
        return serve()
    finally:
        if embedded:
            print("Stopping the embedded PostgreSQL ...", flush=True)
            embedded_postgres.stop(BASE_DIR)


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, check=True)


COMMANDS = [
    ["runserver", ADDRESS],
    ["db_worker"],
    # Re-queue work a stopped worker left and send due reminders, every minute.
    ["upkeep", "--every", "60"],
]


def serve() -> int:
    # Ctrl-C (even when started from a shell that ignores it) and a plain `kill`
    # both end up in the clean-up below.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)
    # Each child leads its own process group: Ctrl-C reaches only this script,
    # which then stops every child (and the children's own children, such as
    # runserver's reloader) once, in order, before stopping the database.
    children = [
        subprocess.Popen(
            [sys.executable, "manage.py", *command],
            cwd=BASE_DIR,
            start_new_session=True,
        )
        for command in COMMANDS
    ]
    print(f"\nThe app is running on http://{ADDRESS}/ (Ctrl-C stops it).\n", flush=True)
    try:
        while all(child.poll() is None for child in children):
            with contextlib.suppress(subprocess.TimeoutExpired):
                children[0].wait(timeout=1)
    except KeyboardInterrupt:
        pass
    finally:
        # A second Ctrl-C must not cut the clean-up short.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stop(children)
    return 0


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def stop(children: list[subprocess.Popen]) -> None:
    print("\nStopping the web server, the worker and the upkeep loop ...", flush=True)
    for child in children:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGTERM)
    for child in children:
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGKILL)


if __name__ == "__main__":
    sys.exit(main())
