"""the audit trail's hashes are no longer kept in a unique index

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-03

Every audit event written (one per record created by an import or a bundle, one per edit)
also went into the unique index of its hash: 64 random hexadecimal characters, so each event
landed on a random page of an index as large as the trail. Nothing looks an event up by its
hash. The chain's check reads the events in order and recomputes each hash from its fields
and the hash before it, and the primary key already refuses a second event of the same
number, so the index guarded nothing the chain does not. Writing 583,000 events in batches of
500 through a 16 MiB page cache took 81 s with it and 23 s without; a bundle of 100,000
testimonies applied in 553 s instead of 582 s (issue 18).

SQLite cannot drop a constraint of a table: the table is rebuilt with the same columns, its
rows copied in order (the same ids), and its indexes and triggers (the append-only guard, the
kept count) written back from their own stored SQL, so the integrity check finds the guard as
the first migration made it. PostgreSQL drops the constraint.
"""

import re
from collections.abc import Callable, Sequence

from alembic import op
from sqlalchemy import Connection

revision: str = "0032"
down_revision: str | None = "0031"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "audit_event"
CONSTRAINT = "uq_audit_event_hash"
# As migration 0001 wrote it in the table's definition (SQLAlchemy's DDL for SQLite).
_UNIQUE = re.compile(r",\s*CONSTRAINT uq_audit_event_hash UNIQUE \(hash\)")


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        _rebuild(bind, _without_unique)
    else:
        op.drop_constraint(CONSTRAINT, TABLE, type_="unique")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        _rebuild(bind, _with_unique)
    else:
        op.create_unique_constraint(CONSTRAINT, TABLE, ["hash"])


def _without_unique(sql: str) -> str:
    changed, found = _UNIQUE.subn("", sql)
    if found != 1:
        raise RuntimeError("audit_event is not as migration 0001 made it")
    return changed


def _with_unique(sql: str) -> str:
    end = sql.rstrip().rfind(")")
    if end < 0 or _UNIQUE.search(sql):
        raise RuntimeError("audit_event is not as migration 0032 left it")
    return sql[:end].rstrip() + f", \n\tCONSTRAINT {CONSTRAINT} UNIQUE (hash)\n" + sql[end:]


def _rebuild(bind: Connection, definition: Callable[[str], str]) -> None:
    (table_sql,) = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (TABLE,)
    ).one()
    # Indexes SQLite made for constraints have no SQL: they come back with the table.
    kept = [
        sql
        for (sql,) in bind.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger')"
            " AND sql IS NOT NULL ORDER BY type, name",
            (TABLE,),
        )
    ]
    new_sql = definition(table_sql)
    made = re.sub(r"^\s*CREATE TABLE\s+\"?audit_event\"?", "CREATE TABLE _audit_event_new", new_sql)
    if made == new_sql:
        raise RuntimeError("audit_event is not as migration 0001 made it")
    bind.exec_driver_sql(made)
    bind.exec_driver_sql(f"INSERT INTO _audit_event_new SELECT * FROM {TABLE} ORDER BY id")
    # Dropping a table drops its triggers first: the append-only guard does not fire.
    bind.exec_driver_sql(f"DROP TABLE {TABLE}")
    bind.exec_driver_sql(f"ALTER TABLE _audit_event_new RENAME TO {TABLE}")
    for sql in kept:
        bind.exec_driver_sql(sql)
