"""The benchmark suite runs end to end at a small N and prints a row for every operation.
Timings are machine-dependent, so nothing here asserts on them.

It runs smaller than ``--smoke`` (50 testimonies, one run of each operation): what is checked
here is that every operation still runs and reports, which the size does not change."""

import tempfile
from pathlib import Path

import pytest

from caseapp.benchmarks.__main__ import OPERATIONS, main


def test_smoke_run_prints_every_operation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # In this process, so the generated databases get the suite's cheap key slots and the
    # probes the benchmark starts (real processes) open them cheaply.
    for name, value in {
        "QT_QPA_PLATFORM": "offscreen",
        "CASEAPP_PASSPHRASE": "smoke-test passphrase",
        "HOME": str(tmp_path),  # the probe's window settings stay out of the real home
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "TMPDIR": str(tmp_path),
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert main(["--n", "50", "--runs", "1", "--heavy-runs", "1"]) == 0
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines() if line.startswith("| ")]
    assert rows[0].startswith("| operation | median | floor | ratio | target | result |")
    names = [row.split(" | ")[0].removeprefix("| ") for row in rows[1:]]
    assert names == OPERATIONS
    assert all(row.rstrip().endswith(("| PASS |", "| MISS |")) for row in rows[1:])
    # The exchange (issue 14) is printed next to its CSV yardstick: a floor and a ratio each,
    # and the CSV's smaller count of testimonies (internal profile) said where it is.
    exchange = [row.split(" | ") for row in rows[1:] if row.startswith("| exchange: ")]
    assert len(exchange) == 6
    compared = [cells for cells in exchange if "next bundle" not in cells[0]]
    assert all(cells[2] != "—" and float(cells[3]) > 0 for cells in compared)
    assert "compared per record" in exchange[1][4]
    # The next bundle to the peer, after it acknowledged the first, carries nothing.
    (again,) = [cells for cells in exchange if "next bundle" in cells[0]]
    assert "(0 records carried)" in again[4] and again[5].startswith("PASS"), again
    # The window's row times the testimonies list's first page, painted with its rows.
    (window,) = [row for row in rows[1:] if row.startswith("| open database + first page")]
    assert "50 rows painted" in window, window
    # The export's floor writes the same file, byte for byte (checked by the suite itself).
    (export,) = [row for row in rows[1:] if row.startswith("| CSV export of all testimonies |")]
    assert "differs" not in export and " | — | " not in export, export
    # ``stats`` is shown next to the leanest process that prints its numbers, checked equal.
    (stats,) = [row for row in rows[1:] if row.startswith("| start-up: caseapp stats |")]
    assert "the leanest process" in stats and "differ" not in stats, stats


def test_generator_is_deterministic(tmp_path: Path) -> None:
    import random

    from caseapp.benchmarks.generate import TextMaker

    first = TextMaker(random.Random(7)).text(2000)
    again = TextMaker(random.Random(7)).text(2000)
    assert first == again
    assert 1900 <= len(first.encode("utf-8")) <= 2400
    hangul = sum("\uac00" <= ch <= "\ud7a3" for ch in first)
    assert hangul > 100 and "detained" in TextMaker(random.Random(7)).text(20000)


def _archive_digest(path: Path, passphrase: str) -> str:
    """Every generated row and every word the search index holds of it, in one digest."""
    import hashlib

    from caseapp.app import floor_connection

    conn = floor_connection(path, passphrase)
    digest = hashlib.sha256()
    try:
        conn.execute(
            "CREATE VIRTUAL TABLE temp.words USING fts5vocab(main, search_testimony, instance)"
        )
        for sql in (
            "SELECT uid, code, title, summary, narrative, source_person_id FROM testimony "
            "ORDER BY id",
            "SELECT uid, testimony_id, victim_person_id, category, place, date_start "
            "FROM violation ORDER BY id",
            "SELECT uid, testimony_id, internal, un, public, date_withdrawn FROM consent "
            "ORDER BY id",
            "SELECT uid, code, pseudonym FROM person ORDER BY id",
            "SELECT term, doc, col, offset FROM temp.words ORDER BY doc, col, offset",
        ):
            for row in conn.execute(sql):
                digest.update(repr(row).encode())
    finally:
        conn.close()
    return digest.hexdigest()


def test_rows_made_in_other_processes_make_the_same_archive(tmp_path: Path) -> None:
    """``--workers``: other processes make the rows and analyse the texts while one writes;
    the archive, its search index included, is the one the writer alone makes."""
    from caseapp.app import THROWAWAY_KDF
    from caseapp.benchmarks.generate import generate

    passphrase = "generator passphrase, workers"
    alone, helped = tmp_path / "alone.db", tmp_path / "helped.db"
    generate(alone, 24, passphrase, batch=10, kdf=THROWAWAY_KDF, workers=0)
    generate(helped, 24, passphrase, batch=10, kdf=THROWAWAY_KDF, workers=1)
    assert _archive_digest(alone, passphrase) == _archive_digest(helped, passphrase)


SORTS = ("consent", "violations")  # the stored sort keys, then the testimony's own columns


def test_the_server_suite_runs_every_operation_on_a_real_server(
    pg_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The team server's suite (benchmarks/server.py) generates into an empty database and
    prints every row; the pages' rows agree with their floors' (no "rows differ")."""
    assert main(["--db", pg_database, "--n", "40", "--runs", "1"]) == 0
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines() if line.startswith("| ")][1:]
    names = [row.split(" | ")[0].removeprefix("| ") for row in rows]
    assert names[:24] == [
        "first page sorted by date",
        "middle page",
        "jump to last page",
        *(
            f"page sorted by {k}: {w}"
            for k in (*SORTS, "code", "title", "interview_place", "language", "status")
            for w in ("first", "middle", "last")
        ),
    ]
    assert "dashboard: counts read afresh" in names
    assert any(name.startswith("Search tab, 200 hits:") for name in names)
    assert all(row.rstrip().endswith(("| PASS |", "| MISS |")) for row in rows)
    assert "differ" not in out


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"  # a zombie has ended; only its parent's wait is missing


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc (Linux)")
def test_a_killed_generator_leaves_no_process_behind(tmp_path: Path) -> None:
    """Killed (as a user stops a long run), the generator's worker processes end with it:
    they had stayed, waiting for work, for good."""
    import os
    import signal
    import subprocess
    import sys
    import time

    command = [sys.executable, "-m", "caseapp.benchmarks.generate", "--n", "1000000"]
    command += ["--batch", "100", "--workers", "1", "--db", str(tmp_path / "g.db")]
    env = {**os.environ, "CASEAPP_PASSPHRASE": "generator test", "HOME": str(tmp_path)}
    helpers: list[int] = []
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env) as generator:
        try:
            assert generator.stdout is not None
            assert generator.stdout.readline().startswith("100 testimonies")  # a worker made it
            helpers = _children(generator.pid)
            assert helpers
            generator.send_signal(signal.SIGKILL)  # no chance to clean up after itself
            generator.wait()
            for _ in range(200):
                if not any(_running(pid) for pid in helpers):
                    break
                time.sleep(0.1)
            assert not [pid for pid in helpers if _running(pid)]
        finally:
            generator.kill()
            for pid in helpers:
                if _running(pid):
                    os.kill(pid, signal.SIGKILL)
