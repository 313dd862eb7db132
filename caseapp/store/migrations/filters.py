"""What autogenerate and schema comparison look at (shared by env.py and the tests)."""

from typing import Any

# Shadow tables of full-text indexes, the kept counts (migrations/counts.py) and the lists'
# stored sort keys (migration 0025) are created by migrations, not by models.
UNMODELLED_PREFIXES = ("sqlite_", "fts_", "search_", "count_", "sort_")
# Kept by triggers, read by the store alone (migrations 0023 and 0031).
UNMODELLED_TABLES = frozenset({"live_count", "span_bound"})


# Indexes on an expression: SQLAlchemy cannot read them back from SQLite to compare them.
# The lists' covering indexes of migration 0030 are SQLite's alone (a PostgreSQL b-tree may
# refuse their long text), made by the migration, not by the models.
UNMODELLED_INDEXES = frozenset({"ix_violation_year_band", "ix_testimony_list", "ix_violation_list"})


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    if type_ == "index" and name in UNMODELLED_INDEXES:
        return False
    if type_ == "table" and reflected and compare_to is None:
        return not (str(name).startswith(UNMODELLED_PREFIXES) or name in UNMODELLED_TABLES)
    return True
