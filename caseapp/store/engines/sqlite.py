"""SQLite and SQLCipher: planner hints, the tuple fast path for bulk inserts, the page cache,
and the FTS5 search index of migrations 0004 and 0007."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
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
    "ORDER BY rank LIMIT :lim"
)
_TESTIMONY_HITS_FILTERED = (
    "SELECT search_testimony.rowid AS id, "
    f"bm25(search_testimony, {TESTIMONY_WEIGHTS}) AS rank "
    "FROM search_testimony CROSS JOIN testimony t INDEXED BY ix_testimony_search_filter "
    "ON t.id = search_testimony.rowid "
    "LEFT JOIN consent c INDEXED BY ix_consent_search_filter "
    "ON c.testimony_id = t.id AND c.deleted_at IS NULL "
    "WHERE search_testimony MATCH :q AND t.deleted_at IS NULL {where} "
    "ORDER BY rank LIMIT :lim"
)
_VIOLATION_HITS = (
    f"SELECT rowid AS id, bm25(search_violation, {VIOLATION_WEIGHTS}) AS rank "
    "FROM search_violation WHERE search_violation MATCH :q "
    "AND rowid NOT IN (SELECT id FROM violation WHERE deleted_at IS NOT NULL) "
    "AND rowid NOT IN (SELECT dv.id FROM testimony dt CROSS JOIN violation dv "
    "ON dv.testimony_id = dt.id WHERE dt.deleted_at IS NOT NULL) "
    "ORDER BY rank LIMIT :lim"
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
    "{where} ORDER BY rank LIMIT :lim"
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
    "FROM search_testimony WHERE search_testimony MATCH :q ORDER BY rank LIMIT :window"
    ") AS best CROSS JOIN testimony t INDEXED BY ix_testimony_search_filter ON t.id = best.id "
    "LEFT JOIN consent c INDEXED BY ix_consent_search_filter "
    "ON c.testimony_id = t.id AND c.deleted_at IS NULL "
    "WHERE t.deleted_at IS NULL {where} ORDER BY best.rank LIMIT :lim"
)
_VIOLATION_WINDOW = (
    "SELECT best.id AS id, best.rank AS rank FROM ("
    f"SELECT rowid AS id, bm25(search_violation, {VIOLATION_WEIGHTS}) AS rank "
    "FROM search_violation WHERE search_violation MATCH :q ORDER BY rank LIMIT :window"
    ") AS best CROSS JOIN violation v INDEXED BY ix_violation_search_filter ON v.id = best.id "
    "CROSS JOIN testimony t INDEXED BY ix_testimony_search_filter ON t.id = v.testimony_id "
    "LEFT JOIN consent c INDEXED BY ix_consent_search_filter "
    "ON c.testimony_id = t.id AND c.deleted_at IS NULL "
    "WHERE v.deleted_at IS NULL AND t.deleted_at IS NULL {where} ORDER BY best.rank LIMIT :lim"
)
_WINDOWS = {"testimony": _TESTIMONY_WINDOW, "violation": _VIOLATION_WINDOW}
_MATCHES = {
    "testimony": "SELECT count(*) FROM search_testimony WHERE search_testimony MATCH :q",
    "violation": "SELECT count(*) FROM search_violation WHERE search_violation MATCH :q",
}
# 10,000 matches ranked cost about as much as 200 (a heap either way: 0.20 against 0.19 s
# for the violations at a million) and let filters keeping 2 % of the matches pass in one go.
SEARCH_WINDOW = 10_000
SEARCH_WINDOW_PER_HIT = 50

# The page: the hits' rows and their text, from which caseapp cuts the passage to show
# (services/search_snippets.py; the index keeps no copy of the text). The parts of the text
# are joined by the unit separator, character 31, which no typed text holds.
_TESTIMONY_PAGE = (
    "SELECT t.uid, t.code, t.title, "
    "concat_ws(char(31), t.title, t.summary, t.narrative) AS body, hits.rank AS rank "
    "FROM ({hits}) AS hits JOIN testimony t ON t.id = hits.id ORDER BY hits.rank"
)
_VIOLATION_PAGE = (
    "SELECT v.uid, t.uid AS tuid, t.code, v.category, "
    + VIOLATION_PASSAGE_SQL
    + " AS body, hits.rank AS rank FROM ({hits}) AS hits "
    "JOIN violation v ON v.id = hits.id JOIN testimony t ON t.id = v.testimony_id "
    "ORDER BY hits.rank"
)
_PAGES = {
    "testimony": (_TESTIMONY_PAGE, _TESTIMONY_HITS, _TESTIMONY_HITS_FILTERED),
    "violation": (_VIOLATION_PAGE, _VIOLATION_HITS, _VIOLATION_HITS_FILTERED),
}


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def fts_expression(nodes: Sequence[QueryNode]) -> str:
    """The FTS5 MATCH expression of a parsed search. Each term matches the text as written
    (every column but ``terms``) or its analysed terms (migration 0019), each side a quoted
    phrase, so nothing typed reaches FTS5 as its own syntax."""
    out = []
    for node in nodes:
        if isinstance(node, SearchTerm):
            written = "- terms : " + _quote(" ".join(node.words)) + ("*" if node.prefix else "")
            if node.terms:
                star = "*" if node.typed_prefix else ""
                analysed = "terms : " + _quote(" ".join(node.terms)) + star
                if node.whole:
                    analysed += " OR terms : " + _quote(node.whole) + star
                out.append(f"({written} OR {analysed})")
            else:
                out.append(f"({written})")
        else:
            out.append(node)
    return " ".join(out)


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


class SqliteFeatures(EngineFeatures):
    name = "sqlite"
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

    @contextlib.contextmanager
    def large_cache(self, conn: Connection, kib: int) -> Iterator[None]:
        before = conn.exec_driver_sql("PRAGMA cache_size").scalar_one()
        conn.exec_driver_sql(f"PRAGMA cache_size = -{int(kib)}")
        try:
            yield
        finally:
            conn.exec_driver_sql(f"PRAGMA cache_size = {int(before)}")

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
        return {"q": fts_expression(nodes)}

    def search_sql(self, kind: str, where: str, params: Mapping[str, Any]) -> str:
        page, hits, filtered = _PAGES[kind]
        return page.format(hits=filtered.format(where=where) if where else hits)

    def search_rows(
        self, conn: Connection, kind: str, where: str, params: Mapping[str, Any]
    ) -> list[Row[Any]]:
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
