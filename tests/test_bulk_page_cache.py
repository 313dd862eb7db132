"""An import and a bundle's apply write under a larger page cache (``bulk_page_cache``) and give
the connection its usual one back after, written or cancelled. Without it a bulk write spilled
and re-read pages: the CSV import's audit events at 100,000 rows; a bundle of 10,000
testimonies applied about 5 % slower. What is read here is SQLite's own setting on the
writing connection, asked from the write's progress reports."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from caseapp.services.bulk_sql import BULK_CACHE_KIB
from caseapp.services.csv_fields import csv_kind_named
from caseapp.services.csv_import import import_csv
from caseapp.services.exchange import APPLY_CACHE_KIB, apply_incoming, peer_named
from caseapp.store.engine import CACHE_KIB

from .test_sync import pair, write  # noqa: F401  (the fixture)


def _cache(session) -> int:
    return int(session.connection().exec_driver_sql("PRAGMA cache_size").scalar_one())


def test_a_bundle_applies_under_the_bulk_cache_and_gives_it_back(pair) -> None:  # noqa: F811
    coordinator, field = pair
    for number in range(120):  # 240 items: the progress is told every 200
        uid = field.records.create(
            "testimony", {"title": f"회령 증언 {number}", "narrative": "강제노동", "language": "ko"}
        )
        field.records.create("violation", {"testimony_uid": uid, "category": "torture"})
    meta, items = write(field, "coordinator")
    seen: list[int] = []
    with coordinator.store.session() as session:
        before = _cache(session)
        summary = apply_incoming(
            session,
            coordinator.validator,
            peer_named(session, "field"),
            meta,
            items,
            coordinator.access.name,
            progress=lambda _count: seen.append(_cache(session)),
        )
        after = _cache(session)
    assert summary.created == 240
    assert before == after == -CACHE_KIB
    assert seen == [-APPLY_CACHE_KIB]


def _testimonies(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["code", "title", "language", "interview_date"])
        for number in range(rows):
            out.writerow([f"BULK-{number:05d}", f"Testimony {number}", "en", "2019-03-04"])
    return path


class Cancelled(Exception):
    pass


@pytest.mark.parametrize("cancel", [False, True])
def test_an_import_writes_under_the_bulk_cache_and_gives_it_back(
    empty_app, tmp_path: Path, cancel: bool
) -> None:
    path = _testimonies(tmp_path / "testimonies.csv", 2_500)
    seen: list[int] = []

    def progress(_done: int) -> None:
        seen.append(_cache(session))
        if cancel:
            raise Cancelled  # what the window's Cancel does

    with empty_app.store.session() as session:
        before = _cache(session)
        try:
            result = import_csv(
                session,
                empty_app.validator,
                empty_app.audit,
                empty_app.access,
                csv_kind_named("testimonies"),
                path,
                progress,
            )
        except Cancelled:
            assert cancel
            session.rollback()
        else:
            assert not cancel and result.created == 2_500
        after = _cache(session)
    assert before == after == -CACHE_KIB
    assert seen == [-BULK_CACHE_KIB]
