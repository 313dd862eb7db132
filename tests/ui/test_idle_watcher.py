"""The idle lock's watcher: input that reaches any of the program's windows, as the window
system delivers it (to the window first), restarts the idle time; the widgets' own events
(paint, layout, a child added) are not looked at one by one in Python."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QVBoxLayout, QWidget

from caseapp.ui.lock import SWEEP_MS, IdleWatcher

# The idle time in these tests, and how often a user "types" to keep it from running out:
# a restart that did not happen lets it run out within the typing.
IDLE_MINUTES = 0.025  # 1.5 s
KEY_EVERY_MS = 250
KEYS = 10


def shown(qtbot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()
    return widget


def with_field(kind: type[QWidget] = QWidget) -> tuple[QWidget, QLineEdit]:
    """A top-level window (not shown yet) holding one text field."""
    window = kind()
    field = QLineEdit(window)
    QVBoxLayout(window).addWidget(field)
    return window, field


def typed_window(qtbot, kind: type[QWidget] = QWidget) -> tuple[QWidget, QLineEdit]:
    """A window shown and active, its field with the focus."""
    window, field = with_field(kind)
    shown(qtbot, window)
    field.setFocus()
    return window, field


def idle_after_input(qtbot, watcher: IdleWatcher, give: Callable[[int], None]) -> list[int]:
    """Input given ``KEYS`` times, ``KEY_EVERY_MS`` apart (2.5 s, longer than the idle
    time), then none: the turns after which ``idle`` came, -1 once the input stopped
    (where it must come); ``[-1]`` if each input restarted the idle time."""
    fired: list[int] = []
    turn = [0]
    watcher.idle.connect(lambda: fired.append(turn[0]))
    for turn[0] in range(KEYS):
        give(turn[0])
        qtbot.wait(KEY_EVERY_MS)
    turn[0] = -1
    qtbot.waitUntil(lambda: -1 in fired, timeout=5000)
    return fired


def test_keys_typed_into_the_window_restart_the_idle_time(qtbot) -> None:
    window, field = typed_window(qtbot)
    watcher = IdleWatcher(QApplication.instance(), minutes=IDLE_MINUTES)
    try:
        # Through the window system's path: to the window, which hands it to the field.
        fired = idle_after_input(
            qtbot, watcher, lambda _: QTest.keyClick(window.windowHandle(), Qt.Key.Key_A)
        )
        assert fired == [-1]
        assert field.text() == "a" * KEYS
    finally:
        watcher.stop()


def test_the_mouse_moved_over_the_window_restarts_the_idle_time(qtbot) -> None:
    window, _ = typed_window(qtbot)
    watcher = IdleWatcher(QApplication.instance(), minutes=IDLE_MINUTES)
    try:
        fired = idle_after_input(
            qtbot,
            watcher,
            lambda turn: QTest.mouseMove(window.windowHandle(), QPoint(5 + turn, 5 + turn)),
        )
        assert fired == [-1]
    finally:
        watcher.stop()


def test_input_in_a_dialog_opened_later_counts_too(qtbot) -> None:
    first = typed_window(qtbot)  # kept: the window there was when the watcher began
    watcher = IdleWatcher(QApplication.instance(), minutes=IDLE_MINUTES)
    try:
        dialog, answer = typed_window(qtbot, QDialog)
        fired = idle_after_input(
            qtbot, watcher, lambda _: QTest.keyClick(dialog.windowHandle(), Qt.Key.Key_B)
        )
        assert fired == [-1]
        assert answer.text() == "b" * KEYS
        assert first[1].text() == ""
    finally:
        watcher.stop()


def test_a_window_shown_without_the_focus_is_watched_too(qtbot) -> None:
    """Where no window manager gives a new window the focus, it is found at the next sweep.
    (The application's signals are held while it shows: offscreen, it gets the focus.)"""
    app = QApplication.instance()
    watcher = IdleWatcher(app, minutes=IDLE_MINUTES)
    try:
        other, _ = with_field()
        qtbot.addWidget(other)
        app.blockSignals(True)
        try:
            other.show()
            qtbot.waitExposed(other)
            qtbot.wait(50)
        finally:
            app.blockSignals(False)
        qtbot.wait(SWEEP_MS + 300)  # idle comes meanwhile: only input can start it again
        fired = idle_after_input(
            qtbot,
            watcher,
            lambda turn: QTest.mouseMove(other.windowHandle(), QPoint(5 + turn, 5 + turn)),
        )
        assert fired == [-1]
    finally:
        watcher.stop()


class CountingWatcher(IdleWatcher):
    def __init__(self, app: QApplication) -> None:
        self.seen = 0
        super().__init__(app, minutes=1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        self.seen += 1
        return super().eventFilter(watched, event)


def test_the_widgets_own_events_are_not_looked_at_one_by_one(qtbot) -> None:
    """Building 400 widgets and showing them makes thousands of events (child added, polish,
    layout, paint); as the application's event filter the watcher was called for each, in
    Python: half of the main window's build. Only the windows' own events reach it now."""
    _window = typed_window(qtbot)  # kept: a window watched from the start
    watcher = CountingWatcher(QApplication.instance())
    try:
        page = QWidget()
        page.setFixedSize(600, 900)
        layout = QVBoxLayout(page)
        for number in range(400):
            layout.addWidget(QLabel(f"label {number}"))
        shown(qtbot, page)
        qtbot.wait(200)  # laid out and painted
        assert watcher.seen < 100, watcher.seen
    finally:
        watcher.stop()


def test_a_stopped_watcher_never_locks(qtbot) -> None:
    window, _ = typed_window(qtbot)
    watcher = IdleWatcher(QApplication.instance(), minutes=0.002)  # 120 ms
    fired: list[bool] = []
    watcher.idle.connect(lambda: fired.append(True))
    watcher.stop()
    watcher.stop()  # twice is harmless
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_A)
    qtbot.wait(400)
    assert not fired and not watcher.timer.isActive()
