"""An unfiltered list's count is read from the totals the database keeps (store/counts.py)
rather than counted: at a million testimonies counting took 80 ms for the testimonies and
0.3 s for the violations, on every save that refreshed a list. Checked against the rows
counted one by one as records come and go, and read from the kept table."""

from __future__ import annotations

import pytest
from sqlalchemy import event, text

from caseapp.app import CaseApp
from caseapp.services.listing.testimonies import TestimonyFilter
from caseapp.services.listing.violations import ViolationFilter

LIVE_TESTIMONIES = "SELECT count(*) FROM testimony WHERE deleted_at IS NULL"
LIVE_VIOLATIONS = (
    "SELECT count(*) FROM violation v JOIN testimony t ON t.id = v.testimony_id "
    "WHERE v.deleted_at IS NULL AND t.deleted_at IS NULL"
)


def _counted(app: CaseApp) -> tuple[int, int]:
    with app.store.engine.connect() as conn:
        return (
            conn.execute(text(LIVE_TESTIMONIES)).scalar_one(),
            conn.execute(text(LIVE_VIOLATIONS)).scalar_one(),
        )


def _listed(app: CaseApp) -> tuple[int, int]:
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement)

    event.listen(app.store.engine, "before_cursor_execute", record)
    try:
        testimonies = app.listings.testimonies(TestimonyFilter()).count()
        violations = app.listings.violations(ViolationFilter()).count()
    finally:
        event.remove(app.store.engine, "before_cursor_execute", record)
    read = " ".join(statements)
    assert "count_testimony" in read and "count_province" in read, statements
    assert "FROM testimony" not in read and "FROM violation" not in read, statements
    return testimonies, violations


@pytest.mark.both_engines
def test_unfiltered_lists_count_what_the_rows_hold(demo_app: CaseApp) -> None:
    records = demo_app.records
    assert _listed(demo_app) == _counted(demo_app) != (0, 0)
    uid = records.create("testimony", {"title": "kept totals", "language": "en"})
    violations = [
        records.create("violation", {"testimony_uid": uid, "category": category})
        for category in ("torture", "forced_labour", "torture")
    ]
    assert _listed(demo_app) == _counted(demo_app)
    records.delete("violation", violations[0])
    assert _listed(demo_app) == _counted(demo_app)
    records.delete("testimony", uid)  # its violations leave the list with it
    assert _listed(demo_app) == _counted(demo_app)
    records.restore("testimony", uid)
    records.restore("violation", violations[0])
    before = _counted(demo_app)
    assert _listed(demo_app) == before
    # A filter still counts rows: the kept totals are the whole list's.
    listing = demo_app.listings.violations(ViolationFilter(category="forced_labour"))
    with demo_app.store.engine.connect() as conn:
        expected = conn.execute(
            text(LIVE_VIOLATIONS + " AND v.category = 'forced_labour'")
        ).scalar_one()
    assert listing.count() == expected < before[1]
