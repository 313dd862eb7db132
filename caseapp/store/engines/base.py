"""The interface every engine offers, with the portable behaviour as its defaults."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    FromClause,
    Row,
    Select,
    Table,
    insert,
    text,
)

from caseapp.store.errors import StoreError
from caseapp.store.messages import Message


@dataclass(frozen=True)
class SearchTerm:
    """One term of a parsed search: its words (one word, or a phrase of several in a row),
    each already split the way the index splits text, and whether its last word is a
    prefix as written (``detain*`` typed, or a Korean name: 회령 in 회령시).

    ``terms`` are the analysed terms the words ask for, in order (caseapp/store/
    text_analysis.py: 회령으로 → 회령, camps → camp), searched as a phrase in the index's
    analysed column; empty where the engine's index has none or nothing was analysed.
    ``whole``: the compound a one-word term is (현행법 for 현행 + 법), also indexed whole.
    ``typed_prefix``: the person typed the star (the analysed phrase is a prefix too)."""

    words: tuple[str, ...]
    prefix: bool
    typed: str = ""
    terms: tuple[str, ...] = ()
    whole: str = ""
    typed_prefix: bool = False


# A parsed search, in order: terms, and the operators "AND", "OR", "NOT" (binary: "a NOT b"
# is a without b), "(" and ")". NOT binds tighter than AND, AND tighter than OR.
QueryNode = SearchTerm | str

SEARCH_KINDS = ("testimony", "violation")

# What a violation's search hit shows of it (the category is in its own column): its place,
# its dates and its reported impact, in that order, joined by the unit separator (character
# 31, which no typed text holds). Portable SQL, the same on every engine.
VIOLATION_PASSAGE_SQL = (
    "coalesce(v.place, '') || '\x1f' || coalesce(v.date_start, '') || "
    "CASE WHEN v.date_end IS NOT NULL AND v.date_end <> coalesce(v.date_start, '') "
    "THEN '–' || v.date_end ELSE '' END || '\x1f' || coalesce(v.reported_impact, '')"
)


class EngineFeatures:
    """What the services may ask of an engine. The defaults are plain portable SQL."""

    name = "portable"
    # Whether independent reads gain from running at once on connections of their own (a
    # server with its own processes; not one file read in this process).
    parallel_reads = False
    # Whether each row's texts are analysed for the search index, one text at a time, by the
    # triggers that write it (caseapp_terms): what a second process can do ahead of a large
    # write (caseapp/store/analysis_ahead.py).
    analyses_texts_in_triggers = False
    # Whether one statement that frees many pages keeps the original of each in memory until
    # it ends (SQLite's statement journal, in memory under temp_store = MEMORY): a large
    # table is then emptied a range at a time before it is dropped (caseapp/store/scratch.py).
    drops_in_steps = False

    # -- planner hints ---------------------------------------------------------------------

    def rare(self, condition: ColumnElement[bool]) -> ColumnElement[bool]:
        """``condition``, marked as matching few rows where the planner takes such a hint."""
        return condition

    def common(self, condition: ColumnElement[bool]) -> ColumnElement[bool]:
        """``condition``, marked as matching nearly every row where the planner takes it."""
        return condition

    # -- text ----------------------------------------------------------------------------------

    def contains(self, column: ColumnElement[Any], text: str) -> ColumnElement[bool]:
        """``column`` holds ``text``, ignoring the case of (at least) ASCII letters, as
        SQLite's LIKE does; wildcards typed in ``text`` are taken literally."""
        return column.icontains(text, autoescape=True)

    # -- bulk paths --------------------------------------------------------------------------

    def insert_rows(
        self, conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]
    ) -> None:
        """Insert ``rows`` (every row with the same keys, plain values) in one executemany."""
        if rows:
            conn.execute(insert(table), list(rows))

    def create_scratch(self, conn: Connection, name: str, columns: str) -> None:
        """A table ``name`` of ``columns`` for the current transaction alone
        (caseapp/store/scratch.py): here a temporary table, dropped at its end."""
        conn.execute(text(f"CREATE TEMPORARY TABLE {name} ({columns}) ON COMMIT DROP"))

    def drop_scratch(self, conn: Connection, name: str) -> None:
        conn.execute(text(f"DROP TABLE IF EXISTS {name}"))

    @contextlib.contextmanager
    def large_cache(self, conn: Connection, kib: int) -> Iterator[None]:
        """A larger page cache for one long write on this connection, given back after."""
        yield

    def browsing_cache(self, conn: Connection) -> None:
        """Let this connection's page cache hold what a list's page walks (once per
        connection: it is never shrunk again, which would empty it); nothing where the
        engine has no such setting."""

    def page_cache(self, conn: Connection, setting: int) -> int | None:
        """Set this connection's page cache (SQLite's ``cache_size``: negative in KiB); the
        setting it had, or None where the engine has no such setting."""
        return None

    def optimize(self, conn: Connection) -> None:
        """Refresh the planner's statistics (at close)."""

    # -- concurrency -------------------------------------------------------------------------

    def lock_audit_chain(self, conn: Connection) -> None:
        """Hold the audit chain for this transaction: other writers wait until it ends, so
        that two never append after the same last event."""

    def one_snapshot(self, conn: Connection) -> None:
        """Let every statement of this transaction, which has run none yet, read the same
        committed data: a report reads the archive in several passes and must find the same
        rows in each. Nothing to do where a transaction is one snapshot already (SQLite in
        WAL mode, from its first read)."""

    def announce_changes(self, conn: Connection, tables: set[str]) -> None:
        """Tell other processes' windows, when this transaction commits, which tables it
        changed (caseapp/store/change_feed.py); nothing where nobody else can listen."""

    # Whether ``indexed`` names the index a statement reads (SQLite's INDEXED BY): plans
    # that are only worth it through one index are chosen where it is.
    names_indexes = False
    # The lists' covering indexes (migration 0030): every column their filters test but long
    # free text, in the list's default order.
    TESTIMONY_LIST = "ix_testimony_list"
    VIOLATION_LIST = "ix_violation_list"

    def walked_join(
        self, left: FromClause, right: FromClause, onclause: ColumnElement[bool]
    ) -> FromClause:
        """``left`` joined to ``right``, read in that order: ``left`` walked, ``right``
        looked up for each of its rows (SQLite's CROSS JOIN); elsewhere a plain join."""
        return left.join(right, onclause)

    def indexed(self, statement: Select[Any], table: FromClause, index: str) -> Select[Any]:
        """``statement`` reading ``table`` (or an alias of it) through ``index`` on SQLite
        (the lists' covering indexes of migration 0030 exist there only); elsewhere the
        planner's own choice."""
        return statement

    def earliest_start(self, table: str, first: str) -> ColumnElement[str] | None:
        """The earliest start date a record of ``table`` may have and still reach the date
        ``first`` (a year first), where the engine keeps its longest span (SQLite, migration
        0031); elsewhere None, no bound."""
        return None

    # -- search index ------------------------------------------------------------------------

    def has_search_index(self, conn: Connection) -> bool:
        return False

    def analyse_written(self, conn: Connection) -> None:
        """Complete the search index of the records this transaction wrote, where the engine
        cannot analyse text itself (PostgreSQL); SQLite's triggers have done it."""

    def index_words(self, conn: Connection, start: str) -> list[tuple[str, int]]:
        """The words the search index holds as written (not the analysed terms) that begin
        with ``start``, each with the number of records holding it: what "did you mean"
        chooses from."""
        return []

    def rebuild_violation_index(self, conn: Connection) -> None:
        """Re-read the vocabulary labels into the violation index."""

    def keep_rank_lists(self, engine: Engine, nodes: Sequence[QueryNode], minimum: int) -> int:
        """Give each phrase of a one-term search that matches at least ``minimum`` records
        of a kind a best-first list, in short write transactions of its own on ``engine``;
        the number made. Nothing on an engine that ranks otherwise (the server's word
        ranks)."""
        return 0

    def rank_list_problems(self, conn: Connection) -> list[tuple[str, int, int]]:
        """Each best-first list that is not what the index answers, as (kind, list, entries
        that differ): for ``verify``; empty on an engine that keeps none."""
        return []

    def search_params(self, conn: Connection, nodes: Sequence[QueryNode]) -> dict[str, Any]:
        """The query parameters the engine's search statements read (``:q`` and the like)."""
        raise StoreError(Message("store.search_unsupported", engine=conn.dialect.name))

    def search_sql(self, kind: str, where: str, params: Mapping[str, Any]) -> str:
        """One page of ranked hits of ``kind`` (testimony: uid, code, title, snip, rank;
        violation: uid, tuid, code, category, snip, rank; lower rank first), ``:lim`` rows,
        snippets marked with ``:a`` and ``:b``. ``where`` is "" or " AND ..." conditions on
        ``t`` (testimony), ``v`` (violation) and ``c`` (the live consent, or NULLs);
        ``params`` are those ``search_params`` gave (the statement may depend on them)."""
        raise NotImplementedError

    def search_rows(
        self, conn: Connection, kind: str, where: str, params: Mapping[str, Any]
    ) -> list[Row[Any]]:
        """The rows of ``search_sql``, read as the engine reads them best."""
        return list(conn.execute(text(self.search_sql(kind, where, params)), params))
