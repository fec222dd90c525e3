"""A private PgBouncer in transaction pooling mode, for the tests and benchmarks.

Production runs PgBouncer as a service of its own and points DATABASE_URL at it;
this module only starts one in front of a development or test database, the way
`embedded_postgres` starts a database: `make test` runs part of the suite through
it (tests/pooler.py) and `make bench SCENARIO=scale_out` serves two web servers and
two workers through it. Debian's `pgbouncer` package provides the program
(scripts/ensure_pgbouncer.sh installs it).

Transaction pooling hands each transaction to whichever server connection is free,
so anything a connection keeps between transactions (a prepared statement, a session
advisory lock, a `SET`, a cursor declared WITH HOLD, a temporary table) is lost or
seen by someone else. `server_round_robin` with a few server connections kept open
makes that certain rather than likely: one client's consecutive transactions go to
different server connections, so such state fails at once instead of by bad luck
in production.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"
START_SECONDS = 10
STOP_SECONDS = 5
# PgBouncer refuses to run as root; as root, it runs as this user, unless the
# database is reached through a socket folder, whose owner it runs as instead.
UNPRIVILEGED_USER = "nobody"


@dataclass(frozen=True)
class Target:
    """The PostgreSQL server behind the pooler, as Django's settings name it."""

    host: str  # A host name, or a socket folder (starting with "/").
    port: str
    user: str
    password: str = ""

    @classmethod
    def from_settings(cls, settings_dict: dict) -> "Target":
        return cls(
            host=settings_dict["HOST"] or "localhost",
            port=str(settings_dict["PORT"] or 5432),
            user=settings_dict["USER"] or "postgres",
            password=settings_dict["PASSWORD"] or "",
        )


@dataclass(frozen=True)
class Pooler:
    port: int
    log: Path

    def settings_for(self, settings_dict: dict) -> dict:
        """Django's connection settings, the same database through the pooler."""
        return {**settings_dict, "HOST": HOST, "PORT": str(self.port)}

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def executable() -> str:
    found = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    if not os.access(found, os.X_OK):
        raise RuntimeError(
            "PgBouncer is not installed: run scripts/ensure_pgbouncer.sh "
            "(Debian's pgbouncer package)."
        )
    return found


@contextlib.contextmanager
def running(
    target: Target,
    databases: list[str],
    *,
    pool_size: int = 10,
    min_pool_size: int = 3,
    max_client_conn: int = 200,
) -> Iterator[Pooler]:
    """PgBouncer on a free loopback port in front of `databases` on `target`,
    each reachable under its own name, until the block ends."""
    folder = Path(tempfile.mkdtemp(prefix="pgbouncer-"))
    # The unprivileged user must read the configuration.
    folder.chmod(0o755)
    port = free_port()
    ini = folder / "pgbouncer.ini"
    users = folder / "users.txt"
    users.write_text(f'"{target.user}" "{target.password}"\n')
    ini.write_text(
        _configuration(
            target,
            databases,
            port=port,
            users=users,
            pool_size=pool_size,
            min_pool_size=min_pool_size,
            max_client_conn=max_client_conn,
        )
    )
    log = folder / "pgbouncer.log"
    argv = [executable(), str(ini)]
    if _is_root():
        argv[1:1] = ["-u", _run_as(target)]
    with log.open("w") as output:
        # Our own configuration and the system's pgbouncer.
        process = subprocess.Popen(  # noqa: S603
            argv, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    pooler = Pooler(port=port, log=log)
    try:
        _wait_until_listening(process, pooler)
        yield pooler
    finally:
        _stop(process)
        shutil.rmtree(folder, ignore_errors=True)


def _configuration(
    target: Target,
    databases: list[str],
    *,
    port: int,
    users: Path,
    pool_size: int,
    min_pool_size: int,
    max_client_conn: int,
) -> str:
    password = f" password={target.password}" if target.password else ""
    lines = ["[databases]"]
    lines += [
        f"{name} = host={target.host} port={target.port} dbname={name} "
        f"user={target.user}{password}"
        for name in databases
    ]
    lines += [
        "[pgbouncer]",
        f"listen_addr = {HOST}",
        f"listen_port = {port}",
        # No socket of our own: its default folder may not be writable here.
        "unix_socket_dir =",
        "auth_type = trust",
        f"auth_file = {users}",
        "pool_mode = transaction",
        f"default_pool_size = {pool_size}",
        f"min_pool_size = {min_pool_size}",
        f"max_client_conn = {max_client_conn}",
        # Rotate server connections: state left on one shows up at once.
        "server_round_robin = 1",
        "log_connections = 0",
        "log_disconnections = 0",
    ]
    return "\n".join(lines) + "\n"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _run_as(target: Target) -> str:
    """The user PgBouncer drops to: the owner of the database's socket folder
    (the embedded PostgreSQL's is closed to everyone else), else nobody."""
    if target.host.startswith("/"):
        from pwd import getpwuid

        return getpwuid(Path(target.host).stat().st_uid).pw_name
    return UNPRIVILEGED_USER


def _wait_until_listening(process: subprocess.Popen, pooler: Pooler) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"PgBouncer exited at start:\n{pooler.log_tail()}")
        with contextlib.suppress(ConnectionError):
            socket.create_connection((HOST, pooler.port), timeout=1).close()
            return
        time.sleep(0.05)
    raise RuntimeError(f"PgBouncer did not listen within {START_SECONDS} s")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        # SIGTERM stops PgBouncer at once (SIGINT would wait for its clients).
        process.terminate()
    try:
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
