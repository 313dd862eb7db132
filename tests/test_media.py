"""Bad media and input, on real file systems: a full disk and read-only media (a small tmpfs),
a database another connection holds locked, a damaged copy, an unreadable key file, an
unknown ``--db`` URL. Each one: one line on stderr naming the problem, exit 1, no wait as
after a wrong passphrase, and the archive unchanged. A failed ``init`` leaves nothing that
blocks the next one.

Mounting needs root (tech-notes: root ignores file modes, so chmod proves nothing); without
it the tests that mount are skipped, saying so.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

import caseapp.store.engine as engine_module
from caseapp.app import THROWAWAY_KDF, CaseApp, open_case_app
from caseapp.export import csv_sink
from caseapp.export.errors import ExportError
from caseapp.models import AuditEvent
from caseapp.store import StoreLocation, keys
from caseapp.store.engine import connect_sqlcipher
from caseapp.store.errors import StoreError

from .cli_runner import Run, environment, run_cli
from .conftest import PASSPHRASE, _copy, _template

TMPFS_SIZE = "3m"
needs_root = pytest.mark.skipif(
    os.geteuid() != 0, reason="mounting a tmpfs (full and read-only media) needs root"
)


# -- helpers -------------------------------------------------------------------------------------


@contextlib.contextmanager
def tmpfs(folder: Path, size: str = TMPFS_SIZE) -> Iterator[Path]:
    """A small real file system at ``folder``, unmounted at the end whatever happens."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        if subprocess.run(["umount", str(folder)], check=False).returncode != 0:
            subprocess.run(["umount", "-l", str(folder)], check=False)


def remount_read_only(folder: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)


def fill(folder: Path, leave: int = 0) -> Path:
    """Fill the file system of ``folder`` up, leaving about ``leave`` bytes free."""
    filler = folder / "filler"
    info = os.statvfs(folder)
    free = info.f_bavail * info.f_frsize
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        size = max(0, free - leave)
        chunk = b"\0" * 65536
        written = 0
        with contextlib.suppress(OSError):  # ENOSPC: full
            while written < size:
                written += os.write(fd, chunk[: min(len(chunk), size - written)])
    finally:
        os.close(fd)
    return filler


def archive_digests(db: Path) -> dict[str, str]:
    """The archive itself: the database and its key file (SQLite may leave an empty -shm)."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in (db, db.with_name(db.name + ".keys"))
    }


@pytest.fixture
def archive(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Path:
    """A copy of the suite's empty archive (database and key file), outside any tmpfs;
    ``caseapp demo`` writes to it."""
    db = tmp_path / "store" / "cases.db"
    _copy(_template(tmp_path_factory, "empty", demo=False), db)
    return db


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str | None]:
    return environment(tmp_path / "env", PASSPHRASE)


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The waits the command line makes (after a wrong passphrase only)."""
    waited: list[float] = []
    monkeypatch.setattr("caseapp.cli.time.sleep", waited.append)
    return waited


def one_error_line(result: Run) -> str:
    assert result.returncode == 1, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith("caseapp: error: "), line
    assert "Traceback" not in result.stderr and PASSPHRASE not in result.stderr
    assert "unexpected" not in line and "wrong passphrase" not in line, line
    assert "key does not open" not in line, line
    return line


def refused_unchanged(db: Path, env, *command: str, says: str) -> None:
    """``caseapp --db DB COMMAND`` fails with one line that says ``says`` and names the
    database, and the archive's files are byte for byte what they were."""
    before = archive_digests(db)
    line = one_error_line(run_cli("--db", db, *command, env=env))
    assert says in line and str(db) in line, line
    assert archive_digests(db) == before


def copy_archive(db: Path, folder: Path) -> Path:
    for suffix in ("", ".keys"):
        shutil.copy2(db.with_name(db.name + suffix), folder / (db.name + suffix))
    return folder / db.name


# -- read-only media and a full disk -------------------------------------------------------------


@needs_root
@pytest.mark.parametrize("problem", ["read-only", "full"])
def test_an_archive_on_read_only_or_full_media_says_so(
    archive: Path, tmp_path: Path, env, sleeps: list[float], problem: str
) -> None:
    """Not "the key does not open": the medium, and no wrong-passphrase wait. Once there is
    room again, the archive opens as before."""
    with tmpfs(tmp_path / "medium") as medium:
        db = copy_archive(archive, medium)
        filler = None
        if problem == "read-only":
            remount_read_only(medium)
        else:
            filler = fill(medium)
        refused_unchanged(db, env, "demo", says=problem)  # loading the demo writes
        assert sleeps == []
        if filler is not None:
            filler.unlink()
            opened = run_cli("--db", db, "stats", "--json", env=env)
            assert opened.returncode == 0, opened.stderr


@needs_root
@pytest.mark.parametrize("where", ["cases.db", "sub/cases.db"])
def test_init_on_read_only_media_says_so(tmp_path: Path, env, where: str) -> None:
    with tmpfs(tmp_path / "ro") as medium:
        remount_read_only(medium)
        result = run_cli("--db", medium / where, "init", env=env)
        assert "read-only" in one_error_line(result)
        assert list(medium.iterdir()) == []


@needs_root
@pytest.mark.parametrize("leave_kib", [0, 200, 600])
def test_a_failed_init_on_a_full_disk_leaves_no_stub(tmp_path: Path, env, leave_kib: int) -> None:
    """Full before the key file, or half-way through the database: nothing is left that
    would make the next ``init`` say an archive exists."""
    with tmpfs(tmp_path / "full") as medium:
        target = medium / "data" / "cases.db"
        filler = fill(medium, leave=leave_kib * 1024)
        result = run_cli("--db", target, "init", env=env)
        assert "full" in one_error_line(result)
        leftovers = (
            sorted(p.name for p in target.parent.iterdir()) if target.parent.exists() else []
        )
        assert leftovers == []
        filler.unlink()
        again = run_cli("--db", target, "init", env=env)
        assert again.returncode == 0, again.stderr
        assert target.exists() and keys.key_file_for(target).exists()


# -- a locked database ---------------------------------------------------------------------------


@contextlib.contextmanager
def held(db: Path, *statements: str) -> Iterator[None]:
    """A second SQLCipher connection holding a lock while the block runs."""
    conn = connect_sqlcipher(db, keys.unlock(keys.key_file_for(db), PASSPHRASE).database_key)
    try:
        for statement in statements:
            conn.execute(statement)
        yield
    finally:
        with contextlib.suppress(Exception):
            conn.execute("ROLLBACK")
        conn.close()


@pytest.mark.parametrize(
    ("command", "lock"),
    [
        (("demo",), ("BEGIN IMMEDIATE",)),  # a writer: reading works, writing waits, then fails
        (("stats",), ("PRAGMA locking_mode = EXCLUSIVE", "BEGIN EXCLUSIVE")),  # nothing works
    ],
    ids=["immediate", "exclusive"],
)
def test_a_locked_database_says_so(
    archive: Path, env, sleeps: list[float], monkeypatch: pytest.MonkeyPatch, command, lock
) -> None:
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 200)  # the wait before giving up
    with held(archive, *lock):
        refused_unchanged(archive, env, *command, says="locked")
    assert sleeps == []


# -- damaged database, unreadable key file, unknown URL -------------------------------------


def damage(db: Path, first_page: bool) -> None:
    data = bytearray(db.read_bytes())
    page = engine_module.PAGE_SIZE
    starts = [0] if first_page else range(2 * page, len(data), page)
    for start in starts:
        data[start + 64 : start + 192] = bytes(range(128))
    db.write_bytes(bytes(data))


@pytest.mark.parametrize("first_page", [True, False], ids=["first-page", "later-pages"])
def test_a_damaged_database_says_damaged_not_wrong_passphrase(
    archive: Path, env, sleeps: list[float], first_page: bool
) -> None:
    damage(archive, first_page)
    if first_page:  # the key opens nothing: damaged, or the key file of another database
        refused_unchanged(archive, env, "stats", says="damaged")
        assert sleeps == []
        return
    before = archive_digests(archive)  # malformed pages behind a sound first page
    line = one_error_line(run_cli("--db", archive, "stats", env=env))
    assert "the database file is damaged" in line
    assert archive_digests(archive) == before
    assert sleeps == []


def test_a_folder_in_place_of_the_key_file(archive: Path, env) -> None:
    key_file = keys.key_file_for(archive)
    key_file.unlink()
    key_file.mkdir()
    line = one_error_line(run_cli("--db", archive, "stats", env=env))
    assert "cannot read the key file" in line and str(key_file) in line


@pytest.mark.parametrize(
    "content",
    [bytes(range(256)) * 4, b"{not json", b"\xef\xbb\xbf{}"],
    ids=["binary", "text", "bom"],
)
def test_a_garbage_key_file(archive: Path, env, content: bytes) -> None:
    key_file = keys.key_file_for(archive)
    key_file.write_bytes(content)
    before = archive_digests(archive)
    line = one_error_line(run_cli("--db", archive, "stats", env=env))
    assert "key file" in line and str(key_file) in line
    assert archive_digests(archive) == before


@pytest.mark.parametrize("command", ["stats", "init"])
def test_an_unknown_db_url(env, command: str) -> None:
    line = one_error_line(run_cli("--db", "foo://x", command, env=env))
    assert "unknown database URL scheme 'foo'" in line


def test_a_url_whose_driver_is_missing_names_only_the_scheme(env) -> None:
    result = run_cli("--db", "mysql://user:s3cret@127.0.0.1:1/x", "stats", env=env)
    line = one_error_line(result)
    assert "'mysql'" in line and "s3cret" not in result.stderr


# -- a wrong passphrase is the one that waits --------------------------------------------------


def test_a_wrong_passphrase_waits_a_second_before_exit(
    archive: Path, tmp_path: Path, sleeps: list[float]
) -> None:
    env = environment(tmp_path / "wrong", "not the passphrase at all")
    result = run_cli("--db", archive, "stats", env=env)
    assert result.returncode == 1
    assert "wrong passphrase" in result.stderr
    assert sleeps == [1.0]


# -- the mapping itself ------------------------------------------------------------------------


def test_an_error_on_another_file_names_that_file_not_the_database(tmp_path: Path) -> None:
    """An import's source or an export's target failing inside a store session is named as
    itself; a file beside the database (its key file, a temporary file) as the database."""
    import errno

    from caseapp.store.media import media_error

    db = tmp_path / "data" / "cases.db"
    source = tmp_path / "in" / "testimonies.csv"
    elsewhere = media_error(OSError(errno.EACCES, "Permission denied", str(source)), db)
    assert str(elsewhere) == f"no permission to read or write {source}"
    beside = db.with_name(".cases.db.keys.x1y2.tmp")
    full = media_error(OSError(errno.ENOSPC, "No space left on device", str(beside)), db)
    assert str(full) == f"the disk holding {db} is full; free some space and try again"
    assert media_error(OSError(errno.ENOENT, "No such file", str(source)), db) is None
    assert media_error(ValueError("not a medium"), db) is None


def export_events(app: CaseApp) -> int:
    with app.store.session() as session:
        count = select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "export")
        return int(session.execute(count).scalar_one())


@needs_root
@pytest.mark.parametrize("batch_chars", [csv_sink.BATCH_CHARS, 256], ids=["at-the-end", "midway"])
def test_a_csv_export_to_a_full_medium_says_so_and_leaves_nothing(
    demo_app: CaseApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch_chars: int
) -> None:
    """The rows are written by the export's writer thread: a full medium found by it (with
    small batches, while rows are still being read; with the default, only when the last
    batch is written) is the export's error, named like any other; the thread stops, no
    file is left and no export is recorded. The same export then works where there is room."""
    monkeypatch.setattr(csv_sink, "BATCH_CHARS", batch_chars)
    exports = export_events(demo_app)
    with tmpfs(tmp_path / "stick", "8k") as stick:
        target = stick / "testimonies.csv"
        with pytest.raises(ExportError) as caught:
            demo_app.export_csv("testimonies", target, "internal")
        assert list(stick.iterdir()) == []
    assert str(caught.value) == (
        f"cannot write {target}: No space left on device; nothing was written"
    )
    assert [t for t in threading.enumerate() if t.name == "caseapp-csv-writer"] == []
    assert export_events(demo_app) == exports

    done = demo_app.export_csv("testimonies", tmp_path / "testimonies.csv", "internal")
    written = (tmp_path / "testimonies.csv").read_bytes()
    assert len(written) > 8192 and written.startswith(codecs.BOM_UTF8)
    assert done.sha256 == hashlib.sha256(written).hexdigest()


@needs_root
@pytest.mark.parametrize("problem", ["read-only", "full"])
def test_a_bundle_to_a_bad_stick_names_the_stick_and_leaves_nothing(
    demo_app: CaseApp, tmp_path: Path, problem: str
) -> None:
    """The bundle is written inside the session that keeps its number: the stick's error
    (which names no file: the bundle is written through a descriptor) is said of the
    bundle's file, never of the archive's disk, and nothing is kept as sent. Once the
    stick has room, the same bundle goes."""
    other = open_case_app(
        StoreLocation(path=tmp_path / "office" / "cases.db"),
        "the office's passphrase",
        "office",
        create=True,
        kdf=THROWAWAY_KDF,
    )
    try:
        demo_app.peers.trust("office", other.peers.identity())
    finally:
        other.close()
    with tmpfs(tmp_path / "stick", "8k") as stick:
        target = stick / "up.bundle"
        if problem == "read-only":
            remount_read_only(stick)
            says = f"cannot write {stick}: the disk or folder is read-only"
        else:
            says = f"the disk holding {target} is full; free some space and try again"
        with pytest.raises(StoreError) as caught:
            demo_app.exchange.export_bundle("office", target)
        assert says in str(caught.value)
        assert str(demo_app.store.path) not in str(caught.value)
        assert list(stick.iterdir()) == []
    assert [peer.sent_seq for peer in demo_app.peers.peers()] == [0]
    done = demo_app.exchange.export_bundle("office", tmp_path / "up.bundle")
    assert done.records > 0 and (tmp_path / "up.bundle").stat().st_size > 8192
