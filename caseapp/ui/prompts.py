"""Questions the interface asks the user. Handed in as a callable, so a test (or a future
kiosk mode) can answer without a modal dialog blocking the event loop."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

AskDiscard = Callable[[QWidget, str, str], bool]


def ask_discard(parent: QWidget, title: str, text: str) -> bool:
    """Discard or Cancel, Cancel being the default; True means discard."""
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Discard
