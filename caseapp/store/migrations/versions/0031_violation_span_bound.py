"""the longest span of a violation's dates, in years, kept by triggers (SQLite)

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-03

A date filter on the violations list counts the violations whose span overlaps the range:
``start <= last`` and ``end (or start) >= first``. Only the first gives the covering index of
migration 0030 (ordered by start) a place to stop; a span gives no lower bound on its start,
so a range in 2010-2011 read every violation dated from the archive's first year up to 2011:
537-583 ms to count at three million violations (issue 18; 500 ms the target).

No violation is longer than the archive's longest span, so none that starts more than that
many years before the range's first year can reach it. ``span_bound`` keeps that number of
years (the end's year minus the start's), raised by triggers when a wider span is written
by any path (a form, an import's bulk inserts, a bundle), and never lowered: a bound that is
too wide only reads more. The list adds ``start >= first year - bound``: 133 ms for the same
count. A date that does not begin with a four-digit year sets a bound wider than any date,
which bounds nothing.

PostgreSQL keeps none: its lists do not read SQLite's covering index, and a shared row
raised by writers would order them.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0031"
down_revision: str | None = "0030"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Read by caseapp/store/engines/sqlite.py (SPAN_BOUND).
TABLE = "span_bound"
UNBOUNDED = 10000  # wider than any four-digit year: "start >= -7990" holds for every date


def _years(row: str) -> str:
    """The span of ``row``'s dates in years: 0 without a start (a date filter skips it)."""
    start = f"{row}.date_start"
    end = f"coalesce({row}.date_end, {row}.date_start)"
    year = "'[0-9][0-9][0-9][0-9]*'"
    return (
        f"(CASE WHEN {start} IS NULL THEN 0 "
        f"WHEN {start} GLOB {year} AND {end} GLOB {year} "
        f"THEN CAST(substr({end}, 1, 4) AS INTEGER) - CAST(substr({start}, 1, 4) AS INTEGER) "
        f"ELSE {UNBOUNDED} END)"
    )


def _raise(name: str, event: str) -> str:
    years = _years("NEW")
    current = f"(SELECT years FROM {TABLE} WHERE name = 'violation')"
    return (
        f"CREATE TRIGGER {name} AFTER {event} ON violation WHEN {years} > {current} "
        f"BEGIN UPDATE {TABLE} SET years = {years} WHERE name = 'violation'; END"
    )


TRIGGERS = {
    name: _raise(name, event)
    for name, event in (
        ("span_bound_violation_insert", "INSERT"),
        ("span_bound_violation_dates", "UPDATE OF date_start, date_end"),
    )
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(
        f"CREATE TABLE {TABLE} (name TEXT PRIMARY KEY NOT NULL, years INTEGER NOT NULL) "
        "WITHOUT ROWID"
    )
    op.execute(
        f"INSERT INTO {TABLE} (name, years) "
        f"SELECT 'violation', max(0, coalesce(max({_years('violation')}), 0)) FROM violation"
    )
    for statement in TRIGGERS.values():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER {name}")
    op.execute(f"DROP TABLE {TABLE}")
