"""The stored sort keys of the testimonies list (migration 0025): for each testimony, by its
id, the rank of its consent and the number of its live violations, kept exact by triggers
and indexed by (key, id), so that sorting by either walks an index."""

from sqlalchemy import Column, Integer, MetaData, Table

# Not a model: derived data the migration creates and its triggers write; never exported,
# bundled or audited.
SORT_TESTIMONY = Table(
    "sort_testimony",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("consent", Integer, nullable=False),
    Column("violations", Integer, nullable=False),
)
