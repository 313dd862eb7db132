"""The export and report dialogs, driven as the user would, over the real demo database:
the file is chosen (an injected chooser stands in for the save dialog), the export runs in
the background, and the file that comes out is read back."""

import csv
import json
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget

from caseapp.app import CaseApp
from caseapp.ui.export_dialog import ExportDialog
from caseapp.ui.export_job import Exporters
from caseapp.ui.main_window import MainWindow
from caseapp.ui.settings import UiSettings
from caseapp.ui.tabs.testimonies import TestimoniesTab
from caseapp.ui.tabs.violations import ViolationsTab

from ..test_pdf_report import add_copies, pdf_pages

DEMO = json.loads(
    (Path(__file__).resolve().parents[2] / "resources" / "demo" / "demo.json").read_text(
        encoding="utf-8"
    )
)["testimonies"]
JOB_TIMEOUT_MS = 120_000


class Chooser:
    """Answers the save dialog with a path the test picked, and remembers what was asked."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.asked: list[str] = []

    def __call__(self, parent: QWidget, caption: str, suggested: str, name_filter: str) -> str:
        self.asked.append(suggested)
        return str(self.path)


def uid_of(tab: TestimoniesTab, code: str) -> str:
    model = tab.model
    for row in range(model.rowCount()):
        found = model.row_at(row)
        if found is not None and found["code"] == code:
            return str(found["uid"])
    raise AssertionError(code)


def make_window(qtbot, tab_context, demo_app: CaseApp, tmp_path: Path, target: Path):
    chooser = Chooser(target)
    settings = UiSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(
        [
            ("testimony", TestimoniesTab(tab_context)),
            ("violation", ViolationsTab(tab_context)),
        ],
        tab_context.undo,
        settings,
        None,
        "test",
        ask=tab_context.ask_discard,
        exporters=Exporters(demo_app.export_csv, demo_app.report_pdf, demo_app.dossier_pdf),
        choose_file=chooser,
    )
    qtbot.addWidget(window)
    window.show()
    return window, chooser


def pick_data(combo: QComboBox, data: str) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def run(qtbot, dialog: ExportDialog) -> str:
    """Click Export and wait for the outcome the window's status bar shows."""
    with qtbot.waitSignal(dialog.status, timeout=JOB_TIMEOUT_MS) as blocker:
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    return str(blocker.args[0])


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def consented(scope: str) -> set[str]:
    return {t["code"] for t in DEMO if t["consent"][scope] and not t["consent"]["date_withdrawn"]}


def test_un_csv_of_all_testimonies_leaves_out_those_without_un_consent(
    qtbot, tab_context, demo_app, tmp_path
) -> None:
    target = tmp_path / "out" / "testimonies-un.csv"
    target.parent.mkdir()
    window, chooser = make_window(qtbot, tab_context, demo_app, tmp_path, target)
    window.export_csv_action.trigger()
    dialog = window.export_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.chosen_profile() == "public"  # the most restrictive is the default
    assert not dialog.start_button.isEnabled()  # nothing is written before a file is chosen
    pick_data(dialog.kind, "testimonies")
    pick_data(dialog.profile, "un")
    assert "UN consent" in dialog.profile_note.text()
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    assert chooser.asked == ["testimonies-un.csv"]
    assert dialog.target_edit.text() == str(target)

    message = run(qtbot, dialog)

    rows = read_csv(target)
    assert {row["code"] for row in rows} == consented("un")
    assert "DEMO-2018-001" not in {row["code"] for row in rows}  # no UN consent
    assert all(row["source_pseudonym"] == "" for row in rows)  # un: persons by code only
    assert message.startswith(f"Wrote {target} ({len(rows)} record")
    assert window.statusBar().currentMessage() == message
    assert not dialog.isVisible()
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]  # no temp left


def test_what_the_tab_shows_exports_only_the_filtered_testimonies(
    qtbot, tab_context, demo_app, tmp_path
) -> None:
    target = tmp_path / "korean.csv"
    window, _ = make_window(qtbot, tab_context, demo_app, tmp_path, target)
    testimonies = window.tabs_by_kind["testimony"]
    assert isinstance(testimonies, TestimoniesTab)
    pick_data(testimonies.filter_language, "ko")
    dialog = window.open_export_csv()
    assert dialog is not None
    pick_data(dialog.profile, "internal")
    assert dialog.scope_tab.isEnabled()
    assert "7 testimonies" in dialog.scope_tab.text()
    qtbot.mouseClick(dialog.scope_tab, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)

    run(qtbot, dialog)

    rows = read_csv(target)
    korean = {t["code"] for t in DEMO if t["language"] == "ko"}
    withdrawn = {t["code"] for t in DEMO if (t.get("consent") or {}).get("date_withdrawn")}
    assert withdrawn & korean  # the tab shows it; it does not leave, even internally
    assert {row["code"] for row in rows} == korean - withdrawn
    assert {row["language"] for row in rows} == {"ko"}


def test_what_the_violations_tab_shows(qtbot, tab_context, demo_app, tmp_path) -> None:
    target = tmp_path / "violations.csv"
    window, _ = make_window(qtbot, tab_context, demo_app, tmp_path, target)
    window.tab_widget.setCurrentIndex(1)
    violations = window.current_tab()
    assert isinstance(violations, ViolationsTab)
    violations.list_category("forced_labour")
    shown = violations.model.total()
    assert 0 < shown < sum(len(t["violations"]) for t in DEMO)
    dialog = window.open_export_csv()
    assert dialog is not None and dialog.chosen_kind() == "violations"
    pick_data(dialog.profile, "internal")
    dialog.scope_tab.setChecked(True)
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)

    run(qtbot, dialog)

    rows = read_csv(target)
    assert {row["category"] for row in rows} == {"forced_labour"}
    assert 0 < len(rows) <= shown


def test_report_pdf_from_the_dialog_carries_the_profile(
    qtbot, tab_context, demo_app, tmp_path
) -> None:
    target = tmp_path / "report.pdf"
    window, _ = make_window(qtbot, tab_context, demo_app, tmp_path, target)
    window.report_action.trigger()
    dialog = window.export_dialog
    assert dialog is not None and dialog.chosen_kind() == "report"
    assert dialog.organisation.isVisible() and not dialog.scope_all.isVisible()
    pick_data(dialog.profile, "un")
    dialog.organisation.clear()
    qtbot.keyClicks(dialog.organisation, "Seoul Documentation Desk")
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)

    message = run(qtbot, dialog)

    assert message.startswith(f"Wrote {target}")
    pages = pdf_pages(target)
    assert all("Profile: UN" in page for page in pages)
    assert "Seoul Documentation Desk" in pages[0]


def test_dossier_of_the_open_testimony(qtbot, tab_context, demo_app, tmp_path) -> None:
    target = tmp_path / "dossier.pdf"
    window, _ = make_window(qtbot, tab_context, demo_app, tmp_path, target)
    window.dossier_action.trigger()
    assert window.export_dialog is None
    assert window.statusBar().currentMessage().startswith("Open a testimony")
    testimonies = window.tabs_by_kind["testimony"]
    code = "DEMO-2017-001"
    uid = uid_of(testimonies, code)
    testimonies.show_record(uid)
    window.dossier_action.trigger()
    dialog = window.export_dialog
    assert dialog is not None and dialog.chosen_kind() == "dossier"
    assert code in dialog.kind.currentText()
    pick_data(dialog.report_language, "ko")
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)

    run(qtbot, dialog)

    text = "\n".join(pdf_pages(target))
    assert code in text


def test_a_refused_dossier_names_the_problem_and_writes_nothing(
    qtbot, tab_context, demo_app, tmp_path
) -> None:
    target = tmp_path / "refused.pdf"
    window, _ = make_window(qtbot, tab_context, demo_app, tmp_path, target)
    testimonies = window.tabs_by_kind["testimony"]
    uid = uid_of(testimonies, "DEMO-2018-001")
    testimonies.show_record(uid)
    dialog = window.open_dossier()
    assert dialog is not None
    pick_data(dialog.profile, "un")
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)

    message = run(qtbot, dialog)

    assert message.startswith("Not exported:") and "UN" in message
    assert dialog.isVisible()  # the user can pick another profile and try again
    assert not target.exists()


def test_cancel_leaves_no_file(qtbot, tab_context, demo_app, tmp_path) -> None:
    add_copies(demo_app, 300)
    target = tmp_path / "out" / "big.pdf"
    target.parent.mkdir()
    window, _ = make_window(qtbot, tab_context, demo_app, tmp_path, target)
    dialog = window.open_report()
    assert dialog is not None
    pick_data(dialog.profile, "internal")
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    # Cancel right after starting, as a user who clicked Export by mistake: the worker sees
    # the flag at its first progress report, long before a 300-testimony report is done.
    # (Cancelling from the first progress *signal* raced with a fast finish.)
    with qtbot.waitSignal(dialog.status, timeout=JOB_TIMEOUT_MS) as blocker:
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
        assert dialog.job is not None and not dialog.start_button.isEnabled()
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)

    assert blocker.args == ["Cancelled; no file was written."]
    assert window.statusBar().currentMessage() == "Cancelled; no file was written."
    assert list(target.parent.iterdir()) == []
    assert dialog.job is None and dialog.start_button.isEnabled()
    assert dialog.isVisible()


def test_the_gui_thread_runs_while_a_report_is_written(
    qtbot, tab_context, demo_app, tmp_path
) -> None:
    add_copies(demo_app, 150)
    target = tmp_path / "big.pdf"
    window, _ = make_window(qtbot, tab_context, demo_app, tmp_path, target)
    dialog = window.open_report()
    assert dialog is not None
    pick_data(dialog.profile, "internal")
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    ticks: list[int] = []
    reports: list[int] = []
    timer = QTimer()
    timer.setInterval(10)
    # Only ticks while the job runs count: the GUI thread ran Python while the worker wrote.
    timer.timeout.connect(lambda: ticks.append(1) if dialog.job is not None else None)
    timer.start()

    with qtbot.waitSignal(dialog.status, timeout=JOB_TIMEOUT_MS):
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
        assert dialog.job is not None
        dialog.job.progress.connect(lambda done, total: reports.append(done))
    timer.stop()

    assert target.exists()
    # QTextDocument layout holds the GIL for a while (PySide6 does not release it there), so
    # the GUI thread's Python gets fewer turns than a 10 ms timer asks for; it still gets them.
    assert ticks, "the timer did not tick while the report was written"
    assert reports and reports == sorted(reports)


class EmacsLineEdit(QLineEdit):
    """A line edit as X11's key bindings make it (xcb, a desktop session): it claims Ctrl+E
    for "end of line" before any shortcut sees it. The offscreen platform the tests run on
    has bindings without it, so the claim is made here as X11's QLineEdit makes it."""

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_E
            and event.modifiers() == Qt.KeyboardModifier.ControlModifier
        ):
            event.accept()
            return True
        return super().event(event)


def test_ctrl_e_opens_the_export_from_a_text_field_that_claims_it(
    qtbot, tab_context, demo_app, tmp_path
) -> None:
    """The window's shortcut wins wherever the cursor is (issue 17)."""
    window, _ = make_window(qtbot, tab_context, demo_app, tmp_path, tmp_path / "t.csv")
    with qtbot.waitActive(window):
        window.activateWindow()
    field = EmacsLineEdit(window.current_tab())
    field.show()
    field.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field)
    qtbot.keyClick(field, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert window.export_dialog is not None and window.export_dialog.isVisible()


@pytest.mark.parametrize("field", ["testimony title", "testimony narrative"])
def test_ctrl_e_opens_the_export_from_a_text_field(
    qtbot, tab_context, demo_app, tmp_path, field
) -> None:
    """A line edit takes Ctrl+E for "end of line"; the window's shortcut wins wherever the
    cursor is (issue 17)."""
    window, _ = make_window(qtbot, tab_context, demo_app, tmp_path, tmp_path / "t.csv")
    with qtbot.waitActive(window):
        window.activateWindow()
    tab = window.current_tab()
    widget = {
        "testimony title": tab.form.fields["title"].widget,
        "testimony narrative": tab.form.fields["narrative"].widget,
    }[field]
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)
    qtbot.keyClick(widget, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert window.export_dialog is not None and window.export_dialog.isVisible()
