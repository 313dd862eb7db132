"""exchange: where the last bundle to each peer stood in the audit trail

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-02

Each bundle compared every record of the archive with its merge base to find what to carry:
4.8 s at 10,000 testimonies, minutes at a million, for a bundle of a day's work (issue 18). A
record's values and versions change only by audited writes (an event naming it) or by a
merge that keeps its versions (``sync_version.mark``, the newest event then). A peer's
``sent_mark`` is the newest event, all of them committed, when its last bundle was written;
the next bundle reads only the records named since, besides those still unacknowledged.
NULL (a new peer, a forgotten one, and after any schema upgrade, which may rewrite records
without events) means the whole archive is compared, as before.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0028"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("exchange_peer", sa.Column("sent_mark", sa.Integer(), nullable=True))
    # The versions kept since a mark, by kind, without reading every record's.
    op.create_index("ix_sync_version_mark", "sync_version", ["table_name", "mark"])


def downgrade() -> None:
    op.drop_index("ix_sync_version_mark", "sync_version")
    with op.batch_alter_table("exchange_peer", schema=None) as batch_op:
        batch_op.drop_column("sent_mark")
