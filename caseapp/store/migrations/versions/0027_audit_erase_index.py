"""the audit trail's indexes: one of the erasures; none of record uids alone

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-02

Every bundle written or applied asks which testimonies were erased (services/erasure.py): the
``erase`` events of the audit trail. No index held the action, so each asked read the whole
trail: at least one event per record ever made, millions at a million testimonies, for a
bundle of three records (issue 18). A partial index holds only the erasures: it costs the
other events nothing to write. The query names the action as a literal: a PostgreSQL generic
plan cannot use a partial index for a bound parameter, which could be any action.

The index of record uids alone (0012) repeated the first column of 0014's index of (record
uid, table, action, id), which answers the same look-ups: every event written, one per
record imported or applied, updated both. It is dropped.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ERASURES = "action = 'erase'"


def upgrade() -> None:
    op.create_index(
        "ix_audit_event_erasures",
        "audit_event",
        ["table_name", "record_uid"],
        sqlite_where=sa.text(ERASURES),
        postgresql_where=sa.text(ERASURES),
    )
    op.drop_index("ix_audit_event_record_uid", "audit_event")


def downgrade() -> None:
    op.create_index("ix_audit_event_record_uid", "audit_event", ["record_uid"])
    op.drop_index("ix_audit_event_erasures", "audit_event")
