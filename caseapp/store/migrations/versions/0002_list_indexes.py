"""indexes for list views: sort by date with keyset paging, filter by category

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28

The testimony and violation lists sort by date and page with ``WHERE (date, id) > (?, ?)``;
without these indexes a page deep in a 100,000-row table scans the whole table.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_testimony_interview_date", "testimony", ["interview_date", "id"])
    op.create_index("ix_testimony_deleted_at", "testimony", ["deleted_at"])
    op.create_index("ix_violation_testimony_id", "violation", ["testimony_id"])
    op.create_index("ix_violation_category", "violation", ["category"])
    op.create_index("ix_violation_date_start", "violation", ["date_start", "id"])


def downgrade() -> None:
    op.drop_index("ix_violation_date_start", "violation")
    op.drop_index("ix_violation_category", "violation")
    op.drop_index("ix_violation_testimony_id", "violation")
    op.drop_index("ix_testimony_deleted_at", "testimony")
    op.drop_index("ix_testimony_interview_date", "testimony")
