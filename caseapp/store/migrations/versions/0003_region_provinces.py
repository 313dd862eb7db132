"""the places a region is made of, so that its cases can be counted from the records

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28

``region_protection.provinces`` holds comma-separated codes of the ``province`` vocabulary
("china", "laos,thailand,vietnam"). Existing regions get "" (no places chosen yet), so they
count nothing until a caseworker picks their places; no other row or table changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # SQLite adds a NOT NULL column with a constant default in place (ALTER TABLE ADD
    # COLUMN): the table is not rebuilt, so no trigger or index is lost.
    with op.batch_alter_table("region_protection") as batch:
        batch.add_column(
            sa.Column("provinces", sa.String(length=2000), nullable=False, server_default="")
        )


def downgrade() -> None:
    # Not in batch mode: a batch drop rebuilds the table (copy, drop, rename), and dropping
    # region_protection fails while history rows refer to it with foreign keys enforced.
    # SQLite 3.35+ (sqlcipher3 bundles a newer one) drops the column in place.
    op.drop_column("region_protection", "provinces")
