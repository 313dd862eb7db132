"""the indexes of deleted records hold the deleted records alone

Revision ID: 0035
Revises: 0034
Create Date: 2026-12-04

``ix_testimony_deleted_at`` and ``ix_violation_deleted_at`` held every record, nearly all with
a NULL ``deleted_at``. Where SQLite has no statistics yet (a new archive, until its first
close runs ``PRAGMA optimize``) it guesses that an equality on a non-unique index matches a
handful of rows, so "deleted_at IS NULL" on that index looked cheaper than 500 look-ups of a
unique uid: a batch of uids read through it walked every live record. An import of 100,000
testimonies into a new archive spent 16 of its 90 s there, and each batch cost more than the
one before (200,000 rows took three times as long per row as 50,000; issue 18). Several
queries had been written around the same index (``common()``, "NOT IN the deleted ids").

What reads the index asks for the deleted records ("... WHERE deleted_at IS NOT NULL"), and a
partial index of those rows alone serves that, is as small as the deleted records are few,
and cannot be taken for "deleted_at IS NULL". Both engines take the same index.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0035"
down_revision: str | None = "0034"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("testimony", "violation")
DELETED = "deleted_at IS NOT NULL"


def upgrade() -> None:
    for table in TABLES:
        op.drop_index(f"ix_{table}_deleted_at", table)
        op.create_index(
            f"ix_{table}_deleted",
            table,
            ["deleted_at"],
            sqlite_where=sa.text(DELETED),
            postgresql_where=sa.text(DELETED),
        )


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(f"ix_{table}_deleted", table)
        op.create_index(f"ix_{table}_deleted_at", table, ["deleted_at"])
