"""stored sort keys of the testimonies list: consent and the number of live violations

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-02

The testimonies list sorts by consent (least to most shared) and by the number of live
violations. Both were computed per testimony, so every page sorted every testimony (at
100,000: 31-93 ms a page, ten times that at a million). ``sort_testimony`` holds both keys
for each testimony (by its id), indexed by (key, id): a page walks the index like any other
column sort.

The keys are derived data, kept exact by the database itself: triggers on testimony,
consent and violation catch every way a row is written (the services, the CSV import's
executemany, bundles and merges, undoing an import, erasure, soft deletion and undeletion).
The consent key is recomputed from the testimony's consent row (one per testimony); the
count is moved by one as a violation is added, deleted, restored or moved.

The violations list sorted by category walks the category terms in their order
(ix_vocabulary_term_order) and each term's violations in the category index. Its sorts find
a page's ids in an index alone, then read those rows: the category and date indexes gain
the testimony id (what "its testimony is not deleted" reads), so that the last of 300,000
violations is found in 40-90 ms instead of 6-10 s of row reads.

The table holds ids and two small numbers, nothing of a record. On PostgreSQL the trigger
functions run as their owner (SECURITY DEFINER): a count stays exact whoever writes the
violation, and nobody else writes the table; row-level security lets a recorder read only
the rows of testimonies they can see (caseapp/store/engines/postgres_team.py).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As services/listing/testimonies.py showed it: none recorded (0), withdrawn (1), then by
# the scopes granted, public weighing most (2-9).
_RANK = (
    "CASE WHEN c.date_withdrawn IS NOT NULL THEN 1 "
    "ELSE {internal} + 2 * {un} + 4 * {public} + 2 END"
)
_SQLITE_RANK = _RANK.format(internal="c.internal", un="c.un", public="c.public")
_POSTGRES_RANK = _RANK.format(internal="c.internal::int", un="c.un::int", public="c.public::int")


def _consent_of(rank: str, testimony: str) -> str:
    return (
        f"coalesce((SELECT {rank} FROM consent c WHERE c.testimony_id = {testimony} "
        "AND c.deleted_at IS NULL), 0)"
    )


def _violations_of(testimony: str) -> str:
    return (
        f"(SELECT count(*) FROM violation v WHERE v.testimony_id = {testimony} "
        "AND v.deleted_at IS NULL)"
    )


def _execute(statement: str) -> None:
    op.get_bind().exec_driver_sql(statement)


def _fill(rank: str) -> None:
    """Every testimony's keys, from one pass over consents and one over violations."""
    _execute(
        "INSERT INTO sort_testimony (id, consent, violations) "
        "SELECT t.id, coalesce(c.rank, 0), coalesce(v.n, 0) FROM testimony t "
        f"LEFT JOIN (SELECT c.testimony_id, {rank} AS rank FROM consent c "
        "WHERE c.deleted_at IS NULL) c ON c.testimony_id = t.id "
        "LEFT JOIN (SELECT testimony_id, count(*) AS n FROM violation "
        "WHERE deleted_at IS NULL GROUP BY testimony_id) v ON v.testimony_id = t.id "
        "ORDER BY t.id"
    )


def _sqlite() -> None:
    _execute(
        "CREATE TABLE sort_testimony (id INTEGER PRIMARY KEY, "
        "consent INTEGER NOT NULL, violations INTEGER NOT NULL)"
    )
    _execute("CREATE INDEX ix_sort_testimony_consent ON sort_testimony (consent, id)")
    _execute("CREATE INDEX ix_sort_testimony_violations ON sort_testimony (violations, id)")
    _fill(_SQLITE_RANK)

    def consent(testimony: str) -> str:
        return (
            f"UPDATE sort_testimony SET consent = {_consent_of(_SQLITE_RANK, testimony)} "
            f"WHERE id = {testimony};"
        )

    def moved(testimony: str, by: str) -> str:
        return f"UPDATE sort_testimony SET violations = violations + {by} WHERE id = {testimony};"

    triggers = {
        "testimony_ai AFTER INSERT ON testimony": (
            "INSERT INTO sort_testimony (id, consent, violations) VALUES (new.id, "
            f"{_consent_of(_SQLITE_RANK, 'new.id')}, {_violations_of('new.id')});"
        ),
        "testimony_ad AFTER DELETE ON testimony": "DELETE FROM sort_testimony WHERE id = old.id;",
        "consent_ai AFTER INSERT ON consent": consent("new.testimony_id"),
        "consent_au AFTER UPDATE ON consent": consent("old.testimony_id")
        + consent("new.testimony_id"),
        "consent_ad AFTER DELETE ON consent": consent("old.testimony_id"),
        "violation_ai AFTER INSERT ON violation WHEN new.deleted_at IS NULL": moved(
            "new.testimony_id", "1"
        ),
        "violation_ad AFTER DELETE ON violation WHEN old.deleted_at IS NULL": moved(
            "old.testimony_id", "-1"
        ),
        "violation_au AFTER UPDATE OF testimony_id, deleted_at ON violation": moved(
            "old.testimony_id", "-(old.deleted_at IS NULL)"
        )
        + moved("new.testimony_id", "(new.deleted_at IS NULL)"),
    }
    for head, body in triggers.items():
        _execute(f"CREATE TRIGGER sort_{head} BEGIN {body} END")


_PG_FUNCTION = """CREATE FUNCTION caseapp_sort_{name}() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
    BEGIN
        {body}
        RETURN NULL;
    END $$"""


def _postgres() -> None:
    _execute(
        "CREATE TABLE sort_testimony (id integer PRIMARY KEY, "
        "consent integer NOT NULL, violations integer NOT NULL)"
    )
    # The lists ask for NULLS FIRST going up (services/listing/base.py); said in the index
    # too, or the server would not walk it for that order (the keys are never NULL).
    for key in ("consent", "violations"):
        _execute(f"CREATE INDEX ix_sort_testimony_{key} ON sort_testimony ({key} NULLS FIRST, id)")
    _fill(_POSTGRES_RANK)

    def consent(testimony: str) -> str:
        return (
            f"UPDATE sort_testimony SET consent = {_consent_of(_POSTGRES_RANK, testimony)} "
            f"WHERE id = {testimony};"
        )

    functions = {
        # Statement triggers: a bulk insert is counted in one pass.
        "testimonies": (
            "INSERT INTO sort_testimony (id, consent, violations) SELECT r.id, "
            f"{_consent_of(_POSTGRES_RANK, 'r.id')}, {_violations_of('r.id')} FROM new_rows r;"
        ),
        "violations": (
            "UPDATE sort_testimony s SET violations = s.violations + n.added FROM ("
            "SELECT testimony_id, count(*) AS added FROM new_rows WHERE deleted_at IS NULL "
            "GROUP BY testimony_id) n WHERE s.id = n.testimony_id;"
        ),
        "testimony": "DELETE FROM sort_testimony WHERE id = OLD.id;",
        "consent": (
            "IF TG_OP <> 'INSERT' THEN "
            + consent("OLD.testimony_id")
            + " END IF; IF TG_OP <> 'DELETE' THEN "
            + consent("NEW.testimony_id")
            + " END IF;"
        ),
        # Row triggers of updates and deletes (OLD is always there, NEW on updates).
        "violation": (
            "IF OLD.deleted_at IS NULL THEN UPDATE sort_testimony "
            "SET violations = violations - 1 WHERE id = OLD.testimony_id; END IF; "
            "IF TG_OP = 'UPDATE' THEN IF NEW.deleted_at IS NULL THEN UPDATE sort_testimony "
            "SET violations = violations + 1 WHERE id = NEW.testimony_id; END IF; END IF;"
        ),
    }
    for name, body in functions.items():
        _execute(_PG_FUNCTION.format(name=name, body=body))
    triggers = {
        "testimony_ai": "AFTER INSERT ON testimony REFERENCING NEW TABLE AS new_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION caseapp_sort_testimonies()",
        "testimony_ad": "AFTER DELETE ON testimony FOR EACH ROW "
        "EXECUTE FUNCTION caseapp_sort_testimony()",
        "consent_aiud": "AFTER INSERT OR UPDATE OR DELETE ON consent FOR EACH ROW "
        "EXECUTE FUNCTION caseapp_sort_consent()",
        "violation_ai": "AFTER INSERT ON violation REFERENCING NEW TABLE AS new_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION caseapp_sort_violations()",
        "violation_aud": "AFTER UPDATE OF testimony_id, deleted_at OR DELETE ON violation "
        "FOR EACH ROW EXECUTE FUNCTION caseapp_sort_violation()",
    }
    for name, rest in triggers.items():
        _execute(f"CREATE TRIGGER sort_{name} {rest}")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _postgres()
    else:
        _sqlite()
    # The violations list sorted by category: the terms in their order, then each one's
    # violations from the category index (NULLS FIRST on the server, as above). Its sorts
    # find a page in the index alone: the testimony id joins the category and date indexes.
    first = " NULLS FIRST" if op.get_bind().dialect.name == "postgresql" else ""
    _execute(
        f"CREATE INDEX ix_vocabulary_term_order ON vocabulary_term (scheme, sort_order{first})"
    )
    for name, column in (("category", "category"), ("date_start", f"date_start{first}")):
        _execute(f"DROP INDEX ix_violation_{name}")
        _execute(f"CREATE INDEX ix_violation_{name} ON violation ({column}, id, testimony_id)")


def downgrade() -> None:
    op.drop_index("ix_vocabulary_term_order", "vocabulary_term")
    first = " NULLS FIRST" if op.get_bind().dialect.name == "postgresql" else ""
    _execute("DROP INDEX ix_violation_category")
    _execute("CREATE INDEX ix_violation_category ON violation (category)")
    _execute("DROP INDEX ix_violation_date_start")
    _execute(f"CREATE INDEX ix_violation_date_start ON violation (date_start{first}, id)")
    if op.get_bind().dialect.name == "postgresql":
        for table, names in (
            ("testimony", ("testimony_ai", "testimony_ad")),
            ("consent", ("consent_aiud",)),
            ("violation", ("violation_ai", "violation_aud")),
        ):
            for name in names:
                _execute(f"DROP TRIGGER IF EXISTS sort_{name} ON {table}")
        for name in ("testimonies", "violations", "testimony", "consent", "violation"):
            _execute(f"DROP FUNCTION IF EXISTS caseapp_sort_{name}()")
        _execute("DROP TABLE IF EXISTS sort_testimony")
        return
    for name in (
        "testimony_ai",
        "testimony_ad",
        "consent_ai",
        "consent_au",
        "consent_ad",
        "violation_ai",
        "violation_ad",
        "violation_au",
    ):
        _execute(f"DROP TRIGGER IF EXISTS sort_{name}")
    _execute("DROP TABLE IF EXISTS sort_testimony")
