"""the violations list's sort by testimony: each violation's testimony code, stored and indexed

Revision ID: 0036
Revises: 0035
Create Date: 2026-12-05

Sorted by testimony, the violations list walked the testimonies' codes and joined each one's
violations through their index by testimony: past its first pages a list walks every entry
before the page, and the middle of three million violations took 130 ms for that join alone
(issue 18; the target is 50 ms). ``sort_violation`` holds each violation's testimony code by
the violation's id, indexed by (code, id): the same order, walked in one index (codes are
unique, so the testimony's id adds nothing to it).

The code is derived data, kept exact by the database itself, as the testimonies list's sort
keys are (migration 0025): triggers on violation catch every way a row is added, moved to
another testimony or removed (the services, the CSV import's executemany, bundles and merges,
undoing an import, erasure), and a trigger on testimony a change of code. Soft deletion does
not touch it: the lists leave deleted records out themselves. On PostgreSQL the trigger
functions run as their owner, and row-level security lets a recorder read only the rows of
the violations they can see (caseapp/store/engines/postgres_team.py).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0036"
down_revision: str | None = "0035"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CODE_OF = "(SELECT t.code FROM testimony t WHERE t.id = {testimony})"
_FILL = (
    "INSERT INTO sort_violation (id, testimony_code) "
    "SELECT v.id, t.code FROM violation v LEFT JOIN testimony t ON t.id = v.testimony_id "
    "ORDER BY v.id"
)
_SQLITE_TRIGGERS = {
    # OR REPLACE: an id written again (a row replaced in place) keeps one entry.
    "violation_ai AFTER INSERT ON violation": (
        "INSERT OR REPLACE INTO sort_violation (id, testimony_code) "
        f"VALUES (new.id, {_CODE_OF.format(testimony='new.testimony_id')});"
    ),
    "violation_ad AFTER DELETE ON violation": "DELETE FROM sort_violation WHERE id = old.id;",
    "violation_au AFTER UPDATE OF testimony_id ON violation": (
        "UPDATE sort_violation SET testimony_code = "
        f"{_CODE_OF.format(testimony='new.testimony_id')} WHERE id = new.id;"
    ),
    "testimony_au AFTER UPDATE OF code ON testimony": (
        "UPDATE sort_violation SET testimony_code = new.code "
        "WHERE id IN (SELECT v.id FROM violation v WHERE v.testimony_id = new.id);"
    ),
}
_SQLITE_NAMES = [f"sort_code_{head.split()[0]}" for head in _SQLITE_TRIGGERS]

_PG_FUNCTION = """CREATE FUNCTION caseapp_sort_code_{name}() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
    BEGIN
        {body}
        RETURN NULL;
    END $$"""
_PG_FUNCTIONS = {
    # A statement trigger: a bulk insert is written in one pass.
    "violations": (
        "INSERT INTO sort_violation (id, testimony_code) SELECT r.id, t.code FROM new_rows r "
        "LEFT JOIN testimony t ON t.id = r.testimony_id;"
    ),
    # Row triggers of updates and deletes.
    "violation": (
        "IF TG_OP = 'DELETE' THEN DELETE FROM sort_violation WHERE id = OLD.id; "
        "ELSE UPDATE sort_violation SET testimony_code = "
        f"{_CODE_OF.format(testimony='NEW.testimony_id')} WHERE id = NEW.id; END IF;"
    ),
    "testimony": (
        "UPDATE sort_violation SET testimony_code = NEW.code "
        "WHERE id IN (SELECT v.id FROM violation v WHERE v.testimony_id = NEW.id);"
    ),
}
_PG_TRIGGERS = {
    "violation_ai": (
        "violation",
        "AFTER INSERT ON violation REFERENCING NEW TABLE AS new_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION caseapp_sort_code_violations()",
    ),
    "violation_aud": (
        "violation",
        "AFTER UPDATE OF testimony_id OR DELETE ON violation FOR EACH ROW "
        "EXECUTE FUNCTION caseapp_sort_code_violation()",
    ),
    "testimony_au": (
        "testimony",
        "AFTER UPDATE OF code ON testimony FOR EACH ROW "
        "EXECUTE FUNCTION caseapp_sort_code_testimony()",
    ),
}


def _execute(statement: str) -> None:
    op.get_bind().exec_driver_sql(statement)


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        _execute("CREATE TABLE sort_violation (id integer PRIMARY KEY, testimony_code text)")
        # NULLS FIRST going up, as the lists ask (services/listing/base.py, ``ordered``).
        _execute(
            "CREATE INDEX ix_sort_violation_testimony "
            "ON sort_violation (testimony_code NULLS FIRST, id)"
        )
        _execute(_FILL)
        for name, body in _PG_FUNCTIONS.items():
            _execute(_PG_FUNCTION.format(name=name, body=body))
        for name, (_, rest) in _PG_TRIGGERS.items():
            _execute(f"CREATE TRIGGER sort_code_{name} {rest}")
        return
    _execute("CREATE TABLE sort_violation (id INTEGER PRIMARY KEY, testimony_code TEXT)")
    _execute("CREATE INDEX ix_sort_violation_testimony ON sort_violation (testimony_code, id)")
    _execute(_FILL)
    for name, (head, body) in zip(_SQLITE_NAMES, _SQLITE_TRIGGERS.items(), strict=True):
        _execute(f"CREATE TRIGGER {name} {head[head.index(' ') + 1 :]} BEGIN {body} END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name, (table, _) in _PG_TRIGGERS.items():
            _execute(f"DROP TRIGGER IF EXISTS sort_code_{name} ON {table}")
        for name in _PG_FUNCTIONS:
            _execute(f"DROP FUNCTION IF EXISTS caseapp_sort_code_{name}()")
    else:
        for name in _SQLITE_NAMES:
            _execute(f"DROP TRIGGER IF EXISTS {name}")
    _execute("DROP TABLE IF EXISTS sort_violation")
