"""The counts the database keeps (caseapp/store/migrations/counts.py) against counts taken
here, independently, from the live rows: a join of each violation to its testimony, year
bands and region memberships worked out in Python."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from caseapp.app import CaseApp
from caseapp.services.listing.regions import split_codes

LIVE = (
    "FROM violation v JOIN testimony t ON t.id = v.testimony_id "
    "WHERE v.deleted_at IS NULL AND t.deleted_at IS NULL"
)


def _rows(conn: Any, statement: str) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in conn.execute(text(statement))]


def _band(start: str | None, end: str | None) -> str:
    if start is None:
        return "unknown"
    return start[:4] if start[:4] == (end or start)[:4] else "several"


def counted_live(conn: Any) -> dict[str, Any]:
    violations = _rows(
        conn,
        "SELECT v.testimony_id, v.category, v.province, v.date_start, v.date_end, "
        f"v.date_precision, v.un_response_status, v.reported_impact {LIVE}",
    )
    categories: dict[str, tuple[int, set[int]]] = {}
    provinces: dict[str, tuple[int, set[int]]] = {}
    years: dict[str, list[int]] = {}
    statuses: dict[tuple[str, str], int] = {}
    impacts: dict[tuple[str, str], int] = {}
    for testimony, category, province, start, end, precision, status, impact in violations:
        for table, key in ((categories, category), (provinces, province or "")):
            n, seen = table.get(key, (0, set()))
            table[key] = (n + 1, seen | {testimony})
        year = years.setdefault(_band(start, end), [0, 0])
        year[0] += 1
        year[1] += precision == "estimate"
        statuses[(category, status or "")] = statuses.get((category, status or ""), 0) + 1
        if impact:
            impacts[(category, impact)] = impacts.get((category, impact), 0) + 1
    parents = dict(
        _rows(conn, "SELECT code, parent_code FROM vocabulary_term WHERE scheme = 'province'")
    )
    regions = {}
    for (text_,) in _rows(conn, "SELECT DISTINCT provinces FROM region_protection"):
        codes = set(split_codes(text_))
        regions[text_] = len(
            {
                testimony
                for testimony, _, province, *_ in violations
                if province and (province in codes or parents.get(province) in codes)
            }
        )
    [(testimonies,)] = _rows(conn, "SELECT count(*) FROM testimony WHERE deleted_at IS NULL")
    consents = _rows(
        conn,
        "SELECT c.internal, c.un, c.public, c.date_withdrawn FROM consent c "
        "JOIN testimony t ON t.id = c.testimony_id "
        "WHERE c.deleted_at IS NULL AND t.deleted_at IS NULL",
    )
    granted = [(bool(i), bool(u), bool(p)) for i, u, p, w in consents if w is None]
    return {
        "category": {k: (n, len(s)) for k, (n, s) in categories.items()},
        "province": {k: (n, len(s)) for k, (n, s) in provinces.items()},
        "year": {k: tuple(v) for k, v in years.items()},
        "status": statuses,
        "impact": impacts,
        "region": regions,
        "testimony": (
            testimonies,
            len(consents),
            len(consents) - len(granted),
            sum(i for i, _, _ in granted),
            sum(u for _, u, _ in granted),
            sum(p for _, _, p in granted),
            sum(not (i or u or p) for i, u, p in granted),
        ),
    }


def kept(conn: Any) -> dict[str, Any]:
    """The kept tables, each key's rows added up (PostgreSQL keeps a row per change until
    they are merged), keys counting nothing left out."""

    def keyed(table: str, keys: str, counts: str) -> dict[Any, Any]:
        width = len(keys.split(","))
        sums = ", ".join(f"sum({name.strip()})" for name in counts.split(","))
        nonzero = " OR ".join(f"sum({name.strip()}) <> 0" for name in counts.split(","))
        found = {}
        for row in _rows(
            conn, f"SELECT {keys}, {sums} FROM {table} GROUP BY {keys} HAVING {nonzero}"
        ):
            key = row[0] if width == 1 else row[:width]
            found[key] = row[width] if len(row) == width + 1 else row[width:]
        return found

    return {
        "category": keyed("count_category", "category", "violations, testimonies"),
        "province": keyed("count_province", "province", "violations, testimonies"),
        "year": keyed("count_year", "band", "violations, estimated"),
        "status": keyed("count_category_status", "category, status", "violations"),
        "impact": keyed("count_category_impact", "category, impact", "n"),
        "region": keyed("count_region", "provinces", "testimonies"),
        "testimony": tuple(
            int(n)
            for n in _rows(
                conn,
                "SELECT sum(testimonies), sum(consents), sum(withdrawn), sum(internal), "
                "sum(un), sum(public), sum(granted_none) FROM count_testimony",
            )[0]
        ),
    }


def assert_counts_kept(app: CaseApp) -> dict[str, Any]:
    """The kept counts equal the live rows' (returned, for a test to check they are not
    trivially empty)."""
    with app.store.engine.connect() as conn:
        expected = counted_live(conn)
        found = kept(conn)
    # A region counting nothing has no row of changes to add up.
    found["region"] = {text_: found["region"].get(text_, 0) for text_ in expected["region"]}
    for name, value in expected.items():
        assert found[name] == value, name
    return expected
