"""The whole window as `caseapp` builds it (the composition root), over the demo data."""

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from caseapp.app import gui_parts
from caseapp.store import StoreLocation
from caseapp.ui.lock import IdleWatcher
from caseapp.ui.settings import UiSettings

from ..conftest import PASSPHRASE


def test_the_real_window_links_its_tabs(qtbot, demo_app, db_path: Path, tmp_path: Path) -> None:
    demo_app.close()
    opener, build_window = gui_parts("tester")
    location = StoreLocation(path=db_path)
    app = opener(location, PASSPHRASE, False, False)
    settings = UiSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    settings.language = "en"
    watcher = IdleWatcher(QApplication.instance(), 60)
    window = build_window(app, location, settings, watcher)
    qtbot.addWidget(window)
    window.show()
    try:
        titles = [window.tab_widget.tabText(i) for i in range(window.tab_widget.count())]
        assert titles == [
            "Dashboard",
            "Testimonies",
            "Violations",
            "Regional protection",
            "State responses",
            "Search",
            "Conflicts",
        ]
        window.tab_widget.setCurrentIndex(1)
        assert window.count_label.text().startswith("14 testimon")

        # From a violation in the list view, "Open testimony" brings up its testimony.
        window.tab_widget.setCurrentIndex(2)
        violations = window.current_tab()
        violations.show_list_view()
        violations.table.selectRow(0)
        testimony_code = violations.model.row_at(0)["testimony_code"]
        qtbot.mouseClick(violations.open_testimony_button, Qt.MouseButton.LeftButton)
        testimonies = window.current_tab()
        assert window.tab_widget.currentIndex() == 1
        assert testimonies.form.fields["code"].widget.text() == testimony_code

        # The lock works on the real window, with the real key file.
        window.lock()
        assert window.locked and not testimonies.isVisible()
        assert window.lock_screen.verify(PASSPHRASE)
        assert not window.lock_screen.verify("wrong")
    finally:
        watcher.stop()
        window.close()
        app.close()


def test_only_the_tab_on_screen_reads_its_records(
    qtbot, demo_app, db_path: Path, tmp_path: Path
) -> None:
    """The window builds every tab at start-up but reads records only for the one shown; a
    click on another tab fills it (at 100,000 testimonies this halves the start-up)."""
    demo_app.close()
    opener, build_window = gui_parts("tester")
    location = StoreLocation(path=db_path)
    app = opener(location, PASSPHRASE, False, False)
    settings = UiSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    settings.language = "en"
    watcher = IdleWatcher(QApplication.instance(), 60)
    window = build_window(app, location, settings, watcher)
    qtbot.addWidget(window)
    window.show()
    try:
        # The Dashboard is first; its counts are read on a worker thread.
        testimonies, violations, regions = (window.tab_widget.widget(i) for i in range(1, 4))
        assert testimonies.model.rowCount() == 0
        assert violations.category_model.rowCount() == 0
        assert regions.model.rowCount() == 0

        bar = window.tab_widget.tabBar()
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
        assert testimonies.model.rowCount() == 14
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(3).center())
        assert window.current_tab() is regions
        assert regions.model.rowCount() > 0
        assert window.count_label.text() != ""

        # The tabulation by category is read on a worker thread when its tab is shown.
        with qtbot.waitSignal(violations.table_shown, timeout=20000):
            qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(2).center())
        assert violations.category_model.rowCount() > 0
        assert window.count_label.text().startswith("35 violation")
    finally:
        watcher.stop()
        window.close()
        app.close()
