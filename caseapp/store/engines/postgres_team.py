"""Team mode on PostgreSQL: one login per caseapp user, roles the server itself enforces.

The first coordinator's ``init`` sets a team up (``set_up``): four group roles of this
archive, named with a random prefix kept in ``app_meta`` (``caseapp_1a2b3c4d_recorder``,
``_caseworker``, ``_coordinator`` and ``_owner``; roles belong to the whole cluster, so the
prefix keeps two archives on one server apart, and a copy or a restore under another name
keeps working). ``_owner`` owns every table and function; coordinators are members of it, so
they manage users, run migrations and read everything. Caseworkers have every row of every
record table. Recorders are granted what field staff may do and row-level security narrows
it to the rows they created (``created_by = session_user``); the identity vault
(``person_identity``) they may write but not read (no SELECT on its sealed or plain
columns); ``key_slot`` gives each login its own row only. ``apply_policies`` re-states all of
it, and runs again after every migration, so a table added later is covered too.

Each caseapp user is a login (``add_login``): a LOGIN role in one of the groups, with a
password sent as a SCRAM verifier computed here (the server never receives the password
itself, so it is in no statement log). Coordinators' logins have CREATEROLE: they add logins.
"""

from __future__ import annotations

import base64
import contextlib
import secrets
from typing import Any

from sqlalchemy import Connection, text

from caseapp.store.errors import StoreError
from caseapp.store.messages import Message

TEAM_ROLES_KEY = "team_roles"
VAULT_PUBLIC_KEY = "team_vault_public"
TEAM_PREFIX = "team_"  # app_meta keys only coordinators may write
EXCHANGE_KEYS = "exchange_keys"  # app_meta: the archive's identity keys (services/peers.py)
GROUPS = ("recorder", "caseworker", "coordinator")
SLOTS = "key_slot"
VAULT = "person_identity"
# The vault's columns a recorder may name (what an INSERT ... RETURNING and their own
# updates need): never the sealed box or the (empty) plain fields.
VAULT_OPEN_COLUMNS = (
    "id",
    "uid",
    "person_id",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
    "deleted_at",
)
# The search index tables (migrations 0015, 0017: words, word ranks) and the rows they index.
SEARCH_TABLES = {
    f"search_{kind}{part}": kind
    for kind in ("testimony", "violation")
    for part in ("", "_word", "_prefix")
}
# The stored sort keys of the lists (migrations 0025, 0036), by the table of the rows they sort.
SORT_TABLES = {"sort_testimony": "testimony", "sort_violation": "violation"}
# Tables only caseworkers and coordinators touch (bundles, their merge state, imports).
CURATORS_ONLY = (
    "exchange_peer",
    "sync_shadow",
    "sync_pending",
    "sync_version",
    "sync_conflict",
    "import_undo",
)
COUNTS_PREFIX = "count_"
POLICY_PREFIX = "caseapp_"
MINE = "created_by = session_user::text"


def _quote(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote_identifier(name)


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _run(conn: Connection, statement: str) -> None:
    # Straight to the driver (DDL takes no bound parameters), whose placeholders begin
    # with "%": a literal one is doubled.
    conn.exec_driver_sql(statement.replace("%", "%%"))


def team_prefix(conn: Connection) -> str | None:
    """The prefix of this archive's group roles; None: no team (a database made without a
    passphrase, with one role for everyone)."""
    if conn.execute(text("SELECT to_regclass('app_meta')")).scalar() is None:
        return None
    value = conn.execute(
        text("SELECT value FROM app_meta WHERE key = :key"), {"key": TEAM_ROLES_KEY}
    ).scalar()
    return None if value is None else str(value)


def group(prefix: str, role: str) -> str:
    return f"{prefix}_{role}"


def login_of(conn: Connection) -> str:
    """The login this connection signed in as."""
    return str(conn.execute(text("SELECT session_user")).scalar_one())


def vault_public(conn: Connection) -> bytes:
    value = conn.execute(
        text("SELECT value FROM app_meta WHERE key = :key"), {"key": VAULT_PUBLIC_KEY}
    ).scalar_one()
    return base64.b64decode(value)


def set_up(conn: Connection, public: bytes) -> str:
    """Make this archive's group roles, make the signed-in login its first coordinator,
    keep the vault's public key, and grant and restrict everything; the roles' prefix."""
    login = login_of(conn)
    prefix = "caseapp_" + secrets.token_hex(4)
    try:
        for role in (*GROUPS, "owner"):
            _run(conn, f"CREATE ROLE {_quote(conn, group(prefix, role))} NOLOGIN")
    except Exception as exc:
        if "permission denied" in str(exc):
            raise StoreError(Message("team.needs_createrole", login=login)) from None
        raise
    owner = _quote(conn, group(prefix, "owner"))
    _run(conn, f"GRANT {owner} TO {_quote(conn, group(prefix, 'coordinator'))}")
    _run(conn, f"GRANT {_quote(conn, group(prefix, 'coordinator'))} TO {_quote(conn, login)}")
    # Later migrations, run by any coordinator, create their tables as the owner role. Only
    # the schema's owner (the database's) may allow it; another first login leaves it to them.
    with contextlib.suppress(Exception), conn.begin_nested():
        _run(conn, f"GRANT CREATE ON SCHEMA public TO {owner}")
    for key, value in (
        (TEAM_ROLES_KEY, prefix),
        (VAULT_PUBLIC_KEY, base64.b64encode(public).decode("ascii")),
    ):
        conn.execute(
            text("INSERT INTO app_meta (key, value) VALUES (:key, :value)"),
            {"key": key, "value": value},
        )
    apply_policies(conn, prefix)
    return prefix


def _tables(conn: Connection) -> list[str]:
    return list(
        conn.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        ).scalars()
    )


def _record_tables(conn: Connection) -> list[str]:
    """Tables of records, each row with the login that created it."""
    return list(
        conn.execute(
            text(
                "SELECT table_name FROM information_schema.columns WHERE table_schema = "
                "current_schema() AND column_name = 'created_by' AND table_name <> 'app_user'"
            )
        ).scalars()
    )


def _policy(
    conn: Connection,
    table: str,
    name: str,
    command: str,
    roles: list[str],
    using: str | None = None,
    check: str | None = None,
) -> None:
    to = ", ".join(_quote(conn, role) for role in roles)
    clause = "" if using is None else f" USING ({using})"
    clause += "" if check is None else f" WITH CHECK ({check})"
    _run(
        conn,
        f"CREATE POLICY {POLICY_PREFIX}{name} ON {_quote(conn, table)} FOR {command} TO {to}"
        + clause,
    )


def apply_policies(conn: Connection, prefix: str) -> None:
    """Owner, grants and row-level security of every table, stated anew (idempotent)."""
    recorder, caseworker, coordinator, owner = (group(prefix, role) for role in (*GROUPS, "owner"))
    everyone = [recorder, caseworker, coordinator]
    curators = [caseworker, coordinator]
    q = {role: _quote(conn, role) for role in (*everyone, owner)}
    all_groups = ", ".join(q[role] for role in everyone)
    tables = _tables(conn)
    records = _record_tables(conn)

    # The owner role owns every table (with its sequences) and function of the archive.
    for table in tables:
        _run(conn, f"ALTER TABLE {_quote(conn, table)} OWNER TO {q[owner]}")
    functions = conn.execute(
        text(
            "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n "
            "ON n.oid = p.pronamespace WHERE n.nspname = current_schema() "
            # An extension's own functions (unaccent, migration 0017) stay its installer's.
            "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass "
            "AND d.objid = p.oid AND d.deptype = 'e')"
        )
    ).scalars()
    for function in list(functions):
        _run(conn, f"ALTER FUNCTION {function} OWNER TO {q[owner]}")

    # Old policies and grants go; what follows states them whole.
    for table, policy in conn.execute(
        text(
            "SELECT tablename, policyname FROM pg_policies WHERE schemaname = current_schema()"
            " AND policyname LIKE :prefix"
        ),
        {"prefix": POLICY_PREFIX + "%"},
    ).all():
        _run(conn, f"DROP POLICY {_quote(conn, policy)} ON {_quote(conn, table)}")
    for table in tables:
        _run(conn, f"REVOKE ALL ON {_quote(conn, table)} FROM PUBLIC, {all_groups}")

    _run(conn, f"GRANT USAGE ON SCHEMA public TO {all_groups}")
    # An import keeps what it remembers of its file in a temporary table of its transaction
    # (caseapp/store/scratch.py): those who import may make one, whatever PUBLIC may. Only
    # the database's owner may grant it; a coordinator who is not (after a migration) leaves
    # the grant as it was.
    database = _quote(conn, str(conn.execute(text("SELECT current_database()")).scalar_one()))
    with contextlib.suppress(Exception), conn.begin_nested():
        _run(conn, f"GRANT TEMPORARY ON DATABASE {database} TO {q[caseworker]}, {q[coordinator]}")
    _run(conn, f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {all_groups}")
    _run(conn, f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO {all_groups}")

    # Everyone: the schema revision and vocabularies to read, the audit chain to append to,
    # their own user row and key slot.
    for table in ("alembic_version", "vocabulary_term", "app_user"):
        if table in tables:
            _run(conn, f"GRANT SELECT ON {table} TO {all_groups}")
    _run(conn, f"GRANT INSERT, UPDATE, DELETE ON vocabulary_term TO {q[caseworker]}")
    _run(conn, f"GRANT SELECT, INSERT ON audit_event TO {all_groups}")
    _run(conn, f"GRANT UPDATE (last_unlock_at) ON app_user TO {all_groups}")
    _run(conn, f"GRANT SELECT, UPDATE ON {SLOTS} TO {all_groups}")
    _run(conn, f"GRANT SELECT, INSERT, UPDATE ON app_meta TO {all_groups}")

    for table in ("app_user", SLOTS, "app_meta"):
        _run(conn, f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    _policy(conn, "app_user", "users_read", "SELECT", everyone, "true")
    _policy(conn, "app_user", "users_own", "UPDATE", everyone, "name = session_user::text")
    own_slot = "login = session_user::text"
    _policy(conn, SLOTS, "slot_read", "SELECT", everyone, own_slot)
    _policy(conn, SLOTS, "slot_own", "UPDATE", everyone, own_slot, own_slot)
    # The team's settings (roles, the vault's public key) are the coordinators' alone: a
    # vault key replaced by a caseworker would seal every new entry to someone else.
    not_team = f"key NOT LIKE {_literal(TEAM_PREFIX + '%')}"
    # The archive's exchange identity (its signing and receiving private keys,
    # services/peers.py) is for those who exchange: a recorder could otherwise sign a
    # bundle as the archive.
    not_identity = f"key <> {_literal(EXCHANGE_KEYS)}"
    _policy(conn, "app_meta", "meta_read", "SELECT", everyone, not_identity)
    _policy(conn, "app_meta", "meta_read_curators", "SELECT", curators, "true")
    plain = f"{not_team} AND {not_identity}"
    _policy(conn, "app_meta", "meta_add", "INSERT", everyone, None, plain)
    _policy(conn, "app_meta", "meta_change", "UPDATE", everyone, plain, plain)
    _policy(conn, "app_meta", "meta_add_curators", "INSERT", curators, None, not_team)
    _policy(conn, "app_meta", "meta_change_curators", "UPDATE", curators, not_team, not_team)

    # Records: caseworkers and coordinators every row; recorders their own.
    for table in records:
        name = _quote(conn, table)
        _run(conn, f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY")
        _run(conn, f"GRANT SELECT, INSERT, UPDATE, DELETE ON {name} TO {q[caseworker]}")
        _policy(conn, table, f"{table}_curators", "ALL", curators, "true", "true")
        if table == VAULT:
            # Written, never read back: no SELECT on the sealed box or the plain fields.
            columns = ", ".join(VAULT_OPEN_COLUMNS)
            _run(conn, f"GRANT SELECT ({columns}) ON {name} TO {q[recorder]}")
            _run(conn, f"GRANT INSERT, UPDATE, DELETE ON {name} TO {q[recorder]}")
        else:
            _run(conn, f"GRANT SELECT, INSERT, UPDATE, DELETE ON {name} TO {q[recorder]}")
        _policy(conn, table, f"{table}_mine", "ALL", [recorder], MINE, MINE)

    # Attachments' bytes and the search index follow the rows they belong to (the index
    # tables hold every word of a testimony).
    belongs = {
        "attachment_content": "EXISTS (SELECT 1 FROM attachment a WHERE a.id = attachment_id)",
        **{
            index: f"EXISTS (SELECT 1 FROM {row} r WHERE r.id = {index}.id)"
            for index, row in SEARCH_TABLES.items()
        },
    }
    for table, visible in belongs.items():
        if table not in tables:
            continue
        _run(conn, f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        _run(conn, f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {all_groups}")
        _policy(conn, table, f"{table}_curators", "ALL", curators, "true", "true")
        _policy(conn, table, f"{table}_mine", "ALL", [recorder], visible, "true")

    # The lists' stored sort keys (migrations 0025, 0036): ids with small numbers or a
    # testimony's code, written only by the triggers (as the owner); each reads the rows of
    # the records they can see.
    for table, row in SORT_TABLES.items():
        if table not in tables:
            continue
        visible = f"EXISTS (SELECT 1 FROM {row} r WHERE r.id = {table}.id)"
        _run(conn, f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        _run(conn, f"GRANT SELECT ON {table} TO {all_groups}")
        _policy(conn, table, f"{table}_curators", "SELECT", curators, "true")
        _policy(conn, table, f"{table}_mine", "SELECT", [recorder], visible)

    for table in CURATORS_ONLY:
        if table in tables:
            _run(conn, f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {q[caseworker]}")

    # The kept counts (store/migrations/counts.py) count every row, so curators alone read
    # them; their triggers write them as the owner, whoever writes the record.
    for table in tables:
        if table.startswith(COUNTS_PREFIX):
            _run(conn, f"GRANT SELECT ON {table} TO {q[caseworker]}")


def encrypted_password(conn: Connection, login: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier of ``password`` for ``login``, computed by the client's
    libpq (as psql's \\password does): what ``CREATE ROLE ... PASSWORD`` is given."""
    pgconn: Any = conn.connection.dbapi_connection.pgconn  # type: ignore[union-attr]
    verifier = pgconn.encrypt_password(
        password.encode("utf-8"), login.encode("utf-8"), b"scram-sha-256"
    )
    return bytes(verifier).decode("ascii")


def login_exists(conn: Connection, login: str) -> bool:
    found = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :name"), {"name": login})
    return found.scalar() is not None


def add_login(conn: Connection, prefix: str, login: str, role: str, password: str) -> None:
    """A new LOGIN role in the group of ``role`` (coordinators: with CREATEROLE)."""
    if login_exists(conn, login):
        raise StoreError(Message("team.login_exists", login=login))
    verifier = encrypted_password(conn, login, password)
    options = " CREATEROLE" if role == "coordinator" else ""
    try:
        _run(
            conn,
            f"CREATE ROLE {_quote(conn, login)} LOGIN{options} PASSWORD {_literal(verifier)} "
            f"IN ROLE {_quote(conn, group(prefix, role))}",
        )
    except Exception as exc:
        if "permission denied" in str(exc):
            raise StoreError(Message("team.needs_createrole", login=login_of(conn))) from None
        raise


def set_login_role(conn: Connection, prefix: str, login: str, old: str, new: str) -> None:
    """Move ``login`` from the group of ``old`` to that of ``new``."""
    quoted = _quote(conn, login)
    _run(conn, f"REVOKE {_quote(conn, group(prefix, old))} FROM {quoted}")
    _run(conn, f"GRANT {_quote(conn, group(prefix, new))} TO {quoted}")
    _run(conn, f"ALTER ROLE {quoted} {'CREATEROLE' if new == 'coordinator' else 'NOCREATEROLE'}")


def drop_login(conn: Connection, login: str) -> None:
    """Remove the login (refused by the server while it owns something, e.g. the database
    itself: its administrator reassigns that first)."""
    if not login_exists(conn, login):
        return
    try:
        with conn.begin_nested():
            _run(conn, f"DROP ROLE {_quote(conn, login)}")
    except Exception as exc:
        if "depend" in str(exc):
            raise StoreError(Message("team.login_owns", login=login)) from None
        raise


def read_slot(conn: Connection, login: str) -> str | None:
    """The key slot of ``login`` (the signed-in login's own, or any for a coordinator)."""
    found = conn.execute(text(f"SELECT slot FROM {SLOTS} WHERE login = :login"), {"login": login})
    value = found.scalar()
    return None if value is None else str(value)


def write_slot(conn: Connection, login: str, slot: str, now: str) -> None:
    updated = conn.execute(
        text(f"UPDATE {SLOTS} SET slot = :slot, updated_at = :now WHERE login = :login"),
        {"login": login, "slot": slot, "now": now},
    )
    if updated.rowcount == 0:
        conn.execute(
            text(f"INSERT INTO {SLOTS} (login, slot, updated_at) VALUES (:login, :slot, :now)"),
            {"login": login, "slot": slot, "now": now},
        )


def delete_slot(conn: Connection, login: str) -> None:
    conn.execute(text(f"DELETE FROM {SLOTS} WHERE login = :login"), {"login": login})


def set_password(conn: Connection, login: str, password: str) -> None:
    """The login's new password (a user may change their own), sent as a verifier."""
    verifier = encrypted_password(conn, login, password)
    _run(conn, f"ALTER ROLE {_quote(conn, login)} PASSWORD {_literal(verifier)}")
