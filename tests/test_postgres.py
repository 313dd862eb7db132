"""The team server: caseapp on PostgreSQL as a caseworker's office would use it, with real
processes and the real command line (the session's throwaway server, tests/conftest.py)."""

from __future__ import annotations

import json
from pathlib import Path

from caseapp.app import open_case_app
from caseapp.benchmarks import soak
from caseapp.store import StoreLocation

from .cli_runner import environment, run_cli
from .conftest import PASSPHRASE

SAVERS = 4
SAVES = 40


def test_processes_saving_at_once_all_succeed_and_the_chain_verifies(server_archive) -> None:
    """Each audit event takes the last one's number and hash: without a lock two processes
    appended after the same event and one save failed (36 of 80 in the issue). Four
    caseworkers' processes create, edit and take turns on one shared record, each save made
    on the version they read (caseapp/benchmarks/soak.py): none fails, none is lost without
    the "changed by … reload" a person would see, and the chain verifies."""
    totals = soak.run(server_archive, "tester", processes=SAVERS, saves=SAVES)
    assert totals["saves"] == SAVERS * SAVES
    assert (totals["failed"], totals["lost"], totals["verify_problems"]) == (0, 0, 0)

    app = open_case_app(StoreLocation(url=server_archive), None, "tester")
    try:
        created = SAVERS * len(range(1, SAVES + 1, 3)) + 1  # and the shared record
        assert app.stats()["testimony"] == created
    finally:
        app.close()


def test_the_command_line_on_a_server_database(pg_database: str, tmp_path: Path) -> None:
    """The issue's first steps: init (which failed on sqlite_master), demo, stats, search
    (which failed on MATCH), verify and an export, against a postgresql+psycopg URL. The
    login (the test server's superuser) becomes the first coordinator of a team, its slot
    opened by the passphrase (tests/test_team_server.py tests the team itself)."""
    env = environment(tmp_path, PASSPHRASE)
    init = run_cli("--db", pg_database, "init", env=env)
    assert init.returncode == 0, init.stderr
    assert "***" in init.stdout and "caseapp-test-only" not in init.stdout + init.stderr
    assert run_cli("--db", pg_database, "demo", env=env).returncode == 0
    stats = run_cli("--db", pg_database, "stats", env=env)
    assert stats.returncode == 0 and "testimony" in stats.stdout
    found = run_cli("--db", pg_database, "search", "회령", "--json", env=env)
    assert found.returncode == 0, found.stderr
    hits = json.loads(found.stdout)
    assert hits and all("[회령" in hit["snippet"] for hit in hits)
    verify = run_cli("--db", pg_database, "verify", env=env)
    assert verify.returncode == 0, verify.stderr
    out = tmp_path / "testimonies.csv"
    export = run_cli(
        "--db",
        pg_database,
        "export",
        "testimonies",
        "-o",
        str(out),
        "--profile",
        "internal",
        env=env,
    )
    assert export.returncode == 0, export.stderr
    assert "회령" in out.read_text(encoding="utf-8-sig")
    again = run_cli("--db", pg_database, "init", env=env)
    assert again.returncode == 1 and "already holds a caseapp database" in again.stderr
