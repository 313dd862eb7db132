"""key slots on the team server: one row per PostgreSQL login

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04

On SQLite the key slots live in the key file beside the database. A server has no file
beside it: each login's slot (their X25519 pair, the private half wrapped by their
passphrase with Argon2id, and the vault's private key sealed to them for caseworkers and
coordinators) is a row of ``key_slot``, which row-level security lets a login read only for
itself (caseapp/store/engines/postgres_team.py adds the policies when the first coordinator
sets the team up). Nothing on SQLite.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.get_bind().exec_driver_sql(
        "CREATE TABLE key_slot (login text PRIMARY KEY, slot text NOT NULL, "
        "updated_at text NOT NULL)"
    )
    # Until a team is set up (a database made without a passphrase), no one but the owner
    # reads it: row-level security with no policy refuses every row to everyone else.
    op.get_bind().exec_driver_sql("ALTER TABLE key_slot ENABLE ROW LEVEL SECURITY")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.get_bind().exec_driver_sql("DROP TABLE IF EXISTS key_slot")
