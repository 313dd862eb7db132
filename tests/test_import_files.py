"""Issue 12, item 9: an import reads regular files only, and a line longer than any good row
stops the reader when that much has been read (never the whole file)."""

import csv
import os
import threading
import tracemalloc
from pathlib import Path

import pytest

from caseapp.app import CaseApp
from caseapp.services.csv_fields import TESTIMONIES, ExchangeDialect
from caseapp.services.csv_import import CsvImportError
from caseapp.services.csv_reading import ROW_LIMIT
from caseapp.services.record_kinds import NARRATIVE

from .test_csv_export_import import snapshot

HEADER = ",".join(TESTIMONIES.columns).encode() + b"\r\n"


def _import(app: CaseApp, path: Path) -> str:
    before = snapshot(app)
    with pytest.raises(CsvImportError) as caught:
        app.import_csv("testimonies", path)
    assert snapshot(app) == before
    return str(caught.value)


@pytest.mark.parametrize("header", [True, False])
def test_a_100_mb_file_with_no_line_break_is_refused_with_bounded_memory(
    demo_app: CaseApp, tmp_path: Path, header: bool
) -> None:
    path = tmp_path / "one-line.csv"
    block = b"x" * (1 << 20)
    with path.open("wb") as handle:
        if header:
            handle.write(HEADER)
        for _ in range(100):
            handle.write(block)
    tracemalloc.start()
    try:
        message = _import(demo_app, path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "row is longer than" in message
    assert ("row 1" in message) if header else ("the header" in message)
    # One line of at most ROW_LIMIT characters is held, never the 100 MB.
    assert peak < 6 * ROW_LIMIT < 40 * (1 << 20), peak


def test_a_good_file_with_a_long_line_still_imports(empty_app: CaseApp, tmp_path: Path) -> None:
    """The bound is above the longest good row: a narrative at its limit, all quotes."""
    path = tmp_path / "long.csv"
    row = {name: "" for name in TESTIMONIES.columns}
    row.update(
        code="LONG-1",
        title="t",
        narrative='"' * (NARRATIVE - 10),
        language="en",
        status="draft",
        reliability="likely_reliable",
    )
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, dialect=ExchangeDialect)
        writer.writerow(TESTIMONIES.columns)
        writer.writerow([row[name] for name in TESTIMONIES.columns])
    assert empty_app.import_csv("testimonies", path).created == 1


def test_a_fifo_is_refused_without_waiting_for_a_writer(demo_app: CaseApp, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    outcome: list[str] = []

    def run() -> None:
        try:
            demo_app.import_csv("testimonies", fifo)
        except CsvImportError as exc:
            outcome.append(str(exc))

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(20)
    if worker.is_alive():  # unblock the import before failing
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)
        worker.join(5)
        pytest.fail("the import waited for a writer on a FIFO")
    assert outcome and "not a regular file" in outcome[0], outcome


def test_a_folder_and_a_device_are_refused(demo_app: CaseApp, tmp_path: Path) -> None:
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    assert "not a regular file" in _import(demo_app, folder)
    assert "not a regular file" in _import(demo_app, Path("/dev/zero"))


def test_a_symlink_to_a_regular_file_is_read(demo_app: CaseApp, tmp_path: Path) -> None:
    target = tmp_path / "real.csv"
    demo_app.export_csv("testimonies", target, "internal")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    assert demo_app.import_csv("testimonies", link).updated == 0


def test_a_row_of_cells_each_near_the_limit_is_refused_while_read(
    demo_app: CaseApp, tmp_path: Path
) -> None:
    """Each cell under the cell limit, each on its own lines, but the row far over any good
    row: the reader stops once a row's lines pass the bound."""
    cell = b'"' + b"y\r\n" * 600_000 + b'"'
    path = tmp_path / "wide.csv"
    with path.open("wb") as handle:
        handle.write(HEADER)
        handle.write(b",".join([cell] * len(TESTIMONIES.columns)) + b"\r\n")
    tracemalloc.start()
    try:
        message = _import(demo_app, path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "row 1" in message and "row is longer than" in message
    assert peak < 6 * ROW_LIMIT, peak
