"""Database-side guard that makes ``audit_event`` append-only.

Kept outside the revision files because a batch table rebuild drops triggers: any later
migration that rebuilds ``audit_event`` calls ``create`` again.
"""

from sqlalchemy import Connection

_SQLITE = [
    """CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
       BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END""",
    """CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
       BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END""",
]

# What ``verify`` compares the stored triggers with (caseapp/store/integrity.py).
SQLITE_STATEMENTS: tuple[str, ...] = tuple(_SQLITE)

_POSTGRES = [
    """CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit_event is append-only'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_event
       FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()""",
]

# What ``verify`` compares the stored function and trigger with on PostgreSQL.
POSTGRES_STATEMENTS: tuple[str, ...] = tuple(_POSTGRES)


def create(bind: Connection) -> None:
    statements = {"sqlite": _SQLITE, "postgresql": _POSTGRES}.get(bind.dialect.name, [])
    for statement in statements:
        bind.exec_driver_sql(statement)


def drop(bind: Connection) -> None:
    if bind.dialect.name == "sqlite":
        bind.exec_driver_sql("DROP TRIGGER IF EXISTS audit_event_no_update")
        bind.exec_driver_sql("DROP TRIGGER IF EXISTS audit_event_no_delete")
    elif bind.dialect.name == "postgresql":
        bind.exec_driver_sql("DROP TRIGGER IF EXISTS audit_event_no_change ON audit_event")
        bind.exec_driver_sql("DROP FUNCTION IF EXISTS audit_event_append_only()")
