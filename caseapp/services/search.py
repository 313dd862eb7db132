"""Search across testimonies and violations: one query, ranked, with the matching passage.

The engine's search index (FTS5 on SQLite, migrations 0004 and 0007; tsvector and GIN on
PostgreSQL, migration 0015; its statements in caseapp/store/engines/) answers the text part;
filters (category, province, dates, status, consent, language) narrow in the same SQL.
Deleted records never appear. Queries are never logged.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from sqlalchemy import Connection, Row, text
from sqlalchemy.exc import OperationalError

from caseapp.services.dates import DateProblem, parse_partial
from caseapp.services.messages import Message, quoted
from caseapp.services.search_query import QueryProblem, is_hangul, parse
from caseapp.services.search_snippets import Marker, cut, violation_passage
from caseapp.services.search_suggest import corrected
from caseapp.store import CaseStore, rank_lists
from caseapp.store.engines import QueryNode, SearchTerm, features
from caseapp.store.text_analysis import TextAnalyzer, fold, shared_analyzer

HIT_START = "\ue000"  # private-use characters: cannot clash with text a person typed
HIT_END = "\ue001"


@dataclass(frozen=True)
class SearchFilter:
    kinds: tuple[str, ...] = ("testimony", "violation")
    category: str | None = None  # a violation_category code; a parent includes children
    province: str | None = None
    date_from: str | None = None  # partial dates; a record matches when its span overlaps
    date_to: str | None = None
    status: str | None = None
    consent: str | None = None  # internal, un, public, none, withdrawn
    language: str | None = None


@dataclass(frozen=True)
class Hit:
    kind: str  # "testimony" or "violation"
    uid: str
    testimony_uid: str
    code: str  # testimony code (for a violation: its testimony's code)
    label: str  # testimony title, or violation category code
    snippet: str  # with HIT_START / HIT_END around each hit
    rank: float


def _bounds(flt: SearchFilter) -> tuple[str | None, str | None]:
    try:
        first = parse_partial(flt.date_from)[0].isoformat() if flt.date_from else None
        last = parse_partial(flt.date_to)[1].isoformat() if flt.date_to else None
    except DateProblem as exc:
        raise QueryProblem(Message("query.date_filter", problem=exc.message)) from None
    return first, last


# A hit before its passage is cut: (rank, kind, the row with its text).
_Ranked = tuple[float, str, Row[Any]]


class _Background:
    """A call run on a thread of its own; ``result`` waits for it and re-raises its error."""

    def __init__(self, call: Callable[[], list[_Ranked]]) -> None:
        self._call = call
        self._value: list[_Ranked] = []
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="caseapp-search", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._value = self._call()
        except BaseException as exc:  # handed to the caller's thread by result()
            self._error = exc

    def result(self) -> list[_Ranked]:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value


def _codes_with_children(store: CaseStore, scheme: str, code: str) -> list[str]:
    with store.engine.connect() as conn:
        children = conn.execute(
            text("SELECT code FROM vocabulary_term WHERE scheme = :s AND parent_code = :c"),
            {"s": scheme, "c": code},
        ).scalars()
        return [code, *children]


class SearchService:
    def __init__(self, store: CaseStore, analyzer: TextAnalyzer | None = None) -> None:
        self.store = store
        self._analyzer = analyzer
        self._kept: set[str] = set()  # queries whose lists were made or found too rare

    @property
    def analyzer(self) -> TextAnalyzer:
        # The shared one is made at the first search, not at every opening: reading its
        # word lists took a tenth of a second of each command, ``stats`` included.
        if self._analyzer is None:
            self._analyzer = shared_analyzer()
        return self._analyzer

    def analysed(self, nodes: Sequence[QueryNode]) -> tuple[QueryNode, ...]:
        """The parsed search with each term's analysed terms (회령으로 → 회령, camps → camp);
        a Korean word the analyser takes for a name also matches as written at the start of
        longer words (회령 in 회령시), where the analysis is least sure."""
        out: list[QueryNode] = []
        for node in nodes:
            if isinstance(node, SearchTerm):
                typed = node.typed or " ".join(node.words)
                last = node.words[-1] if node.words else ""
                one = len(node.words) == 1
                name = one and is_hangul(last) and self.analyzer.may_be_name(last)
                terms = tuple(self.analyzer.terms(typed))
                if name and terms == (fold(last),):
                    # The name as written, as a prefix, finds every word the analysis would
                    # (회령 in 회령에서, 회령시) in one look-up of the two-character prefix
                    # index; with the analysed term beside it FTS5 merged both: 3× slower.
                    terms = ()
                node = replace(
                    node,
                    terms=terms,
                    whole=(self.analyzer.whole(last) or "") if one else "",
                    prefix=node.prefix or name,
                )
            out.append(node)
        return tuple(out)

    def search(
        self, query: str, flt: SearchFilter | None = None, limit: int = 50, offset: int = 0
    ) -> list[Hit]:
        parsed = parse(query)
        nodes = self.analysed(parsed.nodes)
        flt = flt or SearchFilter()
        first, last = _bounds(flt)
        params: dict[str, Any] = {
            "lim": limit + offset,
            "a": HIT_START,
            "b": HIT_END,
            "first": first,
            "last": last,
        }
        wheres = dict(zip(("testimony", "violation"), self._filters(flt, params), strict=True))
        kinds = [kind for kind in ("testimony", "violation") if kind in flt.kinds]
        with self.store.engine.connect() as conn:
            engine = features(conn)
            params.update(engine.search_params(conn, nodes))
            marker = Marker(nodes, self.analyzer)
            if len(kinds) == 2 and engine.parallel_reads:
                # A server runs the two kinds' statements at once on two connections: a
                # common phrase reads every match's text in both indexes, and the kinds'
                # times added up (27 + 16 ms for "forced labour" at 100,000 testimonies).
                other = _Background(lambda: self._hits(None, "violation", wheres, params, marker))
                hits = self._hits(conn, "testimony", wheres, params, marker) + other.result()
            else:
                hits = [h for kind in kinds for h in self._hits(conn, kind, wheres, params, marker)]
        # Passages are cut only for the hits shown: each kind's best are read, the two
        # lists merged, and the rest left uncut (half of the work of a 200-hit search).
        hits.sort(key=lambda h: h[0])  # lower is better (bm25; minus ts_rank)
        return [self._hit(kind, row, marker) for _rank, kind, row in hits[offset : offset + limit]]

    def keep_lists(self, query: str, minimum: int | None = None) -> int:
        """After a search of one word or phrase: a best-first list for each of its phrases
        that a common word's share of the archive matches (at least ``minimum`` records of
        a kind), so that its next search reads the best hits first instead of ranking every
        match (caseapp/store/rank_lists.py; nothing on a server, which keeps word ranks).
        The number of lists made. Made once per phrase, then kept by the index's triggers;
        a rare word gets none, so a list never names a rare name."""
        if minimum is None and query in self._kept:
            return 0  # asked already in this process: made, or too rare
        nodes = self.analysed(parse(query).nodes)
        least = rank_lists.RANK_LIST_MIN if minimum is None else minimum
        engine = self.store.engine
        try:
            made = features(engine).keep_rank_lists(engine, nodes, least)
        except OperationalError:
            return 0  # another writer held the archive: the next search finishes the lists
        self._kept.add(query)
        return made

    def suggest(self, query: str, flt: SearchFilter | None = None) -> str | None:
        """ "Did you mean": for a search that finds nothing, the same query with each word
        that finds nothing alone replaced by the nearest word the index holds, if that
        query finds something (with the same filters); None otherwise."""
        nodes = parse(query).nodes
        typed = [
            node.words[0]
            for node in nodes
            if isinstance(node, SearchTerm) and len(node.words) == 1 and not node.typed_prefix
        ]
        if not typed:
            return None
        fixes = corrected(
            typed, lambda word: bool(self.search(word, flt, limit=1)), self._index_words
        )
        if not fixes:
            return None
        suggestion = query
        for word, replacement in fixes.items():
            pattern = rf"(?<!\w){re.escape(word)}(?!\w)"
            suggestion = re.sub(pattern, replacement, suggestion)
        if suggestion == query or not self.search(suggestion, flt, limit=1):
            return None
        return suggestion

    def _index_words(self, start: str) -> list[tuple[str, int]]:
        with self.store.engine.connect() as conn:
            return features(conn).index_words(conn, start)

    def _hits(
        self,
        conn: Connection | None,
        kind: str,
        wheres: dict[str, str],
        params: dict[str, Any],
        marker: Marker,
    ) -> list[_Ranked]:
        """One kind's ranked page, on ``conn`` or (None) on a connection of its own."""
        if conn is None:
            with self.store.engine.connect() as own:
                return self._hits(own, kind, wheres, params, marker)
        rows = features(conn).search_rows(conn, kind, wheres[kind], params)
        return [(row.rank, kind, row) for row in rows]

    @staticmethod
    def _hit(kind: str, r: Row[Any], marker: Marker) -> Hit:
        if kind == "testimony":
            passage = cut(r.body, marker, 16, HIT_START, HIT_END)
            return Hit(kind, r.uid, r.uid, r.code, r.title, passage, r.rank)
        passage = violation_passage(r.body, marker, 12, HIT_START, HIT_END)
        return Hit(kind, r.uid, r.tuid, r.code, r.category, passage, r.rank)

    def _filters(self, flt: SearchFilter, params: dict[str, Any]) -> tuple[str, str]:
        shared = []
        if flt.status:
            shared.append("t.status = :status")
            params["status"] = flt.status
        if flt.language:
            shared.append("t.language = :language")
            params["language"] = flt.language
        consent = {
            "internal": "c.internal = :granted AND c.date_withdrawn IS NULL",
            "un": "c.un = :granted AND c.date_withdrawn IS NULL",
            "public": "c.public = :granted AND c.date_withdrawn IS NULL",
            "withdrawn": "c.date_withdrawn IS NOT NULL",
            "none": "c.id IS NULL",
        }
        if flt.consent:
            if flt.consent not in consent:
                raise QueryProblem(Message("query.unknown_consent", value=quoted(flt.consent, 20)))
            shared.append(consent[flt.consent])
            params["granted"] = True
        testimony = list(shared)
        violation = list(shared)
        for scheme, value, column in (
            ("violation_category", flt.category, "category"),
            ("province", flt.province, "province"),
        ):
            if not value:
                continue
            codes = _codes_with_children(self.store, scheme, value)
            names = []
            for index, code in enumerate(codes):
                params[f"{column}{index}"] = code
                names.append(f":{column}{index}")
            listed = ", ".join(names)
            violation.append(f"v.{column} IN ({listed})")
            # The testimonies with such a violation, read once from the (column, ...,
            # testimony_id, deleted_at) index, not looked up again for every match.
            testimony.append(
                f"t.id IN (SELECT fv.testimony_id FROM violation fv WHERE "
                f"fv.{column} IN ({listed}) AND fv.deleted_at IS NULL)"
            )
        # Partial ISO dates compare as text; "2019" || "~" sorts after every day of 2019.
        if params["last"]:
            testimony.append("t.interview_date IS NOT NULL AND t.interview_date <= :last")
            violation.append("v.date_start IS NOT NULL AND v.date_start <= :last")
        if params["first"]:
            testimony.append("t.interview_date IS NOT NULL AND t.interview_date || '~' >= :first")
            violation.append(
                "v.date_start IS NOT NULL AND coalesce(v.date_end, v.date_start) || '~' >= :first"
            )
        return (
            "".join(f" AND {c}" for c in testimony),
            "".join(f" AND {c}" for c in violation),
        )


def rebuild_violation_index(store: CaseStore) -> None:
    """Re-read vocabulary labels into the violation index (after the vocabulary changed)."""
    with store.engine.begin() as conn:
        features(conn).rebuild_violation_index(conn)


def saved_searches(store: CaseStore) -> list[tuple[str, str]]:
    """(uid, name) of the live saved searches, by name."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT uid, name FROM saved_search WHERE deleted_at IS NULL ORDER BY name")
        )
        return [(str(uid), str(name)) for uid, name in rows]


def filter_to_json(flt: SearchFilter) -> str:
    return json.dumps(asdict(flt), ensure_ascii=False, sort_keys=True)


def filter_from_json(data: str) -> SearchFilter:
    try:
        values = json.loads(data or "{}")
    except ValueError:
        return SearchFilter()
    known = {f.name for f in fields(SearchFilter)}
    values = {k: v for k, v in values.items() if k in known}
    if "kinds" in values:
        values["kinds"] = tuple(values["kinds"])
    return SearchFilter(**values)
