"""users and their roles; identity-vault entries sealed

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02

The first user is added by the first unlock after this revision (the slot that opened the
archive, a coordinator: caseapp/services/users.py), and the vault's plain entries are sealed
then too: both need keys that a migration does not have.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "app_user",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("last_unlock_at", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_app_user")),
    )
    with op.batch_alter_table("person_identity", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sealed", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("person_identity", schema=None) as batch_op:
        batch_op.drop_column("sealed")
    op.drop_table("app_user")
