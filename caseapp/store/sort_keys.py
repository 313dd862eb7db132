"""The lists' stored sort keys, kept exact by triggers and indexed by (key, id), so that
sorting by them walks an index: for each testimony, by its id, the rank of its consent and
the number of its live violations (migration 0025); for each violation, by its id, its
testimony's code (migration 0036)."""

from sqlalchemy import Column, Integer, MetaData, Table, Text

# Not a model: derived data the migration creates and its triggers write; never exported,
# bundled or audited.
SORT_TESTIMONY = Table(
    "sort_testimony",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("consent", Integer, nullable=False),
    Column("violations", Integer, nullable=False),
)

SORT_VIOLATION = Table(
    "sort_violation",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("testimony_code", Text, nullable=True),
)
