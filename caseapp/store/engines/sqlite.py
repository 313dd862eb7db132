"""SQLite and SQLCipher: planner hints, the tuple fast path for bulk inserts, the page cache,
and the FTS5 search index of migrations 0004 and 0007."""

from __future__ import annotations

import collections
import contextlib
import functools
import json
from collections.abc import Iterator, Mapping, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    FromClause,
    Row,
    Select,
    Table,
    column,
    func,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.dialects.sqlite.base import SQLiteCompiler
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.selectable import Join

from caseapp.store import rank_lists
from caseapp.store.engines.base import (
    VIOLATION_PASSAGE_SQL,
    EngineFeatures,
    QueryNode,
    SearchTerm,
)

# Ranking and snippets in two steps. First the best ``lim`` rowids by bm25; then only those
# rows are joined and their snippets cut. Joining every match to its 2 KB row first (random
# reads across the encrypted file) and cutting a snippet for each took ten times the bare FTS
# query unfiltered, and up to 7 s with a category filter.
#
# Without filters the first step runs on the index alone: live records are told apart by the
# few deleted ids (indexed), and the violations of deleted testimonies are found from the
# deleted testimonies (CROSS JOIN fixes that order: the other way round SQLite read all
# 300,000 violations, 0.4 s). With filters the first step joins each match to its row, in
# that order (CROSS JOIN again: driven from a category index SQLite would re-run the MATCH
# for every candidate row), and reads the filtered columns from the narrow indexes of
# migration 0008 (INDEXED BY: SQLite prefers the table's rowid, one encrypted 16 KiB page per
# match, 0.35 s for 23,000 matches instead of 14 ms).
# bm25's weights of each index's columns (title, summary, narrative, terms; impact, place,
# category, perpetrator, terms): a word in a title counts more than one in a narrative.
TESTIMONY_WEIGHTS = "5.0, 2.0, 1.0, 0.5"
VIOLATION_WEIGHTS = "3.0, 2.0, 1.0, 1.0, 0.5"
_TESTIMONY_HITS = (
    f"SELECT rowid AS id, bm25(search_testimony, {TESTIMONY_WEIGHTS}) AS rank "
    "FROM search_testimony WHERE search_testimony MATCH :q "
    "AND rowid NOT IN (SELECT id FROM testimony WHERE deleted_at IS NOT NULL) "
    "ORDER BY rank, id LIMIT :lim"
)
_TESTIMONY_HITS_FILTERED = (
    "SELECT search_testimony.rowid AS id, "
    f"bm25(search_testimony, {TESTIMONY_WEIGHTS}) AS rank "
    "FROM search_testimony CROSS JOIN testimony t INDEXED BY ix_testimony_search_filter "
    "ON t.id = search_testimony.rowid "
    "LEFT JOIN consent c INDEXED BY ix_consent_search_filter "
    "ON c.testimony_id = t.id AND c.deleted_at IS NULL "
    "WHERE search_testimony MATCH :q AND t.deleted_at IS NULL {where} "
    "ORDER BY rank, id LIMIT :lim"
)
_VIOLATION_HITS = (
    f"SELECT rowid AS id, bm25(search_violation, {VIOLATION_WEIGHTS}) AS rank "
    "FROM search_violation WHERE search_violation MATCH :q "
    "AND rowid NOT IN (SELECT id FROM violation WHERE deleted_at IS NOT NULL) "
    "AND rowid NOT IN (SELECT dv.id FROM testimony dt CROSS JOIN violation dv "
    "ON dv.testimony_id = dt.id WHERE dt.deleted_at IS NOT NULL) "
    "ORDER BY rank, id LIMIT :lim"
)
_VIOLATION_HITS_FILTERED = (
    "SELECT search_violation.rowid AS id, "
    f"bm25(search_violation, {VIOLATION_WEIGHTS}) AS rank "
    "FROM search_violation CROSS JOIN violation v INDEXED BY ix_violation_search_filter "
    "ON v.id = search_violation.rowid "
    "CROSS JOIN testimony t INDEXED BY ix_testimony_search_filter ON t.id = v.testimony_id "
    "LEFT JOIN consent c INDEXED BY ix_consent_search_filter "
    "ON c.testimony_id = t.id AND c.deleted_at IS NULL "
    "WHERE search_violation MATCH :q AND v.deleted_at IS NULL AND t.deleted_at IS NULL "
    "{where} ORDER BY rank, id LIMIT :lim"
)
# A filtered search at a million testimonies joined every match (a quarter of the archive
# for 회령) to its rows before ranking: 0.5-0.6 s for the violations. Most filters keep a
# good share of the matches, so the best ``:window`` matches by bm25 are ranked first, on
# the index alone as an unfiltered search is, and only those are joined: when ``:lim`` of
# them pass the filters they are exactly the best ``:lim`` that pass (the filters keep the
# order). Otherwise (a narrow filter), or when fewer than ``:lim`` pass out of more than
# ``:window`` matches, the filtered statement above ranks every match as before.
_TESTIMONY_WINDOW = (
    "SELECT best.id AS id, best.rank AS rank FROM ("
    f"SELECT rowid AS id, bm25(search_testimony, {TESTIMONY_WEIGHTS}) AS rank "
    "FROM search_testimony WHERE search_testimony MATCH :q ORDER BY rank, id LIMIT :window"
    ") AS best CROSS JOIN testimony t INDEXED BY ix_testimony_search_filter ON t.id = best.id "
    "LEFT JOIN consent c INDEXED BY ix_consent_search_filter "
    "ON c.testimony_id = t.id AND c.deleted_at IS NULL "
    "WHERE t.deleted_at IS NULL {where} ORDER BY best.rank, best.id LIMIT :lim"
)
_VIOLATION_WINDOW = (
    "SELECT best.id AS id, best.rank AS rank FROM ("
    f"SELECT rowid AS id, bm25(search_violation, {VIOLATION_WEIGHTS}) AS rank "
    "FROM search_violation WHERE search_violation MATCH :q ORDER BY rank, id LIMIT :window"
    ") AS best CROSS JOIN violation v INDEXED BY ix_violation_search_filter ON v.id = best.id "
    "CROSS JOIN testimony t INDEXED BY ix_testimony_search_filter ON t.id = v.testimony_id "
    "LEFT JOIN consent c INDEXED BY ix_consent_search_filter "
    "ON c.testimony_id = t.id AND c.deleted_at IS NULL "
    "WHERE v.deleted_at IS NULL AND t.deleted_at IS NULL {where} ORDER BY best.rank, best.id "
    "LIMIT :lim"
)
_WINDOWS = {"testimony": _TESTIMONY_WINDOW, "violation": _VIOLATION_WINDOW}
# Which of some hits read from best-first lists (caseapp/store/rank_lists.py), handed in
# as a JSON array of ids, are live and pass a search's filters.
_LISTED_FILTERS = {
    "testimony": (
        "SELECT best.value FROM json_each(:ids) AS best "
        "CROSS JOIN testimony t INDEXED BY ix_testimony_search_filter ON t.id = best.value "
        "LEFT JOIN consent c INDEXED BY ix_consent_search_filter "
        "ON c.testimony_id = t.id AND c.deleted_at IS NULL "
        "WHERE t.deleted_at IS NULL {where}"
    ),
    "violation": (
        "SELECT best.value FROM json_each(:ids) AS best "
        "CROSS JOIN violation v INDEXED BY ix_violation_search_filter ON v.id = best.value "
        "CROSS JOIN testimony t INDEXED BY ix_testimony_search_filter ON t.id = v.testimony_id "
        "LEFT JOIN consent c INDEXED BY ix_consent_search_filter "
        "ON c.testimony_id = t.id AND c.deleted_at IS NULL "
        "WHERE v.deleted_at IS NULL AND t.deleted_at IS NULL {where}"
    ),
}
_MATCHES = {
    "testimony": "SELECT count(*) FROM search_testimony WHERE search_testimony MATCH :q",
    "violation": "SELECT count(*) FROM search_violation WHERE search_violation MATCH :q",
}
# 10,000 matches ranked cost about as much as 200 (a heap either way: 0.20 against 0.19 s
# for the violations at a million) and let filters keeping 2 % of the matches pass in one go.
SEARCH_WINDOW = 10_000
SEARCH_WINDOW_PER_HIT = 50
# A filtered search reading best-first lists reads them this many entries at a time (the
# first page: this many per hit asked for, if fewer).
FILTERED_PAGE = 4096
FILTERED_PAGE_PER_HIT = 20

# The page: the hits' rows and their text, from which caseapp cuts the passage to show
# (services/search_snippets.py; the index keeps no copy of the text). The parts of the text
# are joined by the unit separator, character 31, which no typed text holds.
_TESTIMONY_PAGE = (
    "SELECT t.uid, t.code, t.title, "
    "concat_ws(char(31), t.title, t.summary, t.narrative) AS body, hits.rank AS rank "
    "FROM ({hits}) AS hits JOIN testimony t ON t.id = hits.id ORDER BY hits.rank, hits.id"
)
_VIOLATION_PAGE = (
    "SELECT v.uid, t.uid AS tuid, t.code, v.category, "
    + VIOLATION_PASSAGE_SQL
    + " AS body, hits.rank AS rank FROM ({hits}) AS hits "
    "JOIN violation v ON v.id = hits.id JOIN testimony t ON t.id = v.testimony_id "
    "ORDER BY hits.rank, hits.id"
)
_PAGES = {
    "testimony": (_TESTIMONY_PAGE, _TESTIMONY_HITS, _TESTIMONY_HITS_FILTERED),
    "violation": (_VIOLATION_PAGE, _VIOLATION_HITS, _VIOLATION_HITS_FILTERED),
}


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def term_phrases(node: SearchTerm) -> list[str]:
    """A term's phrases, any of which matches it: the text as written (every column but
    ``terms``), and its analysed terms (migration 0019), each a quoted phrase, so nothing
    typed reaches FTS5 as its own syntax."""
    phrases = ["- terms : " + _quote(" ".join(node.words)) + ("*" if node.prefix else "")]
    if node.terms:
        star = "*" if node.typed_prefix else ""
        phrases.append("terms : " + _quote(" ".join(node.terms)) + star)
        if node.whole:
            phrases.append("terms : " + _quote(node.whole) + star)
    return phrases


def fts_expression(nodes: Sequence[QueryNode]) -> str:
    """The FTS5 MATCH expression of a parsed search: each term its phrases, OR'ed."""
    return " ".join(
        "(" + " OR ".join(term_phrases(node)) + ")" if isinstance(node, SearchTerm) else node
        for node in nodes
    )


def one_term_phrases(nodes: Sequence[QueryNode]) -> list[str] | None:
    """The phrases of a search of one term (a word or a quoted phrase), whose best hits
    best-first lists can give (caseapp/store/rank_lists.py); None for any other search."""
    if len(nodes) == 1 and isinstance(nodes[0], SearchTerm):
        return term_phrases(nodes[0])
    return None


def _from_hint(self: SQLiteCompiler, table: Any, text: str | None) -> str | None:
    # SQLAlchemy renders no hint after a table's name on SQLite; SQLite's one such hint is
    # "INDEXED BY name", and SqliteFeatures.indexed is what writes it.
    return text


SQLiteCompiler.get_from_hint_text = _from_hint  # type: ignore[method-assign,assignment]


class WalkedJoin(Join):
    """A join SQLite reads in the order written (CROSS JOIN): its planner otherwise may make
    the looked-up side the outer loop, read whole and sorted (73 ms instead of 1 ms for a
    filtered list's page at 100,000 testimonies, where its statistics made the other order
    look cheaper)."""

    inherit_cache = True


@compiles(WalkedJoin, "sqlite")
def _walked_join(join: WalkedJoin, compiler: SQLiteCompiler, **kw: Any) -> str:
    # SQLCompiler.visit_join's text with CROSS in front (a walked join always has its ON).
    kw.pop("asfrom", None)
    onclause = join.onclause
    assert onclause is not None
    return (
        join.left._compiler_dispatch(compiler, asfrom=True, **kw)
        + " CROSS JOIN "
        + join.right._compiler_dispatch(compiler, asfrom=True, **kw)
        + " ON "
        + onclause._compiler_dispatch(compiler, **kw)
    )


# The longest span of each table's dates, in years, kept by its triggers (migration 0031).
SPAN_BOUND = table("span_bound", column("name"), column("years"))

# The page cache of a connection that read a list's page (browsing_cache), and the mark
# it leaves on the connection.
BROWSING_CACHE_KIB = 64 * 1024
_BROWSING = "caseapp.browsing_cache"


class SqliteFeatures(EngineFeatures):
    name = "sqlite"
    # A DROP TABLE is one statement: its journal holds the original of every page it frees
    # (secure_delete overwrites each), in memory (temp_store = MEMORY, so that nothing is
    # written in clear): 100 MB at the end of a 666,667-row import, for the scratch table.
    drops_in_steps = True
    names_indexes = True
    analyses_texts_in_triggers = True

    def walked_join(
        self, left: FromClause, right: FromClause, onclause: ColumnElement[bool]
    ) -> FromClause:
        return WalkedJoin(left, right, onclause)

    def indexed(self, statement: Select[Any], table: FromClause, index: str) -> Select[Any]:
        # The planner prefers a table scan or a one-column index to a wide covering index
        # (it takes rows for small; a testimony is 2 KB), and then reads every row.
        return statement.with_hint(table, f"INDEXED BY {index}", dialect_name="sqlite")

    def earliest_start(self, table: str, first: str) -> ColumnElement[str] | None:
        # Read in the statement, not before it: the bound it reads is the one its own
        # snapshot's rows were written under. printf of a negative year ("-7990") sorts
        # before every date, which bounds nothing.
        years = select(SPAN_BOUND.c.years).where(SPAN_BOUND.c.name == table).scalar_subquery()
        earliest: ColumnElement[str] = func.printf("%04d", int(first[:4]) - years)
        return earliest

    def rare(self, condition: ColumnElement[bool]) -> ColumnElement[bool]:
        # Untyped on purpose: typed Boolean, SQLAlchemy would write "likelihood(...) = 1",
        # which SQLite no longer reads as a hint.
        hinted: ColumnElement[bool] = func.likelihood(condition, literal_column("0.001"))
        return hinted

    def common(self, condition: ColumnElement[bool]) -> ColumnElement[bool]:
        hinted: ColumnElement[bool] = func.likelihood(condition, literal_column("0.99"))
        return hinted

    def contains(self, column: ColumnElement[Any], text: str) -> ColumnElement[bool]:
        # LIKE ignores ASCII case by itself; lower() on both sides would cost every row.
        return column.contains(text, autoescape=True)

    def insert_rows(
        self, conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]
    ) -> None:
        """The rows go to the driver as tuples under one prepared statement: SQLAlchemy's
        per-row parameter processing cost more than a third of a 100,000-testimony import.
        The values need no conversion here (text, integers, booleans, None)."""
        if not rows:
            return
        names = [column.name for column in table.columns if column.name in rows[0]]
        if len(names) != len(rows[0]) or len(names) < 2:
            raise ValueError(f"rows for {table.name} name columns it does not have")
        listed = ", ".join(f'"{name}"' for name in names)
        marks = ", ".join("?" for _ in names)
        values = itemgetter(*names)  # one C call per row (names has more than one entry)
        conn.exec_driver_sql(
            f'INSERT INTO "{table.name}" ({listed}) VALUES ({marks})',
            [values(row) for row in rows],
        )

    def create_scratch(self, conn: Connection, name: str, columns: str) -> None:
        # In the archive itself, so encrypted: a temporary table would be in memory
        # (temp_store = MEMORY), which is what the scratch table is there to spare. Dropped
        # before the transaction commits (Scratch.drop); a rollback never made it.
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS main.{name}")
        conn.exec_driver_sql(f"CREATE TABLE main.{name} ({columns}) WITHOUT ROWID")

    def drop_scratch(self, conn: Connection, name: str) -> None:
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS main.{name}")

    @contextlib.contextmanager
    def large_cache(self, conn: Connection, kib: int) -> Iterator[None]:
        before = self.page_cache(conn, -int(kib))
        try:
            yield
        finally:
            self.page_cache(conn, before)

    def browsing_cache(self, conn: Connection) -> None:
        # A page far into a list is reached by walking its sort's index from the nearer end:
        # half of a million titles' index (about 45 MB; the others are narrower) did not
        # stay in a 32 MiB cache, so every such page decrypted it all again (95 ms, 28 ms
        # here). Only the connections that read list pages grow: an export or a bundle
        # from the command line keeps the smaller cache (its memory stays flat).
        info = conn.connection.info  # the driver connection's, for as long as it lives
        if info.get(_BROWSING) is None:
            conn.exec_driver_sql(f"PRAGMA cache_size = -{BROWSING_CACHE_KIB}")
            info[_BROWSING] = True

    def page_cache(self, conn: Connection, setting: int) -> int:
        before = int(conn.exec_driver_sql("PRAGMA cache_size").scalar_one())
        conn.exec_driver_sql(f"PRAGMA cache_size = {int(setting)}")
        return before

    def optimize(self, conn: Connection) -> None:
        # Without fresh statistics SQLite walks the category index row by row on large
        # tables (seconds instead of a scan).
        conn.exec_driver_sql("PRAGMA optimize")

    def lock_audit_chain(self, conn: Connection) -> None:
        """Nothing to do: SQLite has one writer at a time (the file's write lock, waited for
        by busy_timeout)."""

    def has_search_index(self, conn: Connection) -> bool:
        return (
            conn.exec_driver_sql(
                "SELECT 1 FROM sqlite_master WHERE name = 'search_violation'"
            ).first()
            is not None
        )

    def index_words(self, conn: Connection, start: str) -> list[tuple[str, int]]:
        # fts5vocab tables of migration 0019: one row per word and column; the range on the
        # word is answered from the index's own order.
        rows = conn.exec_driver_sql(
            "SELECT term, sum(doc) FROM (SELECT term, doc FROM search_testimony_vocab "
            "WHERE term >= ? AND term < ? AND col != 'terms' UNION ALL "
            "SELECT term, doc FROM search_violation_vocab "
            "WHERE term >= ? AND term < ? AND col != 'terms') GROUP BY term",
            (start, start + "\U0010ffff") * 2,
        )
        return [(str(term), int(docs)) for term, docs in rows]

    def rebuild_violation_index(self, conn: Connection) -> None:
        if not self.has_search_index(conn):
            return
        # Written here, not through the triggers that keep the best-first lists.
        rank_lists.drop(_driver(conn), "violation")
        conn.exec_driver_sql("DELETE FROM search_violation")
        conn.exec_driver_sql(
            "INSERT INTO search_violation(rowid, reported_impact, place, category_label, "
            "perpetrator_label, terms) SELECT id, reported_impact, place, category_label, "
            "perpetrator_label, caseapp_terms(reported_impact, place, category_label, "
            "perpetrator_label) FROM (SELECT v.id, v.reported_impact, v.place, "
            "coalesce((SELECT label_en || ' ' || label_ko FROM vocabulary_term WHERE "
            "scheme = 'violation_category' AND code = v.category), '') AS category_label, "
            "coalesce((SELECT label_en || ' ' || label_ko FROM vocabulary_term WHERE "
            "scheme = 'perpetrator' AND code = v.perpetrator), '') AS perpetrator_label "
            "FROM violation v)"
        )

    def search_params(self, conn: Connection, nodes: Sequence[QueryNode]) -> dict[str, Any]:
        return {"q": fts_expression(nodes), "phrases": one_term_phrases(nodes)}

    def rank_list_problems(self, conn: Connection) -> list[tuple[str, int, int]]:
        if not self.has_search_index(conn):
            return []
        return rank_lists.differing(_driver(conn))

    def keep_rank_lists(self, engine: Engine, nodes: Sequence[QueryNode], minimum: int) -> int:
        phrases = one_term_phrases(nodes)

        @contextlib.contextmanager
        def transaction() -> Iterator[Any]:
            with engine.begin() as conn:
                yield _driver(conn)

        made = 0
        for kind in ("testimony", "violation"):
            for phrase in phrases or ():
                made += rank_lists.build(transaction, kind, phrase, minimum) >= minimum
        return made

    def search_sql(self, kind: str, where: str, params: Mapping[str, Any]) -> str:
        page, hits, filtered = _PAGES[kind]
        return page.format(hits=filtered.format(where=where) if where else hits)

    def search_rows(
        self, conn: Connection, kind: str, where: str, params: Mapping[str, Any]
    ) -> list[Row[Any]]:
        listed = self._listed(conn, kind, params)
        if listed is not None:
            found = self._listed_rows(conn, kind, where, params, listed)
            if found is not None:
                return found
        if where:
            window = max(SEARCH_WINDOW, SEARCH_WINDOW_PER_HIT * params["lim"])
            page = _PAGES[kind][0].format(hits=_WINDOWS[kind].format(where=where))
            rows = list(conn.execute(text(page), {**params, "window": window}))
            if len(rows) >= params["lim"]:
                return rows
            matches = conn.execute(text(_MATCHES[kind]), params).scalar_one()
            if matches <= window:
                return rows  # every match was in the window
        return super().search_rows(conn, kind, where, params)

    @staticmethod
    def _listed(
        conn: Connection, kind: str, params: Mapping[str, Any]
    ) -> list[rank_lists.RankList] | None:
        """The best-first lists of every phrase of a one-term search, if each has one."""
        phrases = params.get("phrases")
        if not phrases:
            return None
        return rank_lists.lists_for(_driver(conn), kind, phrases)

    def _listed_rows(
        self,
        conn: Connection,
        kind: str,
        where: str,
        params: Mapping[str, Any],
        listed: Sequence[rank_lists.RankList],
    ) -> list[Row[Any]] | None:
        """The page from best-first lists: the best ``:lim`` hits that pass the filters,
        read from the lists' best down; None when a filter lets so few through that more
        than the window's worth of hits was read (ranking every match is then quicker)."""
        raw, limit = _driver(conn), params["lim"]
        if not where:
            ranked = rank_lists.best(raw, kind, listed, limit)
        else:
            statement = text(_LISTED_FILTERS[kind].format(where=where))

            def passing(docs: list[int]) -> set[int]:
                found = conn.execute(statement, {**params, "ids": json.dumps(docs)})
                return {doc for (doc,) in found}

            # Large pages: a filter of category or province reads the set of testimonies
            # it lets through once per page (7 ms at 660,000 testimonies).
            window = max(SEARCH_WINDOW, SEARCH_WINDOW_PER_HIT * limit)
            ranked = rank_lists.best(
                raw,
                kind,
                listed,
                limit,
                FILTERED_PAGE,
                passing=passing,
                reach=window,
                first=min(FILTERED_PAGE, FILTERED_PAGE_PER_HIT * limit),
            )
        return None if ranked is None else self._page_of(conn, kind, ranked, params)

    @staticmethod
    def _page_of(
        conn: Connection,
        kind: str,
        ranked: Sequence[tuple[int, float]],
        params: Mapping[str, Any],
    ) -> list[Any]:
        """The page's rows of hits already ranked: their ids and ranks handed in as values
        (bound, so each rank keeps its every bit), on the driver's cursor (SQLAlchemy's
        reading of a new statement's forty parameters took longer than the statement)."""
        if not ranked:
            return []
        values = ", ".join("(?, ?)" for _ in ranked)
        hits = f"SELECT column1 AS id, column2 AS rank FROM (VALUES {values})"
        cursor = _driver(conn).execute(
            _PAGES[kind][0].format(hits=hits), [v for hit in ranked for v in hit]
        )
        row = _row_type(tuple(d[0] for d in cursor.description))
        return [row(*values) for values in cursor.fetchall()]


@functools.cache
def _row_type(names: tuple[str, ...]) -> Any:
    """A row whose fields are read by name, as SQLAlchemy's are."""
    return collections.namedtuple("Row", names)


def _driver(conn: Connection) -> Any:
    """The driver's own connection under ``conn``, in its transaction."""
    return conn.connection.driver_connection
