"""The README's gallery: every tab and dialog of the real window, in English and Korean, at a
laptop's 1366×768 and a netbook's 1024×600.

    packaging/screenshots.py            # runs itself under xvfb-run at both sizes

Builds the window exactly as `caseapp` does (the composition root's gui_parts) over a fresh
demo database in a temporary folder, shows each tab and dialog in turn and grabs the screen.
Writes resources/screenshots/<name>-<language>-<width>.png.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "screenshots"
SIZES = ((1366, 768), (1024, 600))
LANGUAGES = ("en", "ko")
PASSPHRASE = "screenshot passphrase, demo data only"


def main() -> int:
    if len(sys.argv) == 1:  # the driver: one X server per size, both languages in each
        for width, height in SIZES:
            for language in LANGUAGES:
                subprocess.run(
                    [
                        "xvfb-run",
                        "-a",
                        "-s",
                        f"-screen 0 {width}x{height}x24",
                        sys.executable,
                        __file__,
                        language,
                    ],
                    check=True,
                )
        return 0
    if not os.environ.get("DISPLAY"):
        print("run under xvfb-run, or with no argument", file=sys.stderr)
        return 2
    return shoot(sys.argv[1])


def shoot(language: str) -> int:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QDialog

    from caseapp.app import gui_parts
    from caseapp.services.access import Right
    from caseapp.store import StoreLocation
    from caseapp.ui.export_dialog import REPORT
    from caseapp.ui.fonts import ensure_korean_font
    from caseapp.ui.i18n import install_translators
    from caseapp.ui.lock import IdleWatcher
    from caseapp.ui.settings import UiSettings
    from caseapp.ui.settings_dialog import OrganisationSetting, SettingsDialog
    from caseapp.ui.unlock_dialog import UnlockDialog, UserChoice

    app = QApplication(["caseapp"])
    screen = app.primaryScreen().geometry()
    width = screen.width()
    OUT.mkdir(parents=True, exist_ok=True)

    def settle() -> None:
        for _ in range(40):
            app.processEvents()

    def grab(name: str) -> None:
        settle()
        target = OUT / f"{name}-{language}-{width}.png"
        app.primaryScreen().grabWindow(0).save(str(target))
        print(target.relative_to(ROOT))

    def dialog_shot(name: str, make: Callable[[], QDialog | None]) -> None:
        dialog = make()
        if dialog is None:
            return
        dialog.show()
        grab(name)
        dialog.reject()
        settle()

    with tempfile.TemporaryDirectory() as tmp:
        settings = UiSettings(QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat))
        settings.language = language
        translators = install_translators(app, language)
        ensure_korean_font(app)
        folder = Path(tmp)

        # The start dialog, as a new archive asks it, before any window.
        create = UnlockDialog(str(folder / "cases.db"), True, demo_database="demo.db")
        dialog_shot("create", lambda: create)

        opener, build_window = gui_parts("coordinator")
        location = StoreLocation(path=folder / "demo.db")
        case_app = opener(location, PASSPHRASE, True, True)
        notes = folder / "interview-notes.txt"
        notes.write_text("notes", encoding="utf-8")
        first = case_app.listings.testimony_uid_by_code("DEMO-2024-001")
        assert first is not None
        case_app.attachments.add_file(first, notes)
        window = build_window(case_app, location, settings, IdleWatcher(app, 60))
        window.show()
        settle()

        tabs = window.tab_widget
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            tab = tabs.currentWidget()
            kind = type(tab).__name__.removesuffix("Tab")
            kind = "".join(f"-{c.lower()}" if c.isupper() else c for c in kind).lstrip("-")
            if kind == "search":
                window.search_box.setText("회령")
                window.search_box.returnPressed.emit()
                settle()
            table = getattr(tab, "table", None)
            if table is not None and table.model() is not None and table.model().rowCount():
                table.selectRow(0)
            grab(kind)
            if kind == "violations" and hasattr(tab, "show_list_view"):
                tab.show_list_view()
                tab.table.selectRow(0)
                grab("violations-list")
            if kind == "testimonies":
                for page, name in ((1, "consent"), (3, "attachments")):
                    tab.editor_tabs.setCurrentIndex(page)
                    grab(f"testimony-{name}")
                tab.editor_tabs.setCurrentIndex(0)

        unlock = UnlockDialog(
            str(folder / "demo.db"), False, users=UserChoice(("coordinator", "field-1"))
        )
        dialog_shot("unlock", lambda: unlock)
        dialog_shot(
            "settings",
            lambda: SettingsDialog(
                settings,
                window,
                OrganisationSetting(
                    case_app.organisation(),
                    case_app.access.why_not(Right.MANAGE),
                    case_app.set_organisation,
                ),
            ),
        )
        dialog_shot("export", lambda: window._open_export("testimonies"))
        dialog_shot("report", lambda: window._open_export(REPORT))
        for name in ("audit", "users", "exchange"):
            action = getattr(window, f"{name}_action", None)
            if action is not None and action.isEnabled():
                action.trigger()
                settle()
                dialog = getattr(window, f"{name}_dialog", None)
                if dialog is not None:
                    grab(name)
                    dialog.reject()
                    settle()
        # Import CSV…: the demo's testimonies written by hand (a few columns, in their own
        # order, a province typed as a word), checked, not imported.
        by_hand = folder / "by-hand.csv"
        by_hand.write_text(
            "title,code,interview_date,language\n"
            "Detained at the Hyesan border post,HAND-2024-001,2024-03,en\n"
            "양강도 혜산 국경 경비대 구금,,2024-05,ko\n",
            encoding="utf-8",
        )
        window.import_csv_action.trigger()
        settle()
        dialog = window.import_dialog
        if dialog is not None:
            dialog.path_edit.setText(str(by_hand))
            dialog.check_button.click()
            while dialog.job is not None:
                settle()
            grab("import")
            dialog.reject()
            settle()
        window.close()
        case_app.close()
        del translators
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
