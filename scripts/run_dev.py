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

        print("Starting the embedded PostgreSQL in .pgdata/ ...", flush=True)
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


def serve() -> int:
    children = [
        subprocess.Popen(
            [sys.executable, "manage.py", "runserver", ADDRESS], cwd=BASE_DIR
        ),
        subprocess.Popen([sys.executable, "manage.py", "db_worker"], cwd=BASE_DIR),
        # Re-queue work a stopped worker left and send due reminders, every minute.
        subprocess.Popen(
            [sys.executable, "manage.py", "upkeep", "--every", "60"], cwd=BASE_DIR
        ),
    ]
    print(f"\nThe app is running on http://{ADDRESS}/ (Ctrl-C stops it).\n", flush=True)
    try:
        while all(child.poll() is None for child in children):
            with contextlib.suppress(subprocess.TimeoutExpired):
                children[0].wait(timeout=1)
    except KeyboardInterrupt:
        pass
    finally:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGINT)
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
