"""Each violation's testimony code, stored for the violations list's sort by testimony
(migration 0036), stays what the testimony's code is, whichever way a violation is written:
filled for the archive that was there, then kept by the database's triggers as violations
are added, moved, deleted or removed and as a testimony's code changes."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from caseapp.app import CaseApp
from caseapp.services.listing import base

pytestmark = pytest.mark.both_engines


def stored(app: CaseApp) -> dict[int, str | None]:
    with app.store.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, testimony_code FROM sort_violation"))
        return {row[0]: row[1] for row in rows}


def expected(app: CaseApp) -> dict[int, str | None]:
    with app.store.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT v.id, t.code FROM violation v "
                "LEFT JOIN testimony t ON t.id = v.testimony_id"
            )
        )
        return {row[0]: row[1] for row in rows}


def violation_id(app: CaseApp, uid: str) -> int:
    with app.store.engine.connect() as conn:
        found = conn.execute(text("SELECT id FROM violation WHERE uid = :uid"), {"uid": uid})
        return int(found.scalar_one())


def test_the_stored_codes_follow_every_write(demo_app: CaseApp) -> None:
    app = demo_app
    assert stored(app) == expected(app) and len(stored(app)) > 10  # filled by the migration
    first = app.records.create("testimony", {"title": "회령 증언", "code": "ZZ-001"})
    second = app.records.create("testimony", {"title": "Forced labour", "code": "AA-002"})
    made = [
        app.records.create("violation", {"testimony_uid": first, "category": "torture"})
        for _ in range(3)
    ]
    assert {stored(app)[violation_id(app, uid)] for uid in made} == {"ZZ-001"}

    app.records.update("violation", made[0], {"testimony_uid": second})
    assert stored(app)[violation_id(app, made[0])] == "AA-002"
    app.records.update("testimony", first, {"code": "MM-003"})
    assert stored(app)[violation_id(app, made[1])] == "MM-003"
    assert stored(app)[violation_id(app, made[0])] == "AA-002"

    app.records.delete("violation", made[1])  # deleted, not removed: the lists leave it out
    app.records.delete("testimony", second)
    assert stored(app) == expected(app)

    gone = violation_id(app, made[2])
    with app.store.engine.begin() as conn:  # removed for good, as undoing an import does
        conn.execute(text("DELETE FROM violation WHERE id = :id"), {"id": gone})
    assert gone not in stored(app)
    assert stored(app) == expected(app)


def codes_in_order(app: CaseApp) -> list[str]:
    """The testimony codes down the violations list sorted by testimony, a row a page."""
    listing = app.listings.violations()
    listing.set_sort("testimony_code")
    total = listing.count()
    return [str(row["testimony_code"]) for n in range(total) for row in listing.fetch(n, 1)]


def test_the_list_sorted_by_testimony_follows_a_changed_code(
    demo_app: CaseApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    tested = codes_in_order(demo_app)  # these small lists are read with the tests
    monkeypatch.setattr(base, "SKIP_FROM", 1)  # every page but the first walks the stored codes
    assert codes_in_order(demo_app) == tested
    listing = demo_app.listings.violations()
    listing.set_sort("testimony_code")
    last = listing.fetch(listing.count() - 1, 1)[0]
    demo_app.records.update("testimony", str(last["testimony_uid"]), {"code": "0-FIRST"})
    skipped = codes_in_order(demo_app)
    assert skipped[0] == "0-FIRST" and skipped[-1] != "0-FIRST"
    monkeypatch.setattr(base, "SKIP_FROM", 2_000)
    assert codes_in_order(demo_app) == skipped


def test_a_filtered_list_sorted_by_testimony_is_the_same_walked_or_sorted(
    demo_app: CaseApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under a filter, near its start the list walks the stored codes; further down it
    reads the filter's matches and sorts them (violations.WALK_MOST). Every page is the
    same either way, in both directions."""
    from caseapp.services.listing import violations
    from caseapp.services.listing.violations import ViolationFilter

    demo_app.records.delete("violation", str(demo_app.listings.violations().fetch(0, 1)[0]["uid"]))
    for flt in (ViolationFilter(category="torture"), ViolationFilter(province="north_korea")):
        pages = {}
        for most in (10**9, 0):  # always walked; never walked
            monkeypatch.setattr(violations, "WALK_MOST", most)
            listing = demo_app.listings.violations(flt)
            total = listing.count()
            assert total >= 3, flt
            read = []
            for descending in (False, True):
                listing.set_sort("testimony_code", descending)
                read.append([listing.fetch(n, 2, total) for n in range(0, total, 2)])
            pages[most] = read
        assert pages[0] == pages[10**9], flt
