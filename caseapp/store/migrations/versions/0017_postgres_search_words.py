"""the search index on PostgreSQL: each word's weight in each record, for ranking one-word
searches without reading every match

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02

With 0015's index alone, ranking a common word (회령 is in a quarter of the archive) read the
tsvector of every match to compute ts_rank: 0.5 s at 100,000 testimonies. Most searches are one word
(a Korean word is always a prefix), and for one term ts_rank is a sum over the record's
matching words of each word's own rank in the record (checked: equal to the last bit). So
each (word, record) pair keeps that rank here, computed once when the record is indexed, and
so does each (first two characters, record) pair, summed over the record's words that begin
so. An exact word or a two-character prefix (a two-syllable Korean word: the commonest
search and the largest set of matches) is then read best first from an index of
(word, score DESC, id) until enough live records are found; a longer prefix adds up a range
of words from the same index. No record's text is read. Searches of several terms (phrases,
AND, OR, NOT) keep 0015's path. The cost is space: at 100,000 testimonies and 300,000
violations the tables and indexes take about 2.1 GB besides 0015's 0.4 GB.

RUM (Debian's postgresql-15-rum, ranks inside the index) was measured first: at 100,000
testimonies its ordered scan returned prefix and phrase matches out of rank order, and every
Korean search is a prefix (README, "Team server").

Filled by statement triggers on the index tables of 0015 (bulk inserts in one pass; an
update replaces the record's words).

Snippets: ts_headline finds the words to mark with its own parser, which kept accents, so a
search for "cafe" found "Café" but did not mark it. The ``caseapp_headline`` configuration
passes each word through PostgreSQL's ``unaccent`` dictionary (contrib, a trusted extension
the database's owner may create) before lower-casing it. Where the extension cannot be
created, the configuration is plain ``simple`` and such words go unmarked.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# ts_rank's weights for D, C, B, A, as engines/postgres.py ranks each kind.
WEIGHTS = {"testimony": "{0.1, 0.2, 0.4, 1.0}", "violation": "{0.33, 0.33, 0.67, 1.0}"}


def _execute(statement: str) -> None:
    op.get_bind().exec_driver_sql(statement)


_WORD_TOKENS = (
    "asciiword, word, numword, asciihword, hword, numhword, hword_part, hword_asciipart, "
    "hword_numpart"
)


def _headline_configuration() -> None:
    bind = op.get_bind()
    possible = bind.exec_driver_sql(
        "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'unaccent') OR ("
        "EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent') "
        "AND has_database_privilege(current_database(), 'CREATE'))"
    ).scalar()
    _execute("CREATE TEXT SEARCH CONFIGURATION caseapp_headline (COPY = simple)")
    if possible:
        _execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        _execute(
            f"ALTER TEXT SEARCH CONFIGURATION caseapp_headline ALTER MAPPING FOR {_WORD_TOKENS} "
            "WITH unaccent, simple"
        )


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _headline_configuration()
    # The rank of one lexeme in a document: what ts_rank gives for that word alone.
    _execute(
        """CREATE FUNCTION caseapp_search_words(doc tsvector, column_weights real[])
        RETURNS TABLE (word text, score real)
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT u.lexeme, ts_rank(column_weights, doc, CAST('''' || u.lexeme || '''' AS tsquery))
        FROM unnest(doc) AS u
        $$"""
    )
    for kind, weights in WEIGHTS.items():
        words, prefixes = f"search_{kind}_word", f"search_{kind}_prefix"
        _execute(
            f'CREATE TABLE {words} (word text COLLATE "C" NOT NULL, id integer NOT NULL, '
            "score real NOT NULL)"
        )
        _execute(
            f'CREATE TABLE {prefixes} (prefix text COLLATE "C" NOT NULL, id integer NOT NULL, '
            "score real NOT NULL)"
        )
        scored = (
            f"SELECT w.word, n.id, w.score FROM {{rows}} n, "
            f"caseapp_search_words(n.doc, '{weights}') w"
        )
        # Each record's words, and the sums over the words sharing their first two
        # characters: a two-syllable Korean word (the commonest search, and the largest set
        # of matches) is then one row per record, read in rank order from the index.
        fill = (
            f"WITH scored AS ({scored}), "
            f"added AS (INSERT INTO {words} (word, id, score) SELECT * FROM scored) "
            f"INSERT INTO {prefixes} (prefix, id, score) SELECT left(word, 2), id, sum(score) "
            "FROM scored WHERE char_length(word) >= 2 GROUP BY 1, 2"
        )
        _execute(fill.replace("{rows}", f"search_{kind}"))
        # By word (or prefix), best first: a word's best records are the first entries, a
        # longer prefix is a range of words, both read without the table.
        _execute(f"CREATE INDEX ix_{words} ON {words} (word, score DESC, id)")
        _execute(f"CREATE INDEX ix_{prefixes} ON {prefixes} (prefix, score DESC, id)")
        _execute(f"ANALYZE {words}")
        _execute(f"ANALYZE {prefixes}")
        remove = (
            f"DELETE FROM {words} w USING old_rows o, "
            "unnest(tsvector_to_array(o.doc)) AS l(word) WHERE w.word = l.word AND w.id = o.id;"
            f"DELETE FROM {prefixes} p USING old_rows o, "
            "unnest(tsvector_to_array(o.doc)) AS l(word) "
            "WHERE p.prefix = left(l.word, 2) AND p.id = o.id;"
        )
        add = fill.replace("{rows}", "new_rows") + ";"
        for event, body in (("insert", add), ("update", remove + add), ("delete", remove)):
            _execute(
                f"""CREATE FUNCTION caseapp_{words}_{event}() RETURNS trigger
                LANGUAGE plpgsql AS $$
                BEGIN
                    {body}
                    RETURN NULL;
                END $$"""
            )
            tables = {
                "insert": "NEW TABLE AS new_rows",
                "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
                "delete": "OLD TABLE AS old_rows",
            }[event]
            _execute(
                f"""CREATE TRIGGER {words}_{event} AFTER {event.upper()} ON search_{kind}
                REFERENCING {tables} FOR EACH STATEMENT
                EXECUTE FUNCTION caseapp_{words}_{event}()"""
            )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for kind in WEIGHTS:
        table = f"search_{kind}_word"
        for event in ("insert", "update", "delete"):
            _execute(f"DROP TRIGGER IF EXISTS {table}_{event} ON search_{kind}")
            _execute(f"DROP FUNCTION IF EXISTS caseapp_{table}_{event}()")
        _execute(f"DROP TABLE IF EXISTS {table}")
        _execute(f"DROP TABLE IF EXISTS search_{kind}_prefix")
    _execute("DROP FUNCTION IF EXISTS caseapp_search_words(tsvector, real[])")
    _execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS caseapp_headline")
