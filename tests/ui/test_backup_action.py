"""Record > Back up…: the file is chosen (an injected chooser answers the save dialog), the
backup runs off the GUI thread, and the outcome is shown in the status bar."""

import tarfile
import threading
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings

from caseapp.app import CaseApp
from caseapp.ui.main_window import MainWindow
from caseapp.ui.settings import UiSettings
from caseapp.ui.tabs.state_responses import StateResponsesTab

from .test_export_dialog import JOB_TIMEOUT_MS, Chooser


def make_window(qtbot, tab_context, tmp_path: Path, backup, chooser: Chooser) -> MainWindow:
    settings = UiSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(
        [("state_response", StateResponsesTab(tab_context))],
        tab_context.undo,
        settings,
        lambda _passphrase: True,
        "test",
        ask=tab_context.ask_discard,
        choose_file=chooser,
        backup=backup,
    )
    qtbot.addWidget(window)
    window.show()
    return window


def test_back_up_writes_a_checked_backup_off_the_gui_thread(
    qtbot, tab_context, demo_app: CaseApp, tmp_path: Path
) -> None:
    target = tmp_path / "usb" / "weekly.caseapp-backup"
    target.parent.mkdir()
    chooser = Chooser(target)
    threads: list[threading.Thread] = []

    def backup(path: Path):
        threads.append(threading.current_thread())
        return demo_app.backup(path)

    window = make_window(qtbot, tab_context, tmp_path, backup, chooser)
    assert window.backup_action.isEnabled()
    with qtbot.waitSignal(window.backup_done, timeout=JOB_TIMEOUT_MS) as outcome:
        window.backup_action.trigger()

    message = str(outcome.args[0])
    assert chooser.asked == [f"caseapp-backup-{date.today().isoformat()}.caseapp-backup"]
    assert message == f"Backed up and checked: {target} (14 testimonies, 0 attachments)"
    assert window.statusBar().currentMessage() == message
    assert threads and threads[0] is not threading.main_thread()
    with tarfile.open(target) as tar:
        assert tar.getnames()[-1] == "caseapp.db"


def test_a_failed_backup_says_why_and_a_cancelled_choice_does_nothing(
    qtbot, tab_context, demo_app: CaseApp, tmp_path: Path
) -> None:
    chooser = Chooser(tmp_path / "no such folder" / "x.caseapp-backup")
    window = make_window(qtbot, tab_context, tmp_path, demo_app.backup, chooser)
    with qtbot.waitSignal(window.backup_done, timeout=JOB_TIMEOUT_MS) as outcome:
        window.backup_action.trigger()
    assert str(outcome.args[0]).startswith("Backup failed: cannot back up to ")

    chooser.path = ""  # the save dialog cancelled
    assert window.start_backup() is None


def test_the_backup_item_is_off_while_locked_and_without_a_backup(
    qtbot, tab_context, demo_app: CaseApp, tmp_path: Path
) -> None:
    window = make_window(qtbot, tab_context, tmp_path, demo_app.backup, Chooser(tmp_path / "b"))
    window.lock()
    assert not window.backup_action.isEnabled()
    assert window.start_backup() is None
    window.unlock()
    assert window.backup_action.isEnabled()
    plain = make_window(qtbot, tab_context, tmp_path, None, Chooser(tmp_path / "b"))
    assert not plain.backup_action.isEnabled()
