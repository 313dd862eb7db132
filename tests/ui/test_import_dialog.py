"""Reports > Import CSV…, driven as a person would, in the real window the composition root
builds over a real encrypted demo archive: pick the kind, give the file, check, read what
would change, confirm, and see the record in its tab. A role that may not import finds the
action disabled, saying why; a file that would not import says so and changes nothing."""

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from caseapp.app import CaseApp, gui_parts, wire
from caseapp.services.access import Access, Actor, Role
from caseapp.store import StoreLocation, open_store
from caseapp.ui.lock import IdleWatcher
from caseapp.ui.main_window import MainWindow
from caseapp.ui.settings import UiSettings

from ..conftest import PASSPHRASE

JOB_TIMEOUT_MS = 120_000


@pytest.fixture
def window_for(qtbot, demo_app: CaseApp, db_path: Path, tmp_path: Path) -> Iterator:
    """The real window (gui_parts' build_window) over the demo archive for a user and role;
    also hands back the CaseApp it was built on, to read the archive as the test's eyes."""
    demo_app.close()
    opened: list[CaseApp] = []
    watchers: list[IdleWatcher] = []

    def build(name: str, role: Role) -> tuple[MainWindow, CaseApp]:
        app = wire(open_store(StoreLocation(path=db_path), PASSPHRASE), Access(Actor(name, role)))
        opened.append(app)
        settings = UiSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        watcher = IdleWatcher(QApplication.instance(), 60)
        watchers.append(watcher)
        _opener, build_window = gui_parts(name)
        window = build_window(app, StoreLocation(path=db_path), settings, watcher)
        qtbot.addWidget(window)
        window.show()
        return window, app

    yield build
    for watcher in watchers:
        watcher.stop()
    for app in opened:
        app.close()


def write_table(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def shown_titles(window: MainWindow) -> set[str]:
    model = window.tabs_by_kind["testimony"].model
    while model.canFetchMore(model.index(-1, -1).parent()):
        model.fetchMore(model.index(-1, -1).parent())
    titles = set()
    for row in range(model.rowCount()):
        found = model.row_at(row)
        if found is not None:
            titles.add(str(found["title"]))
    return titles


def click_and_wait(qtbot, dialog, button) -> None:
    """Click a button that starts a job and wait until the job has ended."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job is None, timeout=JOB_TIMEOUT_MS)


def open_import(qtbot, window: MainWindow, kind: str, path: Path):
    window.import_csv_action.trigger()
    dialog = window.import_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
    assert not dialog.check_button.isEnabled()  # no file yet
    qtbot.keyClicks(dialog.path_edit, str(path))
    assert dialog.check_button.isEnabled()
    assert not dialog.import_button.isEnabled()  # never before a check
    return dialog


def test_check_then_confirm_imports_and_the_tab_shows_the_record(
    qtbot, window_for, tmp_path: Path
) -> None:
    window, app = window_for("tester", Role.COORDINATOR)
    existing = app.listings.testimonies().fetch(0, 1)[0]
    path = write_table(
        tmp_path / "hand.csv",
        ["reliability", "title", "uid", "narrative"],
        [
            ["대체로 신뢰할 수 있음", "손으로 적은 새 증언", "", "두만강을 건넌 밤의 이야기"],
            ["Highly reliable", "A testimony typed by hand", "", "The night we crossed."],
            ["", "고친 제목", existing["uid"], ""],
        ],
    )
    count_before = app.stats()["testimony"]
    window.tab_widget.setCurrentWidget(window.tabs_by_kind["testimony"])  # the list on screen
    assert existing["title"] in shown_titles(window)
    assert "손으로 적은 새 증언" not in shown_titles(window)

    dialog = open_import(qtbot, window, "testimonies", path)
    click_and_wait(qtbot, dialog, dialog.check_button)

    summary = dialog.summary.toPlainText().splitlines()
    assert summary[0] == (
        "The file can be imported. Rows: 2 create a record, 1 change one, 0 change nothing."
    )
    assert "testimony: 2 to create, 1 to change" in summary
    # Per column, how many values change (the English plural comes from the translation).
    assert any(line.startswith("    title: 1 value") for line in summary)
    assert any(line.startswith("    narrative: 1 value") for line in summary)
    assert any(line.startswith("    reliability: 1 value") for line in summary)
    assert any(line.startswith("consent:") for line in summary) is False
    assert "Nothing was written" in dialog.message.text()
    assert app.stats()["testimony"] == count_before  # the check wrote nothing
    assert dialog.import_button.isEnabled()

    with qtbot.waitSignal(dialog.imported, timeout=JOB_TIMEOUT_MS):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    assert app.stats()["testimony"] == count_before + 2
    assert "Imported" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: "손으로 적은 새 증언" in shown_titles(window))
    titles = shown_titles(window)
    assert {"A testimony typed by hand", "고친 제목"} <= titles
    assert app.records.get("testimony", existing["uid"])["title"] == "고친 제목"


def test_changing_the_file_after_the_check_asks_for_a_new_check(
    qtbot, window_for, tmp_path: Path
) -> None:
    window, _app = window_for("tester", Role.COORDINATOR)
    path = write_table(tmp_path / "one.csv", ["title"], [["증언 하나"]])
    dialog = open_import(qtbot, window, "testimonies", path)
    click_and_wait(qtbot, dialog, dialog.check_button)
    assert dialog.import_button.isEnabled()
    qtbot.keyClicks(dialog.path_edit, "x")
    assert not dialog.import_button.isEnabled()
    assert dialog.summary.toPlainText() == ""


def test_a_file_that_would_not_import_says_why_and_changes_nothing(
    qtbot, window_for, tmp_path: Path
) -> None:
    window, app = window_for("tester", Role.COORDINATOR)
    path = write_table(
        tmp_path / "typo.csv",
        ["category", "testimony_code", "provnce"],
        [["고문", "X", "함경북도"]],
    )
    before = app.stats()
    dialog = open_import(qtbot, window, "violations", path)
    click_and_wait(qtbot, dialog, dialog.check_button)
    assert dialog.message.text() == (
        "cannot import typo.csv: the header, column provnce: is not a column of a violations "
        "file (its columns, in any order: uid, testimony_uid, category, category_label, "
        "date_start, date_end, date_precision, province, place, place_type, perpetrator, "
        "reported_impact, un_mechanism, un_submission_date, un_reference, un_response_status, "
        "verification_status, victim_code, export_profile, testimony_code); nothing was imported"
    )
    assert not dialog.import_button.isEnabled()
    assert app.stats() == before


def test_a_recorder_finds_import_disabled_and_told_why(qtbot, window_for) -> None:
    window, _app = window_for("rita", Role.RECORDER)
    assert not window.import_csv_action.isEnabled()
    assert window.import_csv_action.toolTip() == ("Refused: rita is a recorder and may not import.")
    window.import_csv_action.trigger()
    assert window.import_dialog is None
    assert window.open_import_csv() is None
    assert "may not import" in window.statusBar().currentMessage()


def test_a_caseworker_may_import(qtbot, window_for) -> None:
    window, _app = window_for("cai", Role.CASEWORKER)
    assert window.import_csv_action.isEnabled()
    assert window.import_csv_action.toolTip() == "Import CSV…"


def test_the_lock_closes_an_idle_import_dialog(qtbot, window_for, tmp_path: Path) -> None:
    window, _app = window_for("tester", Role.COORDINATOR)
    window.can_lock = True
    window.import_csv_action.trigger()
    dialog = window.import_dialog
    assert dialog is not None and dialog.isVisible()
    window.lock()
    assert not dialog.isVisible()
    assert not window.import_csv_action.isEnabled()
