"""what an import overwrote, for `caseapp import undo`

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "import_undo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.String(length=36), nullable=False),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("record_uid", sa.String(length=36), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("before", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_undo")),
    )
    with op.batch_alter_table("import_undo", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_undo_import_id"), ["import_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("import_undo", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_undo_import_id"))
    op.drop_table("import_undo")
