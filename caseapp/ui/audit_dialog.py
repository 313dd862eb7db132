"""The audit trail as a coordinator reads it: who did what to which record, and when, newest
first. Built only from ``CaseApp.audit_events`` (handed in as a callable): the events' field
digests and an export's details are never shown, and no value of a record is read.

The trail of a large archive holds close to a million events, so the dialog reads a page of
the newest and more on request; a record's uid narrows the query itself, a user's name
narrows the events read so far."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
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

from caseapp.services.audit import EventSummary
from caseapp.services.errors import ServiceError
from caseapp.services.messages import kind_message
from caseapp.services.record_kinds import KINDS
from caseapp.ui.messages import tr_error, tr_message
from caseapp.ui.rows_model import RowsModel

AuditEvents = Callable[..., list[EventSummary]]
"""``CaseApp.audit_events(limit, record_uid)``: the newest events, newest first."""

PAGE = 200  # events read at a time
AnyIndex = QModelIndex | QPersistentModelIndex

# The audit trail names tables; the interface names record kinds.
_KIND_OF_TABLE = {kind.table: kind.name for kind in KINDS.values()} | {"attachment": "attachment"}


def local_time(at: str) -> str:
    """A stored UTC time ("2024-05-01T09:30:00.000000Z") in the computer's time zone, to
    the second; text that is not such a time is shown as it is."""
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        return at
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def action_label(action: str) -> str:
    labels = {
        "create": QCoreApplication.translate("audit", "created"),
        "update": QCoreApplication.translate("audit", "changed"),
        "delete": QCoreApplication.translate("audit", "deleted"),
        "restore": QCoreApplication.translate("audit", "restored"),
        "view": QCoreApplication.translate("audit", "viewed"),
        "export": QCoreApplication.translate("audit", "exported"),
        "import": QCoreApplication.translate("audit", "imported"),
        "undo_import": QCoreApplication.translate("audit", "import undone"),
        "link": QCoreApplication.translate("audit", "linked"),
        "backup": QCoreApplication.translate("audit", "backed up"),
        "restore_archive": QCoreApplication.translate("audit", "archive restored"),
        "show_raw_key": QCoreApplication.translate("audit", "raw key shown"),
        "rekey": QCoreApplication.translate("audit", "re-keyed"),
        "erase": QCoreApplication.translate("audit", "erased"),
        "user_add": QCoreApplication.translate("audit", "user added"),
        "user_remove": QCoreApplication.translate("audit", "user removed"),
        "user_role": QCoreApplication.translate("audit", "role changed"),
        "passwd": QCoreApplication.translate("audit", "passphrase changed"),
        "vault_seal": QCoreApplication.translate("audit", "vault entry sealed"),
        "peer_trust": QCoreApplication.translate("audit", "archive trusted"),
        "peer_forget": QCoreApplication.translate("audit", "archive forgotten"),
        "resolve": QCoreApplication.translate("audit", "conflict resolved"),
        "organisation": QCoreApplication.translate("audit", "organisation renamed"),
    }
    return labels.get(action, action)


def kind_label(table: str) -> str:
    """The kind of record an event's table holds, in the interface language."""
    if table == "archive":
        return QCoreApplication.translate("audit", "archive")
    kind = _KIND_OF_TABLE.get(table)
    return table if kind is None else tr_message(kind_message(kind))


class AuditEventModel(RowsModel):
    """Events as rows; the sort role gives native values (the time column sorts by the
    event's number, which is the order they were written in)."""

    rows: list[EventSummary]
    TIME, USER, ACTION, KIND, RECORD = range(5)
    SortRole = Qt.ItemDataRole.UserRole + 1

    def titles(self) -> tuple[str, ...]:
        return (
            self.tr("Time"),
            self.tr("User"),
            self.tr("Action"),
            self.tr("Record kind"),
            self.tr("Record"),
        )

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        event = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                local_time(event.at),
                event.user,
                action_label(event.action),
                kind_label(event.table),
                event.record_uid or "",
            )[column]
        if role == self.SortRole:
            return (event.id, event.user, event.action, event.table, event.record_uid or "")[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == self.TIME:
            return self.tr("%1 UTC, event %2").replace("%1", event.at).replace("%2", str(event.id))
        return None


class AuditDialog(QDialog):
    """The trail, or one record's history (``record_uid``)."""

    def __init__(
        self,
        audit_events: AuditEvents,
        record_uid: str | None = None,
        record_label: str = "",
        page: int = PAGE,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("audit_dialog")
        self.audit_events = audit_events
        self.page = page
        self.limit = page
        self.more_available = False
        if record_uid is None:
            self.setWindowTitle(self.tr("Audit trail"))
        else:
            self.setWindowTitle(self.tr("History of %1").replace("%1", record_label or record_uid))

        self.record_filter = QLineEdit(record_uid or "")
        self.record_filter.setObjectName("audit_record_filter")
        self.record_filter.setPlaceholderText(self.tr("Any record (type a record's uid)"))
        self.record_filter.setClearButtonEnabled(True)
        self.record_filter.editingFinished.connect(self._record_changed)
        self.user_filter = QLineEdit()
        self.user_filter.setObjectName("audit_user_filter")
        self.user_filter.setPlaceholderText(self.tr("Any user"))
        self.user_filter.setClearButtonEnabled(True)

        self.model = AuditEventModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(AuditEventModel.SortRole)
        self.proxy.setFilterKeyColumn(AuditEventModel.USER)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.user_filter.textChanged.connect(self._user_changed)

        self.table = QTableView()
        self.table.setObjectName("audit_table")
        self.table.setAccessibleName(self.tr("Audit events"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(AuditEventModel.TIME, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column, width in enumerate((150, 110, 120, 170)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(AuditEventModel.RECORD, QHeaderView.ResizeMode.Stretch)

        self.count_label = QLabel("")
        self.count_label.setObjectName("audit_count")
        self.message = QLabel("")
        self.message.setObjectName("audit_message")
        self.message.setStyleSheet("color: #b00020;")
        self.message.setWordWrap(True)
        self.message.hide()
        self.more_button = QPushButton(self.tr("Load more"))
        self.more_button.setObjectName("audit_load_more")
        self.more_button.clicked.connect(self.load_more)
        self.reload_button = QPushButton(self.tr("Reload"))
        self.reload_button.setObjectName("audit_reload")
        self.reload_button.clicked.connect(self.reload)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        filters = QFormLayout()
        filters.addRow(self.tr("Record"), self.record_filter)
        filters.addRow(self.tr("User"), self.user_filter)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.reload_button)
        bottom.addWidget(self.more_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        layout.addWidget(buttons)
        self.resize(820, 520)
        self._shown_record = self.record_uid()
        self.reload()

    # -- reading -------------------------------------------------------------------------------

    def record_uid(self) -> str | None:
        return self.record_filter.text().strip() or None

    def reload(self) -> None:
        """Read the newest ``limit`` events again (the trail grows while the dialog is
        open)."""
        self.message.hide()
        try:
            events = self.audit_events(limit=self.limit, record_uid=self.record_uid())
        except ServiceError as exc:  # refused, or the archive could not be read
            self.model.set_rows([])
            self.message.setText(tr_error(exc))
            self.message.show()
            self.more_available = False
        else:
            self.model.set_rows(events)
            self.more_available = len(events) >= self.limit
        self.more_button.setEnabled(self.more_available)
        self._count()

    def load_more(self) -> None:
        self.limit += self.page
        self.reload()

    def _record_changed(self) -> None:
        if self.record_uid() == self._shown_record:
            return
        self._shown_record = self.record_uid()
        self.limit = self.page
        self.reload()

    def _user_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self._count()

    def _count(self) -> None:
        shown = self.proxy.rowCount()
        read = self.model.rowCount()
        if shown == read:
            text = self.tr("%n events, newest first", "", read)
        else:
            text = self.tr("%1 of the %n newest events match the user", "", read).replace(
                "%1", str(shown)
            )
        if self.more_available:
            text += " " + self.tr("(older events: Load more)")
        self.count_label.setText(text)

    def shown_events(self) -> list[EventSummary]:
        """The events the table shows, in its order (for tests and the status bar)."""
        return [
            self.model.rows[self.proxy.mapToSource(self.proxy.index(row, 0)).row()]
            for row in range(self.proxy.rowCount())
        ]
