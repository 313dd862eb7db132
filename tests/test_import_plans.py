"""An import into a new archive reads what its rows name through the indexes of what they
name, even before SQLite has any statistics (issue 18, migration 0035). SQLite guesses where
it has none: with an index of every record's deleted_at, it took "deleted_at IS NULL" for
a selective test and read each batch of 500 uids by walking every live testimony, so each
batch of an import cost more than the one before (200,000 rows took three times as long per
row as 50,000). Checked on SQLite's own plans of the statements an import runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from caseapp.app import CaseApp

from .test_import_by_hand import write_table
from .test_list_filter_plans import _plan, _statements

RECORD_TABLES = ("testimony", "violation", "consent", "person")
SCRATCH = "caseapp_scratch"
NARRATIVES = (
    "그날 밤 회령에서 국경을 건넜습니다. 보위부 사람들이 강가를 지키고 있었습니다.",
    "We crossed the Tumen river at night and were held for three weeks.",
)


def _statistics(app: CaseApp) -> list[Any]:
    with app.store.engine.connect() as conn:
        if conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first():
            return conn.exec_driver_sql("SELECT * FROM sqlite_stat1").all()
    return []


def _rows(count: int, offset: int = 0) -> list[list[str]]:
    return [
        [
            f"PLAN-{offset + n:04d}",
            f"testimony {n}",
            NARRATIVES[n % 2],
            "yes",
            "yes" if n % 3 else "no",
        ]
        for n in range(count)
    ]


def test_an_import_into_a_new_archive_reads_by_uid_and_code_not_by_walking_live_records(
    empty_app: CaseApp, tmp_path: Path
) -> None:
    if empty_app.store.engine.dialect.name != "sqlite":
        pytest.skip("a SQLite plan")
    assert not [row for row in _statistics(empty_app) if row[0] in RECORD_TABLES]
    header = ["code", "title", "narrative", "consent_internal", "consent_un"]
    first = write_table(tmp_path / "first.csv", header, _rows(1200))
    seen = _statements(empty_app, lambda: empty_app.import_csv("testimonies", first))
    # The same testimonies again by uid (updates, consents changed), and new ones beside them.
    exported = tmp_path / "exported.csv"
    empty_app.export_csv("testimonies", exported, profile="internal")
    seen += _statements(empty_app, lambda: empty_app.import_csv("testimonies", exported))
    second = write_table(tmp_path / "second.csv", header, _rows(600, offset=5000))
    seen += _statements(empty_app, lambda: empty_app.import_csv("testimonies", second))
    assert empty_app.stats()["testimony"] == 1800
    looked_up = 0
    for statement, parameters in seen:
        if not statement.lstrip().upper().startswith("SELECT") or " IN (" not in statement:
            continue
        if SCRATCH in statement:  # read by its primary key; gone with the import's end
            continue
        for step in _plan(empty_app, statement, parameters):
            words = step.split(" ")
            if words[0] in ("SCAN", "SEARCH") and words[1] in RECORD_TABLES:
                looked_up += 1
                # Every look-up of named records searches a unique key or an index of what
                # it names; none walks the table or the records that are not deleted.
                assert words[0] == "SEARCH", (statement[:120], step)
                assert "deleted_at" not in step.split("(", 1)[-1], (statement[:120], step)
    assert looked_up > 10
