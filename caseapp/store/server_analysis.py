"""The analysed half of the search index on PostgreSQL (issue 16, migration 0020).

PostgreSQL cannot run Kiwi, so caseapp analyses the text itself: the server's triggers index
a record's words as written and mark its index row not yet analysed; caseapp then reads the
marked rows' text, analyses it (caseapp/store/text_analysis.py, the same code as the SQLite
index's ``caseapp_terms``) and appends the terms to the row's tsvector. Each term is a
lexeme marked with ``~`` (``'~camp'``), so the written word "camp" and the analysed term of
"camps" stay apart: a match as written ranks above a match of the analysed terms, as on
SQLite. They carry weight D, in order after the written words, so that phrases of terms
work.

Run after every audited write (services/audit.py, in the writer's transaction: the writer
sees its own rows, whatever row-level security hides from it), when an archive is opened, and
by the migration for rows indexed before it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, text

from caseapp.store.text_analysis import TextAnalyzer, shared_analyzer

MARK = "~"
MAX_POSITION = 16383  # tsvector positions stop here
BATCH = 2000

_LABEL = (
    "coalesce((SELECT label_en || ' ' || label_ko FROM vocabulary_term "
    "WHERE scheme = '{scheme}' AND code = r.{column}), '')"
)
_TEXTS = {
    "testimony": "r.title, r.summary, r.narrative",
    "violation": "r.reported_impact, r.place, "
    + _LABEL.format(scheme="violation_category", column="category")
    + ", "
    + _LABEL.format(scheme="perpetrator", column="perpetrator"),
}


# A record's words as written, as the index triggers of migration 0015 compute them.
_WRITTEN = {
    "testimony": "caseapp_testimony_doc(r.title, r.summary, r.narrative)",
    "violation": "caseapp_violation_doc(r.reported_impact, r.place, r.category, r.perpetrator)",
}


def _lexeme(term: str) -> str:
    return "'" + (MARK + term).replace("\\", "\\\\").replace("'", "''") + "'"


def terms_vector(terms: Sequence[str]) -> str:
    """A tsvector literal of ``terms`` in order, each marked, at weight D."""
    places: dict[str, list[int]] = {}
    for position, term in enumerate(terms, 1):
        if term and len(term.encode("utf-8")) < 2000:
            places.setdefault(term, []).append(min(position, MAX_POSITION))
    return " ".join(
        _lexeme(term) + ":" + ",".join(f"{p}D" for p in sorted(set(positions)))
        for term, positions in places.items()
    )


def index_terms(analyzer: TextAnalyzer, texts: Iterable[str | None]) -> str:
    """What the index holds of a record's texts: terms in order, then compound wholes."""
    return analyzer.index_text(" ".join(t for t in texts if t))


def analyse_pending(
    conn: Connection, analyzer: TextAnalyzer | None = None, written_again: bool = False
) -> int:
    """Analyse every index row marked not yet analysed; how many were. In the caller's
    transaction; nothing when the archive has no such index (SQLite, or before 0020).

    A marked row holds the words as written, indexed by the triggers when the record was
    written (they mark it), and the terms are appended to it. ``written_again``: the words
    as written are indexed again first (migration 0020, whose rows were indexed before it
    changed how words are split)."""
    analyzer = analyzer or shared_analyzer()
    done = 0
    for kind, texts in _TEXTS.items():
        while True:
            rows = conn.execute(
                text(
                    f"SELECT s.id, {texts} FROM search_{kind} s JOIN {kind} r ON r.id = s.id "
                    f"WHERE NOT s.analysed ORDER BY s.id LIMIT {BATCH}"
                )
            ).all()
            if not rows:
                break
            ids = [row[0] for row in rows]
            vectors = [terms_vector(index_terms(analyzer, row[1:]).split()) for row in rows]
            # Indexing the text again cost a quarter of the analysis (a testimony's 2,000
            # characters): the triggers indexed it a moment ago.
            written = _WRITTEN[kind] if written_again else "s.doc"
            conn.execute(
                text(
                    f"UPDATE search_{kind} s SET doc = {written} || "
                    "CAST(v.vec AS tsvector), analysed = true "
                    "FROM unnest(CAST(:ids AS integer[]), CAST(:vecs AS text[])) AS v(id, vec), "
                    f"{kind} r WHERE s.id = v.id AND r.id = v.id AND NOT s.analysed"
                ),
                {"ids": ids, "vecs": vectors},
            )
            done += len(rows)
    return done
