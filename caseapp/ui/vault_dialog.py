"""A person's entry in the identity vault: real name, contacts, relatives inside, notes.

Anyone who may create records may write an entry; only a role with READ_VAULT (caseworker,
coordinator) may read or change one, and the program cannot show a recorder an entry even if
it wanted to: her key slot does not hold the vault's key. So a recorder gets an empty,
write-only form, is told that the entry is sealed once saved, and, when an entry exists, is
told so without being shown it (the service refuses her an update). The fields are cleared
when the dialog closes."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from caseapp.services.access import Access, Right
from caseapp.services.archives import StoreError
from caseapp.services.errors import ServiceError, ValidationError
from caseapp.services.lookups import Listings
from caseapp.services.records import RecordService
from caseapp.ui.messages import ERROR_STYLE, tr_error, tr_message

KIND = "identity"
FIELDS = ("real_name", "contacts", "relatives_inside", "notes")
NOTE_STYLE = "color: #8a5a00; font-weight: bold;"


class VaultDialog(QDialog):
    saved = Signal(str)  # what was done, for the status bar (never a field's content)

    def __init__(
        self,
        records: RecordService,
        listings: Listings,
        access: Access,
        person_uid: str,
        person_label: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("vault_dialog")
        self.setWindowTitle(self.tr("Identity vault: %1").replace("%1", person_label))
        self.setMinimumWidth(480)
        self.records = records
        self.person_uid = person_uid
        self.person_label = person_label
        self.readable = access.may(Right.READ_VAULT)
        self.identity_uid = listings.identity_uid_of(person_uid)
        self.loaded: dict[str, str] = dict.fromkeys(FIELDS, "")

        layout = QVBoxLayout(self)
        self.note = QLabel("")
        self.note.setObjectName("vault_note")
        self.note.setWordWrap(True)
        self.note.setStyleSheet(NOTE_STYLE)
        layout.addWidget(self.note)

        self.real_name = QLineEdit()
        self.real_name.setObjectName("real_name")
        self.contacts = QPlainTextEdit()
        self.contacts.setObjectName("contacts")
        self.relatives_inside = QPlainTextEdit()
        self.relatives_inside.setObjectName("relatives_inside")
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        for edit in (self.contacts, self.relatives_inside, self.notes):
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(60)
        self.fields_widget = QWidget()
        form = QFormLayout(self.fields_widget)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Real name"), self.real_name)
        form.addRow(self.tr("Contacts"), self.contacts)
        form.addRow(self.tr("Relatives inside"), self.relatives_inside)
        form.addRow(self.tr("Notes"), self.notes)
        layout.addWidget(self.fields_widget, 1)

        self.message = QLabel("")
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("vault_save")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._show_state()

    # -- state -----------------------------------------------------------------------------

    def _show_state(self) -> None:
        if self.readable:
            if self.identity_uid is not None:
                try:
                    values = self.records.get(KIND, self.identity_uid)
                except (ServiceError, StoreError) as exc:
                    self.message.setText(tr_error(exc))
                    values = {}
                self.loaded = {name: str(values.get(name) or "") for name in FIELDS}
                self.note.setText(
                    self.tr(
                        "Sealed in the identity vault: only caseworkers and coordinators can "
                        "read it."
                    )
                )
            else:
                self.note.setText(
                    self.tr("No vault entry for this person yet. Once saved, it is sealed.")
                )
            self._fill(self.loaded)
            self.save_button.setText(self.tr("Save"))
            return
        if self.identity_uid is not None:  # a recorder, and an entry exists: never shown
            self.note.setText(
                self.tr(
                    "A vault entry exists for this person already. It is sealed: only "
                    "caseworkers and coordinators can read or change it, not you."
                )
            )
            self.fields_widget.hide()
            self.save_button.setEnabled(False)
            return
        self.note.setText(
            self.tr(
                "Once saved, this entry is sealed: only caseworkers and coordinators can read "
                "it, not you."
            )
        )
        self.save_button.setText(self.tr("Save and seal"))

    def _fill(self, values: dict[str, str]) -> None:
        self.real_name.setText(values["real_name"])
        self.contacts.setPlainText(values["contacts"])
        self.relatives_inside.setPlainText(values["relatives_inside"])
        self.notes.setPlainText(values["notes"])

    def values(self) -> dict[str, str]:
        return {
            "real_name": self.real_name.text().strip(),
            "contacts": self.contacts.toPlainText().strip(),
            "relatives_inside": self.relatives_inside.toPlainText().strip(),
            "notes": self.notes.toPlainText().strip(),
        }

    # -- saving ----------------------------------------------------------------------------

    def save(self) -> bool:
        values = self.values()
        try:
            if self.identity_uid is None:
                if not any(values.values()):
                    self.message.setText(self.tr("Nothing to save: every field is empty."))
                    return False
                self.identity_uid = self.records.create(
                    KIND, {"person_uid": self.person_uid, **values}
                )
                done = self.tr("Vault entry for %1 saved and sealed.")
            else:
                changes = {k: v for k, v in values.items() if v != self.loaded[k]}
                if changes:
                    self.records.update(KIND, self.identity_uid, changes)
                done = self.tr("Vault entry for %1 saved.")
        except ValidationError as exc:
            problems = [tr_message(problem.located()) for problem in exc.problems]
            self.message.setText("\n".join(problems))
            return False
        except (ServiceError, StoreError) as exc:
            self.message.setText(tr_error(exc))
            return False
        self.saved.emit(done.replace("%1", self.person_label))
        self.accept()
        return True

    def done(self, result: int) -> None:
        self._fill(dict.fromkeys(FIELDS, ""))  # nothing of a name stays in a closed dialog
        self.loaded = dict.fromkeys(FIELDS, "")
        super().done(result)
