"""best-first lists for common search phrases (issue 18)

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-04

FTS5's bm25 ranks every document a phrase matches to find the best few: 0.4 s for 회령 at a
million testimonies. ``search_rank_list`` names the phrases that have a list (only common
ones: caseapp/store/rank_lists.py makes them), with the number of documents each matches
and when a search last asked for it; ``search_rank_entry`` holds, for each, every document
it matches, with what bm25 needs (the phrase's weighted frequency in it, its length), whether it is
live (not deleted, nor a violation's testimony) and ``lead``, the order to read them best
first. A search reads them best first and stops once
nothing further down can win.

No list exists after this migration; the triggers below do nothing until one does. They
keep every list exactly as the index: the search index's own triggers (migration 0019)
write the same documents, and ``caseapp_rank_freqs`` (registered on every connection by
caseapp/store/engine.py) indexes each one alone in memory to tell which listed phrases it
matches, and how often. SQLite only: the server keeps word ranks (migration 0017).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0033"
down_revision: str | None = "0032"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_LABELS = (
    "coalesce((SELECT label_en || ' ' || label_ko FROM vocabulary_term"
    " WHERE scheme = '{scheme}' AND code = new.{column}), '')"
)
_CATEGORY = _LABELS.format(scheme="violation_category", column="category")
_PERPETRATOR = _LABELS.format(scheme="perpetrator", column="perpetrator")
# Each kind's indexed values of ``new`` as migration 0019's triggers write them, and the
# columns whose change re-indexes a record.
_VALUES = {
    "testimony": (
        "new.title, new.summary, new.narrative, "
        "caseapp_terms(new.title, new.summary, new.narrative)"
    ),
    "violation": (
        f"new.reported_impact, new.place, {_CATEGORY}, {_PERPETRATOR}, "
        f"caseapp_terms(new.reported_impact, new.place, {_CATEGORY}, {_PERPETRATOR})"
    ),
}
_WATCHED = {
    "testimony": "title, summary, narrative",
    "violation": "reported_impact, place, category, perpetrator",
}
TRIGGERS = (
    "search_rank_entry_ai",
    "search_rank_entry_ad",
    *(f"search_rank_{kind}_{event}" for kind in _VALUES for event in ("ai", "ad", "au", "live")),
)


# Whether ``new`` is live: not deleted, nor (a violation) its testimony.
_LIVE = {
    "testimony": "new.deleted_at IS NULL",
    "violation": (
        "new.deleted_at IS NULL AND "
        "(SELECT deleted_at FROM testimony WHERE id = new.testimony_id) IS NULL"
    ),
}


def _lists(kind: str) -> str:
    return f"(SELECT id FROM search_rank_list WHERE kind = '{kind}')"


def _add(kind: str) -> str:
    lists = (
        "(SELECT json_group_array(json_array(id, phrase, average)) FROM search_rank_list "
        f"WHERE kind = '{kind}')"
    )
    return (
        "INSERT INTO search_rank_entry (list_id, lead, doc, freq, size, live) "
        "SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), new.id, "
        f"json_extract(value, '$[2]'), json_extract(value, '$[3]'), {_LIVE[kind]} "
        f"FROM json_each(caseapp_rank_freqs('{kind}', {lists}, {_VALUES[kind]}));"
    )


# A deletion or a restoration: the record's entries (and a testimony's violations') say
# whether it is live, so that a search reads no record row to leave the deleted out. A
# record's entries are found by the record (``+list_id``: not by the list, which SQLite
# without statistics preferred, reading a whole list to change one record's entry).
_LIVENESS = {
    "testimony": (
        "deleted_at",
        f"UPDATE search_rank_entry SET live = {_LIVE['testimony']} "
        f"WHERE doc = new.id AND +list_id IN {_lists('testimony')}; "
        "UPDATE search_rank_entry SET live = new.deleted_at IS NULL AND "
        "(SELECT v.deleted_at FROM violation v WHERE v.id = search_rank_entry.doc) IS NULL "
        "WHERE doc IN (SELECT id FROM violation WHERE testimony_id = new.id) "
        f"AND +list_id IN {_lists('violation')};",
    ),
    "violation": (
        "deleted_at, testimony_id",
        f"UPDATE search_rank_entry SET live = {_LIVE['violation']} "
        f"WHERE doc = new.id AND +list_id IN {_lists('violation')};",
    ),
}


def _remove(kind: str) -> str:
    return f"DELETE FROM search_rank_entry WHERE doc = old.id AND +list_id IN {_lists(kind)};"


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(
        "CREATE TABLE search_rank_list (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, "
        "phrase TEXT NOT NULL, docs INTEGER NOT NULL, average REAL NOT NULL, "
        "used TEXT NOT NULL, UNIQUE (kind, phrase))"
    )
    op.execute(
        "CREATE TABLE search_rank_entry (list_id INTEGER NOT NULL, lead REAL NOT NULL, "
        "doc INTEGER NOT NULL, freq REAL NOT NULL, size INTEGER NOT NULL, "
        "live INTEGER NOT NULL, PRIMARY KEY (list_id, lead, doc)) WITHOUT ROWID"
    )
    # A document's entries, with their frequencies: a candidate's other phrases, and the
    # entries a re-indexed or deleted record changes. The document first: without planner
    # statistics (a new list), SQLite took (list_id, doc) for the primary key's first column
    # and read a whole list to delete one record's entry.
    op.execute("CREATE INDEX ix_search_rank_entry_doc ON search_rank_entry (doc, list_id, freq)")
    # Each list's count of documents (bm25's n(q)), kept with its entries.
    op.execute(
        "CREATE TRIGGER search_rank_entry_ai AFTER INSERT ON search_rank_entry BEGIN "
        "UPDATE search_rank_list SET docs = docs + 1 WHERE id = new.list_id; END"
    )
    op.execute(
        "CREATE TRIGGER search_rank_entry_ad AFTER DELETE ON search_rank_entry BEGIN "
        "UPDATE search_rank_list SET docs = docs - 1 WHERE id = old.list_id; END"
    )
    for kind, watched in _WATCHED.items():
        when = f"WHEN EXISTS (SELECT 1 FROM search_rank_list WHERE kind = '{kind}')"
        op.execute(
            f"CREATE TRIGGER search_rank_{kind}_ai AFTER INSERT ON {kind} {when} "
            f"BEGIN {_add(kind)} END"
        )
        op.execute(
            f"CREATE TRIGGER search_rank_{kind}_ad AFTER DELETE ON {kind} {when} "
            f"BEGIN {_remove(kind)} END"
        )
        op.execute(
            f"CREATE TRIGGER search_rank_{kind}_au AFTER UPDATE OF {watched} ON {kind} {when} "
            f"BEGIN {_remove(kind)} {_add(kind)} END"
        )
        columns, statements = _LIVENESS[kind]
        op.execute(
            f"CREATE TRIGGER search_rank_{kind}_live AFTER UPDATE OF {columns} ON {kind} "
            "WHEN EXISTS (SELECT 1 FROM search_rank_list) "
            f"BEGIN {statements} END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS search_rank_entry")
    op.execute("DROP TABLE IF EXISTS search_rank_list")
