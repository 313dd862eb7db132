"""Screenshots of every tab for the README, from the real window on an X display.

    xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/python packaging/screenshots.py en
    xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/python packaging/screenshots.py ko

Builds the window exactly as `caseapp` does (the composition root's gui_parts) over a fresh
demo database in a temporary folder, and grabs the screen after showing each tab.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from caseapp.app import gui_parts
from caseapp.store import StoreLocation
from caseapp.ui.fonts import ensure_korean_font
from caseapp.ui.i18n import install_translators
from caseapp.ui.lock import IdleWatcher
from caseapp.ui.settings import UiSettings

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "screenshots"
NAMES = ["testimonies", "violations", "regions", "state-responses"]


def settle(app: QApplication) -> None:
    for _ in range(20):
        app.processEvents()


def main() -> int:
    language = sys.argv[1] if len(sys.argv) > 1 else "en"
    if not os.environ.get("DISPLAY"):
        print("run under xvfb-run (see the docstring)", file=sys.stderr)
        return 2
    app = QApplication(["caseapp"])
    with tempfile.TemporaryDirectory() as tmp:
        settings = UiSettings(QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat))
        settings.language = language
        translators = install_translators(app, language)
        ensure_korean_font(app)
        opener, build_window = gui_parts("screenshots")
        location = StoreLocation(path=Path(tmp) / "demo.db")
        case_app = opener(location, "screenshot passphrase", True, True)
        window = build_window(case_app, location, settings, IdleWatcher(app, 60))
        window.setGeometry(0, 0, 1440, 900)
        window.show()
        settle(app)
        tabs = window.tab_widget
        for index, name in enumerate(NAMES):
            tabs.setCurrentIndex(index)
            tab = tabs.currentWidget()
            table = getattr(tab, "table", None)
            if table is not None and table.model().rowCount():
                table.selectRow(0)
            settle(app)
            shot = app.primaryScreen().grabWindow(0, 0, 0, 1440, 900)
            target = OUT / f"{name}-{language}.png"
            shot.save(str(target))
            print(target.relative_to(ROOT))
        window.close()
        case_app.close()
        del translators
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
