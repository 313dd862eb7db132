"""each kind's number of live records, kept by triggers (SQLite)

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-02

``caseapp stats`` counted every kind's live rows: at 1,000,000 testimonies that read 5.8
million audit events, a million persons without an index on their deletion mark and three
million violations, 3.2 s before a number was printed. Each counted table's triggers now keep
its live rows' number in ``live_count`` as rows are inserted, deleted, or marked deleted and
restored, whichever path writes them (the services, an import's bulk path, a bundle, an
erasure), and ``stats`` reads fourteen rows.

PostgreSQL keeps counting: a shared counter row would make every writer of a team server
wait for the others' commits, and a recorder's count follows row-level security.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Table -> whether its rows are marked deleted (deleted_at) rather than only removed.
COUNTED = {
    "testimony": True,
    "consent": True,
    "person": True,
    "person_identity": True,
    "violation": True,
    "region_protection": True,
    "region_protection_history": True,
    "state_response": True,
    "state_response_link": True,
    "advocacy_demand": True,
    "saved_search": True,
    "attachment": True,
    "audit_event": False,
    "vocabulary_term": False,
}


def _triggers(table: str, marked: bool) -> list[str]:
    live_new = "(NEW.deleted_at IS NULL)" if marked else "1"
    live_old = "(OLD.deleted_at IS NULL)" if marked else "1"
    add = f"UPDATE live_count SET n = n + {live_new} WHERE name = '{table}';"
    remove = f"UPDATE live_count SET n = n - {live_old} WHERE name = '{table}';"
    statements = [
        f"CREATE TRIGGER live_count_{table}_ai AFTER INSERT ON {table} BEGIN {add} END",
        f"CREATE TRIGGER live_count_{table}_ad AFTER DELETE ON {table} BEGIN {remove} END",
    ]
    if marked:
        statements.append(
            f"CREATE TRIGGER live_count_{table}_au AFTER UPDATE OF deleted_at ON {table} "
            f"BEGIN UPDATE live_count SET n = n + {live_new} - {live_old} "
            f"WHERE name = '{table}'; END"
        )
    return statements


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(
        "CREATE TABLE live_count (name TEXT PRIMARY KEY NOT NULL, n INTEGER NOT NULL) WITHOUT ROWID"
    )
    for table, marked in COUNTED.items():
        live = " WHERE deleted_at IS NULL" if marked else ""
        op.execute(
            f"INSERT INTO live_count (name, n) SELECT '{table}', count(*) FROM {table}{live}"
        )
        for statement in _triggers(table, marked):
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, marked in COUNTED.items():
        for suffix in ("ai", "ad", "au") if marked else ("ai", "ad"):
            op.execute(f"DROP TRIGGER live_count_{table}_{suffix}")
    op.execute("DROP TABLE live_count")
