"""Asks for the passphrase: once to unlock, twice to create a new database."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

MIN_PASSPHRASE_LENGTH = 8


class UnlockDialog(QDialog):
    def __init__(self, database: str, create: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.creating = create
        self.setWindowTitle(
            self.tr("caseapp: create database") if create else self.tr("caseapp: unlock")
        )
        intro = (
            self.tr("Choose a passphrase for the new encrypted database:")
            if create
            else self.tr("Enter the passphrase of the encrypted database:")
        )
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(intro))
        where = QLabel(database)
        where.setWordWrap(True)
        layout.addWidget(where)
        form = QFormLayout()
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setObjectName("passphrase")
        form.addRow(self.tr("Passphrase"), self.passphrase)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.setObjectName("repeat")
        if create:
            form.addRow(self.tr("Again"), self.repeat)
        layout.addLayout(form)
        self.message = QLabel("")
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def show_error(self, text: str) -> None:
        self.message.setText(text)
        self.passphrase.clear()
        self.repeat.clear()
        self.passphrase.setFocus()

    def _check(self) -> None:
        text = self.passphrase.text()
        if self.creating:
            if len(text) < MIN_PASSPHRASE_LENGTH:
                self.show_error(
                    self.tr(
                        "The passphrase needs at least %n characters.", "", MIN_PASSPHRASE_LENGTH
                    )
                )
                return
            if text != self.repeat.text():
                self.show_error(self.tr("The two passphrases differ."))
                return
        elif not text:
            self.show_error(self.tr("Enter the passphrase."))
            return
        self.accept()
