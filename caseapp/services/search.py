"""Search across testimonies and violations: one query, ranked, with the matching passage.

The FTS5 indexes (migration 0004) answer the text part; filters (category, province, dates,
status, consent, language) narrow in the same SQL. Deleted records never appear. Queries are
never logged.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from typing import Any

from sqlalchemy import text

from caseapp.services.dates import DateProblem, parse_partial
from caseapp.services.messages import Message, quoted
from caseapp.services.search_query import QueryProblem, parse
from caseapp.store import CaseStore

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


def _codes_with_children(store: CaseStore, scheme: str, code: str) -> list[str]:
    with store.engine.connect() as conn:
        children = conn.execute(
            text("SELECT code FROM vocabulary_term WHERE scheme = :s AND parent_code = :c"),
            {"s": scheme, "c": code},
        ).scalars()
        return [code, *children]


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
_TESTIMONY_HITS = (
    "SELECT rowid AS id, bm25(search_testimony, 5.0, 2.0, 1.0) AS rank "
    "FROM search_testimony WHERE search_testimony MATCH :q "
    "AND rowid NOT IN (SELECT id FROM testimony WHERE deleted_at IS NOT NULL) "
    "ORDER BY rank LIMIT :lim"
)
_TESTIMONY_HITS_FILTERED = (
    "SELECT search_testimony.rowid AS id, bm25(search_testimony, 5.0, 2.0, 1.0) AS rank "
    "FROM search_testimony CROSS JOIN testimony t INDEXED BY ix_testimony_search_filter "
    "ON t.id = search_testimony.rowid "
    "LEFT JOIN consent c INDEXED BY ix_consent_search_filter "
    "ON c.testimony_id = t.id AND c.deleted_at IS NULL "
    "WHERE search_testimony MATCH :q AND t.deleted_at IS NULL {where} "
    "ORDER BY rank LIMIT :lim"
)
_VIOLATION_HITS = (
    "SELECT rowid AS id, bm25(search_violation, 3.0, 2.0, 1.0, 1.0) AS rank "
    "FROM search_violation WHERE search_violation MATCH :q "
    "AND rowid NOT IN (SELECT id FROM violation WHERE deleted_at IS NOT NULL) "
    "AND rowid NOT IN (SELECT dv.id FROM testimony dt CROSS JOIN violation dv "
    "ON dv.testimony_id = dt.id WHERE dt.deleted_at IS NOT NULL) "
    "ORDER BY rank LIMIT :lim"
)
_VIOLATION_HITS_FILTERED = (
    "SELECT search_violation.rowid AS id, bm25(search_violation, 3.0, 2.0, 1.0, 1.0) AS rank "
    "FROM search_violation CROSS JOIN violation v INDEXED BY ix_violation_search_filter "
    "ON v.id = search_violation.rowid "
    "CROSS JOIN testimony t INDEXED BY ix_testimony_search_filter ON t.id = v.testimony_id "
    "LEFT JOIN consent c INDEXED BY ix_consent_search_filter "
    "ON c.testimony_id = t.id AND c.deleted_at IS NULL "
    "WHERE search_violation MATCH :q AND v.deleted_at IS NULL AND t.deleted_at IS NULL "
    "{where} ORDER BY rank LIMIT :lim"
)
_TESTIMONY_PAGE = (
    "SELECT t.uid, t.code, t.title, "
    "snippet(search_testimony, -1, :a, :b, '…', 16) AS snip, hits.rank AS rank "
    "FROM ({hits}) AS hits "
    "JOIN search_testimony ON search_testimony.rowid = hits.id "
    "JOIN testimony t ON t.id = hits.id "
    "WHERE search_testimony MATCH :q ORDER BY hits.rank"
)
_VIOLATION_PAGE = (
    "SELECT v.uid, t.uid AS tuid, t.code, v.category, "
    "snippet(search_violation, -1, :a, :b, '…', 12) AS snip, hits.rank AS rank "
    "FROM ({hits}) AS hits "
    "JOIN search_violation ON search_violation.rowid = hits.id "
    "JOIN violation v ON v.id = hits.id JOIN testimony t ON t.id = v.testimony_id "
    "WHERE search_violation MATCH :q ORDER BY hits.rank"
)


class SearchService:
    def __init__(self, store: CaseStore) -> None:
        self.store = store

    def search(
        self, query: str, flt: SearchFilter | None = None, limit: int = 50, offset: int = 0
    ) -> list[Hit]:
        parsed = parse(query)
        flt = flt or SearchFilter()
        first, last = _bounds(flt)
        hits: list[Hit] = []
        params: dict[str, Any] = {
            "q": parsed.fts,
            "lim": limit + offset,
            "a": HIT_START,
            "b": HIT_END,
            "first": first,
            "last": last,
        }
        testimony_where, violation_where = self._filters(flt, params)
        if testimony_where:
            testimony_hits = _TESTIMONY_HITS_FILTERED.format(where=testimony_where)
        else:
            testimony_hits = _TESTIMONY_HITS
        if violation_where:
            violation_hits = _VIOLATION_HITS_FILTERED.format(where=violation_where)
        else:
            violation_hits = _VIOLATION_HITS
        with self.store.engine.connect() as conn:
            if "testimony" in flt.kinds:
                rows = conn.execute(text(_TESTIMONY_PAGE.format(hits=testimony_hits)), params)
                hits += [
                    Hit("testimony", r.uid, r.uid, r.code, r.title, r.snip, r.rank) for r in rows
                ]
            if "violation" in flt.kinds:
                rows = conn.execute(text(_VIOLATION_PAGE.format(hits=violation_hits)), params)
                hits += [
                    Hit("violation", r.uid, r.tuid, r.code, r.category, r.snip, r.rank)
                    for r in rows
                ]
        hits.sort(key=lambda h: h.rank)  # bm25: lower is better
        return hits[offset : offset + limit]

    def _filters(self, flt: SearchFilter, params: dict[str, Any]) -> tuple[str, str]:
        shared = []
        if flt.status:
            shared.append("t.status = :status")
            params["status"] = flt.status
        if flt.language:
            shared.append("t.language = :language")
            params["language"] = flt.language
        consent = {
            "internal": "c.internal = 1 AND c.date_withdrawn IS NULL",
            "un": "c.un = 1 AND c.date_withdrawn IS NULL",
            "public": "c.public = 1 AND c.date_withdrawn IS NULL",
            "withdrawn": "c.date_withdrawn IS NOT NULL",
            "none": "c.id IS NULL",
        }
        if flt.consent:
            if flt.consent not in consent:
                raise QueryProblem(Message("query.unknown_consent", value=quoted(flt.consent, 20)))
            shared.append(consent[flt.consent])
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
        if not conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE name = 'search_violation'"
        ).first():
            return
        conn.exec_driver_sql("DELETE FROM search_violation")
        conn.exec_driver_sql(
            "INSERT INTO search_violation(rowid, reported_impact, place, category_label, "
            "perpetrator_label) SELECT v.id, v.reported_impact, v.place, "
            "coalesce((SELECT label_en || ' ' || label_ko FROM vocabulary_term WHERE "
            "scheme = 'violation_category' AND code = v.category), ''), "
            "coalesce((SELECT label_en || ' ' || label_ko FROM vocabulary_term WHERE "
            "scheme = 'perpetrator' AND code = v.perpetrator), '') FROM violation v"
        )


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
