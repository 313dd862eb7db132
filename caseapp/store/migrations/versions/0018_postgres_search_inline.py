"""the search index on PostgreSQL: each record's tsvector kept in its row, compressed with lz4

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02

A testimony's tsvector is about 2 kB compressed, past PostgreSQL's 2 kB threshold, so most
were moved out to the TOAST table. A search of several words (a phrase, AND, OR) reads the
tsvector of every match twice, once to check the match and once to rank it, and each read
fetched the value back from TOAST: "forced labour", found in a tenth of 100,000 testimonies,
took 45 ms for the testimonies alone. Kept in the row (storage MAIN, a row target of a whole
page) and compressed with lz4 where the server has it, the same search takes 20 ms, and the
table with its TOAST is smaller (258 MB against 277 MB). One-word searches read the word
tables of 0017 and are unchanged.

Existing values keep their old place until rewritten, so the migration rewrites them once,
with the word tables' triggers off (the words do not change).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = ("testimony", "violation")


def _execute(statement: str) -> None:
    op.get_bind().exec_driver_sql(statement)


def _lz4_available() -> bool:
    """Whether this server was built with lz4 (Debian's is); pglz stays otherwise."""
    bind = op.get_bind()
    savepoint = bind.begin_nested()
    try:
        bind.exec_driver_sql("SET LOCAL default_toast_compression = 'lz4'")
    except Exception:
        savepoint.rollback()
        return False
    savepoint.rollback()
    return True


def _keep_in_row(storage: str, compression: str, target: int) -> None:
    for kind in KINDS:
        table = f"search_{kind}"
        _execute(f"ALTER TABLE {table} ALTER COLUMN doc SET STORAGE {storage}")
        _execute(f"ALTER TABLE {table} ALTER COLUMN doc SET COMPRESSION {compression}")
        _execute(f"ALTER TABLE {table} SET (toast_tuple_target = {target})")
        # A new value of the same words, stored by the new settings; the words tables of
        # 0017 are filled from the same words, so their triggers are not needed.
        _execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        _execute(f"UPDATE {table} SET doc = doc || ''::tsvector")
        _execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        _execute(f"ANALYZE {table}")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _keep_in_row("MAIN", "lz4" if _lz4_available() else "pglz", 8160)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _keep_in_row("EXTENDED", "pglz", 2032)
