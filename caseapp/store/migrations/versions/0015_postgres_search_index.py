"""the search index on PostgreSQL: words in tsvector columns with GIN, kept current by
triggers

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03

SQLite has its FTS5 indexes (0004, 0007); this gives PostgreSQL the same search. Debian's
PostgreSQL has no Korean parser, and none is needed to behave as FTS5 does: FTS5's
unicode61 tokenizer splits text into words at every character that is not a letter or a
digit, folds case and strips Latin diacritics, and a Korean word is searched as a prefix
(회령 finds 회령에서, 회령시). ``caseapp_search_text`` splits text the same way (ICU's
letters and digits, whatever the database's own locale), and the ``simple`` configuration
turns the words into a tsvector; a GIN index answers words, prefixes (``'회령':*``) and
phrases (``<->``). Title, summary and narrative are weighted A, B, C for ranking as FTS5's
bm25 weights them (5, 2, 1); a violation's impact, place and its category's and
perpetrator's labels (both languages) A to D.

pg_trgm was measured too (README, "Team server"): trigrams cannot serve the two-syllable
Korean words most searches are made of, and have no phrases or word ranking.

The lists sort empty dates first going up and last going down, as SQLite does
(services/listing/base.py says so explicitly); PostgreSQL's own order is the other way
round, so the two date indexes the lists page through are rebuilt here with NULLS FIRST,
which serves both directions.

The index tables hold only the tsvector (no second copy of the text); a statement trigger
indexes bulk inserts in one pass, row triggers follow edits and deletes.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Latin letters whose canonical decomposition is an ASCII letter and combining marks (what
# FTS5's remove_diacritics strips), after lower-casing.
_ACCENTED = (
    "àáâãäåçèéêëìíîïñòóôõöùúûüýÿāăąćĉċčďēĕėęěĝğġģĥĩīĭįĵķĺļľńņňōŏőŕŗřśŝşšţťũūŭůűųŵŷźżžơưǎǐǒǔ"
    "ǖǘǚǜǟǡǧǩǫǭǰǵǹǻȁȃȅȇȉȋȍȏȑȓȕȗșțȟȧȩȫȭȯȱȳ"
)
_PLAIN = (
    "aaaaaaceeeeiiiinooooouuuuyyaaaccccdeeeeegggghiiiijklllnnnooorrrssssttuuuuuuwyzzzouaiou"
    "uuuuaagkoojgnaaaeeiioorruusthaeooooy"
)
assert len(_ACCENTED) == len(_PLAIN)

_LABEL = (
    "coalesce((SELECT label_en || ' ' || label_ko FROM vocabulary_term "
    "WHERE scheme = '{scheme}' AND code = {value}), '')"
)


def _execute(statement: str) -> None:
    # Straight to the driver: text() would read ":alnum:" in the regular expression as a
    # bound parameter.
    op.get_bind().exec_driver_sql(statement)


_SORT_INDEXES = (
    ("ix_testimony_interview_date", "testimony", "interview_date"),
    ("ix_violation_date_start", "violation", "date_start"),
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, table, column in _SORT_INDEXES:
        _execute(f"DROP INDEX {name}")
        _execute(f"CREATE INDEX {name} ON {table} ({column} NULLS FIRST, id)")
    _execute(
        f"""CREATE FUNCTION caseapp_search_text(body text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT regexp_replace(
            translate(lower(coalesce(body, '') COLLATE "und-x-icu"), '{_ACCENTED}', '{_PLAIN}')
                COLLATE "und-x-icu",
            '[^[:alnum:]]+', ' ', 'g')
        $$"""
    )
    _execute(
        """CREATE FUNCTION caseapp_testimony_doc(title text, summary text, narrative text)
        RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT setweight(to_tsvector('simple', caseapp_search_text(title)), 'A')
            || setweight(to_tsvector('simple', caseapp_search_text(summary)), 'B')
            || setweight(to_tsvector('simple', caseapp_search_text(narrative)), 'C')
        $$"""
    )
    category = _LABEL.format(scheme="violation_category", value="category")
    perpetrator = _LABEL.format(scheme="perpetrator", value="perpetrator")
    _execute(
        f"""CREATE FUNCTION caseapp_violation_doc(
            reported_impact text, place text, category text, perpetrator text)
        RETURNS tsvector LANGUAGE sql STABLE AS $$
        SELECT setweight(to_tsvector('simple', caseapp_search_text(reported_impact)), 'A')
            || setweight(to_tsvector('simple', caseapp_search_text(place)), 'B')
            || setweight(to_tsvector('simple', caseapp_search_text({category})), 'C')
            || setweight(to_tsvector('simple', caseapp_search_text({perpetrator})), 'D')
        $$"""
    )
    for kind in ("testimony", "violation"):
        _execute(f"CREATE TABLE search_{kind} (id integer PRIMARY KEY, doc tsvector NOT NULL)")
        _execute(f"CREATE INDEX ix_search_{kind}_doc ON search_{kind} USING gin (doc)")
    testimony_doc = "caseapp_testimony_doc(r.title, r.summary, r.narrative)"
    violation_doc = "caseapp_violation_doc(r.reported_impact, r.place, r.category, r.perpetrator)"
    for kind, doc, columns in (
        ("testimony", testimony_doc, "title, summary, narrative"),
        ("violation", violation_doc, "reported_impact, place, category, perpetrator"),
    ):
        row_doc = doc.replace("r.", "NEW.")
        _execute(
            f"""CREATE FUNCTION caseapp_index_{kind}_rows() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO search_{kind} (id, doc) SELECT r.id, {doc} FROM new_rows r
                ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc;
                RETURN NULL;
            END $$"""
        )
        _execute(
            f"""CREATE FUNCTION caseapp_index_{kind}() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'DELETE' THEN
                    DELETE FROM search_{kind} WHERE id = OLD.id;
                ELSE
                    INSERT INTO search_{kind} (id, doc) VALUES (NEW.id, {row_doc})
                    ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc;
                END IF;
                RETURN NULL;
            END $$"""
        )
        _execute(
            f"""CREATE TRIGGER search_{kind}_ai AFTER INSERT ON {kind}
            REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
            EXECUTE FUNCTION caseapp_index_{kind}_rows()"""
        )
        _execute(
            f"""CREATE TRIGGER search_{kind}_au AFTER UPDATE OF {columns} ON {kind}
            FOR EACH ROW EXECUTE FUNCTION caseapp_index_{kind}()"""
        )
        _execute(
            f"""CREATE TRIGGER search_{kind}_ad AFTER DELETE ON {kind}
            FOR EACH ROW EXECUTE FUNCTION caseapp_index_{kind}()"""
        )
        _execute(f"INSERT INTO search_{kind} (id, doc) SELECT r.id, {doc} FROM {kind} r")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for kind in ("testimony", "violation"):
        for event in ("ai", "au", "ad"):
            _execute(f"DROP TRIGGER IF EXISTS search_{kind}_{event} ON {kind}")
        _execute(f"DROP FUNCTION IF EXISTS caseapp_index_{kind}_rows()")
        _execute(f"DROP FUNCTION IF EXISTS caseapp_index_{kind}()")
        _execute(f"DROP TABLE IF EXISTS search_{kind}")
    _execute("DROP FUNCTION IF EXISTS caseapp_violation_doc(text, text, text, text)")
    _execute("DROP FUNCTION IF EXISTS caseapp_testimony_doc(text, text, text)")
    _execute("DROP FUNCTION IF EXISTS caseapp_search_text(text)")
