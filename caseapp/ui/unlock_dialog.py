"""The start dialog: unlock the database as one of its users with their passphrase, create a
new one (its first user's name, the passphrase twice, strength shown, a weak one refused with
the reason), or open the demo database instead."""

from __future__ import annotations

import getpass
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caseapp.services.errors import ServiceError
from caseapp.services.organisation_name import MAX_LENGTH, clean_name
from caseapp.services.passphrase import check_new_passphrase, strength
from caseapp.services.user_names import user_name
from caseapp.ui.lock import failure_delay_ms
from caseapp.ui.messages import tr_message
from caseapp.ui.settings import UiSettings


@dataclass(frozen=True)
class UserChoice:
    """Who may unlock an archive (the names in its key file) and who did last (QSettings)."""

    names: Sequence[str] = field(default_factory=tuple)
    last: str | None = None


def system_user() -> str:
    """The system account's name: the first user of a new archive, unless changed."""
    try:
        return getpass.getuser()
    except Exception:  # no name for the account (a container's bare uid)
        return ""


class UnlockDialog(QDialog):
    def __init__(
        self,
        database: str,
        create: bool,
        demo_database: str | None = None,
        demo_exists: bool = False,
        parent: QWidget | None = None,
        settings: UiSettings | None = None,
        clock: Callable[[], float] = time.time,
        users: UserChoice | None = None,
        demo_users: UserChoice | None = None,
        new_user: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.creating = create
        self._users = users or UserChoice()
        self._demo_users = demo_users or UserChoice()
        self.new_user = system_user() if new_user is None else new_user
        self.use_demo = False
        self.failures = 0
        # Where the failures outlive the process (QSettings: a count and a time, nothing else).
        self.settings = settings
        self.clock = clock
        self._demo = (demo_database, demo_exists)
        self.setMinimumWidth(480)

        layout = QVBoxLayout(self)
        self.intro = QLabel("")
        self.intro.setObjectName("intro")
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.where = QLabel(database)
        self.where.setObjectName("where")
        self.where.setWordWrap(True)
        layout.addWidget(self.where)

        form = QFormLayout()
        # The user: an editable list of the archive's users, hidden when it has only one (that
        # one is meant); for a new archive, its first user's name.
        self.user = QComboBox()
        self.user.setObjectName("user")
        self.user.setEditable(True)
        self.user.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.user_label = QLabel(self.tr("User"))
        self.user_label.setBuddy(self.user)
        form.addRow(self.user_label, self.user)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setObjectName("passphrase")
        self.passphrase.textChanged.connect(self._update_strength)
        form.addRow(self.tr("Passphrase"), self.passphrase)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.setObjectName("repeat")
        self.repeat_label = QLabel(self.tr("Again"))
        self.repeat_label.setBuddy(self.repeat)
        self.repeat.setAccessibleName(self.tr("Passphrase again"))
        form.addRow(self.repeat_label, self.repeat)
        self.strength_bar = QProgressBar()
        self.strength_bar.setObjectName("strength")
        self.strength_bar.setRange(0, 4)
        self.strength_bar.setTextVisible(True)
        self.strength_label = QLabel(self.tr("Strength"))
        form.addRow(self.strength_label, self.strength_bar)
        # A new archive's organisation, printed on its reports; may be left empty and named
        # later in Settings.
        self.organisation = QLineEdit()
        self.organisation.setObjectName("organisation")
        self.organisation.setPlaceholderText(self.tr("Printed on reports; may be left empty"))
        self.organisation.setMaxLength(MAX_LENGTH)
        self.organisation_label = QLabel(self.tr("Organisation"))
        self.organisation_label.setBuddy(self.organisation)
        form.addRow(self.organisation_label, self.organisation)
        layout.addLayout(form)

        self.message = QLabel("")
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._check)
        self.buttons.rejected.connect(self.reject)
        self.demo_button = QPushButton(self.tr("Open the demo database"))
        self.demo_button.setObjectName("demo_button")
        self.demo_button.clicked.connect(self.switch_to_demo)
        self.demo_button.setVisible(demo_database is not None)
        self.buttons.addButton(self.demo_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout.addWidget(self.buttons)

        self.delay = QTimer(self)
        self.delay.setSingleShot(True)
        self.delay.timeout.connect(self._end_delay)
        self._set_mode(create)
        self._resume_delay()

    # -- modes -----------------------------------------------------------------------------------

    def _set_mode(self, create: bool) -> None:
        self.creating = create
        if create:
            self.setWindowTitle(self.tr("caseapp: create a database"))
            self.intro.setText(
                self.tr(
                    "Choose a passphrase for the new encrypted database. Without it, nobody "
                    "(you included) can open the records: keep it safe."
                )
                if not self.use_demo
                else self.tr("Choose a passphrase for the demo database (fictional records).")
            )
        else:
            self.setWindowTitle(self.tr("caseapp: unlock"))
            self.intro.setText(
                self.tr("Enter the passphrase of the encrypted database:")
                if not self.use_demo
                else self.tr("Enter the passphrase of the demo database:")
            )
        for widget in (
            self.repeat,
            self.repeat_label,
            self.strength_bar,
            self.strength_label,
            self.organisation,
            self.organisation_label,
        ):
            widget.setVisible(create)
        self._update_strength(self.passphrase.text())
        self._fill_users()

    def _fill_users(self) -> None:
        choice = self._demo_users if self.use_demo else self._users
        self.user.clear()
        if self.creating:
            self.user_label.setText(self.tr("Your user name"))
            self.user.setEditText(self.new_user)
            shown = True
        else:
            self.user_label.setText(self.tr("User"))
            self.user.addItems(list(choice.names))
            if choice.last is not None and choice.last in choice.names:
                self.user.setCurrentText(choice.last)
            shown = len(choice.names) > 1
        self.user.setVisible(shown)
        self.user_label.setVisible(shown)
        edit = self.user.lineEdit()
        if edit is not None:  # the field inside the list that takes the typing
            edit.setAccessibleName(self.user_label.text())

    def chosen_organisation(self) -> str | None:
        """The new archive's organisation (None: none given, or not creating)."""
        if not self.creating or self.use_demo:
            return None
        return " ".join(self.organisation.text().split()) or None

    def chosen_user(self) -> str | None:
        """The user named (None: the field is hidden, the archive's only user is meant)."""
        if self.user.isHidden():
            return None
        return self.user.currentText().strip() or None

    def switch_to_demo(self) -> None:
        path, exists = self._demo
        if path is None:
            return
        self.use_demo = True
        self.demo_button.hide()
        self.where.setText(path)
        if self.settings is None:
            # With settings the count stays: switching to the demo must not reset the wait.
            self.failures = 0
        self.message.clear()
        self._set_mode(not exists)
        self.passphrase.clear()
        self.repeat.clear()
        self.passphrase.setFocus()

    # -- feedback ----------------------------------------------------------------------------------

    def _update_strength(self, text: str) -> None:
        level = strength(text)
        names = [
            self.tr("too short"),
            self.tr("weak"),
            self.tr("fair"),
            self.tr("good"),
            self.tr("strong"),
        ]
        self.strength_bar.setValue(level)
        self.strength_bar.setFormat(names[level])

    def show_error(self, text: str) -> None:
        self.message.setText(text)
        self.passphrase.clear()
        self.repeat.clear()
        self.passphrase.setFocus()

    def _resume_delay(self) -> None:
        """After a restart: the failures so far count, and what is left of the last wait."""
        if self.settings is None or self.creating:
            return
        self.failures, last = self.settings.unlock_failures()
        if self.failures == 0:
            return
        elapsed_ms = max(0.0, self.clock() - last) * 1000  # a clock set back waits in full
        left = int(failure_delay_ms(self.failures) - elapsed_ms)
        if left > 0:
            self._wait(left)

    def succeeded(self) -> None:
        """The store opened: the count starts again from nothing."""
        self.failures = 0
        if self.settings is not None:
            self.settings.clear_unlock_failures()

    def wrong_passphrase(self) -> None:
        """A calm message, and a wait that grows with each failure (kept across restarts)."""
        self.failures += 1
        if self.settings is not None:
            self.settings.record_unlock_failure(self.failures, self.clock())
        self._wait(failure_delay_ms(self.failures))

    def _wait(self, wait: int) -> None:
        self.show_error(
            self.tr(
                "Wrong passphrase. You can try again in %n second(s).", "", max(1, -(-wait // 1000))
            )
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)
        self.passphrase.setEnabled(False)
        self.delay.start(wait)

    def _end_delay(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)
        self.passphrase.setEnabled(True)
        self.message.setText(self.tr("Wrong passphrase. Try again."))
        self.passphrase.setFocus()

    def _check(self) -> None:
        if self.delay.isActive():
            return
        text = self.passphrase.text()
        if self.creating:
            try:
                user_name(self.user.currentText().strip())
            except ServiceError as exc:
                self.message.setText(tr_message(exc.message))
                self.user.setFocus()
                return
            if (name := self.chosen_organisation()) is not None:
                try:
                    clean_name(name)
                except ServiceError as exc:
                    self.message.setText(tr_message(exc.message))
                    self.organisation.setFocus()
                    return
            refused = check_new_passphrase(text)
            if refused is not None:
                # The rule of the command line too: the reason, never the passphrase.
                self.show_error(tr_message(refused))
                return
            if text != self.repeat.text():
                self.show_error(self.tr("The two passphrases differ."))
                return
        elif not text:
            self.show_error(self.tr("Enter the passphrase."))
            return
        self.accept()
