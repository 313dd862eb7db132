"""Schema upgrades at open: back the file up, refuse a newer database, upgrade to head.

A new database is built by running every migration from the first; ``create_all`` is never
used, so a database always has exactly the schema its revision says.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect

from caseapp.store.errors import DatabaseTooNew, StoreError
from caseapp.store.files import private_atomic_file
from caseapp.store.messages import Message

if TYPE_CHECKING:  # Alembic loads only when a schema is made or upgraded (0.2 s per command)
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
COPY_CHUNK = 1024 * 1024
# What each migration file declares; enough to know the head without Alembic.
_REVISION = re.compile(r"^revision(?:: *str)? *= *[\"']([^\"']+)[\"']", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision\b[^=]*= *[\"']([^\"']+)[\"']", re.MULTILINE)


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def declared_revisions() -> tuple[set[str], str | None]:
    """Every revision the migration files declare, and the head (the one no other revises;
    None if that is not exactly one): read from the files' own lines, without Alembic."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for file in (MIGRATIONS_DIR / "versions").glob("*.py"):
        text = file.read_text(encoding="utf-8")
        if found := _REVISION.search(text):
            revisions.add(found.group(1))
        if down := _DOWN_REVISION.search(text):
            revised.add(down.group(1))
    heads = revisions - revised
    return revisions, (next(iter(heads)) if len(heads) == 1 else None)


def known_revision(revision: str) -> bool:
    """Is ``revision`` one of this caseapp's (a newer caseapp's file is not)?"""
    return revision in declared_revisions()[0]


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _stored_revision(engine: Engine) -> str | None:
    """The revision the database says it is at, by plain SQL (None: no such table)."""
    with engine.connect() as conn:
        if "alembic_version" not in inspect(conn).get_table_names():
            return None
        value = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        return None if value is None else str(value)


@dataclass(frozen=True)
class UpgradeResult:
    from_revision: str | None
    to_revision: str
    backup: Path | None


def upgrade_to(
    engine: Engine, revision: str = "head", db_path: Path | None = None
) -> UpgradeResult:
    """Bring the schema to ``revision``; back the file up first if it already holds data.
    A database already at the head is known as such without loading Alembic."""
    if revision == "head":
        head = declared_revisions()[1]
        if head is not None and _stored_revision(engine) == head:
            return UpgradeResult(head, head, None)
    from alembic import command
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    current = current_revision(engine)
    if current is not None and not _known(script, current):
        raise DatabaseTooNew(Message("store.database_too_new", revision=current))
    if current is None:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
        if tables:
            raise DatabaseTooNew(Message("store.not_a_caseapp_database"))
    target = script.get_revision(revision)
    assert target is not None
    if current == target.revision:
        return UpgradeResult(current, target.revision, None)
    backup = None
    if current is not None and db_path is not None:
        backup = backup_file(engine, db_path, current)
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
        if current is not None:
            _compare_every_record_next(conn)
    return UpgradeResult(current, target.revision, backup)


def _compare_every_record_next(conn: Connection) -> None:
    """A migration may rewrite records without audit events (a new column's values, a code
    made canonical), which a bundle that reads only the records named since its peer's last
    one would not carry: the next bundle to each peer compares every record again."""
    inspector = inspect(conn)
    if "exchange_peer" not in inspector.get_table_names():
        return
    if any(column["name"] == "sent_mark" for column in inspector.get_columns("exchange_peer")):
        conn.exec_driver_sql("UPDATE exchange_peer SET sent_mark = NULL")


def _known(script: ScriptDirectory, revision: str) -> bool:
    from alembic.util import CommandError

    try:
        return script.get_revision(revision) is not None
    except CommandError:
        return False


def backup_file(engine: Engine, db_path: Path, revision: str) -> Path:
    """Copy the encrypted file (after folding the WAL in) beside the original: owner-only
    from its first byte and unseen until complete (``private_atomic_file``), so that a kill
    mid-copy leaves no truncated backup under the real name. A copy that fails (a full
    disk) raises StoreError before anything is upgraded; a disk without room for the whole
    copy is told before any of it is written (at a million testimonies the copy is 17.5 GB
    and a minute long)."""
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.commit()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    backup = db_path.with_name(f"{db_path.name}.backup-r{revision}-{stamp}")
    needed, free = db_path.stat().st_size, shutil.disk_usage(db_path.parent).free
    if free < needed:
        raise StoreError(
            Message(
                "store.backup_no_room",
                path=str(backup),
                needed=_megabytes_up(needed),
                free=free // 2**20,
            )
        )
    try:
        with db_path.open("rb") as source, private_atomic_file(backup) as out:
            shutil.copyfileobj(source, out.handle, COPY_CHUNK)
    except OSError as exc:
        raise StoreError(
            Message("store.backup_failed", path=str(backup), reason=str(exc.strerror))
        ) from None
    return backup


def _megabytes_up(size: int) -> int:
    return -(-size // 2**20)
