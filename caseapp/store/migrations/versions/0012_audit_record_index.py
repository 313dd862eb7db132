"""an index of audit events by record: a record's history, and who last changed each field

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain CREATE INDEX: no batch rebuild, so the append-only triggers stay as they are.
    op.create_index(op.f("ix_audit_event_record_uid"), "audit_event", ["record_uid"])


def downgrade() -> None:
    op.drop_index(op.f("ix_audit_event_record_uid"), table_name="audit_event")
