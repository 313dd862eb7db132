"""A throwaway PostgreSQL cluster for the tests: initdb into a temporary folder, a server on
127.0.0.1 at a free port with its socket in that folder, stopped and removed at the end.

Run as root (CI, these machines), the server runs as the ``postgres`` OS user (PostgreSQL
refuses to run as root) in a folder that user owns; run as anyone else, as that user.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

# Where Debian puts the server binaries (newest version first); PG_BINDIR overrides.
BINDIR_CANDIDATES = tuple(
    str(path) for path in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
) or ("/usr/lib/postgresql/15/bin",)
SERVER_USER = "postgres"
SUPERUSER = "caseapp_test"
PASSWORD = "caseapp-test-only"


class NoPostgres(RuntimeError):
    """The PostgreSQL server binaries are not installed here."""


def find_bindir() -> Path:
    candidates = [os.environ["PG_BINDIR"]] if os.environ.get("PG_BINDIR") else []
    candidates += BINDIR_CANDIDATES
    for candidate in candidates:
        if (Path(candidate) / "initdb").is_file() and (Path(candidate) / "pg_ctl").is_file():
            return Path(candidate)
    raise NoPostgres(
        "PostgreSQL server binaries (initdb, pg_ctl) not found in "
        + ", ".join(candidates)
        + ": install Debian's 'postgresql' package (.ci/run does), or set PG_BINDIR. "
        "Set CASEAPP_TEST_POSTGRES=skip to run only the SQLCipher tests locally."
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PgCluster:
    """One server for the session; ``new_database()`` gives each test its own database."""

    def __init__(self) -> None:
        self.bindir = find_bindir()
        self.root = Path(tempfile.mkdtemp(prefix="caseapp-pg-"))
        self.as_root = os.geteuid() == 0
        self.data = self.root / "data"
        self.port = _free_port()
        self.started = False
        if self.as_root:
            shutil.chown(self.root, SERVER_USER, SERVER_USER)
        os.chmod(self.root, 0o700)
        pwfile = self.root / "pwfile"
        pwfile.write_text(PASSWORD + "\n", encoding="utf-8")
        if self.as_root:
            shutil.chown(pwfile, SERVER_USER, SERVER_USER)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            "--pwfile",
            str(pwfile),
            "-A",
            "scram-sha-256",
            "-E",
            "UTF8",
            "--locale",
            "C.UTF-8",
            "--no-sync",  # a throwaway cluster: nothing to keep after a power cut
        )
        options = (
            f"-h 127.0.0.1 -p {self.port} -k {self.root} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.root / "server.log"),
            "-w",
            "start",
        )
        self.started = True

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bindir / program), *args]
        if self.as_root:
            command = ["runuser", "-u", SERVER_USER, "--", *command]
        result = subprocess.run(
            command, cwd=self.root, capture_output=True, text=True, check=False, timeout=120
        )
        if result.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{program} failed:\n{result.stdout}{result.stderr}{tail}")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{SUPERUSER}:{PASSWORD}@127.0.0.1:{self.port}/{database}"

    def admin(self, *statements: str) -> None:
        import psycopg

        with psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user=SUPERUSER,
            password=PASSWORD,
            dbname="postgres",
            autocommit=True,
        ) as conn:
            for statement in statements:
                conn.execute(statement)  # type: ignore[arg-type]

    def new_database(self, template: str | None = None) -> str:
        """A fresh database (a copy of ``template`` when given); its URL."""
        name = "t_" + uuid.uuid4().hex[:16]
        source = f" TEMPLATE {template}" if template else ""
        self.admin(f"CREATE DATABASE {name}{source}")
        return name

    def drop_database(self, name: str) -> None:
        with contextlib.suppress(Exception):
            self.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def stop(self) -> None:
        if self.started:
            with contextlib.suppress(Exception):
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
            self.started = False
        shutil.rmtree(self.root, ignore_errors=True)


@contextlib.contextmanager
def cluster() -> Iterator[PgCluster]:
    server = PgCluster()
    try:
        yield server
    finally:
        server.stop()
