"""exchange: per-field versions (which edits of each archive a field's value knows)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02

A merge keeps each record's field versions (caseapp/services/field_versions.py); a conflict
keeps the incoming value's version, which its resolution must know. An index of audit events
by record, kind and number gives each record's creation without reading the events. The audit
marks of 0013 go: versions tell what they told, and more.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sync_version",
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("record_uid", sa.String(length=36), nullable=False),
        sa.Column("versions", sa.Text(), nullable=False),
        sa.Column("mark", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("table_name", "record_uid", name=op.f("pk_sync_version")),
    )
    with op.batch_alter_table("sync_conflict", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("theirs_version", sa.Text(), nullable=False, server_default="{}")
        )
    # Versions replace the audit marks of 0013 (when a base was set or a bundle written).
    for table, column in (
        ("sync_shadow", "mark"),
        ("sync_pending", "mark"),
        ("exchange_peer", "export_mark"),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column(column)
    # A record's events by kind and number, read from the index alone: when each record was
    # created (field versions), without reading the events' digests (most of the trail).
    op.create_index(
        "ix_audit_event_record_action", "audit_event", ["record_uid", "table_name", "action", "id"]
    )


def downgrade() -> None:
    for table, column in (
        ("exchange_peer", "export_mark"),
        ("sync_pending", "mark"),
        ("sync_shadow", "mark"),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column(column, sa.Integer(), nullable=False, server_default="0"))
    op.drop_index("ix_audit_event_record_action", table_name="audit_event")
    with op.batch_alter_table("sync_conflict", schema=None) as batch_op:
        batch_op.drop_column("theirs_version")
    op.drop_table("sync_version")
