"""full-text search index for testimonies and violations, kept current by triggers

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28

FTS5 with the unicode61 tokenizer: queries use word-prefix matching, so a two-syllable
Korean word (회령) finds its inflected forms (회령에서, 회령시) as fast as a longer one, which
a trigram index cannot do (tech-notes). The index lives inside the encrypted file.

search_testimony is an external-content index over testimony (no second copy of the text);
search_violation holds the violation's own words plus the labels of its category and
perpetrator in both languages, so "State Security" or "고문" find violations too.
A batch migration that rebuilds testimony or violation drops these triggers: call
create_triggers() again in that migration.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TOKENIZE = "unicode61 remove_diacritics 2"

_LABELS = (
    "coalesce((SELECT label_en || ' ' || label_ko FROM vocabulary_term"
    " WHERE scheme = '{scheme}' AND code = {row}.{column}), '')"
)


def _violation_values(row: str) -> str:
    category = _LABELS.format(scheme="violation_category", row=row, column="category")
    perpetrator = _LABELS.format(scheme="perpetrator", row=row, column="perpetrator")
    return f"{row}.id, {row}.reported_impact, {row}.place, {category}, {perpetrator}"


def create_triggers() -> None:
    columns = "title, summary, narrative"
    op.execute(
        f"""CREATE TRIGGER search_testimony_ai AFTER INSERT ON testimony BEGIN
        INSERT INTO search_testimony(rowid, {columns})
        VALUES (new.id, new.title, new.summary, new.narrative); END"""
    )
    op.execute(
        f"""CREATE TRIGGER search_testimony_ad AFTER DELETE ON testimony BEGIN
        INSERT INTO search_testimony(search_testimony, rowid, {columns})
        VALUES ('delete', old.id, old.title, old.summary, old.narrative); END"""
    )
    op.execute(
        f"""CREATE TRIGGER search_testimony_au AFTER UPDATE OF {columns} ON testimony BEGIN
        INSERT INTO search_testimony(search_testimony, rowid, {columns})
        VALUES ('delete', old.id, old.title, old.summary, old.narrative);
        INSERT INTO search_testimony(rowid, {columns})
        VALUES (new.id, new.title, new.summary, new.narrative); END"""
    )
    vcolumns = "rowid, reported_impact, place, category_label, perpetrator_label"
    op.execute(
        f"""CREATE TRIGGER search_violation_ai AFTER INSERT ON violation BEGIN
        INSERT INTO search_violation({vcolumns}) VALUES ({_violation_values("new")}); END"""
    )
    op.execute(
        """CREATE TRIGGER search_violation_ad AFTER DELETE ON violation BEGIN
        DELETE FROM search_violation WHERE rowid = old.id; END"""
    )
    op.execute(
        f"""CREATE TRIGGER search_violation_au AFTER UPDATE OF reported_impact, place,
        category, perpetrator ON violation BEGIN
        DELETE FROM search_violation WHERE rowid = old.id;
        INSERT INTO search_violation({vcolumns}) VALUES ({_violation_values("new")}); END"""
    )


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # other engines get their own search later; the app falls back to LIKE
    op.execute(
        "CREATE VIRTUAL TABLE search_testimony USING fts5(title, summary, narrative, "
        f"content='testimony', content_rowid='id', tokenize='{TOKENIZE}')"
    )
    op.execute(
        "CREATE VIRTUAL TABLE search_violation USING fts5(reported_impact, place, "
        f"category_label, perpetrator_label, tokenize='{TOKENIZE}')"
    )
    op.execute("INSERT INTO search_testimony(search_testimony) VALUES ('rebuild')")
    op.execute(
        "INSERT INTO search_violation(rowid, reported_impact, place, category_label, "
        f"perpetrator_label) SELECT {_violation_values('violation')} FROM violation"
    )
    create_triggers()


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in (
        "testimony_ai",
        "testimony_ad",
        "testimony_au",
        "violation_ai",
        "violation_ad",
        "violation_au",
    ):
        op.execute(f"DROP TRIGGER IF EXISTS search_{name}")
    op.execute("DROP TABLE IF EXISTS search_violation")
    op.execute("DROP TABLE IF EXISTS search_testimony")
