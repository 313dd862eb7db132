"""the search index reads Korean and English as words (issue 16): an analysed column

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02

Each FTS5 table gains a column ``terms``: the nouns and stems of the record's text as Kiwi
reads Korean (회령으로 → 회령; 헌법재판소 → 헌법 재판소) and English words stemmed, in one
spelling (camps → camp, labor → labour); caseapp/store/text_analysis.py. The columns of
the text as written stay beside it, so a word is still found as typed (a name the analyser
does not know), and such a match ranks above a match of the analysed terms alone.

Terms are computed by the SQL function ``caseapp_terms``, which caseapp registers on every
SQLite connection, in the tables' triggers; so every path that writes a record (the window,
imports, the exchange, restores) keeps the index right.

The tables become contentless (``content=''``, ``contentless_delete=1``): nothing of the
text is stored twice, a deletion is by rowid (an external-content table must be told the
old values, and old terms computed again by a changed analyser would leave words behind),
and the passage shown with a hit is cut from the record itself by caseapp
(services/search_snippets.py), which marks inflected and compound matches that FTS5's
``snippet`` could not see.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TOKENIZE = "unicode61 remove_diacritics 2"
# Korean's interpunct is written with the letter arae-a (시장ㆍ군수ㆍ구청장, U+318D; U+119E
# after NFKC), which unicode61 takes for a letter: told here it separates words.
TOKENIZE_0019 = TOKENIZE + " separators '\u318d\u119e'"
OPTIONS = f"tokenize=\"{TOKENIZE_0019}\", prefix='2', content='', contentless_delete=1"

TESTIMONY_COLUMNS = "title, summary, narrative, terms"
VIOLATION_COLUMNS = "reported_impact, place, category_label, perpetrator_label, terms"

_LABELS = (
    "coalesce((SELECT label_en || ' ' || label_ko FROM vocabulary_term"
    " WHERE scheme = '{scheme}' AND code = {row}.{column}), '')"
)


def testimony_values(row: str) -> str:
    return (
        f"{row}.id, {row}.title, {row}.summary, {row}.narrative, "
        f"caseapp_terms({row}.title, {row}.summary, {row}.narrative)"
    )


def violation_values(row: str) -> str:
    category = _LABELS.format(scheme="violation_category", row=row, column="category")
    perpetrator = _LABELS.format(scheme="perpetrator", row=row, column="perpetrator")
    return (
        f"{row}.id, {row}.reported_impact, {row}.place, {category}, {perpetrator}, "
        f"caseapp_terms({row}.reported_impact, {row}.place, {category}, {perpetrator})"
    )


TRIGGERS = (
    "search_testimony_ai",
    "search_testimony_ad",
    "search_testimony_au",
    "search_violation_ai",
    "search_violation_ad",
    "search_violation_au",
)


def _drop_index() -> None:
    """The search index of either side of this revision, with its triggers."""
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for table in ("testimony_vocab", "violation_vocab", "testimony", "violation"):
        op.execute(f"DROP TABLE IF EXISTS search_{table}")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    _drop_index()
    op.execute(f"CREATE VIRTUAL TABLE search_testimony USING fts5({TESTIMONY_COLUMNS}, {OPTIONS})")
    op.execute(f"CREATE VIRTUAL TABLE search_violation USING fts5({VIOLATION_COLUMNS}, {OPTIONS})")
    op.execute(
        f"INSERT INTO search_testimony(rowid, {TESTIMONY_COLUMNS}) "
        f"SELECT {testimony_values('testimony')} FROM testimony"
    )
    op.execute(
        f"INSERT INTO search_violation(rowid, {VIOLATION_COLUMNS}) "
        f"SELECT {violation_values('violation')} FROM violation"
    )
    # Each index's words with the records holding them (for "did you mean"; a view of the
    # index, storing nothing).
    for kind in ("testimony", "violation"):
        op.execute(f"CREATE VIRTUAL TABLE search_{kind}_vocab USING fts5vocab(search_{kind}, col)")
    for kind, columns, values, watched in (
        ("testimony", TESTIMONY_COLUMNS, testimony_values, "title, summary, narrative"),
        (
            "violation",
            VIOLATION_COLUMNS,
            violation_values,
            "reported_impact, place, category, perpetrator",
        ),
    ):
        table = f"search_{kind}"
        insert = f"INSERT INTO {table}(rowid, {columns}) SELECT {values('new')};"
        delete = f"DELETE FROM {table} WHERE rowid = old.id;"
        op.execute(f"CREATE TRIGGER {table}_ai AFTER INSERT ON {kind} BEGIN {insert} END")
        op.execute(f"CREATE TRIGGER {table}_ad AFTER DELETE ON {kind} BEGIN {delete} END")
        op.execute(
            f"CREATE TRIGGER {table}_au AFTER UPDATE OF {watched} ON {kind} "
            f"BEGIN {delete} {insert} END"
        )


def downgrade() -> None:
    """Back to 0007's index: the testimonies' with external content, the violations' with
    its own copy, both with 0004's triggers, without analysed terms."""
    if op.get_bind().dialect.name != "sqlite":
        return
    _drop_index()
    old = f"tokenize='{TOKENIZE}', prefix='2'"
    text = "title, summary, narrative"
    labels = "reported_impact, place, category_label, perpetrator_label"
    op.execute(
        f"CREATE VIRTUAL TABLE search_testimony USING fts5({text}, content='testimony', "
        f"content_rowid='id', {old})"
    )
    op.execute("INSERT INTO search_testimony(search_testimony) VALUES ('rebuild')")
    op.execute(f"CREATE VIRTUAL TABLE search_violation USING fts5({labels}, {old})")
    plain = violation_values("{row}").rsplit(", caseapp_terms(", 1)[0]
    op.execute(
        f"INSERT INTO search_violation(rowid, {labels}) "
        f"SELECT {plain.format(row='violation')} FROM violation"
    )
    op.execute(
        f"""CREATE TRIGGER search_testimony_ai AFTER INSERT ON testimony BEGIN
        INSERT INTO search_testimony(rowid, {text})
        VALUES (new.id, new.title, new.summary, new.narrative); END"""
    )
    op.execute(
        f"""CREATE TRIGGER search_testimony_ad AFTER DELETE ON testimony BEGIN
        INSERT INTO search_testimony(search_testimony, rowid, {text})
        VALUES ('delete', old.id, old.title, old.summary, old.narrative); END"""
    )
    op.execute(
        f"""CREATE TRIGGER search_testimony_au AFTER UPDATE OF {text} ON testimony BEGIN
        INSERT INTO search_testimony(search_testimony, rowid, {text})
        VALUES ('delete', old.id, old.title, old.summary, old.narrative);
        INSERT INTO search_testimony(rowid, {text})
        VALUES (new.id, new.title, new.summary, new.narrative); END"""
    )
    row = "rowid, " + labels
    op.execute(
        f"""CREATE TRIGGER search_violation_ai AFTER INSERT ON violation BEGIN
        INSERT INTO search_violation({row}) VALUES ({plain.format(row="new")}); END"""
    )
    op.execute(
        """CREATE TRIGGER search_violation_ad AFTER DELETE ON violation BEGIN
        DELETE FROM search_violation WHERE rowid = old.id; END"""
    )
    op.execute(
        f"""CREATE TRIGGER search_violation_au AFTER UPDATE OF reported_impact, place,
        category, perpetrator ON violation BEGIN
        DELETE FROM search_violation WHERE rowid = old.id;
        INSERT INTO search_violation({row}) VALUES ({plain.format(row="new")}); END"""
    )
