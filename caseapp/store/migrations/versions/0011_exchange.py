"""exchange between archives: peers, merge bases, unacknowledged sends, conflicts

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "exchange_peer",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("identity", sa.Text(), nullable=False),
        sa.Column("sign_public", sa.String(length=64), nullable=False),
        sa.Column("box_public", sa.String(length=64), nullable=False),
        sa.Column("trusted_at", sa.String(length=32), nullable=False),
        sa.Column("trusted_by", sa.String(length=64), nullable=False),
        sa.Column("sent_seq", sa.Integer(), nullable=False),
        sa.Column("acked_seq", sa.Integer(), nullable=False),
        sa.Column("received_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_exchange_peer")),
        sa.UniqueConstraint("sign_public", name=op.f("uq_exchange_peer_sign_public")),
    )
    op.create_table(
        "sync_shadow",
        sa.Column("peer", sa.String(length=64), nullable=False),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("record_uid", sa.String(length=36), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("peer", "table_name", "record_uid", name=op.f("pk_sync_shadow")),
    )
    op.create_table(
        "sync_pending",
        sa.Column("peer", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("record_uid", sa.String(length=36), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint(
            "peer", "seq", "table_name", "record_uid", name=op.f("pk_sync_pending")
        ),
    )
    op.create_table(
        "sync_conflict",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("peer", sa.String(length=64), nullable=False),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("record_uid", sa.String(length=36), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("base", sa.Text(), nullable=False),
        sa.Column("mine", sa.Text(), nullable=False),
        sa.Column("theirs", sa.Text(), nullable=False),
        sa.Column("mine_by", sa.String(length=200), nullable=False),
        sa.Column("theirs_by", sa.String(length=200), nullable=False),
        sa.Column("found_at", sa.String(length=32), nullable=False),
        sa.Column("resolved_at", sa.String(length=32), nullable=True),
        sa.Column("resolved_by", sa.String(length=64), nullable=True),
        sa.Column("resolution", sa.String(length=16), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_conflict")),
    )
    with op.batch_alter_table("sync_conflict", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_conflict_record_uid"), ["record_uid"])
        batch_op.create_index(batch_op.f("ix_sync_conflict_table_name"), ["table_name"])


def downgrade() -> None:
    with op.batch_alter_table("sync_conflict", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_conflict_table_name"))
        batch_op.drop_index(batch_op.f("ix_sync_conflict_record_uid"))
    op.drop_table("sync_conflict")
    op.drop_table("sync_pending")
    op.drop_table("sync_shadow")
    op.drop_table("exchange_peer")
