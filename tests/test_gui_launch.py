"""Starting the window: the passphrase dialog as a user meets it."""

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit

from caseapp.app import open_case_app
from caseapp.store import StoreLocation
from caseapp.ui.launch import unlock
from caseapp.ui.main_window import MainWindow
from caseapp.ui.unlock_dialog import UnlockDialog

from .conftest import PASSPHRASE


def type_into(qtbot, widget: QLineEdit, text: str) -> None:
    # keyClicks aborts on non-ASCII; send each character as a key event with its text.
    from PySide6.QtTest import QTest

    for ch in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )


def active_dialog() -> UnlockDialog | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, UnlockDialog) and widget.isVisible():
            return widget
    return None


def test_wrong_then_right_passphrase_opens_the_store(qtbot, demo_app, db_path: Path) -> None:
    demo_app.close()
    location = StoreLocation(path=db_path)
    seen: list[str] = []

    def answer(passphrase: str, then) -> None:
        dialog = active_dialog()
        if dialog is None:
            QTimer.singleShot(20, lambda: answer(passphrase, then))
            return
        seen.append(dialog.findChild(QLabel, "message").text())
        type_into(qtbot, dialog.passphrase, passphrase)
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
        if then:
            QTimer.singleShot(20, then)

    QTimer.singleShot(0, lambda: answer("wrong passphrase", lambda: answer(PASSPHRASE, None)))
    opened = unlock(location, lambda p, create: open_case_app(location, p, "tester", create))
    assert opened is not None
    try:
        assert seen == ["", "Wrong passphrase. Try again."]
        window = MainWindow(location.describe(), opened.stats())
        qtbot.addWidget(window)
        assert "14 testimonies" in window.summary.text()
    finally:
        opened.close()


def test_new_database_needs_matching_passphrases(qtbot) -> None:
    dialog = UnlockDialog("/tmp/new.db", create=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.passphrase, "short")
    qtbot.keyClicks(dialog.repeat, "short")
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
    assert "at least 8" in dialog.message.text()
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.passphrase, "long enough one")
    qtbot.keyClicks(dialog.repeat, "long enough two")
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
    assert dialog.message.text() == "The two passphrases differ."
    qtbot.keyClicks(dialog.passphrase, "long enough one")
    qtbot.keyClicks(dialog.repeat, "long enough one")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
