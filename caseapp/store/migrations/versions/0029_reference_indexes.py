"""indexes of the references that had none, and of the import events

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-02

Found by counting SQLite's steps of everyday operations in archives of 150 and 1,500
testimonies (issue 18): those that grew with the archive read a table whole.

- A testimony's source, a violation's victim and a statement's links had no index. Undoing an
  import (is a person it made named since?), erasing a withdrawn testimony (is its source
  named by another?) and a testimony's dossier (the statements linked to it) read every
  testimony, every violation or every link: at a million testimonies, gigabytes for one
  record. Partial indexes: a record that names no one adds nothing to them.
- The list of imports and an undo found the import events by reading the whole audit trail;
  as with the erasures (0027), partial indexes hold those few events alone.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0029"
down_revision: str | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# name -> (table, column, condition)
INDEXES = {
    "ix_testimony_source_person": (
        "testimony",
        "source_person_id",
        "source_person_id IS NOT NULL",
    ),
    "ix_violation_victim_person": (
        "violation",
        "victim_person_id",
        "victim_person_id IS NOT NULL",
    ),
    "ix_state_response_link_response": ("state_response_link", "state_response_id", None),
    "ix_state_response_link_testimony": (
        "state_response_link",
        "testimony_id",
        "testimony_id IS NOT NULL",
    ),
    "ix_state_response_link_violation": (
        "state_response_link",
        "violation_id",
        "violation_id IS NOT NULL",
    ),
    "ix_audit_event_imports": ("audit_event", "id", "action = 'import'"),
    "ix_audit_event_import_undos": ("audit_event", "id", "action = 'undo_import'"),
}


def upgrade() -> None:
    for name, (table, column, condition) in INDEXES.items():
        where = (
            {}
            if condition is None
            else {
                "sqlite_where": sa.text(condition),
                "postgresql_where": sa.text(condition),
            }
        )
        op.create_index(name, table, [column], **where)


def downgrade() -> None:
    for name, (table, _column, _condition) in INDEXES.items():
        op.drop_index(name, table)
