"""Record > Users… (coordinators) and Record > Change my passphrase… (everyone).

The dialogs are handed the ``UserService`` of the unlocked user (``CaseApp.users``, wired in
caseapp/app.py); the service checks the right to manage users and refuses what would break a
rule (yourself, the last coordinator, a weak passphrase) with a message shown here as it is.
Removing a user re-keys the database, which takes seconds on a big archive: it runs on a
worker (``ExportJob``) while the dialog says so."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from caseapp.services.access import Role, role_message
from caseapp.services.users import UserInfo, UserService
from caseapp.ui.audit_dialog import local_time
from caseapp.ui.confirm_dialog import ConfirmDialog
from caseapp.ui.export_job import ExportJob
from caseapp.ui.messages import ERROR_STYLE, REFUSALS, tr_error, tr_message
from caseapp.ui.passphrase_fields import NewPassphraseFields
from caseapp.ui.rows_model import RowsModel

AnyIndex = QModelIndex | QPersistentModelIndex


def role_label(role: Role | str) -> str:
    """A role's name in the interface language."""
    return tr_message(role_message(role))


def with_wait_cursor(work: Callable[[], Any]) -> Any:
    """A short job on the GUI thread (a key derivation: a fraction of a second)."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return work()
    finally:
        QGuiApplication.restoreOverrideCursor()


class UserTableModel(RowsModel):
    """The archive's users: name, role, created, last unlock (a day)."""

    rows: list[UserInfo]

    NAME, ROLE, CREATED, LAST_UNLOCK = range(4)
    SortRole = Qt.ItemDataRole.UserRole + 1

    def titles(self) -> tuple[str, ...]:
        return (self.tr("Name"), self.tr("Role"), self.tr("Created"), self.tr("Last unlock"))

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        user = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                user.name,
                role_label(user.role),
                local_time(user.created_at)[:16],
                user.last_unlock_at or self.tr("never"),
            )[column]
        if role == self.SortRole:
            order = list(Role).index(user.role)
            return (user.name, order, user.created_at, user.last_unlock_at or "")[column]
        return None


class RoleCombo(QComboBox):
    """The three roles, named in the interface language; ``role()`` gives the chosen one."""

    def __init__(self, current: Role = Role.RECORDER, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for role in Role:
            self.addItem(role_label(role), role.value)
        self.setCurrentIndex(self.findData(current.value))

    def role(self) -> Role:
        return Role(self.currentData())


class AddUserDialog(QDialog):
    """Name, role, passphrase twice. ``submit(name, role, passphrase)`` makes the user; a
    refusal is shown here and the dialog stays open."""

    def __init__(
        self, submit: Callable[[str, Role, str], object], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("add_user_dialog")
        self.setWindowTitle(self.tr("Add a user"))
        self.setMinimumWidth(440)
        self.submit = submit
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "The new user unlocks the archive with their own passphrase. Tell it to them "
                "in person, never by message."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setObjectName("user_name")
        form.addRow(self.tr("Name"), self.name)
        self.role = RoleCombo()
        self.role.setObjectName("user_role")
        form.addRow(self.tr("Role"), self.role)
        self.passphrase = NewPassphraseFields(form)
        layout.addLayout(form)
        self.message = QLabel("")
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Add user"))
        self.buttons.accepted.connect(self._check)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _check(self) -> None:
        name = self.name.text().strip()
        if not name:
            self.message.setText(self.tr("Type the new user's name."))
            self.name.setFocus()
            return
        problem = self.passphrase.problem()
        if problem is not None:
            self.message.setText(problem)
            self.passphrase.clear()
            self.passphrase.passphrase.setFocus()
            return
        try:
            with_wait_cursor(lambda: self.submit(name, self.role.role(), self.passphrase.text()))
        except REFUSALS as exc:
            self.message.setText(tr_error(exc))
            return
        self.passphrase.clear()
        self.accept()


class RoleDialog(QDialog):
    """A user's new role."""

    def __init__(self, user: UserInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("role_dialog")
        self.setWindowTitle(self.tr("Change the role of %1").replace("%1", user.name))
        self.user = user
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.role = RoleCombo(user.role)
        self.role.setObjectName("user_role")
        form.addRow(self.tr("Role"), self.role)
        layout.addLayout(form)
        note = QLabel(
            self.tr(
                "A recorder cannot read the identity vault: their key no longer opens it. A "
                "caseworker or coordinator can."
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)


class UsersDialog(QDialog):
    """The users of the archive, for a coordinator: add, change a role, remove."""

    changed = Signal(str)  # what was done, for the window's status bar

    def __init__(self, users: UserService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("users_dialog")
        self.setWindowTitle(self.tr("Users"))
        self.resize(640, 400)
        self.users = users
        self.add_dialog: AddUserDialog | None = None
        self.role_dialog: RoleDialog | None = None
        self.confirm: ConfirmDialog | None = None
        self.remove_job: ExportJob | None = None

        self.model = UserTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(UserTableModel.SortRole)
        self.table = QTableView()
        self.table.setObjectName("users_table")
        self.table.setAccessibleName(self.tr("Users of this archive"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(UserTableModel.NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(UserTableModel.NAME, QHeaderView.ResizeMode.Stretch)
        for column in (UserTableModel.ROLE, UserTableModel.CREATED, UserTableModel.LAST_UNLOCK):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

        self.add_button = QPushButton(self.tr("Add…"))
        self.add_button.setObjectName("add_user_button")
        self.add_button.clicked.connect(self.start_add)
        self.role_button = QPushButton(self.tr("Change role…"))
        self.role_button.setObjectName("change_role_button")
        self.role_button.clicked.connect(self.start_change_role)
        self.remove_button = QPushButton(self.tr("Remove…"))
        self.remove_button.setObjectName("remove_user_button")
        self.remove_button.clicked.connect(self.start_remove)
        self.message = QLabel("")
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        self.close_buttons = close

        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        for button in (self.add_button, self.role_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.reload()

    # -- the list --------------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        current = self.selected()
        chosen = select or (None if current is None else current.name)
        try:
            self.model.set_rows(self.users.all())
        except REFUSALS as exc:
            self._say(tr_error(exc), error=True)
        if chosen is not None:
            self.select_user(chosen)
        self._selection_changed()

    def selected(self) -> UserInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.rows[self.proxy.mapToSource(rows[0]).row()]

    def select_user(self, name: str) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, UserTableModel.NAME).data() == name:
                self.table.selectRow(row)
                return

    def _selection_changed(self, *_args: object) -> None:
        busy = self.remove_job is not None and self.remove_job.running
        chosen = self.selected() is not None
        self.add_button.setEnabled(not busy)
        self.role_button.setEnabled(chosen and not busy)
        self.remove_button.setEnabled(chosen and not busy)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setText(text)

    # -- add -------------------------------------------------------------------------------

    def start_add(self) -> AddUserDialog:
        dialog = AddUserDialog(self.users.add, self)
        dialog.accepted.connect(lambda: self._added(dialog.name.text().strip()))
        self.add_dialog = dialog
        dialog.open()
        return dialog

    def _added(self, name: str) -> None:
        self.reload(select=name)
        text = self.tr("%1 was added. They unlock the archive with their own passphrase.")
        self._done(text.replace("%1", name))

    # -- role ------------------------------------------------------------------------------

    def start_change_role(self) -> RoleDialog | None:
        user = self.selected()
        if user is None:
            return None
        dialog = RoleDialog(user, self)
        dialog.accepted.connect(lambda: self._set_role(user, dialog.role.role()))
        self.role_dialog = dialog
        dialog.open()
        return dialog

    def _set_role(self, user: UserInfo, role: Role) -> None:
        try:
            with_wait_cursor(lambda: self.users.set_role(user.name, role))
        except REFUSALS as exc:
            self._say(tr_error(exc), error=True)
            return
        self.reload(select=user.name)
        text = self.tr("%1 is now a %2.").replace("%1", user.name)
        self._done(text.replace("%2", role_label(role)))

    # -- remove ----------------------------------------------------------------------------

    def start_remove(self) -> ConfirmDialog | None:
        user = self.selected()
        if user is None:
            return None
        text = self.tr(
            "Remove %1 from this archive?\n\n"
            "The database is re-keyed: every other user keeps their passphrase, but the "
            "copies of the key file that %1 may hold stop working for new data. What they "
            "could open before stays readable in old copies and backups.\n\n"
            "This may take a while on a big archive, and cannot be undone."
        ).replace("%1", user.name)
        dialog = ConfirmDialog(
            self.tr("Remove a user"), text, self.tr("Remove and re-key"), parent=self
        )
        dialog.setObjectName("remove_confirm")
        dialog.accepted.connect(lambda: self._remove(user.name))
        self.confirm = dialog
        dialog.open()
        return dialog

    def _remove(self, name: str) -> ExportJob:
        users = self.users

        def work(report: Callable[[int, int], None], _cancelled: Callable[[], bool]) -> object:
            report(0, 0)
            return users.remove(name)

        job = ExportJob(work, self)
        job.finished.connect(lambda kept: self._removed(name, kept))
        job.failed.connect(self._remove_failed)
        self.remove_job = job
        self._say(self.tr("Removing %1 and re-keying the database…").replace("%1", name))
        job.start()
        self._selection_changed()
        return job

    def _removed(self, name: str, kept: object) -> None:
        self.reload()
        count = len(kept) if isinstance(kept, list) else 0
        text = self.tr("%1 was removed; the database was re-keyed (%2 users keep their key).")
        self._done(text.replace("%1", name).replace("%2", str(count)))

    def _remove_failed(self, problem: str) -> None:
        self.reload()
        self._say(problem, error=True)

    def _done(self, text: str) -> None:
        self._say(text)
        self.changed.emit(text)

    def reject(self) -> None:
        if self.remove_job is not None and self.remove_job.running:
            return  # the re-key finishes first (closing would not stop it)
        super().reject()


class ChangePassphraseDialog(QDialog):
    """One's own new passphrase, twice. The old one is not asked again: the user unlocked
    already. ``change(new)`` seals the user's slot with it (``UserService``)."""

    def __init__(
        self, change: Callable[[str], object], user: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("passphrase_dialog")
        self.setWindowTitle(self.tr("Change my passphrase"))
        self.setMinimumWidth(440)
        self.change = change
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "A new passphrase for %1. From now on only the new one unlocks the archive "
                "as %1; the other users' passphrases do not change."
            ).replace("%1", user)
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.passphrase = NewPassphraseFields(form)
        layout.addLayout(form)
        self.message = QLabel("")
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("Change passphrase")
        )
        self.buttons.accepted.connect(self._check)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _check(self) -> None:
        problem = self.passphrase.problem()
        if problem is not None:
            self.message.setText(problem)
            self.passphrase.clear()
            self.passphrase.passphrase.setFocus()
            return
        try:
            with_wait_cursor(lambda: self.change(self.passphrase.text()))
        except REFUSALS as exc:
            self.message.setText(tr_error(exc))
            return
        self.passphrase.clear()
        self.accept()
