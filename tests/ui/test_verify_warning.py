"""The window opened over an archive whose last check failed says so in its status bar."""

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from caseapp.app import gui_parts
from caseapp.store import StoreLocation
from caseapp.ui.lock import IdleWatcher
from caseapp.ui.settings import UiSettings

from ..conftest import PASSPHRASE


def open_window(qtbot, db_path: Path, tmp_path: Path):
    opener, build_window = gui_parts("tester")
    location = StoreLocation(path=db_path)
    app = opener(location, PASSPHRASE, False, False)
    settings = UiSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    settings.language = "en"
    window = build_window(app, location, settings, IdleWatcher(QApplication.instance(), 60))
    qtbot.addWidget(window)
    window.show()
    return app, window


def test_the_window_warns_after_a_failed_check(qtbot, demo_app, db_path, tmp_path) -> None:
    app, window = open_window(qtbot, db_path, tmp_path)
    try:
        assert not window.check_warning.isVisible()
    finally:
        window.close()
        app.close()
    with demo_app.store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE consent SET public = 1")
    assert demo_app.verify() != []
    demo_app.close()
    app, window = open_window(qtbot, db_path, tmp_path)
    try:
        assert window.check_warning.isVisible()
        assert window.check_warning.text().startswith("the last check of this archive (")
        assert "caseapp verify" in window.check_warning.text()
    finally:
        window.close()
        app.close()
