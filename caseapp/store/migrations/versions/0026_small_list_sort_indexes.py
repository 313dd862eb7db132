"""indexes for the sorts of the regions, region history and state responses lists

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-02

Every sort a list offers walks an index (issue 18). The regions, a region's history and the
state's responses sorted every row for each page; these lists are short today, but nothing
bounds them. Long free text (sources, notes, official positions) is not offered as a sort:
an index of it would copy the text, and a PostgreSQL b-tree refuses an entry over 2,704
bytes (a thousand Korean characters are 3,000). Nor is the number of linked records, which
no column holds.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = {
    "region_protection": {
        "ix_region_protection_region": ["region", "id"],
        "ix_region_protection_country": ["country", "id"],
        "ix_region_protection_reported_cases": ["reported_cases", "id"],
        "ix_region_protection_protection_status": ["protection_status", "id"],
        "ix_region_protection_as_of": ["as_of", "id"],
    },
    # One region's entries, in each order its history is shown in.
    "region_protection_history": {
        "ix_region_history_as_of": ["region_protection_id", "as_of", "id"],
        "ix_region_history_protection_status": ["region_protection_id", "protection_status", "id"],
        "ix_region_history_reported_cases": ["region_protection_id", "reported_cases", "id"],
    },
    "state_response": {
        "ix_state_response_aspect": ["aspect", "id"],
        "ix_state_response_statement_date": ["statement_date", "id"],
    },
}


def upgrade() -> None:
    for table, indexes in INDEXES.items():
        for name, columns in indexes.items():
            op.create_index(name, table, columns)


def downgrade() -> None:
    for table, indexes in INDEXES.items():
        for name in indexes:
            op.drop_index(name, table)
