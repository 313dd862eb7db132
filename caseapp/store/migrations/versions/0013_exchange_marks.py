"""exchange: where each merge base stands in the audit trail, and what was last exported

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02

A merge base's mark is the newest audit event when it was set: a field with a local event
after it was edited since, even when its value went back to the base's. A peer's export mark
is the newest audit event when its last bundle was written.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sync_shadow", schema=None) as batch_op:
        batch_op.add_column(sa.Column("mark", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("sync_pending", schema=None) as batch_op:
        batch_op.add_column(sa.Column("mark", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("exchange_peer", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("export_mark", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("exchange_peer", schema=None) as batch_op:
        batch_op.drop_column("export_mark")
    with op.batch_alter_table("sync_pending", schema=None) as batch_op:
        batch_op.drop_column("mark")
    with op.batch_alter_table("sync_shadow", schema=None) as batch_op:
        batch_op.drop_column("mark")
