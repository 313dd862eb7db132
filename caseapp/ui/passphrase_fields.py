"""A new passphrase as the window asks for it (a new user's, or one's own): typed twice,
with the strength bar of the create dialog, and refused with the service's reason when weak.
The passphrase never leaves the fields except to the service that seals a key slot with it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFormLayout, QLineEdit, QProgressBar

from caseapp.services.passphrase import check_new_passphrase, strength
from caseapp.ui.messages import tr_message


class NewPassphraseFields:
    """Adds "Passphrase", "Again" and "Strength" rows to ``form``."""

    def __init__(self, form: QFormLayout) -> None:
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("new_passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setObjectName("repeat_passphrase")
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.strength_bar = QProgressBar()
        self.strength_bar.setObjectName("strength")
        self.strength_bar.setRange(0, 4)
        self.strength_bar.setTextVisible(True)
        self.passphrase.textChanged.connect(self._update_strength)
        form.addRow(
            QCoreApplication.translate("NewPassphraseFields", "Passphrase"), self.passphrase
        )
        form.addRow(QCoreApplication.translate("NewPassphraseFields", "Again"), self.repeat)
        form.addRow(
            QCoreApplication.translate("NewPassphraseFields", "Strength"), self.strength_bar
        )
        self._update_strength("")

    def _update_strength(self, text: str) -> None:
        level = strength(text)
        names = [
            QCoreApplication.translate("NewPassphraseFields", "too short"),
            QCoreApplication.translate("NewPassphraseFields", "weak"),
            QCoreApplication.translate("NewPassphraseFields", "fair"),
            QCoreApplication.translate("NewPassphraseFields", "good"),
            QCoreApplication.translate("NewPassphraseFields", "strong"),
        ]
        self.strength_bar.setValue(level)
        self.strength_bar.setFormat(names[level])

    def problem(self) -> str | None:
        """Why the passphrase typed cannot be used (worded), or None."""
        text = self.passphrase.text()
        refused = check_new_passphrase(text)
        if refused is not None:
            return tr_message(refused)  # the reason, never the passphrase
        if text != self.repeat.text():
            return QCoreApplication.translate("NewPassphraseFields", "The two passphrases differ.")
        return None

    def text(self) -> str:
        return self.passphrase.text()

    def clear(self) -> None:
        self.passphrase.clear()
        self.repeat.clear()
