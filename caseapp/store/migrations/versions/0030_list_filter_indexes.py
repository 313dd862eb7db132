"""covering indexes of the lists' filters (SQLite)

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-03

A filtered list read the rows themselves to test each one against the filter (issue 18,
measured at a million testimonies): the testimonies list under a language or status filter
took 3.5 s a page and a text filter 3.8 s to count, each reading a quarter of a million 2 KB
rows; the violations list by UN response took 65 s a page and a date range 26-38 s, reading
the table across three million rows. These indexes hold every column the filters test besides
long free text, in the list's default order (newest first), so a filtered page is found by
walking one index without reading a row, and a filtered count reads the index alone.

SQLite only: the testimonies' holds the title and place (up to 500 characters each, which a
PostgreSQL b-tree may refuse), and the server's planner chooses its own plans.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0030"
down_revision: str | None = "0029"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Named in caseapp/store/engines/base.py (TESTIMONY_LIST, VIOLATION_LIST) and
# migrations/filters.py.
INDEXES = {
    "ix_testimony_list": (
        "testimony",
        ["interview_date", "id", "language", "status", "code", "interview_place", "title"],
    ),
    "ix_violation_list": (
        "violation",
        [
            "date_start",
            "id",
            "testimony_id",
            "date_end",
            "category",
            "province",
            "perpetrator",
            "un_response_status",
            "verification_status",
        ],
    ),
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name, (table, _columns) in INDEXES.items():
        op.drop_index(name, table)
