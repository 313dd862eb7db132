"""a best-first list is made in steps, and read only once it is whole (issue 18)

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-04

A list was made in one write transaction: at 660,000 testimonies the eight lists of the
benchmark's searches held the archive's write lock for 15 s, past the 5 s a caseworker's
save waits for it (caseapp/store/engine.py, BUSY_TIMEOUT_MS), so a save made meanwhile
failed. A list is now made a range of records at a time, each range in a short transaction
of its own (caseapp/store/rank_lists.py); between them others write, and the triggers of
migration 0033 keep the ranges already made. ``ready`` says the list is whole: a search
reads no list that is not. The lists made before this migration were made whole.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0034"
down_revision: str | None = "0033"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("ALTER TABLE search_rank_list ADD COLUMN ready INTEGER NOT NULL DEFAULT 1")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    # A list still being made is not whole: without the column it would be read.
    op.execute(
        "DELETE FROM search_rank_entry WHERE list_id IN "
        "(SELECT id FROM search_rank_list WHERE NOT ready)"
    )
    op.execute("DELETE FROM search_rank_list WHERE NOT ready")
    op.execute("ALTER TABLE search_rank_list DROP COLUMN ready")
