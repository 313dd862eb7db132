"""The window as a whole: shortcuts, lock and unlock, idle lock, remembered state."""

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from caseapp.app import passphrase_checker
from caseapp.store import StoreLocation
from caseapp.ui.lock import IdleWatcher
from caseapp.ui.main_window import MainWindow
from caseapp.ui.settings import UiSettings
from caseapp.ui.settings_dialog import SettingsDialog
from caseapp.ui.tabs.state_responses import StateResponsesTab

from ..conftest import PASSPHRASE
from .test_record_tabs import WINDOW_WAIT_MS, held_counts


@pytest.fixture
def settings(tmp_path: Path) -> UiSettings:
    return UiSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


def make_window(qtbot, tab_context, settings: UiSettings, db_path: Path) -> MainWindow:
    tab = StateResponsesTab(tab_context)
    window = MainWindow(
        [("state_response", tab)],
        tab_context.undo,
        settings,
        passphrase_checker(StoreLocation(path=db_path)),
        str(db_path),
        ask=tab_context.ask_discard,
    )
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitActive(window):
        window.activateWindow()
    return window


def press(qtbot, window: MainWindow, key: Qt.Key) -> None:
    """Ctrl+key where the user's cursor is, as a keyboard would send it."""
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, key, Qt.KeyboardModifier.ControlModifier)


def test_shortcuts_reach_the_current_tab(qtbot, tab_context, settings, db_path) -> None:
    window = make_window(qtbot, tab_context, settings, db_path)
    tab = window.current_tab()
    press(qtbot, window, Qt.Key.Key_N)
    qtbot.keyClicks(tab.form.fields["aspect"].widget, "Made by shortcut")
    press(qtbot, window, Qt.Key.Key_S)
    assert tab.form.uid is not None
    assert window.count_label.text() == "5 state response(s)"
    press(qtbot, window, Qt.Key.Key_F)
    assert QApplication.focusWidget() is tab.filter_text
    tab.form.load(tab.form.uid, tab_context.records.get("state_response", tab.form.uid))
    press(qtbot, window, Qt.Key.Key_Delete)
    assert window.count_label.text() == "4 state response(s)"
    tab.table.setFocus()  # in a text box, Ctrl+Z undoes typing instead
    press(qtbot, window, Qt.Key.Key_Z)
    assert window.count_label.text() == "5 state response(s)"


def test_lock_hides_records_and_keeps_unsaved_edits(qtbot, tab_context, settings, db_path) -> None:
    window = make_window(qtbot, tab_context, settings, db_path)
    tab = window.current_tab()
    tab.table.setFocus()
    qtbot.keyClicks(tab.form.fields["aspect"].widget, "half-typed")

    press(qtbot, window, Qt.Key.Key_L)
    assert window.locked
    assert not tab.isVisible() and not tab.table.isVisible()
    assert window.count_label.text() == ""
    assert not window.new_action.isEnabled()

    screen = window.lock_screen
    qtbot.keyClicks(screen.passphrase, "not it")
    qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    assert window.locked
    assert "Wrong passphrase" in screen.message.text()
    assert not screen.button.isEnabled()  # a growing wait after each failure
    qtbot.waitUntil(screen.button.isEnabled, timeout=3000)

    for ch in PASSPHRASE:  # it holds Korean: typed as key events with text
        from PySide6.QtTest import QTest

        QTest.sendKeyEvent(
            QTest.KeyAction.Click,
            screen.passphrase,
            Qt.Key.Key_unknown,
            ch,
            Qt.KeyboardModifier.NoModifier,
        )
    qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    assert not window.locked
    assert tab.isVisible()
    assert tab.form.fields["aspect"].widget.text() == "half-typed"


def test_a_slow_count_is_noted_while_it_runs_then_shown_once(
    qtbot, demo_app, tab_context, settings, db_path
) -> None:
    """A filter whose count outlasts the window's wait: the status bar says it is being
    counted; when the count arrives the note goes and the count is shown beside the
    messages, once (it had also been shown as a passing message, twice for six seconds)."""
    window = make_window(qtbot, tab_context, settings, db_path)
    tab = window.current_tab()
    tab.model.count_wait_ms = WINDOW_WAIT_MS
    before = window.count_label.text()
    with held_counts(demo_app) as (release, _counted_on):
        qtbot.keyClicks(tab.filter_text, "repatriation")
        qtbot.keyClick(tab.filter_text, Qt.Key.Key_Return)
        assert tab.model.counting
        assert window.statusBar().currentMessage() == "Counting the records this filter keeps…"
        assert window.count_label.text() == before  # the rows on screen are still the old ones
        release.set()
        qtbot.waitUntil(lambda: not tab.model.counting)
    assert window.statusBar().currentMessage() == ""
    assert window.count_label.text() == tab.count_text() != before


def test_a_count_that_arrives_while_locked_shows_nothing(
    qtbot, demo_app, tab_context, settings, db_path
) -> None:
    """A filter's count still running when the window locks arrives behind the lock screen:
    the status bar and the count stay empty until the unlock."""
    window = make_window(qtbot, tab_context, settings, db_path)
    tab = window.current_tab()
    tab.model.count_wait_ms = WINDOW_WAIT_MS
    with held_counts(demo_app) as (release, _counted_on):
        qtbot.keyClicks(tab.filter_text, "repatriation")
        qtbot.keyClick(tab.filter_text, Qt.Key.Key_Return)
        assert tab.model.counting
        press(qtbot, window, Qt.Key.Key_L)
        assert window.locked
        release.set()
        qtbot.waitUntil(lambda: not tab.model.counting)
    assert tab.query.filter.text == "repatriation"  # the list has the filter, unseen
    assert window.statusBar().currentMessage() == ""
    assert window.count_label.text() == ""


def test_idle_time_locks_the_window(qtbot, tab_context, settings, db_path) -> None:
    window = make_window(qtbot, tab_context, settings, db_path)
    app = QApplication.instance()
    watcher = IdleWatcher(app, minutes=0.002)  # 120 ms
    watcher.idle.connect(window.lock)
    qtbot.waitUntil(lambda: window.locked, timeout=3000)
    watcher.stop()


def test_window_state_is_remembered_without_record_content(
    qtbot, tab_context, settings, db_path, tmp_path
) -> None:
    window = make_window(qtbot, tab_context, settings, db_path)
    window.resize(640, 430)
    window.current_tab().filter_text.setText("Defector")
    window.close()
    again = make_window(qtbot, tab_context, settings, db_path)
    assert again.width() == 640 and abs(again.height() - 430) <= 10  # frame rounding
    stored = (tmp_path / "settings.ini").read_bytes()
    for secret in (b"Defector", b"Deceptive", b"DEMO-", PASSPHRASE.encode()):
        assert secret not in stored


def test_settings_dialog_changes_language_and_idle_time(qtbot, settings) -> None:
    settings.language = "en"
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("ko"))
    dialog.idle.setValue(7)
    assert dialog.apply() is True  # the language changed
    assert settings.language == "ko"
    assert settings.idle_minutes == 7


@pytest.mark.parametrize(
    ("screen", "expected"),
    [((1920, 1050), (1280, 800)), ((1366, 738), (1280, 698)), ((1024, 570), (984, 530))],
)
def test_the_first_window_fits_the_screen(screen, expected) -> None:
    """1366×768 less a 30-pixel panel, 1024×600 likewise: never taller than the screen."""
    from PySide6.QtCore import QSize

    from caseapp.ui.main_window import first_size

    size = first_size(QSize(*screen))
    assert (size.width(), size.height()) == expected


def test_a_new_window_is_no_larger_than_its_screen(qtbot, tab_context, settings, db_path) -> None:
    window = make_window(qtbot, tab_context, settings, db_path)
    free = window.screen().availableGeometry()
    assert window.width() <= free.width() and window.height() <= free.height()
