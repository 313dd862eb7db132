"""Backups of an encrypted archive: one file holding the database and its key slots.

A backup is an uncompressed tar (the data is encrypted: it does not compress) with exactly
three members, in this order:

``caseapp-backup.json``
    the manifest: format, version, and the size and SHA-256 of the two other members (no
    record counts, names or dates of the records: the manifest is not encrypted);
``caseapp.db.keys``
    the archive's key file as it was, every slot (so the backup opens with any passphrase
    of the archive, and with no other);
``caseapp.db``
    the database, still encrypted with the archive's key (attachments are inside it).

``tar xf`` gives back the two files ``caseapp --db caseapp.db`` opens: a backup can be read
by hand when caseapp cannot. The database is copied with SQLite's online backup API in one
step (one read transaction over the live file and its WAL, so the copy is consistent while
the window keeps writing), into a new SQLCipher file keyed with the same raw key. ``VACUUM
INTO`` was tried first: under SQLCipher 4.19 it wrote a file that the same key and page size
did not open.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import sqlcipher3.dbapi2 as sqlcipher

from caseapp.store.case_store import CaseStore
from caseapp.store.engine import StoreLocation, connect_sqlcipher, make_engine
from caseapp.store.errors import BackupError, StoreExists
from caseapp.store.files import PRIVATE_FILE_MODE, private_atomic_file
from caseapp.store.files import _fsync_dir as fsync_folder
from caseapp.store.keys import key_file_for
from caseapp.store.messages import Message
from caseapp.store.migrate import current_revision, known_revision

BACKUP_FORMAT = "caseapp-backup"
BACKUP_VERSION = 1
BACKUP_SUFFIX = ".caseapp-backup"
MANIFEST_MEMBER = "caseapp-backup.json"
KEYS_MEMBER = "caseapp.db.keys"
DATABASE_MEMBER = "caseapp.db"
MEMBERS = (MANIFEST_MEMBER, KEYS_MEMBER, DATABASE_MEMBER)
MAX_MANIFEST_BYTES = 64 * 1024
MAX_KEYS_BYTES = 1024 * 1024  # a key file of a few slots is a few KB
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class BackupContents:
    """What a backup holds, read and checked: the key file's text, and the database
    written to ``database`` (a temporary, owner-only, still encrypted file)."""

    keys_text: str
    database: Path


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@contextlib.contextmanager
def temporary_copy_path(folder: Path) -> Iterator[Path]:
    """A name for an encrypted working copy in ``folder`` (owner-only); the copy, its WAL
    and its SHM are removed at the end, whatever happens."""
    fd, name = tempfile.mkstemp(prefix=".caseapp-copy.", suffix=".tmp", dir=folder)
    os.close(fd)
    path = Path(name)
    path.unlink()  # SQLite creates it; only the unique name was wanted
    try:
        yield path
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{path}{suffix}")


def snapshot(source: Path, key: bytes, copy: Path) -> None:
    """Copy the live database at ``source`` into a new SQLCipher file ``copy`` under the same
    key, in one step of the online backup API: one consistent read of the file and its WAL,
    while other connections (the window) go on writing."""
    src = connect_sqlcipher(source, key)
    try:
        dst = connect_sqlcipher(copy, key)
        try:
            src.backup(dst)
            dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            dst.close()
    except sqlcipher.Error as exc:
        # SQLite's fixed words for the problem ("database or disk is full"): opening,
        # copying pages and checkpointing quote no record, unlike a failed statement.
        reason = str(exc)[:80] or type(exc).__name__
        raise BackupError(Message("backup.copy_failed", reason=reason)) from None
    finally:
        src.close()


def check_pages(copy: Path, key: bytes) -> None:
    """SQLCipher's check of every page's HMAC, then SQLite's own integrity check."""
    conn = connect_sqlcipher(copy, key)
    try:
        bad_pages = conn.execute("PRAGMA cipher_integrity_check").fetchall()
        result = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlcipher.DatabaseError:
        raise BackupError(Message("backup.damaged_pages", count=1)) from None
    finally:
        conn.close()
    if bad_pages:
        raise BackupError(Message("backup.damaged_pages", count=len(bad_pages)))
    if result != [("ok",)]:
        raise BackupError(Message("backup.not_consistent"))


def open_copy(copy: Path, key: bytes) -> CaseStore:
    """A store over a checked copy, as it is (no upgrade), to run ``verify`` on it. A copy
    from a newer caseapp is refused."""
    engine = make_engine(StoreLocation(path=copy), key)
    try:
        revision = current_revision(engine)
        if revision is None or not known_revision(revision):
            raise BackupError(Message("backup.unknown_revision", revision=str(revision)))
    except BaseException:
        engine.dispose()
        raise
    return CaseStore(StoreLocation(path=copy), engine)


def _manifest(keys_bytes: bytes, database: Path) -> bytes:
    doc = {
        "format": BACKUP_FORMAT,
        "version": BACKUP_VERSION,
        "members": {
            KEYS_MEMBER: {
                "bytes": len(keys_bytes),
                "sha256": hashlib.sha256(keys_bytes).hexdigest(),
            },
            DATABASE_MEMBER: {"bytes": database.stat().st_size, "sha256": sha256_of(database)},
        },
    }
    return json.dumps(doc, indent=2, sort_keys=True).encode("utf-8")


def _member(name: str, size: int, mtime: float) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = PRIVATE_FILE_MODE
    info.mtime = int(mtime)
    info.uname = info.gname = ""  # no login name in the file
    return info


def write_backup(target: Path, keys_bytes: bytes, database: Path, before_rename: Any) -> str:
    """Write the backup to ``target`` atomically (owner-only temporary file in its folder,
    renamed when complete), read it back from the disk and check it against its manifest,
    then call ``before_rename(sha256)`` (the audit event) before it takes its name. Returns
    the SHA-256 of the file."""
    manifest = _manifest(keys_bytes, database)
    mtime = database.stat().st_mtime
    with private_atomic_file(target) as out:
        with tarfile.open(fileobj=out.handle, mode="w", format=tarfile.PAX_FORMAT) as tar:
            tar.addfile(_member(MANIFEST_MEMBER, len(manifest), mtime), io.BytesIO(manifest))
            tar.addfile(_member(KEYS_MEMBER, len(keys_bytes), mtime), io.BytesIO(keys_bytes))
            with database.open("rb") as db:
                tar.addfile(_member(DATABASE_MEMBER, database.stat().st_size, mtime), db)
        out.handle.flush()
        os.fsync(out.handle.fileno())
        _drop_cached(out.handle)
        read_back = inspect_backup(out.temp_path)  # what the medium holds, not what we sent
        if read_back != json.loads(manifest):
            raise BackupError(Message("backup.read_back_differs", path=str(target)))
        digest = sha256_of(out.temp_path)
        before_rename(digest)
    return digest


def _drop_cached(handle: IO[Any]) -> None:
    # Reading back should reach the medium, not the page cache (Linux; a hint elsewhere).
    if hasattr(os, "posix_fadvise"):
        with contextlib.suppress(OSError):
            os.posix_fadvise(handle.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)


def _open_tar(path: Path) -> tarfile.TarFile:
    if not path.is_file():
        raise BackupError(Message("backup.not_a_file", path=str(path)))
    try:
        return tarfile.open(path, mode="r:")
    except (tarfile.TarError, OSError, EOFError):
        raise BackupError(Message("backup.not_a_backup", path=str(path))) from None


def _members(tar: tarfile.TarFile, path: Path) -> list[tarfile.TarInfo]:
    members: list[tarfile.TarInfo] = []
    try:
        while (info := tar.next()) is not None:
            members.append(info)
    except (tarfile.TarError, OSError, EOFError):
        # A file that began as a backup and ends early was cut short (a full stick, a
        # copy pulled out too soon); anything else is not a backup at all.
        if members and members[0].name == MANIFEST_MEMBER:
            raise BackupError(Message("backup.truncated", path=str(path))) from None
        raise BackupError(Message("backup.not_a_backup", path=str(path))) from None
    if [m.name for m in members] != list(MEMBERS) or not all(m.isfile() for m in members):
        raise BackupError(Message("backup.not_a_backup", path=str(path)))
    return members


def _read_manifest(tar: tarfile.TarFile, info: tarfile.TarInfo, path: Path) -> dict[str, Any]:
    if info.size > MAX_MANIFEST_BYTES:
        raise BackupError(Message("backup.not_a_backup", path=str(path)))
    handle = tar.extractfile(info)
    assert handle is not None
    try:
        doc: Any = json.loads(handle.read().decode("utf-8"))
    except (ValueError, OSError, EOFError, tarfile.TarError):
        raise BackupError(Message("backup.not_a_backup", path=str(path))) from None
    if not isinstance(doc, dict) or doc.get("format") != BACKUP_FORMAT:
        raise BackupError(Message("backup.not_a_backup", path=str(path)))
    if doc.get("version") != BACKUP_VERSION:
        raise BackupError(
            Message("backup.version", version=repr(doc.get("version"))[:20], path=str(path))
        )
    return doc


def _copy_member(
    tar: tarfile.TarFile,
    info: tarfile.TarInfo,
    write: Callable[[bytes], object],
    expected: Any,
    path: Path,
) -> None:
    """Stream one member into ``write``, checking its size and SHA-256 against the manifest."""
    handle = tar.extractfile(info)
    assert handle is not None
    digest = hashlib.sha256()
    size = 0
    while True:
        try:
            chunk = handle.read(CHUNK)
        except (OSError, EOFError, tarfile.TarError):
            raise BackupError(Message("backup.truncated", path=str(path))) from None
        if not chunk:
            break
        digest.update(chunk)
        size += len(chunk)
        write(chunk)  # an error writing (a full disk) is the caller's, not the backup's
    if not isinstance(expected, dict) or expected.get("bytes") != size:
        raise BackupError(Message("backup.truncated", path=str(path)))
    if expected.get("sha256") != digest.hexdigest():
        raise BackupError(Message("backup.member_damaged", member=info.name, path=str(path)))


def inspect_backup(path: Path) -> dict[str, Any]:
    """Read the whole backup at ``path``: its three members in order, each matching the
    manifest's size and SHA-256. Returns the manifest; raises BackupError otherwise."""
    with _open_tar(path) as tar:
        manifest_info, keys_info, db_info = _members(tar, path)
        manifest = _read_manifest(tar, manifest_info, path)
        members = manifest.get("members") or {}
        for info in (keys_info, db_info):
            _copy_member(tar, info, lambda _chunk: None, members.get(info.name), path)
    return manifest


def read_backup(path: Path, folder: Path) -> BackupContents:
    """Read and check the backup at ``path``; write its (encrypted) database to a temporary
    owner-only file in ``folder``. The caller removes that file when done with it."""
    with _open_tar(path) as tar:
        manifest_info, keys_info, db_info = _members(tar, path)
        manifest = _read_manifest(tar, manifest_info, path)
        members = manifest.get("members") or {}
        if keys_info.size > MAX_KEYS_BYTES:
            raise BackupError(Message("backup.not_a_backup", path=str(path)))
        keys_out = io.BytesIO()
        _copy_member(tar, keys_info, keys_out.write, members.get(KEYS_MEMBER), path)
        fd, name = tempfile.mkstemp(prefix=".caseapp-restore.", suffix=".tmp", dir=folder)
        database = Path(name)
        try:
            os.fchmod(fd, PRIVATE_FILE_MODE)
            with open(fd, "wb") as out:
                _copy_member(tar, db_info, out.write, members.get(DATABASE_MEMBER), path)
                out.flush()
                os.fsync(out.fileno())
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                database.unlink()
            raise
    try:
        keys_text = keys_out.getvalue().decode("utf-8")
    except UnicodeDecodeError:
        database.unlink()
        raise BackupError(Message("backup.not_a_backup", path=str(path))) from None
    return BackupContents(keys_text, database)


def place_restored(contents: BackupContents, db_path: Path) -> None:
    """Give the checked database and its key file their names beside each other, never
    over an existing file (a hard link fails if the name is taken): the key file first,
    then the database, so that an archive never appears without its key file."""
    key_file = key_file_for(db_path)
    fd, name = tempfile.mkstemp(prefix=f".{key_file.name}.", suffix=".tmp", dir=db_path.parent)
    staged_keys = Path(name)
    try:
        os.fchmod(fd, PRIVATE_FILE_MODE)
        with open(fd, "wb") as out:
            out.write(contents.keys_text.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        _link_new(staged_keys, key_file)
    finally:
        with contextlib.suppress(FileNotFoundError):
            staged_keys.unlink()
    try:
        _link_new(contents.database, db_path)
    except BaseException:
        key_file.unlink()
        raise
    with contextlib.suppress(FileNotFoundError):
        contents.database.unlink()
    fsync_folder(db_path.parent)  # the two new names last once the folder is on disk


def _link_new(source: Path, name: Path) -> None:
    try:
        os.link(source, name)
    except FileExistsError:
        raise StoreExists(Message("store.database_exists", path=str(name))) from None
    except OSError:
        # A file system without hard links: check, then rename (a small race, but nothing
        # that existed when restore began is overwritten).
        if name.exists():
            raise StoreExists(Message("store.database_exists", path=str(name))) from None
        os.rename(source, name)
