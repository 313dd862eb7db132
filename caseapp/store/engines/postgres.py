"""PostgreSQL (the team server): the search index of migration 0015 and the audit chain's
lock. Its planner needs no hints, and the portable bulk path is already one executemany."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, text

from caseapp.store.change_feed import CHANNEL, MARK_OPTION, announcement
from caseapp.store.engines.base import (
    VIOLATION_PASSAGE_SQL,
    EngineFeatures,
    QueryNode,
    SearchTerm,
)
from caseapp.store.server_analysis import MARK, analyse_pending

# One key for the audit chain among the advisory locks of the database ("caseapp" in ASCII).
AUDIT_CHAIN_LOCK = 0x63_61_73_65_61_70_70

# A lexeme no text can hold (a private-use character is not a letter or a digit, so
# caseapp_search_text never leaves one): what a term with no words left becomes.
_NOTHING = "'\ue000'"

# ts_rank's weights for D, C, B, A: as FTS5's bm25 weights the columns (testimony: title 5,
# summary 2, narrative 1; violation: impact 3, place 2, labels 1 and 1), scaled to at most 1.
# Doubled braces: the statements pass through str.format once.
_TESTIMONY_WEIGHTS = "CAST('{{0.1, 0.2, 0.4, 1.0}}' AS real[])"
_VIOLATION_WEIGHTS = "CAST('{{0.33, 0.33, 0.67, 1.0}}' AS real[])"
# The query is a tsquery literal of the lexemes as the index holds them (not to_tsquery,
# whose parser would take the mark off an analysed term: '~camp' would become 'camp').
_QUERY = "CAST(:q AS tsquery)"

# The best ``lim`` matches by rank first (on the narrow index table, joined to the rows only
# to leave deleted records out and to filter), then snippets for those rows alone.
# The matches ranked in a subquery of their own ("OFFSET 0" keeps the planner from merging
# it): it hands on only (id, rank). Merged, the plan carried each match's whole tsvector
# (4 kB with its analysed terms) through the sort and between parallel workers: 50 ms for
# "forced labour" at 100,000 testimonies instead of 25.
_RANKED = (
    "(SELECT id, -ts_rank({weights}, doc, " + _QUERY + ") AS rank FROM search_{kind} "
    "WHERE doc @@ " + _QUERY + " OFFSET 0) s"
)
_TESTIMONY_HITS = (
    "SELECT s.id, s.rank FROM "
    + _RANKED.format(weights=_TESTIMONY_WEIGHTS, kind="testimony")
    + " JOIN testimony t ON t.id = s.id "
    "LEFT JOIN consent c ON c.testimony_id = t.id AND c.deleted_at IS NULL "
    "WHERE t.deleted_at IS NULL {where} ORDER BY s.rank LIMIT :lim"
)
_VIOLATION_HITS = (
    "SELECT s.id, s.rank FROM "
    + _RANKED.format(weights=_VIOLATION_WEIGHTS, kind="violation")
    + " JOIN violation v ON v.id = s.id JOIN testimony t ON t.id = v.testimony_id "
    "LEFT JOIN consent c ON c.testimony_id = t.id AND c.deleted_at IS NULL "
    "WHERE v.deleted_at IS NULL AND t.deleted_at IS NULL {where} ORDER BY s.rank LIMIT :lim"
)
# The page: the hits' rows and their text, from which caseapp cuts and marks the passage
# (services/search_snippets.py, the same on both engines); the parts of the text joined by
# the unit separator, character 31.
_TESTIMONY_PAGE = (
    "SELECT t.uid, t.code, t.title, concat_ws(chr(31), t.title, t.summary, t.narrative) "
    "AS body, hits.rank AS rank FROM ({hits}) AS hits JOIN testimony t ON t.id = hits.id "
    "ORDER BY hits.rank"
)
_VIOLATION_PAGE = (
    "SELECT v.uid, t.uid AS tuid, t.code, v.category, "
    + VIOLATION_PASSAGE_SQL
    + " AS body, hits.rank AS rank FROM ({hits}) AS hits "
    "JOIN violation v ON v.id = hits.id JOIN testimony t ON t.id = v.testimony_id "
    "ORDER BY hits.rank"
)

# A one-word search (migration 0017). For one term, ts_rank is the sum of the ranks of the
# record's matching words, and those are stored: an exact word or a two-character prefix (a
# two-syllable Korean word) has one row per record, read best first from the index until
# ``lim`` live (and filtered) records are found; a longer prefix adds up the ranks of a range
# of words. No record's text is read. Deleted records are told apart by the few deleted ids;
# with filters each candidate joins its row (through the narrow indexes of migration 0008).
_LIVE = {
    "testimony": ("", "w.id NOT IN (SELECT id FROM testimony WHERE deleted_at IS NOT NULL)"),
    "violation": (
        "",
        "w.id NOT IN (SELECT id FROM violation WHERE deleted_at IS NOT NULL) "
        "AND w.id NOT IN (SELECT dv.id FROM testimony dt JOIN violation dv "
        "ON dv.testimony_id = dt.id WHERE dt.deleted_at IS NOT NULL)",
    ),
}
_FILTERED = {
    "testimony": (
        "JOIN testimony t ON t.id = w.id "
        "LEFT JOIN consent c ON c.testimony_id = t.id AND c.deleted_at IS NULL",
        "t.deleted_at IS NULL",
    ),
    "violation": (
        "JOIN violation v ON v.id = w.id JOIN testimony t ON t.id = v.testimony_id "
        "LEFT JOIN consent c ON c.testimony_id = t.id AND c.deleted_at IS NULL",
        "v.deleted_at IS NULL AND t.deleted_at IS NULL",
    ),
}
_ONE_ROW_HITS = (
    "SELECT w.id, -w.score AS rank FROM search_{kind}_{table} w {joins} "
    "WHERE w.{key} = :word AND {live} {{where}} ORDER BY w.score DESC, w.id LIMIT :lim"
)
_SUMMED_HITS = (
    "SELECT w.id, -sum(w.score) AS rank FROM search_{kind}_word w {joins} "
    "WHERE w.word >= :word AND w.word < :word_end AND {live} {{where}} "
    "GROUP BY w.id ORDER BY rank, w.id LIMIT :lim"
)
# After every word a prefix begins, in the byte order of the words' "C" collation.
_LAST_CHARACTER = "\U0010ffff"


# A word as written and its analysed term (camps and ~camp; 보위부에서 and ~보위부): ts_rank of
# the two-item query is the sum of both words' ranks over two, and so is this. Two index-only
# reads added together: as one scan with OR, PostgreSQL read every match's table page
# (70 ms for 보위부에서 at 100,000 testimonies instead of 18 ms).
_PAIR_HITS = (
    "SELECT w.id, -sum(w.score) / 2 AS rank FROM ("
    "SELECT id, score FROM search_{kind}_word WHERE {written} UNION ALL "
    "SELECT id, score FROM search_{kind}_word WHERE word = :term) w {joins} "
    "WHERE {live} {{where}} GROUP BY w.id ORDER BY rank, w.id LIMIT :lim"
)


def _word_hits(kind: str, filtered: bool, params: Mapping[str, Any]) -> str:
    joins, live = (_FILTERED if filtered else _LIVE)[kind]
    if "term" in params:
        written = "word >= :word AND word < :word_end" if "word_end" in params else "word = :word"
        return _PAIR_HITS.format(kind=kind, joins=joins, live=live, written=written)
    if "word_end" not in params:
        return _ONE_ROW_HITS.format(kind=kind, table="word", key="word", joins=joins, live=live)
    if len(params["word"]) == 2:
        return _ONE_ROW_HITS.format(kind=kind, table="prefix", key="prefix", joins=joins, live=live)
    return _SUMMED_HITS.format(kind=kind, joins=joins, live=live)


_PAGES = {
    "testimony": (_TESTIMONY_PAGE, _TESTIMONY_HITS),
    "violation": (_VIOLATION_PAGE, _VIOLATION_HITS),
}

# Each typed text's words as the index holds them, in order: split as the index splits text
# (caseapp_search_text) and turned into lexemes by the same 'simple' configuration.
_NORMALISE = text(
    "SELECT (SELECT coalesce(string_agg(l.lexeme, ' ' ORDER BY l.positions[1]), '') "
    "FROM unnest(to_tsvector('simple', caseapp_search_text(w))) AS l) "
    "FROM unnest(CAST(:words AS text[])) WITH ORDINALITY AS typed(w, n) ORDER BY n"
)


def _lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def tsquery_text(nodes: Sequence[QueryNode], normalised: Sequence[str]) -> str:
    """The tsquery of a parsed search, each term's words as the index split them
    (``normalised``, one text per term, in order), or its analysed terms (marked lexemes,
    caseapp/store/server_analysis.py), or the compound it is. FTS5's binary "a NOT b" is
    "a & !b"; the operators bind as in FTS5 (NOT, then AND, then OR)."""
    out: list[str] = []
    words = iter(normalised)
    for node in nodes:
        if isinstance(node, SearchTerm):
            lexemes = [_lexeme(word) for word in next(words).split()]
            if lexemes and node.prefix:
                lexemes[-1] += ":*"
            star = ":*" if node.typed_prefix else ""
            sides = [" <-> ".join(lexemes)] if lexemes else []
            if node.terms:
                sides.append(" <-> ".join(_lexeme(MARK + t) for t in node.terms) + star)
            if node.whole:
                sides.append(_lexeme(MARK + node.whole) + star)
            out.append("(" + " | ".join(f"({side})" for side in sides) + ")" if sides else _NOTHING)
        elif node == "AND":
            out.append("&")
        elif node == "OR":
            out.append("|")
        elif node == "NOT":
            out.append("& !")
        else:
            out.append(node)
    return " ".join(out)


class PostgresFeatures(EngineFeatures):
    name = "postgresql"
    parallel_reads = True

    def lock_audit_chain(self, conn: Connection) -> None:
        """A transaction-level advisory lock: the next writer waits here until this
        transaction commits or rolls back, then reads the chain's new last event."""
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_CHAIN_LOCK})

    def one_snapshot(self, conn: Connection) -> None:
        # Read committed, the default, takes a new snapshot for each statement.
        conn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))

    def announce_changes(self, conn: Connection, tables: set[str]) -> None:
        # Delivered at commit, and not at all on a rollback.
        conn.execute(
            text("SELECT pg_notify(:channel, :payload)"),
            {
                "channel": CHANNEL,
                "payload": announcement(conn.get_execution_options().get(MARK_OPTION, ""), tables),
            },
        )

    def optimize(self, conn: Connection) -> None:
        """Nothing: the server's autovacuum keeps the statistics."""

    def has_search_index(self, conn: Connection) -> bool:
        return conn.execute(text("SELECT to_regclass('search_violation')")).scalar() is not None

    def index_words(self, conn: Connection, start: str) -> list[tuple[str, int]]:
        rows = conn.execute(
            text(
                "SELECT word, count(*) FROM (SELECT word FROM search_testimony_word "
                "WHERE word >= :a AND word < :b UNION ALL SELECT word FROM "
                "search_violation_word WHERE word >= :a AND word < :b) w GROUP BY word"
            ),
            {"a": start, "b": start + _LAST_CHARACTER},
        )
        return [(str(word), int(docs)) for word, docs in rows]

    def analyse_written(self, conn: Connection) -> None:
        """Append the analysed terms of the index rows written since (server_analysis)."""
        if conn.execute(text("SELECT to_regclass('ix_search_violation_pending')")).scalar():
            analyse_pending(conn)

    def rebuild_violation_index(self, conn: Connection) -> None:
        if not self.has_search_index(conn):
            return
        conn.execute(text("DELETE FROM search_violation"))
        conn.execute(
            text(
                "INSERT INTO search_violation (id, doc) SELECT v.id, caseapp_violation_doc("
                "v.reported_impact, v.place, v.category, v.perpetrator) FROM violation v"
            )
        )
        self.analyse_written(conn)

    def search_params(self, conn: Connection, nodes: Sequence[QueryNode]) -> dict[str, Any]:
        typed = [" ".join(node.words) for node in nodes if isinstance(node, SearchTerm)]
        normalised = list(conn.execute(_NORMALISE, {"words": typed}).scalars())
        params: dict[str, Any] = {"q": tsquery_text(nodes, normalised)}
        (term,) = nodes if len(nodes) == 1 else (None,)
        words = normalised[0].split() if normalised else []
        if not isinstance(term, SearchTerm) or len(words) != 1 or term.whole:
            return params
        if len(term.terms) > 1 or (term.terms and term.typed_prefix):
            return params  # a compound's parts, or a prefix of terms: the general path
        params["word"] = words[0]
        if term.prefix:
            params["word_end"] = words[0] + _LAST_CHARACTER
        if term.terms:
            params["term"] = MARK + term.terms[0]
        return params

    def search_sql(self, kind: str, where: str, params: Mapping[str, Any]) -> str:
        page, hits = _PAGES[kind]
        if "word" in params:
            hits = _word_hits(kind, bool(where), params)
        return page.format(hits=hits.format(where=where))
