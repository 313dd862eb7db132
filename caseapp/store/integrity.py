"""The engine-specific parts of ``verify``: page checks, the audit guard's triggers, and how
a damaged file shows itself. Nothing here reads or returns record content."""

from __future__ import annotations

import re

from sqlalchemy import Connection
from sqlalchemy.exc import DatabaseError

from caseapp.store.errors import DatabaseDamaged
from caseapp.store.messages import Message
from caseapp.store.migrations import audit_guard

# What SQLite and SQLCipher say when a page fails its check: SQLITE_CORRUPT, SQLITE_NOTADB
# (a page whose HMAC fails reads as "not a database"), or a short read.
_DAMAGE = re.compile(
    r"malformed|file is not a database|disk image|database corruption|SQLITE_CORRUPT"
    r"|vtable constructor failed",
    re.IGNORECASE,
)


def damaged() -> DatabaseDamaged:
    return DatabaseDamaged(Message("store.damaged"))


def is_damage(exc: BaseException) -> bool:
    """Does this database error say a page is damaged (not locked, not full, not missing)?"""
    original = getattr(exc, "orig", exc)
    return _DAMAGE.search(str(original)) is not None


def page_problems(conn: Connection) -> int:
    """How many problems SQLCipher's ``cipher_integrity_check`` (each page's HMAC: any
    changed byte) and SQLite's ``integrity_check`` (the b-trees) find; 0 when every page is
    sound. The texts of the problems are not returned: they can name rows, and nobody
    needs them to restore a backup."""
    if conn.dialect.name != "sqlite":
        return 0
    found = 0
    if _is_sqlcipher(conn):
        try:
            found += len(conn.exec_driver_sql("PRAGMA cipher_integrity_check").all())
        except DatabaseError as exc:
            if not is_damage(exc):
                raise
            found += 1
    try:
        rows = conn.exec_driver_sql("PRAGMA integrity_check").scalars().all()
        found += sum(1 for row in rows if row != "ok")
    except DatabaseError as exc:
        # A damaged page can stop the check itself (a full-text index whose pages no
        # longer decode: "vtable constructor failed").
        if not (found or is_damage(exc)):
            raise
        found += 1
    return found


def _is_sqlcipher(conn: Connection) -> bool:
    try:
        version = conn.exec_driver_sql("PRAGMA cipher_version").scalar()
    except DatabaseError:
        return False
    return bool(version)


def _normal(sql: str) -> str:
    return " ".join(sql.split())


# The guard's triggers as the migration creates them, whitespace aside.
EXPECTED_TRIGGERS = {
    name: _normal(sql)
    for sql in audit_guard.SQLITE_STATEMENTS
    for name in re.findall(r"CREATE TRIGGER (\w+)", sql)
}


def altered_triggers(conn: Connection) -> list[str]:
    """Names of the audit guard's triggers (and on PostgreSQL the function its trigger runs)
    that are missing, disabled or not as the migration made them; empty on other engines."""
    if conn.dialect.name == "postgresql":
        return _altered_postgres_guard(conn)
    if conn.dialect.name != "sqlite":
        return []
    stored = {
        name: _normal(sql or "")
        for name, sql in conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master"
            " WHERE type = 'trigger' AND tbl_name = 'audit_event'"
        )
    }
    return [name for name, sql in EXPECTED_TRIGGERS.items() if stored.get(name) != sql]


# PostgreSQL: the trigger as pg_get_triggerdef writes it back, and the function's body.
_PG_TRIGGER = (
    "CREATE TRIGGER audit_event_no_change BEFORE DELETE OR UPDATE ON audit_event"
    " FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()"
)
_PG_FUNCTION_BODY = _normal(audit_guard.POSTGRES_STATEMENTS[0].split("$$")[1])


def _altered_postgres_guard(conn: Connection) -> list[str]:
    altered = []
    trigger = conn.exec_driver_sql(
        "SELECT pg_get_triggerdef(t.oid), t.tgenabled FROM pg_trigger t"
        " WHERE t.tgrelid = to_regclass('audit_event') AND t.tgname = 'audit_event_no_change'"
    ).first()
    definition = _normal(str(trigger[0])).replace(" public.", " ") if trigger else ""
    if trigger is None or definition != _PG_TRIGGER or trigger[1] != "O":
        altered.append("audit_event_no_change")
    body = (
        conn.exec_driver_sql(
            "SELECT p.prosrc FROM pg_proc p WHERE p.proname = 'audit_event_append_only'"
            " AND p.pronargs = 0"
        )
        .scalars()
        .all()
    )
    if [_normal(str(text)) for text in body] != [_PG_FUNCTION_BODY]:
        altered.append("audit_event_append_only")
    return altered
