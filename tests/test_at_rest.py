"""Done when: after ``caseapp demo``, the database file, its WAL and the temp folder contain no
readable demo text, no SQLite header and no pseudonym.

The scanner is shown to work by running it over a plain (unencrypted) SQLite database loaded
with the same demo data: there it must find the text.
"""

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from caseapp.app import CaseApp, open_case_app
from caseapp.models import Testimony
from caseapp.store import StoreLocation

from .conftest import PASSPHRASE

DEMO_JSON = Path(__file__).resolve().parent.parent / "resources" / "demo" / "demo.json"
SQLITE_HEADER = b"SQLite format 3"
ENCODINGS = ("utf-8", "utf-16-le")
SLICE = 40
TEMP_VARS = ("TMPDIR", "TMP", "TEMP", "SQLITE_TMPDIR")


def demo_needles() -> dict[str, str]:
    """Text that must never be readable at rest: label -> text."""
    data = json.loads(DEMO_JSON.read_text(encoding="utf-8"))
    needles = {f"pseudonym {p['key']}": p["pseudonym"] for p in data["persons"]}
    for t in data["testimonies"]:
        key = t["key"]
        needles[f"title {key}"] = t["title"]
        needles[f"summary {key}"] = t["summary"][:SLICE]
        narrative = t["narrative"]
        for start in (0, len(narrative) // 3, 2 * len(narrative) // 3, len(narrative) - SLICE):
            needles[f"narrative {key}@{start}"] = narrative[start : start + SLICE]
    return needles


NEEDLES = demo_needles()


def scan(folders: list[Path], needles: dict[str, str]) -> list[str]:
    """Every file under ``folders``, every byte: a line per SQLite header or needle found."""
    patterns = [
        (label, encoding, text.encode(encoding))
        for label, text in needles.items()
        for encoding in ENCODINGS
    ]
    findings = []
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            data = path.read_bytes()
            if SQLITE_HEADER in data:
                findings.append(f"{path.name}: SQLite header")
            findings += [
                f"{path.name}: {label} ({encoding})"
                for label, encoding, pattern in patterns
                if pattern in data
            ]
    return findings


def clean_env(root: Path, temp: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("HOME", "XDG_DATA_HOME"):
        folder = root / name.lower()
        folder.mkdir(parents=True, exist_ok=True)
        env[name] = str(folder)
    for name in TEMP_VARS:
        env[name] = str(temp)
    env.pop("CASEAPP_DB", None)
    env["CASEAPP_PASSPHRASE"] = PASSPHRASE
    return env


def run_demo(db: str, root: Path) -> tuple[subprocess.CompletedProcess[str], Path]:
    """``caseapp --db DB demo`` in a clean environment with a fresh, empty temp folder."""
    temp = root / "temp"
    temp.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "caseapp", "--db", db, "demo"],
        env=clean_env(root, temp),
        cwd=root,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result, temp


@dataclass(frozen=True)
class DemoRun:
    db: Path
    temp: Path


@pytest.fixture(scope="module")
def encrypted_demo(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    root = tmp_path_factory.mktemp("at-rest")
    db = root / "data" / "cases.db"
    run_demo(str(db), root)
    return DemoRun(db, root / "temp")


@pytest.fixture(scope="module")
def plain_demo(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    root = tmp_path_factory.mktemp("at-rest-plain")
    db = root / "data" / "plain.db"
    db.parent.mkdir()
    run_demo(f"sqlite:///{db}", root)
    return DemoRun(db, root / "temp")


@pytest.fixture
def private_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh temp folder for this process: SQLite and Python both write temp files there."""
    temp = tmp_path / "temp"
    temp.mkdir()
    for name in TEMP_VARS:
        monkeypatch.setenv(name, str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    return temp


def copy_folder(source: Path, target: Path) -> None:
    target.mkdir(parents=True)
    for path in source.iterdir():
        shutil.copy2(path, target / path.name)


CANARIES = {
    "canary summary": "카나리아 요약 WAL canary summary, never readable on disk",
    "canary pseudonym": "카나리아 증인 WAL canary witness",
}


def write_in_process(app: CaseApp) -> None:
    """Change a demo testimony (its page, narrative and all, goes to the WAL) and add a
    person; the audit events of both go there too."""
    with app.store.session() as session:
        uid = session.execute(
            select(Testimony.uid).where(Testimony.code.startswith("DEMO-")).limit(1)
        ).scalar_one()
    app.records.update("testimony", uid, {"summary": CANARIES["canary summary"]})
    app.records.create("person", {"pseudonym": CANARIES["canary pseudonym"], "sex": "unknown"})


@pytest.fixture
def live_wal(
    encrypted_demo: DemoRun, tmp_path: Path, private_temp: Path
) -> Iterator[tuple[Path, Path]]:
    """The demo database open in this process after a write, its connection still open."""
    db = tmp_path / "live" / encrypted_demo.db.name
    copy_folder(encrypted_demo.db.parent, db.parent)
    app = open_case_app(StoreLocation(path=db), PASSPHRASE)
    try:
        write_in_process(app)
        with app.store.engine.connect():
            yield db, private_temp
    finally:
        app.close()


# -- the encrypted database ---------------------------------------------------------------------


def test_after_demo_no_demo_text_or_header_is_readable(encrypted_demo: DemoRun) -> None:
    files = {p.name for p in encrypted_demo.db.parent.iterdir()}
    assert {"cases.db", "cases.db.keys"} <= files
    assert encrypted_demo.db.stat().st_size > 100_000  # the data is in there, encrypted
    assert scan([encrypted_demo.db.parent, encrypted_demo.temp], NEEDLES) == []


def test_after_demo_files_are_owner_only_and_temp_is_empty(encrypted_demo: DemoRun) -> None:
    folder = encrypted_demo.db.parent
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for path in folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    assert list(encrypted_demo.temp.iterdir()) == []


def test_with_a_live_wal_no_text_or_header_is_readable(live_wal: tuple[Path, Path]) -> None:
    db, temp = live_wal
    wal = db.with_name(db.name + "-wal")
    assert wal.is_file() and wal.stat().st_size > 0, "the state under test needs a WAL"
    assert db.with_name(db.name + "-shm").is_file()
    assert scan([db.parent, temp], {**NEEDLES, **CANARIES}) == []


def test_with_a_live_wal_files_are_owner_only_and_temp_is_empty(
    live_wal: tuple[Path, Path],
) -> None:
    db, temp = live_wal
    names = {p.name for p in db.parent.iterdir()}
    assert {"cases.db", "cases.db-wal", "cases.db-shm", "cases.db.keys"} <= names
    for path in db.parent.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    assert list(temp.iterdir()) == []


# -- the scanner can fail ---------------------------------------------------------------------


def test_the_scanner_finds_the_text_in_a_plain_database(plain_demo: DemoRun) -> None:
    findings = scan([plain_demo.db.parent], NEEDLES)
    assert "plain.db: SQLite header" in findings
    found = {line.split(": ", 1)[1].rsplit(" (", 1)[0] for line in findings}
    pseudonyms = {label for label in NEEDLES if label.startswith("pseudonym")}
    titles = {label for label in NEEDLES if label.startswith("title")}
    assert pseudonyms <= found
    assert titles <= found
    # Long text may straddle an overflow page; nearly every slice must still be found.
    assert len(found & NEEDLES.keys()) >= 0.9 * len(NEEDLES)


def test_the_scanner_finds_the_canaries_in_a_plain_wal(
    plain_demo: DemoRun, tmp_path: Path, private_temp: Path
) -> None:
    db = tmp_path / "live" / plain_demo.db.name
    copy_folder(plain_demo.db.parent, db.parent)
    app = open_case_app(StoreLocation(url=f"sqlite:///{db}"), None)
    try:
        write_in_process(app)
        with app.store.engine.connect():
            findings = scan([db.parent], CANARIES)
    finally:
        app.close()
    assert "plain.db-wal: canary summary (utf-8)" in findings
    assert "plain.db-wal: canary pseudonym (utf-8)" in findings


def test_the_scanner_reads_utf16_and_every_file(tmp_path: Path) -> None:
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "blob").write_bytes(
        b"\x00" * 100 + NEEDLES["title T01"].encode("utf-16-le") + b"\xff" * 100
    )
    assert scan([tmp_path], NEEDLES) == ["blob: title T01 (utf-16-le)"]
