"""Counts the dashboard and the tabulation by category read, kept by the database itself.

Counting live rows grows with the archive (2.3 s for the dashboard at a million testimonies,
17 s for the tabulation's plain SQL); these small tables hold the answers and the triggers
below keep them exact on every write, whichever path makes it: a form, the CSV import's bulk
inserts, a bundle applied, an import undone, an erasure. Live means what the lists mean: a
violation not deleted whose testimony is not deleted, a consent likewise.

- ``count_category``: violations and distinct testimonies per category;
  ``count_province`` the same per province ('' for none); ``count_year`` violations and
  estimated ones per year band (models/violation.py, YEAR_BAND_SQL).
- ``count_category_status``: violations per (category, UN response status, '' for none);
  ``count_category_impact``: per (category, reported impact), rows of 0 removed, so a
  category's rows are its distinct impacts.
- ``count_region``: distinct testimonies with a violation in a region's provinces, keyed by
  the provinces text of region_protection (a code includes its children); recounted when a
  new text appears or the province vocabulary changes (rare: a scan of the violations).
- ``count_testimony``: one row: live testimonies, and their live consents by state.

A testimony is counted once in a category (or province, region) when no other live
violation of it is there: the trigger asks the testimony's few violations (by their index),
never the whole table. SQLite's triggers and PostgreSQL's trigger functions run the same
statements. On PostgreSQL the functions run as their owner (the team's owner role), so a
recorder's write keeps counts of rows she may not read; only curators may read the tables
(caseapp/store/engines/postgres_team.py), and a recorder's window counts her own rows live.

Kept outside the revision file because a batch rebuild of ``violation``, ``testimony`` or
``consent`` drops SQLite's triggers: such a migration calls ``create_triggers`` again.
"""

from __future__ import annotations

from sqlalchemy import Connection

from caseapp.models.violation import YEAR_BAND_SQL

TABLES = (
    "count_category",
    "count_province",
    "count_year",
    "count_category_status",
    "count_category_impact",
    "count_region",
    "count_testimony",
)

_CREATE_TABLES = [
    """CREATE TABLE count_category (category VARCHAR(64) PRIMARY KEY,
    violations INTEGER NOT NULL, testimonies INTEGER NOT NULL)""",
    """CREATE TABLE count_province (province VARCHAR(64) PRIMARY KEY,
    violations INTEGER NOT NULL, testimonies INTEGER NOT NULL)""",
    """CREATE TABLE count_year (band VARCHAR(10) PRIMARY KEY,
    violations INTEGER NOT NULL, estimated INTEGER NOT NULL)""",
    """CREATE TABLE count_category_status (category VARCHAR(64) NOT NULL,
    status VARCHAR(64) NOT NULL, violations INTEGER NOT NULL, PRIMARY KEY (category, status))""",
    """CREATE TABLE count_category_impact (category VARCHAR(64) NOT NULL,
    impact VARCHAR(2000) NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (category, impact))""",
    """CREATE TABLE count_region (provinces VARCHAR(2000) PRIMARY KEY,
    testimonies INTEGER NOT NULL)""",
    """CREATE TABLE count_testimony (id INTEGER PRIMARY KEY, testimonies INTEGER NOT NULL,
    consents INTEGER NOT NULL, withdrawn INTEGER NOT NULL, internal INTEGER NOT NULL,
    un INTEGER NOT NULL, public INTEGER NOT NULL, granted_none INTEGER NOT NULL)""",
]

LIVE_TESTIMONY = "testimony_id NOT IN (SELECT id FROM testimony WHERE deleted_at IS NOT NULL)"
LIVE_VIOLATIONS = f"violation WHERE deleted_at IS NULL AND {LIVE_TESTIMONY}"


EMPTY = "''"


def _estimated(row: str) -> str:
    return f"{row}.date_precision = 'estimate'"


def _band(row: str) -> str:
    return YEAR_BAND_SQL.replace("date_start", f"{row}.date_start").replace(
        "date_end", f"{row}.date_end"
    )


def _flag(condition: str) -> str:
    return f"(CASE WHEN {condition} THEN 1 ELSE 0 END)"


def _in_region(find: str, provinces: str, province: str) -> str:
    """Whether ``province`` (an SQL expression) is one of the codes of the region's
    ``provinces`` text, or a child of one (services/listing/regions.py, counted_cases)."""
    codes = f"(',' || replace({provinces}, ' ', '') || ',')"
    parent = (
        "(SELECT p.parent_code FROM vocabulary_term p "
        f"WHERE p.scheme = 'province' AND p.code = {province})"
    )
    return (
        f"({province} <> '' AND ({find}({codes}, ',' || {province} || ',') > 0 "
        f"OR {find}({codes}, ',' || {parent} || ',') > 0))"
    )


def _upsert(table: str, keys: dict[str, str], counts: dict[str, str], where: str = "") -> str:
    """Add ``counts`` to the row of ``keys``, made when missing. A SELECT with a WHERE clause
    (SQLite reads an upsert after a bare SELECT ambiguously)."""
    names = ", ".join([*keys, *counts])
    values = ", ".join([*keys.values(), *counts.values()])
    added = ", ".join(f"{name} = {table}.{name} + excluded.{name}" for name in counts)
    return (
        f"INSERT INTO {table} ({names}) SELECT {values} WHERE {where or '1 = 1'} "
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {added}"
    )


def _violation_live(row: str) -> str:
    return (
        f"{row}.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM testimony t "
        f"WHERE t.id = {row}.testimony_id AND t.deleted_at IS NOT NULL)"
    )


def _violation(find: str, row: str, sign: str) -> list[str]:
    """Statements adding (``sign`` "1") or taking away ("-1") one live violation."""

    def alone(match: str) -> str:
        # 1 when no other live violation of the testimony is counted under the same key.
        return _flag(
            f"NOT EXISTS (SELECT 1 FROM violation w WHERE w.testimony_id = {row}.testimony_id "
            f"AND w.id <> {row}.id AND w.deleted_at IS NULL AND {match})"
        )

    province = f"coalesce({row}.province, '')"
    impact = f"category = {row}.category AND impact = {row}.reported_impact"
    statements = [
        _upsert(
            "count_category",
            {"category": f"{row}.category"},
            {
                "violations": sign,
                # Spelt so that no index of the category is used: the testimony's own
                # few violations are to be looked at, not every one of that category.
                "testimonies": f"{sign} * {alone(f'w.category || {EMPTY} = {row}.category')}",
            },
        ),
        _upsert(
            "count_province",
            {"province": province},
            {
                "violations": sign,
                "testimonies": f"{sign} * {alone(f'coalesce(w.province, {EMPTY}) = {province}')}",
            },
        ),
        _upsert(
            "count_year",
            {"band": _band(row)},
            {"violations": sign, "estimated": f"{sign} * {_flag(_estimated(row))}"},
        ),
        _upsert(
            "count_category_status",
            {"category": f"{row}.category", "status": f"coalesce({row}.un_response_status, '')"},
            {"violations": sign},
        ),
        _upsert(
            "count_category_impact",
            {"category": f"{row}.category", "impact": f"{row}.reported_impact"},
            {"n": sign},
            where=f"{row}.reported_impact <> ''",
        ),
        f"UPDATE count_region SET testimonies = testimonies + {sign} "
        f"WHERE {_in_region(find, 'provinces', f'{row}.province')} "
        f"AND NOT EXISTS (SELECT 1 FROM violation w WHERE w.testimony_id = {row}.testimony_id "
        f"AND w.id <> {row}.id AND w.deleted_at IS NULL "
        f"AND {_in_region(find, 'count_region.provinces', 'w.province')})",
    ]
    if sign != "1":
        statements.append(f"DELETE FROM count_category_impact WHERE {impact} AND n = 0")
    return statements


def _consent_live(row: str) -> str:
    return (
        f"{row}.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM testimony t "
        f"WHERE t.id = {row}.testimony_id AND t.deleted_at IS NOT NULL)"
    )


def _consent_states(row: str) -> dict[str, str]:
    """The consent row's share of each state the testimonies tab filters by (0 or 1)."""
    granted = f"{row}.date_withdrawn IS NULL"
    return {
        "consents": "1",
        "withdrawn": _flag(f"{row}.date_withdrawn IS NOT NULL"),
        "internal": _flag(f"{granted} AND {row}.internal"),
        "un": _flag(f"{granted} AND {row}.un"),
        "public": _flag(f"{granted} AND {row}.public"),
        "granted_none": _flag(
            f"{granted} AND NOT {row}.internal AND NOT {row}.un AND NOT {row}.public"
        ),
    }


def _consent(row: str, sign: str) -> list[str]:
    changes = ", ".join(
        f"{name} = {name} + {sign} * {share}" for name, share in _consent_states(row).items()
    )
    return [f"UPDATE count_testimony SET {changes}"]


def _testimony(find: str, row: str, sign: str) -> list[str]:
    """Statements counting a testimony that became live (``sign`` "1") or deleted ("-1"),
    with its live violations and consent."""
    mine = f"violation w WHERE w.testimony_id = {row}.id AND w.deleted_at IS NULL"
    consent = f"consent c WHERE c.testimony_id = {row}.id AND c.deleted_at IS NULL"
    shares = ", ".join(
        f"{name} = {name} + {sign} * (SELECT coalesce(sum({share}), 0) FROM {consent})"
        for name, share in _consent_states("c").items()
    )

    def grouped(table: str, keys: dict[str, str], counts: dict[str, str], where: str = "") -> str:
        names = ", ".join([*keys, *counts])
        values = ", ".join([*keys.values(), *counts.values()])
        added = ", ".join(f"{name} = {table}.{name} + excluded.{name}" for name in counts)
        return (
            f"INSERT INTO {table} ({names}) SELECT {values} FROM {mine}{where} "
            f"GROUP BY {', '.join(keys.values())} "
            f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {added}"
        )

    return [
        f"UPDATE count_testimony SET testimonies = testimonies + {sign}, {shares}",
        grouped(
            "count_category",
            {"category": "w.category"},
            {"violations": f"{sign} * count(*)", "testimonies": sign},
        ),
        grouped(
            "count_province",
            {"province": "coalesce(w.province, '')"},
            {"violations": f"{sign} * count(*)", "testimonies": sign},
        ),
        grouped(
            "count_year",
            {"band": _band("w")},
            {
                "violations": f"{sign} * count(*)",
                "estimated": f"{sign} * sum({_flag(_estimated('w'))})",
            },
        ),
        grouped(
            "count_category_status",
            {"category": "w.category", "status": "coalesce(w.un_response_status, '')"},
            {"violations": f"{sign} * count(*)"},
        ),
        grouped(
            "count_category_impact",
            {"category": "w.category", "impact": "w.reported_impact"},
            {"n": f"{sign} * count(*)"},
            where=" AND w.reported_impact <> ''",
        ),
        "DELETE FROM count_category_impact WHERE n = 0 "
        f"AND category IN (SELECT w.category FROM {mine}) "
        f"AND impact IN (SELECT w.reported_impact FROM {mine})",
        f"UPDATE count_region SET testimonies = testimonies + {sign} WHERE EXISTS "
        f"(SELECT 1 FROM {mine} AND {_in_region(find, 'count_region.provinces', 'w.province')})",
    ]


def _region_count(find: str, provinces: str) -> str:
    return (
        f"(SELECT count(DISTINCT w.testimony_id) FROM violation w WHERE w.deleted_at IS NULL "
        f"AND w.{LIVE_TESTIMONY} AND {_in_region(find, provinces, 'w.province')})"
    )


def _region_added(find: str) -> list[str]:
    return [
        "INSERT INTO count_region (provinces, testimonies) "
        f"SELECT new.provinces, {_region_count(find, 'new.provinces')} WHERE 1 = 1 "
        "ON CONFLICT (provinces) DO NOTHING"
    ]


def _regions_recounted(find: str) -> list[str]:
    recounted = _region_count(find, "count_region.provinces")
    return [f"UPDATE count_region SET testimonies = {recounted}"]


TESTIMONY_ADDED = "UPDATE count_testimony SET testimonies = testimonies + 1"
_VIOLATION_COLUMNS = (
    "testimony_id, category, province, date_start, date_end, date_precision, "
    "un_response_status, reported_impact, deleted_at"
)
_CONSENT_COLUMNS = "testimony_id, internal, un, public, date_withdrawn, deleted_at"

# (table, event, columns of an UPDATE, [(condition, statements), ...]) for an engine's
# function of finding text in text.
_Block = tuple[str, list[str]]


def _triggers(find: str) -> list[tuple[str, str, str, list[_Block]]]:
    return [
        (
            "violation",
            "INSERT",
            "",
            [(_violation_live("new"), _violation(find, "new", "1"))],
        ),
        (
            "violation",
            "UPDATE",
            _VIOLATION_COLUMNS,
            [
                (_violation_live("old"), _violation(find, "old", "-1")),
                (_violation_live("new"), _violation(find, "new", "1")),
            ],
        ),
        ("violation", "DELETE", "", [(_violation_live("old"), _violation(find, "old", "-1"))]),
        # A new testimony has no violation or consent yet (their foreign keys need it first).
        (
            "testimony",
            "INSERT",
            "",
            [("new.deleted_at IS NULL", [TESTIMONY_ADDED])],
        ),
        (
            "testimony",
            "UPDATE",
            "deleted_at",
            [
                (
                    "old.deleted_at IS NULL AND new.deleted_at IS NOT NULL",
                    _testimony(find, "old", "-1"),
                ),
                (
                    "old.deleted_at IS NOT NULL AND new.deleted_at IS NULL",
                    _testimony(find, "new", "1"),
                ),
            ],
        ),
        ("testimony", "DELETE", "", [("old.deleted_at IS NULL", _testimony(find, "old", "-1"))]),
        ("consent", "INSERT", "", [(_consent_live("new"), _consent("new", "1"))]),
        (
            "consent",
            "UPDATE",
            _CONSENT_COLUMNS,
            [
                (_consent_live("old"), _consent("old", "-1")),
                (_consent_live("new"), _consent("new", "1")),
            ],
        ),
        ("consent", "DELETE", "", [(_consent_live("old"), _consent("old", "-1"))]),
        ("region_protection", "INSERT", "", [("1 = 1", _region_added(find))]),
        ("region_protection", "UPDATE", "provinces", [("1 = 1", _region_added(find))]),
        *(
            (
                "vocabulary_term",
                event,
                columns,
                [(f"{row}.scheme = 'province'", _regions_recounted(find))],
            )
            for event, columns, row in (
                ("INSERT", "", "new"),
                ("UPDATE", "scheme, code, parent_code", "new"),
                ("DELETE", "", "old"),
            )
        ),
    ]


def _name(table: str, event: str) -> str:
    return f"count_{table}_{event.lower()}"


def create_triggers(bind: Connection) -> None:
    if bind.dialect.name == "sqlite":
        for table, event, columns, blocks in _triggers("instr"):
            of = f" OF {columns}" if columns else ""
            for index, (condition, statements) in enumerate(blocks):
                body = "; ".join(statements)
                bind.exec_driver_sql(
                    f"CREATE TRIGGER {_name(table, event)}_{index} AFTER {event}{of} ON {table} "
                    f"FOR EACH ROW WHEN {condition} BEGIN {body}; END"
                )
    elif bind.dialect.name == "postgresql":
        for table, event, columns, blocks in _triggers("strpos"):
            name = _name(table, event)
            body = " ".join(
                f"IF {condition} THEN {'; '.join(statements)}; END IF;"
                for condition, statements in blocks
            )
            # Runs as its owner: the counts include rows the writer may not read.
            bind.exec_driver_sql(
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER "
                f"SET search_path FROM CURRENT AS $$ BEGIN {body} RETURN NULL; END $$"
            )
            of = f" OF {columns}" if columns else ""
            bind.exec_driver_sql(
                f"CREATE TRIGGER {name} AFTER {event}{of} ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {name}()"
            )


def drop_triggers(bind: Connection) -> None:
    dialect = bind.dialect.name
    for table, event, _columns, blocks in _triggers("instr"):
        name = _name(table, event)
        if dialect == "sqlite":
            for index in range(len(blocks)):
                bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}_{index}")
        elif dialect == "postgresql":
            bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            bind.exec_driver_sql(f"DROP FUNCTION IF EXISTS {name}()")


def _fill(bind: Connection) -> None:
    """The counts of the rows already there (an archive made before these tables)."""
    find = "instr" if bind.dialect.name == "sqlite" else "strpos"
    estimated = f"sum({_flag(_estimated('violation'))})"
    consent = f"consent WHERE deleted_at IS NULL AND {LIVE_TESTIMONY}"
    shares = ", ".join(
        f"(SELECT coalesce(sum({share}), 0) FROM {consent.replace('consent', 'consent c', 1)})"
        for share in _consent_states("c").values()
    )
    for statement in (
        "INSERT INTO count_testimony SELECT 1, "
        "(SELECT count(*) FROM testimony WHERE deleted_at IS NULL), " + shares,
        "INSERT INTO count_category SELECT category, count(*), count(DISTINCT testimony_id) "
        f"FROM {LIVE_VIOLATIONS} GROUP BY category",
        "INSERT INTO count_province SELECT coalesce(province, ''), count(*), "
        f"count(DISTINCT testimony_id) FROM {LIVE_VIOLATIONS} GROUP BY coalesce(province, '')",
        f"INSERT INTO count_year SELECT {YEAR_BAND_SQL}, count(*), {estimated} "
        f"FROM {LIVE_VIOLATIONS} GROUP BY {YEAR_BAND_SQL}",
        "INSERT INTO count_category_status SELECT category, coalesce(un_response_status, ''), "
        f"count(*) FROM {LIVE_VIOLATIONS} GROUP BY category, coalesce(un_response_status, '')",
        "INSERT INTO count_category_impact SELECT category, reported_impact, count(*) "
        f"FROM {LIVE_VIOLATIONS} AND reported_impact <> '' GROUP BY category, reported_impact",
        "INSERT INTO count_region SELECT r.provinces, "
        f"{_region_count(find, 'r.provinces')} FROM "
        "(SELECT DISTINCT provinces FROM region_protection) r",
    ):
        bind.exec_driver_sql(statement)


def create(bind: Connection) -> None:
    """Tables, their counts of the rows already there, and the triggers that keep them."""
    for statement in _CREATE_TABLES:
        bind.exec_driver_sql(statement)
    _fill(bind)
    create_triggers(bind)


def drop(bind: Connection) -> None:
    drop_triggers(bind)
    for table in TABLES:
        bind.exec_driver_sql(f"DROP TABLE IF EXISTS {table}")
