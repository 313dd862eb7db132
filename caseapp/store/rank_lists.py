"""Best-first lists for common search phrases: the best hits of a word a quarter of the
archive names, without ranking every match (SQLite; the server keeps word ranks instead).

FTS5's bm25 ranks every document a phrase matches, about a microsecond each: 0.4 s for 회령
at a million testimonies, however few hits are shown. For a phrase with a list (migration
0033), each document it matches is kept with what bm25 needs of it: the phrase's weighted
frequency in the document (bm25's f(q, D)), the document's length in tokens (D), and, to
read the list best first, the phrase's term at the average length the list was made with.
A search of phrases that all have lists reads them best first and stops as soon as no
document further down can beat the best ``limit`` found (Fagin's threshold algorithm), and
computes each candidate's score exactly as FTS5's bm25 does, with the index's current
counts: the hits and their order are those of ``ORDER BY bm25(...), rowid``, compared
bit for bit in the tests.

The lists are kept by triggers (migration 0033) whenever the index changes: the trigger's
function, ``caseapp_rank_freqs``, indexes the written document alone in a scratch FTS5 table
in memory, with the same tokenizer, and asks it each listed phrase, so a list holds exactly
what the real index would answer. A list is made for a phrase that matches at least
``RANK_LIST_MIN`` documents (common words only: a list names its phrase, and a search for a
rare name leaves nothing behind).
"""

from __future__ import annotations

import heapq
import json
import math
import threading
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

# FTS5's bm25 constants (fts5_aux.c).
K1 = 1.2
B = 0.75
# A phrase gets a list when it matches this many documents of one kind: below it FTS5 ranks
# every match in about 10 ms, and a list would only name a rarer word.
RANK_LIST_MIN = 10_000
# Lists kept of each kind at most: each costs every indexed write about 7 microseconds, on
# top of about 110 for indexing the written record once more (a 3,000-character narrative).
# A new one past it replaces the one no search has asked for longest.
MAX_LISTS = 32
# Entries read from a list at a time, best first.
PAGE = 256
# Documents a list is made for in one write transaction (``build``): 0.1-0.2 s at a million
# testimonies, well within the 5 s a save waits for the lock.
BUILD_STEP = 20_000

# The index's columns and bm25 weights, as the search statements weigh them
# (caseapp/store/engines/sqlite.py; migration 0019's columns).
COLUMNS = {
    "testimony": ("title", "summary", "narrative", "terms"),
    "violation": ("reported_impact", "place", "category_label", "perpetrator_label", "terms"),
}
WEIGHTS = {
    "testimony": (5.0, 2.0, 1.0, 0.5),
    "violation": (3.0, 2.0, 1.0, 1.0, 0.5),
}
# Migration 0019's tokenizer and prefix index.
TOKENIZE = "unicode61 remove_diacritics 2 separators '\u318d\u119e'"
# A live record: a hit's own row not deleted, and a violation's testimony not deleted.
_DELETED = {
    "testimony": "SELECT id FROM testimony WHERE id IN ({ids}) AND deleted_at IS NOT NULL",
    "violation": (
        "SELECT v.id FROM violation v JOIN testimony t ON t.id = v.testimony_id "
        "WHERE v.id IN ({ids}) AND (v.deleted_at IS NOT NULL OR t.deleted_at IS NOT NULL)"
    ),
}


# The records not live, as a set for the build's statement (read through the indexes of the
# deleted alone, migration 0035).
_DEAD = {
    "testimony": "SELECT id FROM testimony WHERE deleted_at IS NOT NULL",
    "violation": (
        "SELECT id FROM violation WHERE deleted_at IS NOT NULL UNION ALL "
        "SELECT v.id FROM testimony t JOIN violation v ON v.testimony_id = t.id "
        "WHERE t.deleted_at IS NOT NULL"
    ),
}


def _varints(blob: bytes) -> list[int]:
    """FTS5's varints (SQLite's: big-endian groups of seven bits, high bit set on all but
    the last; the ninth byte, never reached by these counts, would carry eight)."""
    out: list[int] = []
    value = 0
    for byte in blob:
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            out.append(value)
            value = 0
    return out


def sql_fts_size(sizes: bytes | None) -> int:
    """``caseapp_fts_size(sz)``: a document's length in tokens, from its row of FTS5's
    ``%_docsize`` (each column's count, as varints)."""
    return sum(_varints(sizes)) if sizes else 0


@dataclass(frozen=True)
class IndexCounts:
    """What bm25 reads of the whole index: its documents and their average length."""

    rows: int
    average: float


def index_counts(conn: Any, kind: str) -> IndexCounts:
    """The index's document count and average length, from FTS5's own averages record
    (the row of ``%_data`` numbered 1: the count, then each column's total of tokens), as
    bm25 computes them."""
    row = conn.execute(f"SELECT block FROM search_{kind}_data WHERE id = 1").fetchone()
    counts = _varints(row[0]) if row and row[0] else [0]
    rows, tokens = counts[0], sum(counts[1:])
    return IndexCounts(rows, (tokens / rows) if rows else 0.0)


def idf(rows: int, docs: int) -> float:
    """bm25's inverse document frequency of a phrase matching ``docs`` of ``rows``."""
    value = math.log((rows - docs + 0.5) / (docs + 0.5))
    return value if value > 0.0 else 1e-6


def term(freq: float, size: int, average: float) -> float:
    """A phrase's share of bm25 before its idf, as fts5_aux.c writes it (the same operations
    in the same order, so the same bits)."""
    return (freq * (K1 + 1.0)) / (freq + K1 * (1 - B + B * size / average))


def freq_of(share: float, size: int, average: float) -> float:
    """The weighted frequency a phrase's ``term`` came from: a sum of column weights, all
    multiples of a half, so rounding undoes the float's error."""
    scale = K1 * (1 - B + B * size / average)
    return round(share * scale / (K1 + 1.0 - share) * 2) / 2


def _weights(kind: str) -> str:
    return ", ".join(str(w) for w in WEIGHTS[kind])


# -- the lists ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RankList:
    """A phrase's list: kept in the archive (``id``), or, for a rare phrase, its few
    entries read from the index for one search (``entries``, best first)."""

    id: int
    phrase: str
    docs: int  # the index's documents matching the phrase (bm25's n(q))
    average: float  # the index's average length when the list was made: the entries' order
    # (lead, doc, freq, size, live)
    entries: tuple[tuple[float, int, float, int, int], ...] | None = None

    def freqs(self) -> dict[int, float]:
        return {doc: freq for _lead, doc, freq, _size, _live in self.entries or ()}


def lists_for(conn: Any, kind: str, phrases: Sequence[str]) -> list[RankList] | None:
    """The lists of ``phrases``, in their order: a phrase without a kept list gets one read
    for this search if it is rare (fewer than ``RANK_LIST_MIN`` matches, read in at most a
    few milliseconds). None if no phrase has a kept list, or one without is common."""
    found = {
        phrase: RankList(id_, phrase, docs, average)
        for id_, phrase, docs, average in conn.execute(
            "SELECT id, phrase, docs, average FROM search_rank_list WHERE kind = ? AND ready",
            (kind,),
        )
    }
    if not phrases or not any(p in found for p in phrases):
        return None
    lists = []
    counts: IndexCounts | None = None  # read only for a phrase without a kept list
    for phrase in phrases:
        if phrase in found:
            lists.append(found[phrase])
            continue
        counts = counts or index_counts(conn, kind)
        matches = _matches(conn, kind, phrase, RANK_LIST_MIN)
        if matches is None:
            return None
        dead = _dead(conn, kind, [m[0] for m in matches])
        entries = sorted(_entry(m, len(matches), counts, dead) for m in matches)
        lists.append(RankList(0, phrase, len(matches), counts.average, tuple(entries)))
    return lists


def _dead(conn: Any, kind: str, docs: Sequence[int]) -> set[int]:
    """Those of ``docs`` deleted (or whose testimony is), read a batch of ids at a time."""
    dead: set[int] = set()
    for start in range(0, len(docs), 500):
        batch = list(docs[start : start + 500])
        marks = ",".join("?" * len(batch))
        dead.update(row[0] for row in conn.execute(_DELETED[kind].format(ids=marks), batch))
    return dead


def _matches(
    conn: Any, kind: str, phrase: str, most: int | None = None
) -> list[tuple[int, float, bytes]] | None:
    """Each document ``phrase`` matches, with its bm25 for the phrase alone and its sizes;
    None if there are more than ``most``."""
    table = f"search_{kind}"
    limit = "" if most is None else f" LIMIT {int(most) + 1}"
    # CROSS JOIN: the index's matches drive, each size read by its id.
    matches: list[tuple[int, float, bytes]] = conn.execute(
        f"SELECT m.rowid, bm25({table}, {_weights(kind)}), d.sz FROM {table} AS m "
        f"CROSS JOIN {table}_docsize AS d ON d.id = m.rowid "
        f"WHERE {table} MATCH ?{limit}",
        (phrase,),
    ).fetchall()
    return None if most is not None and len(matches) > most else matches


def _entry(
    match: tuple[int, float, bytes],
    docs: int,
    counts: IndexCounts,
    dead: set[int],
    average: float | None = None,
) -> tuple[float, int, float, int, int]:
    """A match as a list's entry (lead, doc, freq, size, live): its frequency recovered from
    its bm25 for the phrase alone (``docs`` matching, of the index's ``counts``); its lead
    at ``average`` (the list's), else at the index's."""
    doc, score, sizes = match
    size = sum(_varints(sizes))
    freq = freq_of(-score / idf(counts.rows, docs), size, counts.average)
    at = counts.average if average is None else average
    return (-term(freq, size, at), doc, freq, size, int(doc not in dead))


def build(
    transaction: Callable[[], AbstractContextManager[Any]],
    kind: str,
    phrase: str,
    minimum: int = RANK_LIST_MIN,
    step: int = BUILD_STEP,
    between: Callable[[], None] | None = None,
) -> int:
    """Make ``phrase``'s list from the index if it matches at least ``minimum`` documents;
    the number it matches, or -1 if it has a whole list already (marked as asked for now).
    A kind holding ``MAX_LISTS`` forgets the list no search has asked for longest.

    ``transaction()`` gives the driver's connection in a transaction of its own, committed
    when it ends: the list is made in several, each holding the archive's write lock for
    about ``step`` documents (a few tenths of a second), so that a caseworker's save never
    waits long (migration 0034). The first names the list, and from then on the triggers
    keep the entries of every record written; each next one adds the entries of a range of
    records from the index as it is then, leaving those the triggers wrote; the last says
    the list is whole. Stopped halfway (the window closed, a save held the lock too long),
    the list is finished by the next search that asks for it. ``between``: called between
    transactions (the tests write there)."""
    with transaction() as conn:
        started = _start(conn, kind, phrase, minimum, step)
    if isinstance(started, int):
        return started
    list_id, bounds = started
    counted = _Counted()
    for low, high in zip([None, *bounds], [*bounds, None], strict=True):
        if between is not None:
            between()
        with transaction() as conn:
            if not _add_range(conn, kind, list_id, phrase, low, high, counted):
                return 0  # forgotten meanwhile, for a list another search asked for
    if between is not None:
        between()
    with transaction() as conn:
        conn.execute("UPDATE search_rank_list SET ready = 1 WHERE id = ?", (list_id,))
        docs = conn.execute("SELECT docs FROM search_rank_list WHERE id = ?", (list_id,))
        found = docs.fetchone()
    return int(found[0]) if found else 0


def _start(
    conn: Any, kind: str, phrase: str, minimum: int, step: int
) -> int | tuple[int, list[int]]:
    """The first step: the list named (or found half made), and the records where each
    later step starts; or what ``build`` returns at once."""
    used = datetime.now(UTC).isoformat(timespec="seconds")
    # A write first: the lock is taken before anything is read, so no other write can
    # fall between this step's reading and its writing.
    conn.execute(
        "UPDATE search_rank_list SET used = ? WHERE kind = ? AND phrase = ?", (used, kind, phrase)
    )
    found = conn.execute(
        "SELECT id, ready FROM search_rank_list WHERE kind = ? AND phrase = ?", (kind, phrase)
    ).fetchone()
    if found is not None and found[1]:
        return -1
    table = f"search_{kind}"
    docs = [
        row[0]
        for row in conn.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH ?", (phrase,))
    ]
    if found is not None:
        list_id = int(found[0])  # half made: its ranges are added again, the rest kept
    elif len(docs) < minimum:
        return len(docs)
    else:
        lists = conn.execute(
            "SELECT id FROM search_rank_list WHERE kind = ? ORDER BY used, id", (kind,)
        ).fetchall()
        for (stale,) in lists[: max(0, len(lists) - MAX_LISTS + 1)]:
            _forget(conn, stale)  # the list no search has asked for longest
        list_id = (conn.execute("SELECT max(id) FROM search_rank_list").fetchone()[0] or 0) + 1
        conn.execute(
            "INSERT INTO search_rank_list (id, kind, phrase, docs, average, used, ready) "
            "VALUES (?, ?, ?, 0, ?, ?, 0)",
            (list_id, kind, phrase, index_counts(conn, kind).average, used),
        )
    docs.sort()
    return list_id, docs[step::step]


@dataclass
class _Counted:
    """The phrase's count of matches (bm25's n(q)) as a step of ``build`` read it, with
    what shows whether anything was written since: the connection it was read on, that
    connection's ``data_version`` (which moves when another connection commits) and its
    ``total_changes`` after the step (which move when this one writes). A step whose
    connection shows neither moved sees the same index, and the same count; counting again
    (30-70 ms at a million) was a third of making a list."""

    conn: Any = None
    version: int = -1
    changes: int = -1
    total: int = 0

    def still(self, conn: Any, version: int, changes: int) -> bool:
        return conn is self.conn and version == self.version and changes == self.changes


def _add_range(
    conn: Any,
    kind: str,
    list_id: int,
    phrase: str,
    low: int | None,
    high: int | None,
    counted: _Counted,
) -> bool:
    """One later step: the entries of the documents from ``low`` up to (not with) ``high``
    that the phrase matches, from the index as it is now, leaving those the triggers wrote
    since the list was named (theirs are as current; their lead may differ from this one's
    in the last bit, having gone through JSON). False if the list is gone."""
    changes = conn.total_changes  # before this step writes: another's use of it shows here
    if not conn.execute(
        "UPDATE search_rank_list SET used = used WHERE id = ?", (list_id,)
    ).rowcount:
        return False  # (a write first, as in _start)
    version = conn.execute("PRAGMA data_version").fetchone()[0]
    average = conn.execute(
        "SELECT average FROM search_rank_list WHERE id = ?", (list_id,)
    ).fetchone()[0]
    counts = index_counts(conn, kind)
    table = f"search_{kind}"
    if counted.still(conn, version, changes):
        total = counted.total
    else:
        total = conn.execute(
            f"SELECT count(*) FROM {table} WHERE {table} MATCH ?", (phrase,)
        ).fetchone()[0]
    ranges = (" AND m.rowid >= :low" if low is not None else "") + (
        " AND m.rowid < :high" if high is not None else ""
    )
    # One statement, no row through Python (it was half a step's time): the matches with
    # their bm25 for the phrase alone, materialized so that each is scored once; then, as
    # ``_entry`` computes them (the same operations in the same order on the same doubles),
    # the frequency recovered with the index's counts now and the lead at the list's own
    # average; inserted in the list's order, leaving the documents the triggers wrote.
    conn.execute(
        f"WITH m AS MATERIALIZED (SELECT m.rowid AS doc, bm25({table}, {_weights(kind)}) "
        f"AS score, caseapp_fts_size(d.sz) AS size FROM {table} AS m "
        f"CROSS JOIN {table}_docsize AS d ON d.id = m.rowid "
        f"WHERE {table} MATCH :phrase{ranges}), "
        "f AS MATERIALIZED (SELECT doc, size, round((-score / :idf) * (:k1 * (:c + :b * size "
        "/ :now)) / (:k1p1 - (-score / :idf)) * 2) / 2 AS freq FROM m) "
        "INSERT INTO search_rank_entry (list_id, lead, doc, freq, size, live) "
        "SELECT :list, -((freq * :k1p1) / (freq + :k1 * (:c + :b * size / :average))), doc, "
        f"freq, size, doc NOT IN ({_DEAD[kind]}) FROM f "
        "WHERE NOT EXISTS (SELECT 1 FROM search_rank_entry INDEXED BY "
        "ix_search_rank_entry_doc WHERE doc = f.doc AND list_id = :list) ORDER BY 2, doc",
        {
            "phrase": phrase,
            "low": low,
            "high": high,
            "list": list_id,
            "idf": idf(counts.rows, total),
            "now": counts.average,
            "average": average,
            "k1": K1,
            "k1p1": K1 + 1.0,
            "b": B,
            "c": 1 - B,
        },
    )
    counted.conn, counted.version, counted.changes = conn, version, conn.total_changes
    counted.total = total
    return True


def _forget(conn: Any, list_id: int) -> None:
    # The list first: its entries' deletion then counts for no list.
    conn.execute("DELETE FROM search_rank_list WHERE id = ?", (list_id,))
    conn.execute("DELETE FROM search_rank_entry WHERE list_id = ?", (list_id,))


def drop(conn: Any, kind: str) -> None:
    """Forget ``kind``'s lists (its index was rewritten other than through its triggers)."""
    for (list_id,) in conn.execute(
        "SELECT id FROM search_rank_list WHERE kind = ?", (kind,)
    ).fetchall():
        _forget(conn, list_id)


def differing(conn: Any) -> list[tuple[str, int, int]]:
    """Each whole list whose entries are not what the index answers now, as (kind, list,
    entries that differ): a document missing, one too many, or one whose frequency, size
    or life differs (the lead, an order only, is left alone). For ``verify``: the triggers
    keep the lists, so a list differs only if its records were written with the triggers
    off (another program), or if the triggers are wrong."""
    found = []
    for list_id, kind, phrase, docs in conn.execute(
        "SELECT id, kind, phrase, docs FROM search_rank_list WHERE ready ORDER BY id"
    ).fetchall():
        counts = index_counts(conn, kind)
        matches = _matches(conn, kind, phrase)
        assert matches is not None
        dead = _dead(conn, kind, [m[0] for m in matches])
        expected = {
            doc: (freq, size, live)
            for _lead, doc, freq, size, live in (
                _entry(m, len(matches), counts, dead) for m in matches
            )
        }
        wrong = 0
        kept = 0
        for doc, freq, size, live in conn.execute(
            "SELECT doc, freq, size, live FROM search_rank_entry WHERE list_id = ?", (list_id,)
        ):
            kept += 1
            wrong += expected.pop(doc, None) != (freq, size, live)
        wrong += len(expected)  # matched, not listed
        if wrong or kept != docs:
            found.append((kind, int(list_id), max(wrong, 1)))
    return found


# -- ranking ------------------------------------------------------------------------------


class _Reader:
    """One list read best first, a page at a time. An entry's ``lead`` is minus the
    phrase's term at the list's average: ascending, the best come first."""

    def __init__(self, conn: Any, rank_list: RankList, size: int) -> None:
        self.conn = conn
        self.list = rank_list
        self.size = size
        self.last: tuple[float, int] = (-math.inf, -1)
        self.started = False
        self.done = False
        self.read = 0

    def page(self) -> list[tuple[float, int, float, int, int]]:
        if self.done:
            return []
        if self.list.entries is not None:
            at = self.read
            rows = list(self.list.entries[at : at + self.size])
        else:
            rows = self.conn.execute(
                "SELECT lead, doc, freq, size, live FROM search_rank_entry "
                "WHERE list_id = ? AND (lead, doc) > (?, ?) ORDER BY lead, doc LIMIT ?",
                (self.list.id, *self.last, self.size),
            ).fetchall()
        self.started = True
        self.read += len(rows)
        if len(rows) < self.size:
            self.done = True
        if rows:
            self.last = (rows[-1][0], rows[-1][1])
        return rows

    def ceiling(self, average: float) -> float:
        """The most the phrase's term can be for a document not yet read: the last read,
        scaled for the average length having grown since the list was made (a longer
        average makes each document relatively shorter and its term larger, by at most the
        ratio)."""
        if self.done:
            return 0.0
        if not self.started:
            return math.inf
        # A part in a billion on top: a lead written by the triggers went through SQLite's
        # JSON reading, which may round its last bit otherwise than Python.
        return -self.last[0] * max(1.0, average / self.list.average) * (1 + 1e-9)


def best(
    conn: Any,
    kind: str,
    lists: Sequence[RankList],
    limit: int,
    page: int = PAGE,
    passing: Callable[[list[int]], set[int]] | None = None,
    reach: int | None = None,
    first: int | None = None,
) -> list[tuple[int, float]] | None:
    """The best ``limit`` live documents matching any of ``lists``' phrases (an OR of them),
    as (rowid, bm25) in the order of ``ORDER BY bm25(...), rowid``; each list read up to
    ``page`` entries at a time (fewer at first: a page of 20 hits needs about 20).

    ``passing``: of some live and dead documents, those a search's filters let through
    (and live); only they count. ``reach``: give up (None) once that many entries of a list
    have been read, a filter that few pass being quicker ranked whole. ``first``: the first
    page's size, if not about ``limit``."""
    if limit <= 0:
        return []
    counts = index_counts(conn, kind)
    weights = [idf(counts.rows, rank_list.docs) for rank_list in lists]
    if len(lists) == 1 and lists[0].entries is None and passing is None:
        return _best_of_one(conn, lists[0], weights[0], counts.average, limit)
    readers = [_Reader(conn, rank_list, first or min(page, limit + 8)) for rank_list in lists]
    read = [None if r.entries is None else r.freqs() for r in lists]  # the lists in memory
    seen: set[int] = set()
    top: list[tuple[float, int]] = []  # a heap of (score, -rowid): the worst kept first
    while True:
        fresh: dict[int, int] = {}  # doc -> its size, read this round (live ones)
        known: list[dict[int, float]] = []  # each list's frequencies read this round
        for reader in readers:
            freqs: dict[int, float] = {}
            for _lead, doc, freq, size, live in reader.page():
                freqs[doc] = freq
                if doc not in seen:
                    seen.add(doc)
                    if live:
                        fresh[doc] = size
            known.append(freqs)
            reader.size = min(page, reader.size * 2)
        if fresh:
            scored = _scores(
                conn, kind, lists, read, known, weights, fresh, counts.average, passing
            )
            for doc, score in scored:
                item = (score, -doc)
                if len(top) < limit:
                    heapq.heappush(top, item)
                elif item > top[0]:
                    heapq.heapreplace(top, item)
        ceiling = sum(
            weight * reader.ceiling(counts.average)
            for weight, reader in zip(weights, readers, strict=True)
        )
        if all(reader.done for reader in readers) or (len(top) >= limit and top[0][0] > ceiling):
            break
        if reach is not None and any(reader.read >= reach for reader in readers):
            return None
    ordered = sorted(top, key=lambda item: (-item[0], -item[1]))
    return [(-negated, -1.0 * score) for score, negated in ordered]


# A list's entry scored as ``_scores`` scores it (the same operations on the same doubles).
_SCORED = ":w * ((freq * :k1p1) / (freq + :k1 * (:c + :b * size / :avg)))"


def _scoring(rank_list: RankList, weight: float, average: float) -> dict[str, Any]:
    """``_SCORED``'s values for ``rank_list``'s entries."""
    return {
        "list": rank_list.id,
        "w": weight,
        "k1p1": K1 + 1.0,
        "k1": K1,
        "c": 1 - B,
        "b": B,
        "avg": average,
    }


def _best_of_one(
    conn: Any, rank_list: RankList, weight: float, average: float, limit: int
) -> list[tuple[int, float]]:
    """``best`` of one kept list and no filter (a search of one common word, the commonest
    search): the list's first ``limit`` live entries, scored in SQL; then those further down
    that may still beat the worst of them (``_rest_that_may_win``: a tie, or the average
    length grown since the list was made). Read a page at a time and scored in Python, the
    first entries took three times as long (0.13 ms against 0.03 for 회령's 20 at a million,
    0.77 ms against 0.13 for the Search tab's 200)."""
    args = {**_scoring(rank_list, weight, average), "lim": limit}
    rows = conn.execute(
        f"SELECT doc, {_SCORED}, lead FROM (SELECT doc, freq, size, lead "
        "FROM search_rank_entry WHERE list_id = :list AND live ORDER BY lead, doc LIMIT :lim)",
        args,
    ).fetchall()
    top = [(score, -doc) for doc, score, _lead in rows]  # a heap: the worst kept first
    heapq.heapify(top)
    if len(rows) == limit:  # else every live entry was read
        # No test of a ceiling first (as ``best`` makes): the worst kept never scores above
        # the last read's bound, so the few that may beat it are always looked for.
        last = max((lead, doc) for doc, _score, lead in rows)
        for doc, freq, size in _rest_that_may_win(conn, rank_list, last, weight, average, top[0]):
            score = weight * ((freq * (K1 + 1.0)) / (freq + K1 * (1 - B + B * size / average)))
            if (score, -doc) > top[0]:
                heapq.heapreplace(top, (score, -doc))
    ordered = sorted(top, key=lambda item: (-item[0], -item[1]))
    return [(-negated, -1.0 * score) for score, negated in ordered]


def _rest_that_may_win(
    conn: Any,
    rank_list: RankList,
    last: tuple[float, int],
    weight: float,
    average: float,
    worst: tuple[float, int],
) -> list[tuple[int, float, int]]:
    """The live entries of ``rank_list`` after ``last`` (lead, doc) that beat ``worst``
    (score, minus rowid): a higher score, or the same and a lower rowid. What is left can
    only tie with the worst kept (records of the same length and count) or beat it by the
    average having grown; SQLite finds those few, among the entries whose lead lets them
    reach it at all (the ceiling's bound, loosened a little: the scores decide). Read a page
    at a time, ties had cost most of a search (326 violations tie for 회령's 20th place at a
    million, 1,499 for "forced labour"'s)."""
    score, negated = worst
    scale = max(1.0, average / rank_list.average)
    reach = -(score / (weight * scale)) * (1 - 1e-8)
    return list(
        conn.execute(
            "SELECT doc, freq, size FROM search_rank_entry WHERE list_id = :list "
            "AND (lead, doc) > (:lead, :doc) AND lead <= :reach AND live "
            f"AND ({_SCORED} > :worst OR ({_SCORED} = :worst AND doc < :worst_doc)) "
            "ORDER BY lead, doc",
            {
                **_scoring(rank_list, weight, average),
                "lead": last[0],
                "doc": last[1],
                "reach": reach,
                "worst": score,
                "worst_doc": -negated,
            },
        )
    )


def _scores(
    conn: Any,
    kind: str,
    lists: Sequence[RankList],
    read: Sequence[dict[int, float] | None],
    known: Sequence[dict[int, float]],
    weights: Sequence[float],
    sizes: dict[int, int],
    average: float,
    passing: Callable[[list[int]], set[int]] | None,
) -> Iterable[tuple[int, float]]:
    """The documents of ``sizes`` (live; those ``passing``, if given) with bm25's score
    (positive: higher is better), summed over the phrases in the query's order, as FTS5
    sums it. A document's frequency in a list it was not read from this round is looked
    up there (``known``: those read)."""
    docs = sorted(sizes)
    if passing is None:
        kept = docs
    else:
        through = passing(docs)
        kept = [doc for doc in docs if doc in through]
    freqs: list[dict[int, float]] = []
    for rank_list, in_memory, found in zip(lists, read, known, strict=True):
        if in_memory is not None:
            freqs.append(in_memory)
            continue
        missing = [doc for doc in kept if doc not in found]
        if missing:
            found = dict(found)
            found.update(
                conn.execute(
                    "SELECT doc, freq FROM search_rank_entry INDEXED BY ix_search_rank_entry_doc "
                    f"WHERE list_id = ? AND doc IN ({','.join('?' * len(missing))})",
                    (rank_list.id, *missing),
                ).fetchall()
            )
        freqs.append(found)
    for doc in kept:
        size = sizes[doc]
        score = 0.0
        for weight, found in zip(weights, freqs, strict=True):
            freq = found.get(doc, 0.0)
            score += weight * ((freq * (K1 + 1.0)) / (freq + K1 * (1 - B + B * size / average)))
        yield doc, score


# -- the triggers' function -------------------------------------------------------------------


class _Scratch(threading.local):
    """A one-document FTS5 index in memory per thread, tokenised as the archive's. Without
    stored text or a prefix index (neither changes what a phrase matches, and each doubled
    the cost of indexing a document)."""

    conn: Any = None


_scratch = _Scratch()


def _scratch_conn() -> Any:
    if _scratch.conn is None:
        import sqlcipher3.dbapi2 as sqlcipher

        conn = sqlcipher.connect(":memory:", isolation_level=None, check_same_thread=True)
        conn.execute("PRAGMA temp_store = MEMORY")
        for kind, columns in COLUMNS.items():
            conn.execute(
                f"CREATE VIRTUAL TABLE {kind} USING fts5({', '.join(columns)}, "
                f"tokenize=\"{TOKENIZE}\", content='')"
            )
        _scratch.conn = conn
    return _scratch.conn


def sql_rank_freqs(kind: str, lists: str | None, *values: str | None) -> str:
    """``caseapp_rank_freqs(kind, lists, column values...)``: for a document being added
    to ``kind``'s index with these values, each listed phrase it matches as JSON
    ``[[list id, lead, freq, size], ...]``. ``lists`` is JSON ``[[id, phrase, average],
    ...]``. The document is indexed alone in a scratch FTS5 table with the archive's
    tokenizer and each phrase asked of it, so a list holds exactly what the archive's index
    answers."""
    wanted = json.loads(lists) if lists else []
    if not wanted or kind not in COLUMNS:
        return "[]"
    conn = _scratch_conn()
    conn.execute(f"INSERT INTO {kind} ({kind}) VALUES ('delete-all')")
    columns = COLUMNS[kind]
    marks = ", ".join("?" * len(columns))
    conn.execute(
        f"INSERT INTO {kind} (rowid, {', '.join(columns)}) VALUES (1, {marks})",
        [value or "" for value in values[: len(columns)]],
    )
    sizes = conn.execute(f"SELECT sz FROM {kind}_docsize WHERE id = 1").fetchone()
    size = sum(_varints(sizes[0])) if sizes else 0
    # Every phrase in one statement (one call instead of one per list: a third less).
    asked = " UNION ALL ".join(
        f"SELECT {n}, bm25({kind}, {_weights(kind)}) FROM {kind} WHERE {kind} MATCH ?"
        for n in range(len(wanted))
    )
    out = []
    for n, score in conn.execute(asked, [phrase for _id, phrase, _average in wanted]):
        list_id, _phrase, average = wanted[n]
        # One document: idf is bm25's floor (1e-6) and the average is the document's own.
        freq = freq_of(-score / 1e-6, size, float(size))
        out.append([list_id, -term(freq, size, average), freq, size])
    return json.dumps(out)
