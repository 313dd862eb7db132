"""The dashboard's counts (caseapp/services/dashboard.py) equal counts taken from the archive
by plain SQL written here, on an archive with varied data: the demo, plus date ranges over
several years, estimates, withdrawn consent, several provinces and deleted records."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from caseapp.app import CaseApp
from caseapp.services.dashboard import (
    SEVERAL_YEARS,
    UNKNOWN_YEAR,
    DashboardCounts,
    would_suppress,
)
from caseapp.services.listing.testimonies import TestimonyFilter
from caseapp.services.listing.violations import ViolationFilter

from .test_sync import pair  # noqa: F401  (the two archives that trust each other)

pytestmark = pytest.mark.both_engines

LIVE_VIOLATIONS = (
    "FROM violation v JOIN testimony t ON t.id = v.testimony_id "
    "WHERE v.deleted_at IS NULL AND t.deleted_at IS NULL"
)


def sql(app: CaseApp, statement: str) -> list[tuple[Any, ...]]:
    with app.store.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(text(statement))]


def varied(app: CaseApp) -> dict[str, str]:
    """Records the demo lacks: ranges, estimates, withdrawn consent, deletions."""
    records = app.records
    made: dict[str, str] = {}
    one = records.create("testimony", {"title": "ranges", "interview_date": "2021-05"})
    two = records.create("testimony", {"title": "withdrawn"})
    gone = records.create("testimony", {"title": "deleted later"})
    records.create("consent", {"testimony_uid": one, "internal": True, "un": True})
    records.create("consent", {"testimony_uid": two, "public": True, "date_withdrawn": "2022-01"})

    def violation(testimony: str, **data: Any) -> str:
        return records.create(
            "violation", {"testimony_uid": testimony, "category": "torture", **data}
        )

    made["range"] = violation(
        one,
        date_start="2014-03",
        date_end="2016",
        date_precision="range",
        province="jilin",
    )
    made["range_in_year"] = violation(
        one,
        date_start="2015-01",
        date_end="2015-06",
        date_precision="range",
        province="north_hamgyong",
        category="arbitrary_detention",
    )
    made["estimate"] = violation(
        two, date_start="2015", date_precision="estimate", province="ryanggang"
    )
    made["undated"] = violation(two, province="china", un_response_status="submitted")
    made["deleted"] = violation(one, date_start="2015", date_precision="year")
    records.delete("violation", made["deleted"])
    violation(gone, date_start="2013", date_precision="year", province="jilin")
    records.delete("testimony", gone)
    return made


def test_counts_equal_counts_from_sql(demo_app: CaseApp) -> None:
    varied(demo_app)
    counts = demo_app.dashboard.counts()

    # Totals.
    [(testimonies,)] = sql(demo_app, "SELECT count(*) FROM testimony WHERE deleted_at IS NULL")
    [(violations,)] = sql(demo_app, "SELECT count(*) " + LIVE_VIOLATIONS)
    assert counts.testimonies == testimonies
    assert counts.violations == violations > 0

    # By category and by province: violations and the distinct testimonies reporting them.
    for attribute, column in (("categories", "category"), ("provinces", "province")):
        expected = {
            code: (n, t)
            for code, n, t in sql(
                demo_app,
                f"SELECT v.{column}, count(*), count(DISTINCT v.testimony_id) "
                f"{LIVE_VIOLATIONS} GROUP BY v.{column}",
            )
        }
        got = {row.code: (row.violations, row.testimonies) for row in getattr(counts, attribute)}
        assert got == expected
    assert len(counts.provinces) >= 4

    # By UN response status (None: not recorded).
    expected_status = dict(
        sql(
            demo_app,
            f"SELECT v.un_response_status, count(*) {LIVE_VIOLATIONS} "
            "GROUP BY v.un_response_status",
        )
    )
    assert {row.code: row.violations for row in counts.un_statuses} == expected_status

    # By year of the events: each violation once; a range over two calendar years is no year.
    rows = sql(
        demo_app,
        f"SELECT v.date_start, v.date_end, v.date_precision {LIVE_VIOLATIONS}",
    )
    expected_years: dict[str, list[int]] = {}
    for start, end, precision in rows:
        if start is None:
            band = UNKNOWN_YEAR
        elif (end or start)[:4] != start[:4]:
            band = SEVERAL_YEARS
        else:
            band = start[:4]
        cell = expected_years.setdefault(band, [0, 0])
        cell[0] += 1
        cell[1] += precision == "estimate"
    got_years = {row.year: [row.violations, row.estimated] for row in counts.years}
    assert got_years == expected_years
    assert got_years[SEVERAL_YEARS][0] >= 1 and got_years["2015"][1] >= 1
    assert sum(row.violations for row in counts.years) == counts.violations
    bands = [row.year for row in counts.years]
    assert bands[-2:] == [SEVERAL_YEARS, UNKNOWN_YEAR]
    assert bands[:-2] == sorted(bands[:-2])

    # By consent, as the testimonies tab's consent filter keeps them.
    consent_rows = sql(
        demo_app,
        "SELECT c.id, c.internal, c.un, c.public, c.date_withdrawn FROM testimony t "
        "LEFT JOIN consent c ON c.testimony_id = t.id AND c.deleted_at IS NULL "
        "WHERE t.deleted_at IS NULL",
    )
    expected_consent = {"internal": 0, "un": 0, "public": 0, "none": 0, "withdrawn": 0}
    for cid, internal, un, public, withdrawn in consent_rows:
        if cid is None:
            expected_consent["none"] += 1
        elif withdrawn is not None:
            expected_consent["withdrawn"] += 1
        else:
            for name, value in (("internal", internal), ("un", un), ("public", public)):
                expected_consent[name] += bool(value)
            expected_consent["none"] += not (internal or un or public)
    assert counts.consent == expected_consent
    assert counts.consent["withdrawn"] >= 1


def test_each_bar_lists_as_many_records_as_it_counts(demo_app: CaseApp) -> None:
    """What a click on a bar opens (the tabs' own filters) holds the bar's count."""
    varied(demo_app)
    counts = demo_app.dashboard.counts()
    listings = demo_app.listings
    for row in counts.categories:
        flt = ViolationFilter(category=row.code, subcategories=False)
        assert listings.violations(flt).count() == row.violations
    for row in counts.provinces:
        if row.code is not None:
            flt = ViolationFilter(province=row.code, subprovinces=False)
            assert listings.violations(flt).count() == row.violations
    for row in counts.un_statuses:
        if row.code is not None:
            flt = ViolationFilter(un_response_status=row.code)
            assert listings.violations(flt).count() == row.violations
    for row in counts.years:
        if row.year not in (SEVERAL_YEARS, UNKNOWN_YEAR):
            flt = ViolationFilter(date_from=row.year, date_to=row.year, year=row.year)
            assert listings.violations(flt).count() == row.violations
    for state, n in counts.consent.items():
        assert listings.testimonies(TestimonyFilter(consent=state)).count() == n


def test_regions_stand_beside_the_counts_from_records(demo_app: CaseApp) -> None:
    records = demo_app.records
    records.create(
        "region",
        {
            "region": "Jilin watch",
            "provinces": "jilin",
            "reported_cases": 3200,
            "reported_cases_is_minimum": True,
        },
    )
    varied(demo_app)
    counts = demo_app.dashboard.counts()
    row = next(r for r in counts.regions if r.region == "Jilin watch")
    [(expected,)] = sql(
        demo_app,
        f"SELECT count(DISTINCT v.testimony_id) {LIVE_VIOLATIONS} AND v.province = 'jilin'",
    )
    assert (row.reported, row.reported_is_minimum, row.counted) == (3200, True, expected)


def test_changes_since_the_last_review(demo_app: CaseApp) -> None:
    assert demo_app.dashboard.counts().since_review is None
    reviewed = demo_app.dashboard.mark_reviewed()
    untouched = demo_app.dashboard.counts().since_review
    assert untouched is not None and untouched.since == reviewed
    assert (untouched.testimonies_new, untouched.testimonies_changed) == (0, 0)

    made = varied(demo_app)  # 3 testimonies, 6 violations created; 1 + 2 deleted
    demo_app.records.update("violation", made["range"], {"place": "Yanji"})
    changes = demo_app.dashboard.counts().since_review
    assert changes is not None
    assert (changes.testimonies_new, changes.testimonies_changed) == (3, 0)
    assert (changes.violations_new, changes.violations_changed) == (6, 0)

    demo_app.dashboard.mark_reviewed()
    demo_app.records.update("violation", made["range"], {"place": "Tumen"})
    changes = demo_app.dashboard.counts().since_review
    assert changes is not None
    assert (changes.violations_new, changes.violations_changed) == (0, 1)


def test_small_counts_are_marked_as_a_public_report_hides_them() -> None:
    assert [n for n in range(7) if would_suppress(n)] == [1, 2, 3, 4]


def test_an_empty_archive_counts_nothing(empty_app: CaseApp) -> None:
    counts: DashboardCounts = empty_app.dashboard.counts()
    assert (counts.testimonies, counts.violations) == (0, 0)
    assert counts.categories == counts.years == counts.provinces == ()
    assert counts.consent == {"internal": 0, "un": 0, "public": 0, "none": 0, "withdrawn": 0}


def test_changes_since_the_last_exchange(pair) -> None:  # noqa: F811 (the fixture)
    """A bundle applied (or written) is remembered with its peer; what is saved after it
    counts as changed since the exchange, what the bundle brought does not."""
    from .test_sync import apply, seed, write

    coordinator, field = pair
    assert coordinator.dashboard.counts().last_exchange is None
    seed(field)
    apply(coordinator, "field", write(field, "coordinator"))
    counts = coordinator.dashboard.counts()
    assert counts.last_exchange is not None and counts.last_exchange_peer == "field"
    assert counts.since_exchange is not None
    assert (counts.since_exchange.testimonies_new, counts.since_exchange.violations_new) == (0, 0)
    assert field.dashboard.counts().last_exchange_peer == "coordinator"  # it wrote one

    coordinator.records.create("testimony", {"title": "after the exchange"})
    since = coordinator.dashboard.counts().since_exchange
    assert since is not None and (since.testimonies_new, since.testimonies_changed) == (1, 0)
