"""Questions the interface asks the user. Handed in as a callable, so a test (or a future
kiosk mode) can answer without a modal dialog blocking the event loop."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

AskDiscard = Callable[[QWidget, str, str], bool]


def ask_discard(parent: QWidget, title: str, text: str) -> bool:
    """Discard or Cancel, Cancel being the default; True means discard. The buttons say it
    in caseapp's words: Qt's own Korean calls its Discard button 무시 ("ignore"), under a
    question that asks whether to throw the changes away."""
    # Buttons of its own (not standard ones, which Qt labels again in its words whenever
    # the language changes): the destructive one, and keeping the typing as the default.
    box = QMessageBox(
        QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent
    )
    discard = box.addButton(
        QCoreApplication.translate("prompts", "Discard changes"),
        QMessageBox.ButtonRole.DestructiveRole,
    )
    keep = box.addButton(
        QCoreApplication.translate("prompts", "Keep editing"), QMessageBox.ButtonRole.RejectRole
    )
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is discard
