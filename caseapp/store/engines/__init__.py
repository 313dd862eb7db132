"""Everything that differs between the engines, behind one small interface.

Services ask ``features(bind)`` for the engine under a connection and call it: planner hints,
the bulk insert path, page-cache tuning, the search index (its queries and its rebuild) and
the audit chain's lock. No service branches on the engine itself. SQLite (the encrypted
laptop file) and PostgreSQL (the team server) have their own module here; any other
SQLAlchemy engine gets the portable defaults of ``EngineFeatures`` and no search index.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine

from caseapp.store.engines.base import EngineFeatures, QueryNode, SearchTerm
from caseapp.store.engines.postgres import PostgresFeatures
from caseapp.store.engines.sqlite import SqliteFeatures

_BY_DIALECT: dict[str, EngineFeatures] = {
    "sqlite": SqliteFeatures(),
    "postgresql": PostgresFeatures(),
}
_PORTABLE = EngineFeatures()


def features(bind: Engine | Connection) -> EngineFeatures:
    """The features of the engine ``bind`` talks to."""
    return _BY_DIALECT.get(bind.dialect.name, _PORTABLE)


__all__ = ["EngineFeatures", "QueryNode", "SearchTerm", "features"]
