"""The counts the database keeps for the dashboard and the tabulation by category
(caseapp/store/migrations/counts.py), as tables to read, and whether a connection may.

'' stands for "not recorded" in the key columns (a primary key holds no NULL); readers turn
it back into None. Readers add up each key's rows: on PostgreSQL each change is a row of its
own until ``readable`` merges them."""

from __future__ import annotations

from sqlalchemy import Column, Connection, Integer, MetaData, String, Table, text

# Apart from the models' metadata: migrations make these tables, never create_all.
metadata = MetaData()

count_category = Table(
    "count_category",
    metadata,
    Column("category", String(64), primary_key=True),
    Column("violations", Integer),
    Column("testimonies", Integer),
)
count_province = Table(
    "count_province",
    metadata,
    Column("province", String(64), primary_key=True),
    Column("violations", Integer),
    Column("testimonies", Integer),
)
count_year = Table(
    "count_year",
    metadata,
    Column("band", String(10), primary_key=True),
    Column("violations", Integer),
    Column("estimated", Integer),
)
count_category_status = Table(
    "count_category_status",
    metadata,
    Column("category", String(64), primary_key=True),
    Column("status", String(64), primary_key=True),
    Column("violations", Integer),
)
count_category_impact = Table(
    "count_category_impact",
    metadata,
    Column("category", String(64), primary_key=True),
    Column("impact", String(2000), primary_key=True),
    Column("n", Integer),
)
count_region = Table(
    "count_region",
    metadata,
    Column("provinces", String(2000), primary_key=True),
    Column("testimonies", Integer),
)
count_testimony = Table(
    "count_testimony",
    metadata,
    Column("testimonies", Integer),
    Column("consents", Integer),
    Column("withdrawn", Integer),
    Column("internal", Integer),
    Column("un", Integer),
    Column("public", Integer),
    Column("granted_none", Integer),
)


def readable(conn: Connection) -> bool:
    """Whether this connection reads the kept counts. They count every row of the archive:
    on a team server only curators may read them (caseapp/store/engines/postgres_team.py);
    a recorder, whom row-level security shows her own rows only, counts those live.

    On PostgreSQL the rows of changes written since are merged first, in the caller's
    transaction (a few milliseconds; writers meanwhile only add rows, and wait for none)."""
    if conn.dialect.name != "postgresql":
        return True
    granted = conn.execute(text("SELECT has_table_privilege('count_testimony', 'SELECT')"))
    if not granted.scalar():
        return False
    conn.execute(text("SELECT count_compact()"))
    return True
