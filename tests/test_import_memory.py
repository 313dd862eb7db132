"""What an import remembers of its file (the row that gave each uid and code first, the
persons named, the records updated and their consents) is kept in a scratch table of its own
transaction, a batch of rows at a time, not in memory that grows with the file (issue 18:
about half a kilobyte a row, 300 MB at a million rows). Checked with batches of a few rows,
so that every repeat and every person crosses a batch; on both engines."""

from __future__ import annotations

import csv
import gc
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from sqlalchemy import select, text

from caseapp.app import CaseApp
from caseapp.models import Consent, Testimony
from caseapp.services import csv_import, csv_survey
from caseapp.services.bulk import Journal
from caseapp.services.csv_import import CsvImportError
from caseapp.store import scratch
from caseapp.store.scratch import Scratch

from .test_csv_export_import import snapshot
from .test_import_by_hand import write_table

pytestmark = pytest.mark.both_engines

HEADER = ["code", "title", "narrative", "source_code", "source_pseudonym", "consent_internal"]
KO = "그날 밤 회령에서 국경을 건넜습니다. 보위부 사람들이 강가를 지키고 있었습니다."
EN = "We crossed the Tumen river at night and were held for three weeks."


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_survey, "ID_BATCH", 2)
    monkeypatch.setattr(csv_import, "CHUNK_ROWS", 3)
    monkeypatch.setattr(csv_import, "PERSON_BATCH", 2)


def _scratch_tables(app: CaseApp) -> list[str]:
    with app.store.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            query = "SELECT name FROM sqlite_master WHERE name LIKE '%scratch%'"
        else:
            query = "SELECT tablename FROM pg_tables WHERE tablename LIKE '%scratch%'"
        return [name for (name,) in conn.execute(text(query))]


def _consents(app: CaseApp) -> dict[str, tuple[bool, bool]]:
    """testimony uid -> (internal, un) of its live consent."""
    with app.store.session() as session:
        rows = session.execute(
            select(Testimony.uid, Consent.internal, Consent.un)
            .join(Consent, Consent.testimony_id == Testimony.id)
            .where(Consent.deleted_at.is_(None))
        )
        return {uid: (bool(internal), bool(un)) for uid, internal, un in rows}


def _by_code(app: CaseApp) -> dict[str, dict]:
    listing = app.listings.testimonies()
    return {
        row["code"]: app.records.get("testimony", row["uid"])
        for row in listing.fetch(0, listing.count())
    }


def test_repeats_are_found_across_batches_with_the_row_that_came_first(
    empty_app: CaseApp, tmp_path: Path, small_batches: None
) -> None:
    uid = "0b8e4b8e-6d55-4d0b-9a55-6c1e2f3a4b5c"
    rows = [
        [uid, "R-1", "t", KO, "S-1", "가명 하나", "yes"],
        ["", "R-2", "t", EN, "S-2", "", "yes"],
        ["", "R-3", "t", KO, "S-1", "", "yes"],
        ["", "R-4", "t", EN, "S-3", "", "no"],
        [uid, "R-5", "t", KO, "S-4", "", "yes"],  # the uid of row 1
        ["", "R-2", "t", EN, "S-5", "", "yes"],  # the code of row 2
        ["", "R-7", "t", KO, "S-1", "다른 가명", "yes"],  # S-1's pseudonym was given in row 1
    ]
    path = write_table(tmp_path / "repeats.csv", ["uid", *HEADER], rows)
    before = snapshot(empty_app)
    with pytest.raises(CsvImportError) as caught:
        empty_app.import_csv("testimonies", path)
    message = str(caught.value)
    assert "row 5, column uid: the same uid as row 1 (and 2 more problems)" in message
    found = [(p.row, p.field, p.message.code, p.message.params) for p in caught.value.problems]
    assert found == [
        (5, "uid", "csv.same_uid", {"row": 1}),
        (6, "code", "csv.code_repeated", {"row": 2}),
        (7, "source_pseudonym", "csv.pseudonym_differs", {"row": 1}),
    ]
    assert "가명" not in message
    assert snapshot(empty_app) == before
    assert _scratch_tables(empty_app) == []


def test_persons_updates_and_consents_cross_batches(
    empty_app: CaseApp, tmp_path: Path, small_batches: None
) -> None:
    first = write_table(
        tmp_path / "first.csv",
        HEADER,
        [
            [f"M-{n}", f"title {n}", KO if n % 2 else EN, f"S-{n % 4}", "", "yes" if n % 3 else ""]
            for n in range(11)
        ],
    )
    result = empty_app.import_csv("testimonies", first)
    assert (result.created, result.persons_created) == (11, 4)
    made = _by_code(empty_app)
    assert {made[f"M-{n}"]["source_uid"] for n in range(11)} == {
        made[f"M-{n}"]["source_uid"] for n in range(4)
    }
    assert made["M-5"]["source_uid"] == made["M-1"]["source_uid"] != made["M-2"]["source_uid"]
    exported = tmp_path / "exported.csv"
    empty_app.export_csv("testimonies", exported, profile="internal")
    with exported.open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.DictReader(handle))
    for row in table:
        number = int(row["code"].split("-")[1])
        if number % 2 == 0:
            row["title"] = f"retitled {number}"
        if number == 4:
            row["consent_un"] = "yes"  # a consent changed
        if number == 3:
            row["consent_internal"] = "yes"  # a testimony that had none gets one
        if number == 6:
            row["source_code"], row["source_pseudonym"] = "S-9", "새 가명"  # a new person
        if number == 7:
            row["source_pseudonym"] = "바뀐 가명"  # a known person renamed
    table.append(
        {**{k: "" for k in table[0]}, "code": "M-20", "title": "new", "source_code": "S-1"}
    )
    edited = write_table(tmp_path / "edited.csv", list(table[0]), [list(r.values()) for r in table])
    result = empty_app.import_csv("testimonies", edited)
    assert (result.created, result.persons_created) == (1, 1)
    assert result.updated == 7  # six retitled (0, 2, 4, 6, 8, 10), M-3's consent; M-7's person
    after = _by_code(empty_app)
    assert after["M-2"]["title"] == "retitled 2" and after["M-3"]["title"] == "title 3"
    assert after["M-20"]["source_uid"] == made["M-1"]["source_uid"]
    assert after["M-6"]["source_uid"] not in {made[f"M-{n}"]["source_uid"] for n in range(4)}
    renamed = empty_app.records.get("person", made["M-7"]["source_uid"])
    assert renamed["pseudonym"] == "바뀐 가명"
    consents = _consents(empty_app)
    assert consents[after["M-3"]["uid"]] == (True, False)
    assert consents[after["M-4"]["uid"]] == (True, True)
    assert consents[after["M-5"]["uid"]] == (True, False)
    assert after["M-0"]["uid"] not in consents  # none given, none made
    assert _scratch_tables(empty_app) == []


def test_a_check_and_a_refused_import_leave_no_scratch_table(
    empty_app: CaseApp, tmp_path: Path
) -> None:
    path = write_table(tmp_path / "ok.csv", HEADER, [["C-1", "t", KO, "S-1", "", "yes"]])
    empty_app.check_csv("testimonies", path)
    assert _scratch_tables(empty_app) == []
    bad = write_table(tmp_path / "bad.csv", HEADER, [["C-1", "t", KO, "S-1", "", "maybe"]])
    with pytest.raises(CsvImportError):
        empty_app.import_csv("testimonies", bad)
    assert _scratch_tables(empty_app) == []
    empty_app.import_csv("testimonies", path)
    assert _scratch_tables(empty_app) == [] and empty_app.stats()["testimony"] == 1


def test_the_scratch_table_reads_and_writes_by_key(
    empty_app: CaseApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scratch, "KEYS_PER_DELETE", 5)  # emptied in steps of 5, 5 and 2 (SQLite)
    with empty_app.store.session() as session:
        memory = Scratch(session.connection())
        memory.keep("uid", {f"k{n:03d}": csv_survey.Entry(n, None, None) for n in range(12)})
        memory.keep("code", {"k001": csv_survey.Entry(7, "텍스트", 3)})
        memory.keep("uid", {"k005": csv_survey.Entry(99)})  # replaced
        assert memory.recall("uid", ["k001", "k005", "zzz"]) == {
            "k001": (1, None, None),
            "k005": (99, None, None),
        }
        assert memory.recall("code", ["k001"]) == {"k001": (7, "텍스트", 3)}
        batches = list(memory.each("uid", size=5))
        assert [len(b) for b in batches] == [5, 5, 2]
        assert [key for batch in batches for key, _ in batch] == [f"k{n:03d}" for n in range(12)]
        assert list(memory.each("person")) == []  # a space of its own
        memory.drop()
        session.rollback()
    assert _scratch_tables(empty_app) == []


@pytest.mark.sqlcipher_only
def test_what_the_survey_holds_does_not_grow_with_the_file(
    empty_app: CaseApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Python's own allocations while a file is imported, at two sizes: with the survey's
    dictionaries they grew by about 0.5 KB a row; kept in the scratch table, by next to
    nothing (the chunk of rows being written is the same size in both)."""
    monkeypatch.setattr(csv_survey, "ID_BATCH", 100)
    monkeypatch.setattr(csv_import, "CHUNK_ROWS", 100)
    monkeypatch.setattr(csv_import, "PERSON_BATCH", 100)
    monkeypatch.setattr(Journal, "BATCH", 100)  # what undo keeps, handed on as it goes

    def peak(rows: int, start: int) -> int:
        path = write_table(
            tmp_path / f"{rows}.csv",
            HEADER,
            [[f"G-{start + n}", "t", EN, f"P-{start + n}", f"p{n}", "yes"] for n in range(rows)],
        )
        gc.collect()
        tracemalloc.start()
        try:
            empty_app.import_csv("testimonies", path)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    peak(300, 0)  # caches and statements warmed
    small, large = peak(400, 10_000), peak(4_000, 20_000)
    # 3,600 rows more: with the dictionaries, about 10 MB more; one of them alone (the uids
    # seen), about 0.6 MB. What remains is noise: caches of statements, the collector.
    assert large - small < 300 * 1024, (small, large)


DROP_PEAK = r"""
import sys
from pathlib import Path

from caseapp.app import THROWAWAY_KDF, open_case_app
from caseapp.store import StoreLocation, engines
from caseapp.store.scratch import Entry, Scratch


def peak_kib():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))


engines.sqlite.SqliteFeatures.drops_in_steps = sys.argv[2] == "steps"
location = StoreLocation(path=Path(sys.argv[1]))
app = open_case_app(location, "x" * 24, "t", create=True, kdf=THROWAWAY_KDF)
with app.store.session() as session:
    memory = Scratch(session.connection())
    for space in ("uid", "code"):
        for start in range(0, 300_000, 10_000):
            memory.keep(space, {f"{space}-{n:07d}": Entry(n) for n in range(start, start + 10_000)})
    before = peak_kib()
    memory.drop()
    print(peak_kib() - before)
    session.rollback()
app.close()
"""


@pytest.mark.sqlcipher_only
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
def test_dropping_the_scratch_table_holds_no_copy_of_it(tmp_path: Path) -> None:
    """Dropped whole, SQLite kept the original of every page the DROP freed (secure_delete
    overwrites each) in one statement's journal, in memory (temp_store = MEMORY): about 100 MB
    at the end of a 666,667-row import. Emptied a range of keys at a time first, the peak
    does not move. In a process of its own, 600,000 entries: its peak before and after."""

    def grown_kib(how: str) -> int:
        done = subprocess.run(
            [sys.executable, "-c", DROP_PEAK, str(tmp_path / f"{how}.db"), how],
            capture_output=True,
            text=True,
            check=True,
        )
        return int(done.stdout.split()[-1])

    whole, steps = grown_kib("whole"), grown_kib("steps")
    assert whole > 8 * 1024, whole  # the cost shown, so that the check below can fail
    assert steps < 2 * 1024, (steps, whole)
