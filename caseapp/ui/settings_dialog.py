"""Settings: interface language, the idle time before the window locks itself, and the
archive's organisation (printed on reports; renamed by coordinators only)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from caseapp.services.errors import ServiceError
from caseapp.services.messages import Message
from caseapp.services.organisation_name import MAX_LENGTH
from caseapp.ui.messages import tr_message
from caseapp.ui.settings import UiSettings


@dataclass(frozen=True)
class OrganisationSetting:
    """The archive's organisation as Settings shows it: its name, why the user may not rename
    it (None: they may), and how to rename it (the service checks the right again)."""

    name: str
    refusal: Message | None
    rename: Callable[[str], str]


class SettingsDialog(QDialog):
    def __init__(
        self,
        settings: UiSettings,
        parent: QWidget | None = None,
        organisation: OrganisationSetting | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self._organisation = organisation
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(460)  # room for an organisation's full name
        self.language = QComboBox()
        self.language.setObjectName("language")
        self.language.addItem("English", "en")
        self.language.addItem("한국어", "ko")
        self.language.setCurrentIndex(max(self.language.findData(settings.language), 0))
        self.idle = QSpinBox()
        self.idle.setObjectName("idle_minutes")
        self.idle.setRange(1, 240)
        self.idle.setSuffix(self.tr(" min"))
        self.idle.setValue(settings.idle_minutes)
        # Qt names the spin box from its label, but not the text field inside it that
        # takes the focus.
        for inner in self.idle.findChildren(QLineEdit):
            inner.setAccessibleName(self.tr("Lock after no input for"))
        form = QFormLayout()
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Lock after no input for"), self.idle)
        self.organisation = QLineEdit(organisation.name if organisation else "")
        self.organisation.setObjectName("organisation")
        self.organisation.setMaxLength(MAX_LENGTH)
        self.organisation.setAccessibleDescription(
            self.tr("Printed on the archive's reports and dossiers")
        )
        if organisation is not None:
            form.addRow(self.tr("Organisation"), self.organisation)
            if organisation.refusal is not None:
                self.organisation.setReadOnly(True)
                self.organisation.setToolTip(tr_message(organisation.refusal))
        note = QLabel(self.tr("A new language applies when caseapp next starts."))
        note.setWordWrap(True)
        self.message = QLabel("")
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def _check(self) -> None:
        """Rename the organisation first: a refused name keeps the dialog open, saying why."""
        setting = self._organisation
        if setting is not None and setting.refusal is None:
            typed = " ".join(self.organisation.text().split())
            if typed != setting.name:
                try:
                    setting.rename(typed)
                except ServiceError as exc:
                    self.message.setText(tr_message(exc.message))
                    self.organisation.setFocus()
                    return
        self.accept()

    def apply(self) -> bool:
        """Store the choices; return whether the language changed."""
        old = self.settings.language
        self.settings.language = str(self.language.currentData())
        self.settings.idle_minutes = self.idle.value()
        return self.settings.language != old
