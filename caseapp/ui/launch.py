"""Starts the Qt application: passphrase first, then the main window."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Protocol

from PySide6.QtWidgets import QApplication, QDialog

from caseapp.store import StoreError, StoreLocation, WrongPassphrase, exists
from caseapp.ui.main_window import MainWindow
from caseapp.ui.unlock_dialog import UnlockDialog


class OpenedApp(Protocol):
    def stats(self) -> dict[str, int]: ...
    def close(self) -> None: ...


Opener = Callable[[str | None, bool], OpenedApp]


def unlock(location: StoreLocation, opener: Opener) -> OpenedApp | None:
    """Ask until the store opens or the user cancels."""
    create = not exists(location)
    if not location.encrypted:
        return opener(None, create)
    dialog = UnlockDialog(location.describe(), create)
    while dialog.exec() == QDialog.DialogCode.Accepted:
        try:
            return opener(dialog.passphrase.text(), create)
        except WrongPassphrase:
            dialog.show_error(dialog.tr("Wrong passphrase. Try again."))
        except StoreError as exc:
            dialog.show_error(str(exc))
    return None


def run(location: StoreLocation, opener: Opener) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("caseapp")
    opened = unlock(location, opener)
    if opened is None:
        return 1
    try:
        window = MainWindow(location.describe(), opened.stats())
        window.show()
        return app.exec()
    finally:
        opened.close()
