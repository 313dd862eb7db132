"""What went wrong with the disk, the folder or the file, told apart from a wrong passphrase.

SQLite names the problem by its result code (``sqlite_errorcode`` on the driver's
exception; the low byte is the primary code) and the system by ``errno``. A read-only
medium often shows up only as "unable to open" (WAL needs its -shm file) and a full one as
an input/output error, so for those the medium itself is looked at (``statvfs``).

``media_error`` returns the store error to raise instead, or None when the exception is not
about the medium (a bug, or a problem some other layer words). It never reads the
exception's text: SQLAlchemy's carries the statement and could carry a record's values.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy.exc import DBAPIError

from caseapp.store.errors import (
    CannotOpen,
    DatabaseDamaged,
    DatabaseLocked,
    DiskFull,
    MediaError,
    ReadOnlyMedium,
    StoreError,
)
from caseapp.store.integrity import damaged
from caseapp.store.messages import Message

# SQLite's primary result codes (https://sqlite.org/rescode.html).
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26

LOW_SPACE_BYTES = 256 * 1024
"""Below this much free space, an input/output error is taken for a full disk."""


def sqlite_code(exc: BaseException) -> int | None:
    """The primary SQLite result code of a driver error (wrapped by SQLAlchemy or not)."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    if not isinstance(orig, (sqlcipher.Error, sqlite3.Error)):
        return None
    code = getattr(orig, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def _existing_folder(path: Path) -> Path:
    folder = path if path.is_dir() else path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def medium_problem(
    path: Path | None, where: str | None = None, *, archive: bool = True
) -> MediaError | None:
    """Read-only or full: what the medium holding ``path`` itself says (``archive``: of the
    archive's own file, where the advice is to move the archive)."""
    if path is None:
        return None
    folder = _existing_folder(path)
    try:
        info = os.statvfs(folder)
    except (OSError, AttributeError):  # AttributeError: no statvfs (Windows)
        return None
    if info.f_flag & os.ST_RDONLY:
        return _read_only(where or str(path), archive)
    if info.f_bavail * info.f_frsize < LOW_SPACE_BYTES:
        return DiskFull(Message("store.disk_full", path=where or str(path)))
    return None


def _read_only(where: str, archive: bool) -> ReadOnlyMedium:
    if archive:  # the advice is to move the archive
        return ReadOnlyMedium(Message("store.read_only", path=where))
    return ReadOnlyMedium(Message("store.read_only_file", path=where))


def _from_errno(
    number: int | None, path: Path, where: str, *, archive: bool = True
) -> MediaError | None:
    """``archive``: the file is the archive's own (the advice is to move the archive)."""
    if number == errno.EROFS:
        return _read_only(where, archive)
    if number in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):  # EDQUOT: a quota
        return DiskFull(Message("store.disk_full", path=where))
    if number in (errno.EACCES, errno.EPERM):
        return medium_problem(path, where, archive=archive) or CannotOpen(
            Message("store.permission_denied", path=where)
        )
    if number == errno.EIO:
        return CannotOpen(Message("store.io_error", path=where))
    return None


def _from_sqlite(code: int, path: Path | None, where: str) -> MediaError | None:
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return DatabaseLocked(Message("store.database_locked", path=where))
    if code == SQLITE_CORRUPT:  # a malformed page: verify's wording (store/integrity.py)
        return damaged()
    if code == SQLITE_NOTADB:  # a page the key does not open: damage, or another key file
        return DatabaseDamaged(Message("store.database_damaged", path=where))
    if code == SQLITE_FULL:
        return DiskFull(Message("store.disk_full", path=where))
    if code == SQLITE_READONLY:
        return medium_problem(path, where) or ReadOnlyMedium(Message("store.read_only", path=where))
    if code == SQLITE_CANTOPEN:
        return medium_problem(path, where) or CannotOpen(Message("store.cannot_open", path=where))
    if code == SQLITE_IOERR:
        return medium_problem(path, where) or CannotOpen(Message("store.io_error", path=where))
    if code == SQLITE_PERM:
        return CannotOpen(Message("store.permission_denied", path=where))
    return None


def media_error(
    exc: BaseException, path: Path | None, where: str | None = None
) -> StoreError | None:
    """The store error that says what ``exc`` means for the archive at ``path`` (None for a
    server database: no medium of ours to look at), named as ``where`` (default: the path),
    or None if ``exc`` is not about the medium."""
    if isinstance(exc, StoreError):
        return None
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    if isinstance(orig, OSError):
        named = Path(os.fsdecode(orig.filename)) if orig.filename else None
        if named is not None and (path is None or named.parent != path.parent):
            # Another file than the archive's (an import's source, an export's target): named
            # as itself, never as the database.
            return _from_errno(orig.errno, named, str(named), archive=False)
        target = path if path is not None else Path(".")
        return _from_errno(orig.errno, target, where or str(target))
    code = sqlite_code(exc)
    if code is None:
        return None
    return _from_sqlite(code, path, where or str(path))
