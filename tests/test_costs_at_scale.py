"""Issue 18: an import, its undo and a bundle read what they name, not the whole archive.
Before, an import's first pass read the uid of every record and its writes read every code,
every consent's testimony and a map of every live person and testimony: a file of three rows
cost a million reads in an archive of a million testimonies, and as much memory. Counted here
as SQLite's own steps (its progress handler), not by the clock: the same work in an archive
ten times as large must cost about the same."""

import csv
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from caseapp.app import THROWAWAY_KDF, CaseApp, open_case_app
from caseapp.benchmarks.generate import ACTOR, generate
from caseapp.services.csv_import import CsvImportError
from caseapp.store import StoreLocation

from .test_csv_export_import import snapshot

PASSPHRASE = "scale test passphrase"
STEP = 100  # SQLite virtual-machine instructions per call of the progress handler

HEADER = [
    "code",
    "title",
    "narrative",
    "language",
    "source_code",
    "source_pseudonym",
    "consent_internal",
    "consent_un",
    "consent_public",
    "consent_date",
]
ROWS = [
    [
        "SCALE-1",
        "회령 국경에서",
        "2011년 겨울 회령 보위부에 구류되었다.",
        "ko",
        "P-SCALE",
        "가명",
        "yes",
        "no",
        "no",
        "2020",
    ],
    [
        "SCALE-2",
        "Forced labour",
        "Held at a labour camp near Hoeryong.",
        "en",
        "P-SCALE",
        "",
        "yes",
        "yes",
        "no",
        "2021",
    ],
    ["SCALE-3", "온성", "강제송환 후 노동단련대.", "ko", "", "", "", "", "", ""],
]


def _archive(folder: Path, n: int) -> Path:
    path = folder / f"archive-{n}.db"
    generate(path, n, PASSPHRASE, batch=500, kdf=THROWAWAY_KDF)
    return path


def _file(folder: Path, rows: list[list[str]]) -> Path:
    path = folder / "three.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def _steps(app: CaseApp, work: object) -> int:
    """SQLite's instructions while ``work`` runs, on every connection the archive lends."""
    counted = [0]

    def count() -> int:
        counted[0] += 1
        return 0  # go on

    def watch(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        conn.connection.dbapi_connection.set_progress_handler(count, STEP)

    event.listen(app.store.engine, "before_cursor_execute", watch)
    try:
        work()  # type: ignore[operator]
    finally:
        event.remove(app.store.engine, "before_cursor_execute", watch)
    return counted[0] * STEP


@pytest.fixture(scope="module")
def archives(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("scale")
    return _archive(folder, 150), _archive(folder, 1_500)


def _import_steps(archive: Path, csv_path: Path, check: bool) -> tuple[int, object]:
    app = open_case_app(StoreLocation(path=archive), PASSPHRASE, ACTOR)
    outcome: list[object] = []
    try:
        run = app.check_csv if check else app.import_csv
        steps = _steps(app, lambda: outcome.append(run("testimonies", csv_path)))
    finally:
        app.close()
    return steps, outcome[0]


@pytest.mark.parametrize("check", [True, False], ids=["check", "import"])
def test_three_rows_cost_the_same_in_an_archive_ten_times_as_large(
    archives: tuple[Path, Path], tmp_path: Path, check: bool
) -> None:
    small, large = archives
    csv_path = _file(tmp_path, ROWS)
    small_steps, small_result = _import_steps(small, csv_path, check)
    large_steps, large_result = _import_steps(large, csv_path, check)
    assert small_result.created == large_result.created == 3  # type: ignore[attr-defined]
    # 1,350 more testimonies, persons and consents: a read of any of them whole costs at
    # least one step per row, several thousand in all. The look-ups of three rows' records
    # through the indexes cost a few steps more in a deeper tree.
    assert large_steps - small_steps < 1_350, (small_steps, large_steps)


def _many(count: int) -> list[list[str]]:
    return [
        [
            f"MANY-{i}",
            f"제목 {i}",
            "2011년 회령에서.",
            "ko",
            f"P-{i % 7}",
            "",
            "yes",
            "no",
            "no",
            "2020",
        ]
        for i in range(count)
    ]


def test_a_code_repeated_past_the_first_batch_names_the_row_that_gave_it_first(
    empty_app: CaseApp, tmp_path: Path
) -> None:
    rows = _many(620)
    rows[611][0] = rows[1][0]  # file row 612 repeats the code of file row 2
    before = snapshot(empty_app)
    with pytest.raises(CsvImportError) as caught:
        empty_app.import_csv("testimonies", _file(tmp_path, rows))
    message = str(caught.value)
    assert "row 612, column code" in message and "row 2" in message, message
    assert snapshot(empty_app) == before


def test_a_code_the_archive_holds_is_refused_in_any_batch(
    empty_app: CaseApp, tmp_path: Path
) -> None:
    empty_app.import_csv("testimonies", _file(tmp_path, _many(3)))
    rows = [[f"NEW-{i}", *row[1:]] for i, row in enumerate(_many(1_200))]
    rows[1_150][0] = "MANY-2"  # file row 1,151: a testimony the archive already holds
    before = snapshot(empty_app)
    with pytest.raises(CsvImportError) as caught:
        empty_app.import_csv("testimonies", _file(tmp_path, rows))
    assert "row 1151, column code" in str(caught.value), str(caught.value)
    assert snapshot(empty_app) == before


def test_rows_read_before_a_broken_line_are_reported_with_it(
    empty_app: CaseApp, tmp_path: Path
) -> None:
    rows = _many(530)
    rows[2][6] = "maybe"  # file row 3: consent_internal is yes or no
    path = _file(tmp_path, rows)
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    lines[510] += ",one cell too many"  # file row 510 (line 511, after the header)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    before = snapshot(empty_app)
    with pytest.raises(CsvImportError) as caught:
        empty_app.import_csv("testimonies", path)
    found = [(problem.row, problem.field) for problem in caught.value.problems]
    assert found == [(3, "consent_internal"), (510, "")], found
    assert snapshot(empty_app) == before


def _bundle_steps(archive: Path, source: CaseApp, folder: Path) -> tuple[int, int]:
    app = open_case_app(StoreLocation(path=archive), PASSPHRASE, ACTOR)
    bundle = folder / f"to-{archive.stem}.bundle"
    try:
        app.peers.trust("source", source.peers.identity())
        source.peers.trust(archive.stem, app.peers.identity())
        source.exchange.export_bundle(archive.stem, bundle)
        applied: list[int] = []
        steps = _steps(app, lambda: applied.append(app.exchange.import_bundle(bundle).created))
    finally:
        app.close()
    return steps, applied[0]


def test_a_bundle_of_three_testimonies_costs_the_same_in_an_archive_ten_times_as_large(
    archives: tuple[Path, Path], tmp_path: Path
) -> None:
    """Applying a bundle read every code of each kind it carried, once per batch: a field
    laptop's day of work cost a million reads at a coordinator's million testimonies."""
    source = open_case_app(
        StoreLocation(path=tmp_path / "field.db"), PASSPHRASE, ACTOR, create=True, kdf=THROWAWAY_KDF
    )
    try:
        rows = [[f"FIELD-{i}", *row[1:]] for i, row in enumerate(ROWS)]
        source.import_csv("testimonies", _file(tmp_path, rows))
        small, large = archives
        small_steps, small_created = _bundle_steps(small, source, tmp_path)
        large_steps, large_created = _bundle_steps(large, source, tmp_path)
    finally:
        source.close()
    # The three testimonies, the source two of them name and their two consents.
    assert small_created == large_created == 6, (small_created, large_created)
    assert large_steps - small_steps < 1_350, (small_steps, large_steps)


def _traced_peak(work: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _second_bundle(archive: Path, folder: Path) -> tuple[int, int, int]:
    """A laptop gets a first bundle of the whole archive and acknowledges it; the office
    then imports three testimonies and writes a second bundle. Peak Python memory of the
    first and second bundles, and SQLite's steps of the second."""
    folder.mkdir()
    laptop_db = StoreLocation(path=folder / f"laptop-{archive.stem}.db")
    laptop = open_case_app(laptop_db, PASSPHRASE, ACTOR, create=True, kdf=THROWAWAY_KDF)
    app = open_case_app(StoreLocation(path=archive), PASSPHRASE, ACTOR)
    first_bundle, second_bundle = folder / "first.bundle", folder / "second.bundle"
    try:
        app.peers.trust("laptop", laptop.peers.identity())
        laptop.peers.trust("office", app.peers.identity())
        sent: list[Any] = []
        first = _traced_peak(
            lambda: sent.append(app.exchange.export_bundle("laptop", first_bundle))
        )
        laptop.exchange.import_bundle(first_bundle)
        laptop.exchange.export_bundle("office", folder / "back.bundle")
        app.exchange.import_bundle(folder / "back.bundle")  # acknowledges the first
        # Three testimonies, a source of their own and two consents: six records.
        rows = [
            [f"OFFICE-{i}", *row[1:4], row[4] and "P-OFFICE", *row[5:]]
            for i, row in enumerate(ROWS)
        ]
        app.import_csv("testimonies", _file(folder, rows))
        steps: list[int] = []

        def write_second() -> None:
            sent.append(app.exchange.export_bundle("laptop", second_bundle))

        second = _traced_peak(lambda: steps.append(_steps(app, write_second)))
        with app.store.engine.connect() as conn:
            bases = conn.exec_driver_sql("SELECT count(*) FROM sync_shadow").scalar()
        assert laptop.exchange.import_bundle(second_bundle).created == 6
    finally:
        app.close()
        laptop.close()
    assert sent[1].records == 6 and bases >= sent[0].records, (sent, bases)
    return first, second, steps[0]


def test_a_second_bundle_to_a_laptop_reads_and_holds_what_changed_not_the_archive(
    archives: tuple[Path, Path], tmp_path: Path
) -> None:
    """Each bundle compared every record with its merge base, read all at once: the second
    bundle to a laptop, carrying six records, read the whole archive and held the text of
    every record both sides agreed on (at a million testimonies, minutes and gigabytes). It
    now reads the records the audit trail names since the first (migration 0028): the same
    number of SQLite steps in an archive ten times as large, and no more memory than the
    first bundle, which carried all."""
    small, large = archives
    _, _, small_steps = _second_bundle(small, tmp_path / "small")
    first, second, large_steps = _second_bundle(large, tmp_path / "large")
    assert second <= first, (first, second)
    assert large_steps - small_steps < 1_350, (small_steps, large_steps)


def test_undoing_an_import_of_three_rows_costs_about_the_same_in_an_archive_ten_times_as_large(
    archives: tuple[Path, Path], tmp_path: Path
) -> None:
    """The undo found its import's event, and whether a person it made is named since, by
    reading the whole audit trail and every violation (neither had an index: migration
    0029)."""
    costs = []
    for archive in archives:
        app = open_case_app(StoreLocation(path=archive), PASSPHRASE, ACTOR)
        try:
            rows = [
                [f"UNDO-{archive.stem}-{i}", *row[1:4], row[4] and "P-UNDO", *row[5:]]
                for i, row in enumerate(ROWS)
            ]
            app.import_csv("testimonies", _file(tmp_path, rows))
            undone: list[Any] = []
            costs.append(_steps(app, lambda: undone.append(app.undo_import())))  # noqa: B023
            assert undone[0].deleted == 6, undone
        finally:
            app.close()
    small_steps, large_steps = costs
    # Taking three testimonies out walks deeper trees in a larger archive, through every
    # index and kept count of each: a little more (5,800 → 7,400 steps here). A read of a
    # table or of the audit trail whole made it seven times as much (17,300 → 122,100).
    assert large_steps < 1.5 * small_steps, costs
