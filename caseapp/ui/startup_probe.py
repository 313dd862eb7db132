"""For the benchmark suite: build the window as the app does and report when the testimonies
table first paints and how much memory the process holds with it open (offscreen Qt)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QTableView

from caseapp.services.archives import StoreLocation
from caseapp.ui.fonts import ensure_korean_font
from caseapp.ui.i18n import install_translators
from caseapp.ui.launch import Opener, WindowBuilder
from caseapp.ui.lock import IdleWatcher
from caseapp.ui.settings import UiSettings

if TYPE_CHECKING:  # loaded by the window's builder, after the unlock (caseapp/gui.py)
    from caseapp.ui.main_window import MainWindow


class _PaintSpy(QObject):
    def __init__(self, on_paint: Callable[[], None]) -> None:
        super().__init__()
        self.on_paint = on_paint
        self.seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.seen:
            self.seen = True
            self.on_paint()
        return False


def first_paint(
    location: StoreLocation,
    passphrase: str,
    opener: Opener,
    build_window: WindowBuilder,
    painted: Callable[[int], None],
    settled: Callable[[], None],
    user: str | None = None,
) -> bool:
    """Start like ``launch.run`` (without the passphrase dialog, as ``user``: None for the
    archive's only user); call ``painted(rows)`` at the
    first paint of the testimonies list, ``settled()`` half a second later, then quit."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    settings = UiSettings(QSettings("caseapp-benchmark", "caseapp-benchmark"))
    translators = install_translators(app, "en")
    ensure_korean_font(app)
    case_app: Any = opener(location, passphrase, False, False, user=user)
    watcher = IdleWatcher(app, 240)
    try:
        window = cast("MainWindow", build_window(case_app, location, settings, watcher))
        # The testimonies list, whichever tab an earlier run left on screen (the Dashboard,
        # first, has no table: the window's own first paint was timed in its place).
        window.tab_widget.setCurrentWidget(window.tabs_by_kind["testimony"])
        tables = [t for t in window.findChildren(QTableView) if t.isVisibleTo(window)]

        def on_paint() -> None:
            models = [t.model() for t in tables if t.model() is not None]
            painted(max((m.rowCount() for m in models), default=0))

            def finish() -> None:
                settled()
                app.quit()

            QTimer.singleShot(500, finish)

        spy = _PaintSpy(on_paint)
        watched: list[QObject] = [t.viewport() for t in tables] or [window]
        for target in watched:
            target.installEventFilter(spy)
        window.show()
        QTimer.singleShot(60_000, app.quit)  # never hang a benchmark
        app.exec()
    finally:
        case_app.close()
    del translators
    return spy.seen
