"""Locking: after an idle time, or on request, the window hides every record until the
passphrase is given again. Widgets are hidden, not destroyed, so unsaved edits survive."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

MAX_DELAY_SECONDS = 30
SWEEP_MS = 3000  # how soon a window shown without the focus is watched
_INPUT_EVENTS = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.InputMethod,
}


def failure_delay_ms(failures: int) -> int:
    """1 s after the first wrong passphrase, then 2, 4, 8 ... up to 30 s."""
    if failures <= 0:
        return 0
    return int(min(2 ** (failures - 1), MAX_DELAY_SECONDS)) * 1000


class IdleWatcher(QObject):
    """Emits ``idle`` when no key, mouse or touch input reached the program's windows for
    ``minutes``.

    It watches each top-level window (QWindow), where the window system delivers input
    before the window hands it to a widget, not the whole application: as the
    application's event filter it was called, in Python, for every event of every widget
    (about 11,000 while the main window was built, half of the build's time, and every
    paint and layout after). Windows are watched as they come: each time the focus moves to
    a window, and every few seconds (a window shown without the focus, as where no window
    manager gives it), every top-level window not watched yet is."""

    idle = Signal()

    def __init__(self, app: QApplication, minutes: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self._stopped = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self.set_minutes(minutes)
        app.focusWindowChanged.connect(self.watch_windows)
        self.sweep = QTimer(self)
        self.sweep.setInterval(SWEEP_MS)
        self.sweep.timeout.connect(self.watch_windows)
        self.sweep.start()
        self.watch_windows()

    def set_minutes(self, minutes: float) -> None:
        self.timer.setInterval(int(minutes * 60_000))
        self.timer.start()

    def stop(self) -> None:
        """Watch nothing more and never emit ``idle`` (a window closed for good)."""
        self.timer.stop()
        self.sweep.stop()
        if self._stopped:
            return
        self._stopped = True
        self.app.focusWindowChanged.disconnect(self.watch_windows)
        for window in QGuiApplication.topLevelWindows():
            window.removeEventFilter(self)

    def watch_windows(self, *_focused: object) -> None:
        """Watch every top-level window (those shown since, at once, not at the next
        sweep). Installing a filter already installed only moves it to the front."""
        for window in QGuiApplication.topLevelWindows():
            window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS:
            self.timer.start()
        return False


class LockScreen(QWidget):
    """What a locked window shows: no record content, a passphrase field."""

    unlocked = Signal()

    def __init__(self, verify: Callable[[str], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.verify = verify
        self.failures = 0
        title = QLabel(self.tr("caseapp is locked"))
        title.setObjectName("lock_title")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        title.setFont(font)
        explanation = QLabel(self.tr("Enter the passphrase to show the records again."))
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("lock_passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setMaximumWidth(360)
        self.passphrase.returnPressed.connect(self.try_unlock)
        self.button = QPushButton(self.tr("Unlock"))
        self.button.setObjectName("unlock_button")
        self.button.clicked.connect(self.try_unlock)
        self.message = QLabel("")
        self.message.setObjectName("lock_message")
        self.delay = QTimer(self)
        self.delay.setSingleShot(True)
        self.delay.timeout.connect(self._end_delay)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (title, explanation, self.passphrase, self.button, self.message):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def reset(self) -> None:
        self.passphrase.clear()
        self.message.clear()
        self.passphrase.setFocus()

    def try_unlock(self) -> None:
        if self.delay.isActive():
            return
        text = self.passphrase.text()
        self.passphrase.clear()
        if text and self.verify(text):
            self.failures = 0
            self.message.clear()
            self.unlocked.emit()
            return
        self.failures += 1
        wait = failure_delay_ms(self.failures)
        self.message.setText(
            self.tr("Wrong passphrase. You can try again in %n second(s).", "", wait // 1000)
        )
        self.button.setEnabled(False)
        self.passphrase.setEnabled(False)
        self.delay.start(wait)

    def _end_delay(self) -> None:
        self.button.setEnabled(True)
        self.passphrase.setEnabled(True)
        self.message.setText(self.tr("Wrong passphrase. Try again."))
        self.passphrase.setFocus()
