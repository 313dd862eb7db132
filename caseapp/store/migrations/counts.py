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
  ``count_category_impact``: per (category, reported impact), so a category's keys with a
  count are its distinct impacts.
- ``count_region``: distinct testimonies with a violation in a region's provinces, keyed by
  the provinces text of region_protection (a code includes its children); counted when a
  new text appears, recounted when the province vocabulary changes (rare: a scan of the
  violations).
- ``count_testimony``: live testimonies, and their live consents by state.

A testimony is counted once in a category (or province, region) when no other live
violation of it is there: the trigger asks the testimony's few violations (by their index),
never the whole table.

SQLite keeps one row per key, added to in place (one writer at a time). PostgreSQL adds each
change as a row of its own, and readers add a key's rows up: a row added to in place would
stay locked until its writer commits, so that two writers touching the same counts in
different orders (two imports, a bundle and a save) could deadlock. ``count_compact()``
merges the rows when the counts are read (caseapp/store/counts.py). The trigger functions
run as their owner (the team's owner role), so a recorder's write keeps counts of rows she
may not read; only curators may read the tables (caseapp/store/engines/postgres_team.py),
and a recorder's window counts her own rows live.

Kept outside the revision file because a batch rebuild of ``violation``, ``testimony`` or
``consent`` drops SQLite's triggers: such a migration calls ``create_triggers`` again.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection

from caseapp.models.violation import YEAR_BAND_SQL


@dataclass(frozen=True)
class _Dialect:
    find: str  # the function finding text in text
    # Each change a row of its own, added up when read and merged by ``count_compact()``
    # (PostgreSQL): a row added to in place stays locked until the writer commits, and a
    # colleague's write would wait for a whole import to end.
    deltas: bool


SQLITE = _Dialect("instr", deltas=False)
POSTGRES = _Dialect("strpos", deltas=True)

# Each table: its key columns and its counts.
SHAPES: dict[str, tuple[dict[str, str], tuple[str, ...]]] = {
    "count_category": ({"category": "VARCHAR(64)"}, ("violations", "testimonies")),
    "count_province": ({"province": "VARCHAR(64)"}, ("violations", "testimonies")),
    "count_year": ({"band": "VARCHAR(10)"}, ("violations", "estimated")),
    "count_category_status": (
        {"category": "VARCHAR(64)", "status": "VARCHAR(64)"},
        ("violations",),
    ),
    "count_category_impact": ({"category": "VARCHAR(64)", "impact": "VARCHAR(2000)"}, ("n",)),
    "count_region": ({"provinces": "VARCHAR(2000)"}, ("testimonies",)),
    "count_testimony": (
        {},
        ("testimonies", "consents", "withdrawn", "internal", "un", "public", "granted_none"),
    ),
}
TABLES = tuple(SHAPES)


def _create_tables(d: _Dialect) -> list[str]:
    statements = []
    for table, (keys, counts) in SHAPES.items():
        columns = [f"{name} {kind} NOT NULL" for name, kind in keys.items()]
        columns += [f"{name} INTEGER NOT NULL DEFAULT 0" for name in counts]
        if keys and not d.deltas:
            columns.append(f"PRIMARY KEY ({', '.join(keys)})")
        statements.append(f"CREATE TABLE {table} ({', '.join(columns)})")
        if keys and d.deltas:
            statements.append(f"CREATE INDEX ix_{table} ON {table} ({', '.join(keys)})")
    return statements


def _compact_function() -> str:
    """PostgreSQL: each table's rows of changes merged into one row per key."""
    merges = []
    for table, (keys, counts) in SHAPES.items():
        names = ", ".join([*keys, *counts])
        sums = ", ".join([*keys, *(f"sum({name})" for name in counts)])
        if not keys:
            kept = " HAVING count(*) > 0"
        elif table == "count_region":
            kept = f" GROUP BY {', '.join(keys)}"  # a region counting 0 keeps its row
        else:
            nonzero = " OR ".join(f"sum({name}) <> 0" for name in counts)
            kept = f" GROUP BY {', '.join(keys)} HAVING {nonzero}"
        merges.append(
            f"WITH gone AS (DELETE FROM {table} RETURNING *) "
            f"INSERT INTO {table} ({names}) SELECT {sums} FROM gone{kept};"
        )
    # One reader merges at a time; another, meanwhile, adds up the rows as they are.
    return (
        "CREATE FUNCTION count_compact() RETURNS void LANGUAGE plpgsql SECURITY DEFINER "
        "SET search_path FROM CURRENT AS $$ BEGIN "
        "IF pg_try_advisory_xact_lock(hashtext('count_compact')) THEN "
        f"{' '.join(merges)} END IF; END $$"
    )


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


def _add(
    d: _Dialect,
    table: str,
    values: dict[str, str],
    where: str = "1 = 1",
    source: str = "",
) -> str:
    """Add ``values`` (SQL of each key and count of ``table``) to the counts of their key:
    one row per key (SQLite; made when missing) or one more row of changes (PostgreSQL).
    ``source``: a FROM clause, grouped by the keys. Always a SELECT with a WHERE clause
    (SQLite reads an upsert after a bare SELECT ambiguously)."""
    keys, counts = SHAPES[table]
    if not keys and not d.deltas:
        added = ", ".join(f"{name} = {name} + {values[name]}" for name in counts if name in values)
        return f"UPDATE {table} SET {added}"
    names = [name for name in (*keys, *counts) if name in values]
    statement = (
        f"INSERT INTO {table} ({', '.join(names)}) SELECT {', '.join(values[n] for n in names)}"
        + (f" FROM {source}" if source else "")
        + f" WHERE {where}"
        + (f" GROUP BY {', '.join(values[key] for key in keys)}" if source else "")
    )
    if d.deltas:
        return statement
    added = ", ".join(
        f"{name} = {table}.{name} + excluded.{name}" for name in counts if name in values
    )
    return f"{statement} ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {added}"


def _violation_live(row: str) -> str:
    return (
        f"{row}.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM testimony t "
        f"WHERE t.id = {row}.testimony_id AND t.deleted_at IS NOT NULL)"
    )


REGIONS = "(SELECT DISTINCT provinces FROM region_protection) r"


def _violation(d: _Dialect, row: str, sign: str) -> list[str]:
    """Statements adding (``sign`` "1") or taking away ("-1") one live violation."""

    def others(match: str) -> str:
        return (
            f"EXISTS (SELECT 1 FROM violation w WHERE w.testimony_id = {row}.testimony_id "
            f"AND w.id <> {row}.id AND w.deleted_at IS NULL AND {match})"
        )

    def alone(match: str) -> str:
        # 1 when no other live violation of the testimony is counted under the same key.
        return _flag(f"NOT {others(match)}")

    province = f"coalesce({row}.province, '')"
    statements = [
        _add(
            d,
            "count_category",
            {
                "category": f"{row}.category",
                "violations": sign,
                # Spelt so that no index of the category is used: the testimony's own
                # few violations are to be looked at, not every one of that category.
                "testimonies": f"{sign} * {alone(f'w.category || {EMPTY} = {row}.category')}",
            },
        ),
        _add(
            d,
            "count_province",
            {
                "province": province,
                "violations": sign,
                "testimonies": f"{sign} * {alone(f'coalesce(w.province, {EMPTY}) = {province}')}",
            },
        ),
        _add(
            d,
            "count_year",
            {
                "band": _band(row),
                "violations": sign,
                "estimated": f"{sign} * {_flag(_estimated(row))}",
            },
        ),
        _add(
            d,
            "count_category_status",
            {
                "category": f"{row}.category",
                "status": f"coalesce({row}.un_response_status, '')",
                "violations": sign,
            },
        ),
        _add(
            d,
            "count_category_impact",
            {"category": f"{row}.category", "impact": f"{row}.reported_impact", "n": sign},
            where=f"{row}.reported_impact <> ''",
        ),
        _add(
            d,
            "count_region",
            {"provinces": "r.provinces", "testimonies": sign},
            where=f"{_in_region(d.find, 'r.provinces', f'{row}.province')} "
            f"AND NOT {others(_in_region(d.find, 'r.provinces', 'w.province'))}",
            source=REGIONS,
        ),
    ]
    if sign != "1" and not d.deltas:
        statements.append(
            "DELETE FROM count_category_impact WHERE category = "
            f"{row}.category AND impact = {row}.reported_impact AND n = 0"
        )
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


def _consent(d: _Dialect, row: str, sign: str) -> list[str]:
    shares = {name: f"{sign} * {share}" for name, share in _consent_states(row).items()}
    return [_add(d, "count_testimony", shares)]


def _testimony(d: _Dialect, row: str, sign: str) -> list[str]:
    """Statements counting a testimony that became live (``sign`` "1") or deleted ("-1"),
    with its live violations and consent."""
    mine = f"violation w WHERE w.testimony_id = {row}.id AND w.deleted_at IS NULL"
    consent = f"consent c WHERE c.testimony_id = {row}.id AND c.deleted_at IS NULL"
    shares = {
        name: f"{sign} * (SELECT coalesce(sum({share}), 0) FROM {consent})"
        for name, share in _consent_states("c").items()
    }
    own = f"w.testimony_id = {row}.id AND w.deleted_at IS NULL"
    statements = [
        _add(d, "count_testimony", {"testimonies": sign, **shares}),
        _add(
            d,
            "count_category",
            {"category": "w.category", "violations": f"{sign} * count(*)", "testimonies": sign},
            own,
            "violation w",
        ),
        _add(
            d,
            "count_province",
            {
                "province": "coalesce(w.province, '')",
                "violations": f"{sign} * count(*)",
                "testimonies": sign,
            },
            own,
            "violation w",
        ),
        _add(
            d,
            "count_year",
            {
                "band": _band("w"),
                "violations": f"{sign} * count(*)",
                "estimated": f"{sign} * sum({_flag(_estimated('w'))})",
            },
            own,
            "violation w",
        ),
        _add(
            d,
            "count_category_status",
            {
                "category": "w.category",
                "status": "coalesce(w.un_response_status, '')",
                "violations": f"{sign} * count(*)",
            },
            own,
            "violation w",
        ),
        _add(
            d,
            "count_category_impact",
            {"category": "w.category", "impact": "w.reported_impact", "n": f"{sign} * count(*)"},
            f"{own} AND w.reported_impact <> ''",
            "violation w",
        ),
        _add(
            d,
            "count_region",
            {"provinces": "r.provinces", "testimonies": sign},
            f"EXISTS (SELECT 1 FROM {mine} AND {_in_region(d.find, 'r.provinces', 'w.province')})",
            REGIONS,
        ),
    ]
    if not d.deltas:
        statements.append(
            "DELETE FROM count_category_impact WHERE n = 0 "
            f"AND category IN (SELECT w.category FROM {mine}) "
            f"AND impact IN (SELECT w.reported_impact FROM {mine})"
        )
    return statements


def _region_count(find: str, provinces: str) -> str:
    return (
        f"(SELECT count(DISTINCT w.testimony_id) FROM violation w WHERE w.deleted_at IS NULL "
        f"AND w.{LIVE_TESTIMONY} AND {_in_region(find, provinces, 'w.province')})"
    )


def _region_added(d: _Dialect) -> list[str]:
    return [
        "INSERT INTO count_region (provinces, testimonies) "
        f"SELECT new.provinces, {_region_count(d.find, 'new.provinces')} WHERE NOT EXISTS "
        "(SELECT 1 FROM count_region k WHERE k.provinces = new.provinces)"
    ]


def _regions_recounted(d: _Dialect) -> list[str]:
    return [
        "DELETE FROM count_region",
        "INSERT INTO count_region (provinces, testimonies) "
        f"SELECT r.provinces, {_region_count(d.find, 'r.provinces')} FROM {REGIONS} WHERE 1 = 1",
    ]


_VIOLATION_COLUMNS = (
    "testimony_id, category, province, date_start, date_end, date_precision, "
    "un_response_status, reported_impact, deleted_at"
)
_CONSENT_COLUMNS = "testimony_id, internal, un, public, date_withdrawn, deleted_at"

# (table, event, columns of an UPDATE, [(condition, statements), ...]).
_Block = tuple[str, list[str]]


def _triggers(d: _Dialect) -> list[tuple[str, str, str, list[_Block]]]:
    violation_added = [(_violation_live("new"), _violation(d, "new", "1"))]
    violation_gone = [(_violation_live("old"), _violation(d, "old", "-1"))]
    consent_added = [(_consent_live("new"), _consent(d, "new", "1"))]
    consent_gone = [(_consent_live("old"), _consent(d, "old", "-1"))]
    return [
        ("violation", "INSERT", "", violation_added),
        ("violation", "UPDATE", _VIOLATION_COLUMNS, violation_gone + violation_added),
        ("violation", "DELETE", "", violation_gone),
        # A new testimony has no violation or consent yet (their foreign keys need it first).
        (
            "testimony",
            "INSERT",
            "",
            [("new.deleted_at IS NULL", [_add(d, "count_testimony", {"testimonies": "1"})])],
        ),
        (
            "testimony",
            "UPDATE",
            "deleted_at",
            [
                (
                    "old.deleted_at IS NULL AND new.deleted_at IS NOT NULL",
                    _testimony(d, "old", "-1"),
                ),
                (
                    "old.deleted_at IS NOT NULL AND new.deleted_at IS NULL",
                    _testimony(d, "new", "1"),
                ),
            ],
        ),
        ("testimony", "DELETE", "", [("old.deleted_at IS NULL", _testimony(d, "old", "-1"))]),
        ("consent", "INSERT", "", consent_added),
        ("consent", "UPDATE", _CONSENT_COLUMNS, consent_gone + consent_added),
        ("consent", "DELETE", "", consent_gone),
        ("region_protection", "INSERT", "", [("1 = 1", _region_added(d))]),
        ("region_protection", "UPDATE", "provinces", [("1 = 1", _region_added(d))]),
        *(
            (
                "vocabulary_term",
                event,
                columns,
                [(f"{row}.scheme = 'province'", _regions_recounted(d))],
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
        for table, event, columns, blocks in _triggers(SQLITE):
            of = f" OF {columns}" if columns else ""
            for index, (condition, statements) in enumerate(blocks):
                body = "; ".join(statements)
                bind.exec_driver_sql(
                    f"CREATE TRIGGER {_name(table, event)}_{index} AFTER {event}{of} ON {table} "
                    f"FOR EACH ROW WHEN {condition} BEGIN {body}; END"
                )
    elif bind.dialect.name == "postgresql":
        for table, event, columns, blocks in _triggers(POSTGRES):
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
    for table, event, _columns, blocks in _triggers(SQLITE):
        name = _name(table, event)
        if dialect == "sqlite":
            for index in range(len(blocks)):
                bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}_{index}")
        elif dialect == "postgresql":
            bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            bind.exec_driver_sql(f"DROP FUNCTION IF EXISTS {name}()")


def _fill(bind: Connection, d: _Dialect) -> None:
    """The counts of the rows already there (an archive made before these tables)."""
    estimated = f"sum({_flag(_estimated('violation'))})"
    consent = f"consent c WHERE c.deleted_at IS NULL AND c.{LIVE_TESTIMONY}"
    shares = ", ".join(
        f"(SELECT coalesce(sum({share}), 0) FROM {consent})"
        for share in _consent_states("c").values()
    )
    _, testimony_counts = SHAPES["count_testimony"]
    for statement in (
        f"INSERT INTO count_testimony ({', '.join(testimony_counts)}) SELECT "
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
        *_regions_recounted(d)[1:],
    ):
        bind.exec_driver_sql(statement)


def create(bind: Connection) -> None:
    """Tables, their counts of the rows already there, and the triggers that keep them."""
    d = POSTGRES if bind.dialect.name == "postgresql" else SQLITE
    for statement in _create_tables(d):
        bind.exec_driver_sql(statement)
    _fill(bind, d)
    if d.deltas:
        bind.exec_driver_sql(_compact_function())
    create_triggers(bind)


def drop(bind: Connection) -> None:
    drop_triggers(bind)
    if bind.dialect.name == "postgresql":
        bind.exec_driver_sql("DROP FUNCTION IF EXISTS count_compact()")
    for table in TABLES:
        bind.exec_driver_sql(f"DROP TABLE IF EXISTS {table}")
