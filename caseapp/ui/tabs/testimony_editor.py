"""Parts of the testimony editor: a small table model for inline lists, the source person
picked by code, and the consent section."""

from __future__ import annotations

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Signal,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caseapp.services.access import Access, Right, coordinator
from caseapp.services.errors import FieldProblem, ServiceError, ValidationError
from caseapp.services.listing.base import Row
from caseapp.services.lookups import Listings
from caseapp.services.records import RecordService
from caseapp.ui.forms import EditorForm, RecordFields
from caseapp.ui.messages import ERROR_STYLE, tr_error, tr_message
from caseapp.ui.tabs.base import TabContext
from caseapp.ui.vault_dialog import VaultDialog

AnyIndex = QModelIndex | QPersistentModelIndex


class PersonPicker(QWidget):
    """The source person, typed by code and shown as "code — pseudonym". Codes are typed
    rather than chosen from a list: a database may hold tens of thousands of people.

    ``New person…`` creates a person with only a pseudonym: real names belong in the
    identity vault, never here; ``Vault…`` opens the person's vault entry (write-only for a
    recorder)."""

    changed = Signal()
    status = Signal(str)

    def __init__(
        self,
        listings: Listings,
        records: RecordService,
        parent: QWidget | None = None,
        access: Access | None = None,
    ) -> None:
        super().__init__(parent)
        self.listings = listings
        self.records = records
        self.access = access or coordinator("")
        self.vault_dialog: VaultDialog | None = None
        self._uid: str | None = None
        self._loaded_uid: str | None = None

        self.code = QLineEdit()
        self.code.setObjectName("source_code")
        self.code.setPlaceholderText(self.tr("Person code, e.g. P-1A2B3C4D"))
        self.code.setAccessibleName(self.tr("Source person's code"))
        self.code.setAccessibleDescription(self.code.placeholderText())
        self.code.setClearButtonEnabled(True)
        self.code.textChanged.connect(self._lookup)
        self.shown = QLabel("")
        self.shown.setObjectName("source_label")
        self.shown.setWordWrap(True)
        self.new_button = QPushButton(self.tr("New person…"))
        self.new_button.setObjectName("new_person_button")
        self.new_button.clicked.connect(self.start_new_person)
        self.vault_button = QPushButton(self.tr("Vault…"))
        self.vault_button.setObjectName("vault_button")
        self.vault_button.clicked.connect(self.open_vault)

        self.pseudonym = QLineEdit()
        self.pseudonym.setObjectName("new_person_pseudonym")
        self.pseudonym.setPlaceholderText(self.tr("Pseudonym (never a real name)"))
        self.pseudonym.setAccessibleName(self.pseudonym.placeholderText())
        self.pseudonym.returnPressed.connect(self.create_person)
        self.create_button = QPushButton(self.tr("Create person"))
        self.create_button.setObjectName("create_person_button")
        self.create_button.clicked.connect(self.create_person)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.setObjectName("cancel_person_button")
        cancel.clicked.connect(self._end_new_person)
        self.new_row = QWidget()
        new_layout = QHBoxLayout(self.new_row)
        new_layout.setContentsMargins(0, 0, 0, 0)
        new_layout.addWidget(self.pseudonym, 1)
        new_layout.addWidget(self.create_button)
        new_layout.addWidget(cancel)
        self.new_row.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        # The code on a line of its own, the person it names and the buttons below: beside
        # the buttons the code was cut on a small screen.
        layout.addWidget(self.code)
        below = QHBoxLayout()
        below.addWidget(self.shown, 1)
        below.addWidget(self.new_button)
        below.addWidget(self.vault_button)
        layout.addLayout(below)
        layout.addWidget(self.new_row)
        self._update_vault_button()

    # -- value ---------------------------------------------------------------------------------

    def set_person(self, uid: str | None) -> None:
        """Show the saved source (or none) and take it as the unchanged state."""
        row = self.listings.person_by_uid(uid) if uid else None
        self.code.blockSignals(True)
        self.code.setText("" if row is None else str(row["code"]))
        self.code.blockSignals(False)
        self._uid = self._loaded_uid = None if row is None else str(row["uid"])
        self._show(row)
        self._end_new_person()
        self._update_vault_button()

    def person_uid(self) -> str | None:
        return self._uid

    def problem(self) -> str | None:
        """Why the typed code cannot be saved, if it cannot."""
        text = self.code.text().strip()
        if text and self._uid is None:
            return self.tr("No person has the code %1.").replace("%1", text)
        return None

    def is_dirty(self) -> bool:
        return self._uid != self._loaded_uid or self.problem() is not None

    # -- new person ------------------------------------------------------------------------------

    def start_new_person(self) -> None:
        self.new_row.show()
        self.pseudonym.clear()
        self.pseudonym.setFocus()

    def create_person(self) -> str | None:
        pseudonym = self.pseudonym.text().strip()
        if not pseudonym:
            self._show_problem(self.tr("Type a pseudonym for the new person."))
            self.pseudonym.setFocus()
            return None
        try:
            uid = self.records.create("person", {"pseudonym": pseudonym, "roles": "source"})
        except ServiceError as exc:
            self._show_problem(tr_error(exc))
            return None
        row = self.listings.person_by_uid(uid)
        assert row is not None
        self._end_new_person()
        self.code.setText(str(row["code"]))  # looks the person up and marks the change
        self.status.emit(self.tr("Person %1 created.").replace("%1", str(row["code"])))
        return uid

    # -- the identity vault ----------------------------------------------------------------------

    def open_vault(self) -> VaultDialog | None:
        uid = self._uid
        if uid is None or not self.vault_button.isEnabled():
            return None
        row = self.listings.person_by_uid(uid)
        label = uid if row is None else str(row["code"])
        if self.vault_dialog is not None:
            self.vault_dialog.deleteLater()
        dialog = VaultDialog(self.records, self.listings, self.access, uid, label, self)
        dialog.saved.connect(self.status.emit)
        self.vault_dialog = dialog
        dialog.open()  # window-modal; the event loop goes on
        return dialog

    def _update_vault_button(self) -> None:
        refusal = self.access.why_not(Right.CREATE)
        self.vault_button.setEnabled(self._uid is not None and refusal is None)
        if refusal is not None:
            self.vault_button.setToolTip(tr_message(refusal))
        elif self._uid is None:
            self.vault_button.setToolTip(self.tr("Choose the source person first."))
        else:
            self.vault_button.setToolTip(
                self.tr("The person's real name and contacts, sealed in the identity vault")
            )

    # -- internals -----------------------------------------------------------------------------

    def _end_new_person(self) -> None:
        self.new_row.hide()
        self.pseudonym.clear()

    def _lookup(self, text: str) -> None:
        row = self.listings.person_by_code(text)
        self._uid = None if row is None else str(row["uid"])
        if row is None and text.strip():
            self._show_problem(self.tr("No person has the code %1.").replace("%1", text.strip()))
        else:
            self._show(row)
        self._update_vault_button()
        self.changed.emit()

    def _show(self, row: Row | None) -> None:
        self.shown.setStyleSheet("")
        if row is None:
            self.shown.setText(self.tr("No source person recorded."))
        elif row["pseudonym"]:
            self.shown.setText(f"{row['code']} — {row['pseudonym']}")
        else:
            self.shown.setText(str(row["code"]))

    def _show_problem(self, text: str) -> None:
        self.shown.setStyleSheet(ERROR_STYLE)
        self.shown.setText(text)


class ConsentSection(QWidget):
    """What the source agreed to: scopes, when, who recorded it, and a withdrawal. One consent
    per testimony, created on the first save and updated after."""

    def __init__(self, context: TabContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.listings = context.listings
        self.testimony_uid: str | None = None
        self.form = EditorForm(
            "consent",
            RecordFields().consent(),
            context.records,
            context.vocabulary,
            context.language,
        )
        self.form.setObjectName("consent_form")
        self.notice = QLabel(
            self.tr("Save the testimony first; then record what its source agreed to.")
        )
        self.notice.setObjectName("consent_notice")
        self.notice.setWordWrap(True)
        hint = QLabel(
            self.tr(
                "Only what is ticked may leave this laptop. A withdrawn consent counts as no "
                "for every scope."
            )
        )
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(self.form)
        layout.addWidget(hint)
        layout.addStretch(1)
        self.set_testimony(None)

    def set_testimony(self, uid: str | None) -> None:
        self.testimony_uid = uid
        self.form.fixed = {} if uid is None else {"testimony_uid": uid}
        existing = self.listings.consent_uid(uid) if uid else None
        values = self.form.records.get("consent", existing) if existing else None
        self.form.load(existing, values)
        self.form.setEnabled(uid is not None)
        self.notice.setVisible(uid is None)

    def reload(self) -> None:
        """Re-read after an undo or another tab's change, unless the user is editing."""
        if not self.is_dirty():
            self.set_testimony(self.testimony_uid)

    def is_dirty(self) -> bool:
        return self.testimony_uid is not None and self.form.is_dirty()

    def save(self) -> bool:
        """Save if changed; False when a problem is shown beside its field."""
        if not self.is_dirty():
            return True
        try:
            return self.form.save() is not None
        except ServiceError as exc:  # the testimony was deleted meanwhile, for instance
            self.form.show_problems(ValidationError([FieldProblem("testimony_uid", exc.message)]))
            return False
