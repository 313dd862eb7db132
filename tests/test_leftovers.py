"""Nothing readable left behind: exports unseen until complete, what a kill left removed at
the next open, an upgrade backup owner-only and never truncated under its name, and no core
dump of the process."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from caseapp.app import CaseApp, open_case_app
from caseapp.services.leftovers import LeftoverFiles
from caseapp.store import StoreError, StoreLocation, open_store
from caseapp.store.engine import make_engine
from caseapp.store.files import (
    open_unnamed,
    private_atomic_file,
    refuse_unnamed,
    temp_name_for,
)
from caseapp.store.keys import key_file_for, unlock
from caseapp.store.migrate import backup_file, current_revision

from .conftest import PASSPHRASE, ROOT
from .test_migrations import REV0001_PASSPHRASE, copy_fixture, dump

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def entries(folder: Path) -> list[str]:
    """Every name in ``folder``, hidden ones too."""
    return sorted(os.listdir(folder))


def supports_unnamed(folder: Path) -> bool:
    fd = open_unnamed(folder)
    if fd is None:
        return False
    os.close(fd)
    return True


# -- the unnamed file: no name before the content is complete ------------------------------------


def test_a_new_file_has_no_name_until_it_is_complete(tmp_path: Path) -> None:
    if not supports_unnamed(tmp_path):
        pytest.skip("this file system refuses O_TMPFILE")
    target = tmp_path / "export.csv"
    with private_atomic_file(target) as out:
        out.handle.write(b"half of it")
        out.handle.flush()
        assert entries(tmp_path) == []  # nothing in the folder, hidden or not
        assert out.temp_path.read_bytes() == b"half of it"  # readable back (the digest)
        out.handle.write(b", the rest")
    assert entries(tmp_path) == ["export.csv"]
    assert target.read_bytes() == b"half of it, the rest"
    assert target.stat().st_mode & 0o777 == 0o600


def test_an_overwrite_shows_the_old_file_until_the_new_one_is_complete(tmp_path: Path) -> None:
    if not supports_unnamed(tmp_path):
        pytest.skip("this file system refuses O_TMPFILE")
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old")
    with private_atomic_file(target) as out:
        out.handle.write(b"new")
        out.handle.flush()
        assert entries(tmp_path) == ["report.pdf"]
        assert target.read_bytes() == b"old"
    assert entries(tmp_path) == ["report.pdf"]
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o600


def test_an_error_while_writing_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "export.csv"
    for opener in (open_unnamed, refuse_unnamed):
        with pytest.raises(ZeroDivisionError), private_atomic_file(target, opener=opener) as out:
            out.handle.write(b"partial")
            out.handle.flush()
            raise ZeroDivisionError
        assert entries(tmp_path) == []


# -- the fallback: a named temporary file, noted in the database before it exists ---------------


def test_without_unnamed_files_the_temporary_name_is_noted_first(
    empty_app: CaseApp, tmp_path: Path
) -> None:
    leftovers = empty_app.leftovers
    target = tmp_path / "out" / "export.csv"
    target.parent.mkdir()
    with private_atomic_file(target, leftovers=leftovers, opener=refuse_unnamed) as out:
        out.handle.write(b"rows")
        out.handle.flush()
        (hidden,) = entries(target.parent)
        assert hidden.startswith(".export.csv.") and hidden.endswith(".tmp")
        assert (target.parent / hidden).stat().st_mode & 0o777 == 0o600
        assert leftovers.noted() == [target.parent / hidden]
    assert entries(target.parent) == ["export.csv"]
    assert leftovers.noted() == []

    with (
        pytest.raises(ZeroDivisionError),
        private_atomic_file(target, leftovers=leftovers, opener=refuse_unnamed) as out,
    ):
        raise ZeroDivisionError
    assert entries(target.parent) == ["export.csv"]
    assert leftovers.noted() == []


KILLED_WRITER = r"""
import os, sys, time
from pathlib import Path
from caseapp.app import open_case_app
from caseapp.store import StoreLocation
from caseapp.store.files import private_atomic_file, refuse_unnamed
db, target = Path(sys.argv[1]), Path(sys.argv[2])
app = open_case_app(StoreLocation(path=db), os.environ.pop("CASEAPP_PASSPHRASE"), "tester")
with private_atomic_file(target, leftovers=app.leftovers, opener=refuse_unnamed) as out:
    out.handle.write(b"x" * 100_000)
    out.handle.flush()
    print("writing", flush=True)
    time.sleep(60)
"""


def test_the_next_open_removes_what_a_killed_write_left(empty_app: CaseApp, tmp_path: Path) -> None:
    db = empty_app.store.path
    assert db is not None
    empty_app.close()
    folder = tmp_path / "stick"
    folder.mkdir()
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(db), str(folder / "export.csv")],
        stdout=subprocess.PIPE,
        env={**os.environ, "CASEAPP_PASSPHRASE": PASSPHRASE},
    )
    assert child.stdout is not None
    with child.stdout:
        assert child.stdout.readline() == b"writing\n"
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    (left,) = entries(folder)
    assert left.startswith(".export.csv.")

    reopened = open_case_app(StoreLocation(path=db), PASSPHRASE, "tester")
    try:
        assert entries(folder) == []
        assert reopened.leftovers.noted() == []
    finally:
        reopened.close()


def test_clean_up_keeps_a_note_for_an_absent_stick_and_touches_no_other_file(
    empty_app: CaseApp, tmp_path: Path
) -> None:
    leftovers = LeftoverFiles(empty_app.store)
    unplugged = tmp_path / "unplugged" / ".export.csv.0123456789ab.tmp"
    not_ours = tmp_path / "notes.txt"
    not_ours.write_text("keep me", encoding="utf-8")
    gone = temp_name_for(tmp_path / "export.csv")  # noted, then the write never began
    for path in (unplugged, not_ours, gone):
        leftovers.note(path)
    assert leftovers.clean() == [unplugged]
    assert leftovers.noted() == [unplugged]
    assert not_ours.read_text(encoding="utf-8") == "keep me"


# -- kills at random moments of the app's exports -------------------------------------------------


def kill_script():
    spec = importlib.util.spec_from_file_location(
        "kill_exports", ROOT / "packaging" / "kill_exports.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["kill_exports"] = module
    spec.loader.exec_module(module)
    return module


def assert_nothing_left(tally) -> None:
    assert tally.notes == []
    assert tally.partial_before == 0
    assert tally.empty_before == 0
    assert tally.left_after == 0


def test_killed_exports_leave_no_partial_file(tmp_path: Path) -> None:
    """5 CSV and 5 PDF exports killed at spread moments (packaging/kill_exports.py runs 100):
    before anything opens the archive again, the folder holds only complete exports."""
    kills = kill_script()
    folder = tmp_path / "out"
    folder.mkdir()
    if not supports_unnamed(folder):
        pytest.skip("this file system refuses O_TMPFILE (the fallback is tested on FAT)")
    db = kills.make_archive(tmp_path, testimonies=150)
    tally = kills.run_kills(db, folder, 10, max_delay={"csv": 0.4, "pdf": 0.6})
    assert tally.kills == 10
    assert_nothing_left(tally)
    assert tally.hidden_complete_before <= 1  # the instant an overwrite is renamed, noted


@contextlib.contextmanager
def fat_stick(tmp_path: Path) -> Iterator[Path]:
    """A FAT file system (no O_TMPFILE, no modes), as on a USB stick: an image made with
    mkfs.vfat and mounted through FUSE (fusefat)."""
    if not IS_ROOT or not (shutil.which("mkfs.vfat") and shutil.which("fusefat")):
        pytest.skip("needs root, mkfs.vfat (dosfstools) and fusefat")
    image, mount = tmp_path / "stick.img", tmp_path / "stick"
    mount.mkdir()
    with image.open("wb") as handle:
        handle.truncate(32 * 1024 * 1024)
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    subprocess.run(["mkfs.vfat", str(image)], check=True, **quiet)
    subprocess.run(["fusefat", "-o", "rw+", str(image), str(mount)], check=True, **quiet)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False, **quiet)


def test_killed_exports_to_a_fat_stick_leave_nothing_after_the_next_start(tmp_path: Path) -> None:
    kills = kill_script()
    with fat_stick(tmp_path) as stick:
        folder = stick / "out"
        folder.mkdir()
        assert not supports_unnamed(folder)
        db = kills.make_archive(tmp_path, testimonies=150)
        tally = kills.run_kills(db, folder, 4, max_delay={"csv": 0.4, "pdf": 0.6})
        assert tally.kills == 4
        assert tally.left_after == 0, tally.notes


# -- the upgrade backup ---------------------------------------------------------------------------


def test_the_upgrade_backup_is_owner_only_and_a_complete_copy(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path)
    old = os.umask(0)  # the most permissive umask: the mode must not depend on it
    try:
        store = open_store(StoreLocation(path=path), REV0001_PASSPHRASE)
    finally:
        os.umask(old)
    backup = store.upgrade.backup if store.upgrade else None
    store.close()
    assert backup is not None
    assert backup.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []


@contextlib.contextmanager
def small_tmpfs(folder: Path, size: str, inodes: int | None = None) -> Iterator[Path]:
    if not IS_ROOT or not sys.platform.startswith("linux"):
        pytest.skip("mounting a tmpfs needs root on Linux")
    folder.mkdir()
    options = f"size={size}" + (f",nr_inodes={inodes}" if inodes else "")
    subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


@pytest.mark.parametrize(
    ("room", "inodes", "code"),
    [
        # Told before a byte of the copy is written: the disk has not the file's size free.
        (160 * 1024, None, "store.backup_no_room"),
        # Room enough, but the copy itself fails (here: no file can be made on that disk).
        (4 * 1024 * 1024, 5, "store.backup_failed"),
    ],
    ids=["no-room", "copy-fails"],
)
def test_a_backup_that_does_not_fit_leaves_nothing_and_upgrades_nothing(
    tmp_path: Path, room: int, inodes: int | None, code: str
) -> None:
    fixture = copy_fixture(tmp_path)
    before = dump(fixture, REV0001_PASSPHRASE)
    size = fixture.stat().st_size
    with small_tmpfs(tmp_path / "full", f"{size + room}", inodes) as disk:
        for name in (fixture.name, fixture.name + ".keys"):
            shutil.copy2(fixture.with_name(name), disk / name)
        path = disk / fixture.name
        with pytest.raises(StoreError) as caught:
            open_store(StoreLocation(path=path), REV0001_PASSPHRASE)
        assert caught.value.message.code == code, str(caught.value)
        assert str(path) in str(caught.value) and "unchanged" in str(caught.value)
        assert [
            p.name for p in disk.iterdir() if "backup" in p.name or p.name.startswith(".")
        ] == []
        engine = make_engine(
            StoreLocation(path=path), unlock(key_file_for(path), REV0001_PASSPHRASE).database_key
        )
        try:
            assert current_revision(engine) == "0001"
        finally:
            engine.dispose()
        assert dump(path, REV0001_PASSPHRASE) == before


def test_backup_file_copies_exactly(tmp_path: Path, empty_app: CaseApp) -> None:
    db = empty_app.store.path
    assert db is not None
    backup = backup_file(empty_app.store.engine, db, "test")
    assert backup.read_bytes() == db.read_bytes()
    assert backup.stat().st_mode & 0o777 == 0o600


# -- core dumps -----------------------------------------------------------------------------------

CRASHING = r"""
import os, resource, sys
resource.setrlimit(resource.RLIMIT_CORE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
if sys.argv[1] == "caseapp":
    from caseapp.cli import main
    main(["--db", sys.argv[2], "stats"])  # fails (no database): the process lives on
import ctypes
dumpable = ctypes.CDLL(None).prctl(3, 0, 0, 0, 0)  # PR_GET_DUMPABLE
print(resource.getrlimit(resource.RLIMIT_CORE)[1], dumpable, flush=True)
os.abort()
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux core dumps")
def test_the_entry_point_forbids_core_dumps(tmp_path: Path) -> None:
    """A child raises its core limit as ``ulimit -c unlimited`` would, runs caseapp's entry
    point, then aborts: no core file, and the kernel says no core was dumped."""
    results = {}
    for who in ("control", "caseapp"):
        folder = tmp_path / who
        folder.mkdir()
        run = subprocess.run(
            [sys.executable, "-c", CRASHING, who, str(folder / "missing.db")],
            cwd=folder,
            capture_output=True,
            env={**os.environ, "CASEAPP_PASSPHRASE": PASSPHRASE},
            timeout=120,
        )
        assert run.returncode == -signal.SIGABRT
        limit, dumpable = run.stdout.split()
        cores = [p for p in folder.iterdir() if p.name.startswith("core")]
        results[who] = (int(limit), int(dumpable), [p.name for p in cores])
        for core in cores:
            core.unlink()  # megabytes of a test process
    assert results["caseapp"] == (0, 0, [])
    control_limit, control_dumpable, _ = results["control"]
    assert control_limit != 0 and control_dumpable == 1  # the same child, unhardened, could
    # (where the core pattern is a plain file name, the control wrote a core beside it)
