"""Backup and restore of an encrypted archive, each copy checked before it is trusted.

A backup (caseapp/store/backup.py has the format) is made from a consistent copy of the live
database, which must pass SQLCipher's page check, SQLite's integrity check and ``verify``
(the audit chain and every attachment's hash) before it is packed; the packed file is read
back from the medium and checked against its manifest before it takes its name, and the
backup is recorded in the audit trail (its file, size and SHA-256; no content).

A restore checks the backup the same way (the passphrase opens one of its slots, every
member matches its checksum, the pages, integrity and ``verify``) before anything takes a
name at the target, and never replaces an existing archive.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from caseapp.models.enums import AuditAction
from caseapp.services.access import Access, Right
from caseapp.services.audit import AuditLog
from caseapp.services.integrity import verify_store
from caseapp.services.messages import Message
from caseapp.services.stats import record_counts
from caseapp.services.sync import start_new_generation
from caseapp.store import CaseStore, StoreExists
from caseapp.store.backup import (
    check_pages,
    open_copy,
    place_restored,
    read_backup,
    sha256_of,
    snapshot,
    temporary_copy_path,
    write_backup,
)
from caseapp.store.errors import BackupError
from caseapp.store.files import ensure_private_dir
from caseapp.store.keys import key_file_for, unlock_text
from caseapp.store.recovery import raw_key_lines

ARCHIVE = "archive"  # the audit events of the whole archive name no table of records


@dataclass(frozen=True)
class BackupResult:
    path: Path
    bytes: int
    sha256: str
    counts: dict[str, int]


def _check_copy(copy: Path, key: bytes) -> dict[str, int]:
    """Pages, integrity and ``verify`` of a copy; its record counts when it passes."""
    check_pages(copy, key)
    copy_store = open_copy(copy, key)
    try:
        with copy_store.session() as session:
            problems = verify_store(session, pages=False)  # check_pages ran just before
            counts = record_counts(session)
    finally:
        copy_store.engine.dispose()
    if problems:
        raise BackupError(Message("backup.verify_failed", problem=problems[0], count=len(problems)))
    return counts


def make_backup(store: CaseStore, audit: AuditLog, access: Access, target: Path) -> BackupResult:
    """Back the archive up into the one file ``target`` (see the module's docstring). A
    backup carries every key slot and the whole vault: coordinators only (NotAllowed)."""
    access.require(Right.MANAGE)
    source, key = store.path, store.key
    if source is None or key is None:
        raise BackupError(Message("backup.needs_file"))
    target = Path(target)
    if target.is_dir() or not target.parent.is_dir():
        raise BackupError(Message("backup.bad_target", path=str(target)))
    archive_files = {Path(f"{source}{suffix}").resolve() for suffix in ("", "-wal", "-shm")}
    if target.resolve() in archive_files | {key_file_for(source).resolve()}:
        raise BackupError(Message("backup.onto_archive", path=str(target)))
    try:
        keys_bytes = key_file_for(source).read_bytes()
        # The working copy is encrypted, owner-only, beside the archive, and removed after.
        with temporary_copy_path(source.parent) as copy:
            snapshot(source, key, copy)
            counts = _check_copy(copy, key)
            size = 0

            def record(sha256: str) -> None:
                # Committed before the file takes its name: no backup leaves without a trace.
                with store.session() as session:
                    audit.record(
                        session,
                        AuditAction.BACKUP,
                        ARCHIVE,
                        None,
                        {
                            "file": str(target),
                            "sha256": sha256,
                            "audit_events": counts["audit_event"],
                        },
                    )

            digest = write_backup(target, keys_bytes, copy, record)
        size = target.stat().st_size
    except OSError as exc:
        raise BackupError(
            Message("backup.cannot_write", path=str(target), reason=str(exc.strerror))
        ) from None
    return BackupResult(target, size, digest, counts)


def show_raw_key(store: CaseStore, audit: AuditLog, access: Access) -> list[str]:
    """The PRAGMA lines that open the database with standard SQLCipher tools: the whole
    archive for whoever holds them, so coordinators only (NotAllowed). The request is
    recorded in the audit trail (never the key) before the lines are given."""
    access.require(Right.MANAGE)
    if store.key is None:
        raise BackupError(Message("backup.needs_file"))
    with store.session() as session:
        audit.record(session, AuditAction.SHOW_RAW_KEY, ARCHIVE, None, {})
    return raw_key_lines(store.key)


@dataclass(frozen=True)
class RestoreResult:
    path: Path
    counts: dict[str, int]
    backup_sha256: str


def restore_backup(
    backup: Path, db_path: Path, passphrase: str, user: str | None = None
) -> RestoreResult:
    """Check the backup at ``backup`` and make it the archive at ``db_path``; refused when
    an archive (or its key file) is already there. On any refusal nothing is left behind."""
    key_file = key_file_for(db_path)
    for existing in (db_path, key_file):
        if existing.exists():
            raise StoreExists(Message("store.database_exists", path=str(existing)))
    folder = db_path.parent
    made_folder = not folder.exists()
    try:
        ensure_private_dir(folder)
        contents = read_backup(Path(backup), folder)
        try:
            key = unlock_text(contents.keys_text, backup, passphrase, user).database_key
            counts = _check_copy(contents.database, key)
            place_restored(contents, db_path)
        finally:
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(f"{contents.database}{suffix}")
    except OSError as exc:
        _remove_if_empty(folder, made_folder)
        raise BackupError(
            Message("backup.cannot_restore", path=str(db_path), reason=str(exc.strerror))
        ) from None
    except BaseException:
        _remove_if_empty(folder, made_folder)
        raise
    return RestoreResult(db_path, counts, sha256_of(Path(backup)))


def _remove_if_empty(folder: Path, made: bool) -> None:
    if made:
        with contextlib.suppress(OSError):
            folder.rmdir()


def record_restore(store: CaseStore, audit: AuditLog, backup: Path, sha256: str) -> None:
    """The restored archive's first new event: where it came from. Its edits from now on
    carry a new name in field versions (services/field_versions.py)."""
    with store.session() as session:
        # Its audit events are numbered again from the backup's: its edits from now on
        # carry a new name in field versions, and what it thought its peers held is from
        # the backup's day: everything goes again.
        start_new_generation(session)
        audit.record(
            session,
            AuditAction.RESTORE_ARCHIVE,
            ARCHIVE,
            None,
            {"file": str(backup), "sha256": sha256},
        )
