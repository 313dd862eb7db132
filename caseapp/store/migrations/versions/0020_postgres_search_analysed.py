"""the search index on PostgreSQL reads Korean and English as words too (issue 16)

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02

As migration 0019 does for SQLite: each record's analysed terms (회령으로 → 회령, camps →
camp, 公務員 → 공무원) join its index. PostgreSQL cannot run the analyser, so the triggers
of 0015 index the words as written and mark the row not yet analysed; caseapp appends the
terms (caseapp/store/server_analysis.py) after each write, at each opening, and here for
every row indexed before.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_DOCS = {
    "testimony": "caseapp_testimony_doc(r.title, r.summary, r.narrative)",
    "violation": "caseapp_violation_doc(r.reported_impact, r.place, r.category, r.perpetrator)",
}


# ts_rank's weights for D, C, B, A, as engines/postgres.py ranks each kind (0017).
_WEIGHTS = {"testimony": "{0.1, 0.2, 0.4, 1.0}", "violation": "{0.33, 0.33, 0.67, 1.0}"}


# 0015's letters with accents and their plain forms (what FTS5's remove_diacritics strips).
_ACCENTED = (
    "àáâãäåçèéêëìíîïñòóôõöùúûüýÿāăąćĉċčďēĕėęěĝğġģĥĩīĭįĵķĺļľńņňōŏőŕŗřśŝşšţťũūŭůűųŵŷźżžơưǎǐǒǔ"
    "ǖǘǚǜǟǡǧǩǫǭǰǵǹǻȁȃȅȇȉȋȍȏȑȓȕȗșțȟȧȩȫȭȯȱȳ"
)
_PLAIN = (
    "aaaaaaceeeeiiiinooooouuuuyyaaaccccdeeeeegggghiiiijklllnnnooorrrssssttuuuuuuwyzzzouaiou"
    "uuuuaagkoojgnaaaeeiioorruusthaeooooy"
)


def _execute(statement: str) -> None:
    op.get_bind().exec_driver_sql(statement)


def _triggers(analysed_column: bool) -> None:
    """0015's trigger functions; with the column, an indexed row is marked not analysed."""
    for kind, doc in _DOCS.items():
        row_doc = doc.replace("r.", "NEW.")
        mark = ", analysed = false" if analysed_column else ""
        _execute(
            f"""CREATE OR REPLACE FUNCTION caseapp_index_{kind}_rows() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO search_{kind} (id, doc) SELECT r.id, {doc} FROM new_rows r
                ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc{mark};
                RETURN NULL;
            END $$"""
        )
        _execute(
            f"""CREATE OR REPLACE FUNCTION caseapp_index_{kind}() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'DELETE' THEN
                    DELETE FROM search_{kind} WHERE id = OLD.id;
                ELSE
                    INSERT INTO search_{kind} (id, doc) VALUES (NEW.id, {row_doc})
                    ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc{mark};
                END IF;
                RETURN NULL;
            END $$"""
        )


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for kind in _DOCS:
        _execute(f"ALTER TABLE search_{kind} ADD COLUMN analysed boolean NOT NULL DEFAULT false")
        _execute(f"CREATE INDEX ix_search_{kind}_pending ON search_{kind} (id) WHERE NOT analysed")
    _triggers(analysed_column=True)
    # Korean's interpunct, written with the letter arae-a (시장ㆍ군수, U+318D, or its jamo
    # U+119E), separates words as it does in the SQLite index (0019): 0015's splitting
    # function takes it for a letter. The rows' words are indexed again below.
    _execute(
        """CREATE OR REPLACE FUNCTION caseapp_search_text(body text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT regexp_replace(
            translate(lower(coalesce(body, '') COLLATE "und-x-icu"), """
        + f"'{_ACCENTED}\u318d\u119e', '{_PLAIN}  ')"
        + """
                COLLATE "und-x-icu",
            '[^[:alnum:]]+', ' ', 'g')
        $$"""
    )
    # 0017's word ranks quoted each lexeme without escaping it: written words never held a
    # quote or a backslash, but nothing in a record may break the index.
    _execute(
        r"""CREATE OR REPLACE FUNCTION caseapp_search_words(doc tsvector, column_weights real[])
        RETURNS TABLE (word text, score real)
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT u.lexeme, ts_rank(column_weights, doc, CAST(
            '''' || replace(replace(u.lexeme, '\', '\\'), '''', '''''') || '''' AS tsquery))
        FROM unnest(doc) AS u
        $$"""
    )
    # The word ranks of 0017 followed an update of a record's index row by deleting each of
    # its old words by (word, record), which the (word, score, id) index answers by reading
    # every record holding the word: seconds for one edit at 100,000 testimonies, and hours
    # for the analysis above, which updates every row. Now by record: an index on the
    # record's id (small: B-tree deduplication stores each id once per page), and an update
    # changes only the words whose rank changed (the analysis only adds marked ones).
    for kind, weights in _WEIGHTS.items():
        words, prefixes = f"search_{kind}_word", f"search_{kind}_prefix"
        _execute(f"CREATE INDEX ix_{words}_id ON {words} (id)")
        _execute(f"CREATE INDEX ix_{prefixes}_id ON {prefixes} (id)")
        ranked = (
            "SELECT s.word, r.id, s.score FROM {rows} r, "
            f"caseapp_search_words(r.doc, '{weights}') s"
        )
        update = (
            f"WITH o AS ({ranked.replace('{rows}', 'old_rows')}), "
            f"n AS ({ranked.replace('{rows}', 'new_rows')}), "
            "gone AS (SELECT * FROM o EXCEPT SELECT * FROM n), "
            "added AS (SELECT * FROM n EXCEPT SELECT * FROM o), "
            # "|| ''": found through the record's id, never through the word (a word
            # shared by many records would be read whole for each of them).
            f"dropped AS (DELETE FROM {words} w USING gone g "
            "WHERE w.id = g.id AND w.word || '' = g.word AND w.score = g.score), "
            f"kept AS (INSERT INTO {words} (word, id, score) SELECT word, id, score FROM added), "
            "touched AS (SELECT DISTINCT id, left(word, 2) AS prefix FROM "
            "(SELECT id, word FROM gone UNION ALL SELECT id, word FROM added) c "
            "WHERE char_length(word) >= 2), "
            f"unsummed AS (DELETE FROM {prefixes} p USING touched t "
            "WHERE p.id = t.id AND p.prefix || '' = t.prefix) "
            f"INSERT INTO {prefixes} (prefix, id, score) SELECT t.prefix, n.id, sum(n.score) "
            "FROM n JOIN touched t ON t.id = n.id AND t.prefix = left(n.word, 2) GROUP BY 1, 2;"
        )
        delete = (
            f"DELETE FROM {words} WHERE id IN (SELECT id FROM old_rows);"
            f"DELETE FROM {prefixes} WHERE id IN (SELECT id FROM old_rows);"
        )
        # An INSERT ... ON CONFLICT DO UPDATE (0015's triggers index every new row so) fires
        # the UPDATE statement trigger too, with no rows: planning the statement above for
        # nothing took 4 ms a row in a bulk import, hence the check first.
        update = f"IF EXISTS (SELECT 1 FROM new_rows) THEN {update} END IF;"
        for event, body in (("update", update), ("delete", delete)):
            _execute(
                f"""CREATE OR REPLACE FUNCTION caseapp_{words}_{event}() RETURNS trigger
                LANGUAGE plpgsql AS $$
                BEGIN
                    {body}
                    RETURN NULL;
                END $$"""
            )
    from caseapp.store.server_analysis import analyse_pending

    analyse_pending(op.get_bind(), written_again=True)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _triggers(analysed_column=False)
    # The word ranks' triggers of this revision stay: they do what 0017's did, by record.
    for kind in _DOCS:
        _execute(f"DROP INDEX IF EXISTS ix_search_{kind}_word_id")
        _execute(f"DROP INDEX IF EXISTS ix_search_{kind}_prefix_id")
    for kind, doc in _DOCS.items():
        _execute(f"DROP INDEX IF EXISTS ix_search_{kind}_pending")
        _execute(f"ALTER TABLE search_{kind} DROP COLUMN analysed")
        # Back to the words as written.
        _execute(f"UPDATE search_{kind} s SET doc = {doc} FROM {kind} r WHERE r.id = s.id")
