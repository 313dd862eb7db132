"""The main window: the record tabs, their shortcuts, the status bar, and the lock."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QShortcut,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QProgressDialog,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QWidget,
)

from caseapp.services.access import Access, Right, coordinator, right_message, role_message
from caseapp.services.messages import Message
from caseapp.services.users import UserService
from caseapp.ui.audit_dialog import AuditDialog, AuditEvents
from caseapp.ui.confirm_dialog import ConfirmDialog
from caseapp.ui.exchange_dialog import ExchangeDialog, ExchangeParts, choose_open_file
from caseapp.ui.export_dialog import (
    ChooseFile,
    ExportDialog,
    TabScope,
    choose_save_file,
    profile_refusals,
)
from caseapp.ui.export_job import Exporters, ExportJob
from caseapp.ui.import_dialog import ImportDialog, Importers
from caseapp.ui.lock import LockScreen
from caseapp.ui.messages import tr_message
from caseapp.ui.prompts import AskDiscard, ask_discard
from caseapp.ui.settings import UiSettings
from caseapp.ui.tabs.base import RecordTab
from caseapp.ui.tabs.conflicts import ConflictsTab
from caseapp.ui.users_dialog import ChangePassphraseDialog, UsersDialog
from caseapp.ui.vault_dialog import VaultDialog

BACKUP_SUFFIX = ".caseapp-backup"
FEED_POLL_MS = 1500  # how often a window on a team server looks for others' saves


class ChangeSource(Protocol):
    """caseapp/store/change_feed.py's ChangeFeed, as the window uses it."""

    def poll(self) -> set[str]: ...

    def close(self) -> None: ...


PREFERRED_SIZE = QSize(1280, 800)


def first_size(available: QSize) -> QSize:
    """The window's size at its first start (later, the size it was left at): 1280×800, but
    never more than the screen's free area, less a margin for the window's frame (on a
    1366×768 laptop with a panel, 800 pixels were taller than the screen)."""
    margin = 40
    return QSize(
        min(PREFERRED_SIZE.width(), max(640, available.width() - margin)),
        min(PREFERRED_SIZE.height(), max(480, available.height() - margin)),
    )


class MainWindow(QMainWindow):
    backup_done = Signal(str)  # the outcome of a backup, as the status bar shows it

    def __init__(
        self,
        tabs: Sequence[tuple[str, RecordTab]],
        undo: QUndoStack,
        settings: UiSettings,
        verify_passphrase: Callable[[str], bool] | None,
        database_label: str,
        open_settings: Callable[[QWidget], None] | None = None,
        ask: AskDiscard = ask_discard,
        parent: QWidget | None = None,
        exporters: Exporters | None = None,
        choose_file: ChooseFile = choose_save_file,
        backup: Callable[[Path], Any] | None = None,
        check_warning: str = "",
        access: Access | None = None,
        audit_events: AuditEvents | None = None,
        users: UserService | None = None,
        erase_testimony: Callable[[str], Any] | None = None,
        exchange: ExchangeParts | None = None,
        choose_open: ChooseFile = choose_open_file,
        change_feed: ChangeSource | None = None,
        importers: Importers | None = None,
    ) -> None:
        super().__init__(parent)
        # CaseApp.check_csv and .import_csv: Import CSV… (check first, then import).
        self.importers = importers
        self.import_dialog: ImportDialog | None = None
        # CaseStore.change_feed(): on a team server, what other caseworkers save; the lists
        # are read again when news arrives (an editor with unsaved typing is left alone).
        self.change_feed = change_feed
        self.feed_timer = QTimer(self)
        self.feed_timer.setInterval(FEED_POLL_MS)
        self.feed_timer.timeout.connect(self.poll_changes)
        if change_feed is not None:
            self.feed_timer.start()
        # CaseApp.peers and .exchange: Exchange… (identity, trusted archives, bundles).
        self.exchange = exchange
        self.choose_open = choose_open
        self.exchange_dialog: ExchangeDialog | None = None
        self.users = users  # CaseApp.users: Users… (coordinators), Change my passphrase…
        self.users_dialog: UsersDialog | None = None
        self.passphrase_dialog: ChangePassphraseDialog | None = None
        # CaseApp.erase_testimony: Erase withdrawn testimony… (coordinators), asked twice.
        self.erase_testimony = erase_testimony
        self.erase_confirm: ConfirmDialog | None = None
        # The unlocked user's rights: what the menus enable (the services refuse the rest).
        # None: a window with no users to tell apart (tests), with every right.
        self.access = access or coordinator("")
        self.audit_events = audit_events  # CaseApp.audit_events, for Audit trail…
        self.audit_dialog: AuditDialog | None = None
        self.backup = backup  # CaseApp.backup: the whole archive into one checked file
        self.backup_job: ExportJob | None = None
        self.erase_job: ExportJob | None = None
        self.erase_progress: QProgressDialog | None = None
        self.ask = ask
        self.exporters = exporters
        self.choose_file = choose_file
        self.export_dialog: ExportDialog | None = None
        self.settings = settings
        self.undo = undo
        self.tabs_by_kind = dict(tabs)
        self.open_settings = open_settings
        self.locked = False
        self._title = self.tr("caseapp — %1").replace("%1", database_label)
        self.setWindowTitle(self._title)

        # The window's own shortcuts (Ctrl+E, Ctrl+S …) work wherever the cursor is: a text
        # field claims some of them for itself (Ctrl+E is "end of line" in a line edit), so
        # the claim is turned down for these keys (eventFilter). The claim is asked of the
        # widget with the focus, so only that widget is watched: as the application's
        # event filter this window was called, in Python, for every event of every widget.
        self._window_keys: set[str] = set()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._watch_focus)
            self._watch_focus(None, app.focusWidget())

        self.tab_widget = QTabWidget()
        self.tab_widget.setObjectName("tabs")
        self.tab_widget.setDocumentMode(True)
        for _kind, tab in tabs:
            self.tab_widget.addTab(tab, tab.title())
            tab.status.connect(self._show_status)
            tab.counted.connect(lambda source=tab: self._show_count(source))
            tab.busy.connect(self._show_busy)
            tab.changed.connect(lambda source=tab: self._records_changed(source))
            tab.open_record.connect(self.open_record)
            tab.current_changed.connect(self._update_erase)
            replaced = getattr(tab, "query_replaced", None)
            if replaced is not None:
                replaced.connect(lambda query: self.search_box.setText(query))
            filtered = getattr(tab, "open_filtered", None)  # the Dashboard's bars
            if filtered is not None:
                filtered.connect(self.open_filtered)
        self.tab_widget.currentChanged.connect(self._tab_changed)

        self.lock_screen = LockScreen(verify_passphrase or (lambda _p: True))
        self.lock_screen.unlocked.connect(self.unlock)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tab_widget)
        self.stack.addWidget(self.lock_screen)
        self.setCentralWidget(self.stack)
        self.can_lock = verify_passphrase is not None

        self.count_label = QLabel("")
        self.count_label.setObjectName("count_label")
        self._busy_note = ""  # the note of a count under way, while the status bar shows it
        self.statusBar().addPermanentWidget(self.count_label)
        # The last `verify` found problems: said for as long as the window is open.
        self.check_warning = QLabel(check_warning)
        self.check_warning.setObjectName("check_warning")
        self.check_warning.setStyleSheet("color: #b00020; font-weight: bold;")
        self.check_warning.setVisible(bool(check_warning))
        self.statusBar().insertPermanentWidget(0, self.check_warning)  # not hidden by messages
        self.user_label = QLabel("")
        self.user_label.setObjectName("user_label")
        self.user_label.setStyleSheet("padding-left: 16px;")  # apart from the count
        if access is not None:
            self.user_label.setText(
                self.tr("%1 (%2)")
                .replace("%1", access.name)
                .replace("%2", tr_message(role_message(access.role)))
            )
            self.user_label.setToolTip(self.tr("The user who unlocked the archive, and their role"))
        self.user_label.setVisible(access is not None)
        self.statusBar().addPermanentWidget(self.user_label)
        # "N conflicts" while an exchange left fields to decide; a click opens the tab.
        self.conflicts_button = QToolButton()
        self.conflicts_button.setObjectName("conflicts_button")
        self.conflicts_button.setAutoRaise(True)
        self.conflicts_button.setStyleSheet(
            "color: #8a4b00; font-weight: bold; padding: 0 4px; border: none;"
        )
        self.conflicts_button.setCursor(Qt.CursorShape.PointingHandCursor)
        # No taller than the labels beside it: a hidden one still sets the bar's height.
        self.conflicts_button.setMaximumHeight(self.count_label.sizeHint().height())
        self.conflicts_button.setToolTip(
            self.tr("Fields edited differently here and at a peer archive: open the Conflicts tab")
        )
        self.conflicts_button.clicked.connect(self.show_conflicts)
        self.conflicts_button.hide()
        self.statusBar().insertPermanentWidget(1, self.conflicts_button)
        self.conflicts_tab = next(
            (tab for _kind, tab in tabs if isinstance(tab, ConflictsTab)), None
        )
        if self.conflicts_tab is not None:
            self.conflicts_tab.count_changed.connect(self._show_conflict_count)
            self._show_conflict_count(self.conflicts_tab.count)
        self._build_actions()

        geometry, state, tab_index = settings.window_state()
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(first_size(self.screen().availableGeometry().size()))
        if state is not None:
            self.restoreState(state)
        if 0 <= tab_index < self.tab_widget.count():
            self.tab_widget.setCurrentIndex(tab_index)
        self._tab_changed(self.tab_widget.currentIndex())

    # -- actions -------------------------------------------------------------------------------

    def _watch_focus(self, old: QWidget | None, new: QWidget | None) -> None:
        if old is not None:
            with contextlib.suppress(RuntimeError):  # the widget is gone already
                old.removeEventFilter(self)
        if new is not None and self.isAncestorOf(new):
            new.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(watched, QWidget)
            and self.isAncestorOf(watched)
            and isinstance(event, QKeyEvent)
            and QKeySequence(event.keyCombination()).toString() in self._window_keys
        ):
            event.ignore()  # not the text field's: the window's shortcut runs
            return True
        return super().eventFilter(watched, event)

    def _action(
        self,
        text: str,
        shortcut: QKeySequence | QKeySequence.StandardKey | str,
        slot: Callable[[], object],
        name: str,
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(shortcut))
        self._window_keys.add(QKeySequence(shortcut).toString())
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        records = self.menuBar().addMenu(self.tr("&Record"))
        self.new_action = self._action(
            self.tr("&New"),
            QKeySequence.StandardKey.New,
            lambda: self.current_tab().new_record(),
            "action_new",
        )
        self.save_action = self._action(
            self.tr("&Save"),
            QKeySequence.StandardKey.Save,
            lambda: self.current_tab().save_record(),
            "action_save",
        )
        self.delete_action = self._action(
            self.tr("&Delete"),
            "Ctrl+Delete",
            lambda: self.current_tab().delete_selected(),
            "action_delete",
        )
        self.search_box = QLineEdit()
        self.search_box.setObjectName("global_search")
        self.search_box.setPlaceholderText(self.tr("Search all records (Ctrl+F)"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMinimumWidth(320)
        self.search_box.returnPressed.connect(self.run_search)
        # Down from the box goes to the results: the whole search by keyboard alone.
        to_results = QShortcut(QKeySequence(Qt.Key.Key_Down), self.search_box)
        to_results.setContext(Qt.ShortcutContext.WidgetShortcut)
        to_results.activated.connect(self.focus_search_results)
        self.search_box.setVisible("search" in self.tabs_by_kind)
        # In a container: a corner widget is placed by its size hint, and a bare line edit's
        # hint ignores its minimum width, so it ran off the window's edge.
        corner = QWidget()
        corner_layout = QHBoxLayout(corner)
        corner_layout.setContentsMargins(0, 2, 4, 2)
        corner_layout.addWidget(self.search_box)
        self.tab_widget.setCornerWidget(corner, Qt.Corner.TopRightCorner)
        self.find_action = self._action(
            self.tr("&Search"),
            QKeySequence.StandardKey.Find,
            self.focus_search,
            "action_find",
        )
        self.filter_action = self._action(
            self.tr("&Filter this tab"),
            "Ctrl+Shift+F",
            lambda: self.current_tab().focus_filter(),
            "action_filter",
        )
        for action in (
            self.new_action,
            self.save_action,
            self.delete_action,
            self.find_action,
            self.filter_action,
        ):
            records.addAction(action)
        records.addSeparator()
        self.lock_action = self._action(self.tr("&Lock"), "Ctrl+L", self.lock, "action_lock")
        self.lock_action.setEnabled(self.can_lock)
        records.addAction(self.lock_action)
        self.settings_action = self._action(
            self.tr("Se&ttings…"),
            QKeySequence.StandardKey.Preferences,
            self._settings,
            "action_settings",
        )
        records.addAction(self.settings_action)
        self.backup_action = self._action(
            self.tr("&Back up…"), "", self.start_backup, "action_backup"
        )
        records.addAction(self.backup_action)
        self.audit_action = self._action(
            self.tr("&Audit trail…"), "", self.open_audit, "action_audit"
        )
        records.addAction(self.audit_action)
        self.exchange_action = self._action(
            self.tr("E&xchange…"), "", self.open_exchange, "action_exchange"
        )
        records.addAction(self.exchange_action)
        records.addSeparator()
        self.users_action = self._action(self.tr("&Users…"), "", self.open_users, "action_users")
        records.addAction(self.users_action)
        self.passphrase_action = self._action(
            self.tr("Change my &passphrase…"), "", self.open_change_passphrase, "action_passphrase"
        )
        records.addAction(self.passphrase_action)
        self.erase_action = self._action(
            self.tr("&Erase withdrawn testimony…"), "", self.start_erase, "action_erase"
        )
        records.addAction(self.erase_action)
        records.setToolTipsVisible(True)  # a disabled action says why
        records.addSeparator()
        quit_action = self._action(
            self.tr("&Quit"), QKeySequence.StandardKey.Quit, self.close, "action_quit"
        )
        records.addAction(quit_action)

        edit = self.menuBar().addMenu(self.tr("&Edit"))
        self.undo_action = self.undo.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo.createRedoAction(self, self.tr("&Redo"))
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)

        reports = self.menuBar().addMenu(self.tr("Re&ports"))
        self.export_csv_action = self._action(
            self.tr("Export &CSV…"), "Ctrl+E", self.open_export_csv, "action_export_csv"
        )
        self.report_action = self._action(
            self.tr("&Report PDF…"), "Ctrl+Shift+P", self.open_report, "action_report_pdf"
        )
        self.dossier_action = self._action(
            self.tr("Testimony &dossier PDF…"), "", self.open_dossier, "action_dossier_pdf"
        )
        self.import_csv_action = self._action(
            self.tr("&Import CSV…"), "", self.open_import_csv, "action_import_csv"
        )
        for action in (
            self.export_csv_action,
            self.report_action,
            self.dossier_action,
            self.import_csv_action,
        ):
            reports.addAction(action)
        reports.setToolTipsVisible(True)
        self.record_actions = [
            self.new_action,
            self.save_action,
            self.delete_action,
            self.find_action,
            self.filter_action,
            self.undo_action,
            self.redo_action,
            self.settings_action,
            self.export_csv_action,
            self.report_action,
            self.dossier_action,
            self.import_csv_action,
            self.backup_action,
            self.audit_action,
            self.exchange_action,
            self.users_action,
            self.passphrase_action,
            self.erase_action,
        ]
        self.apply_rights()

    def apply_rights(self) -> None:
        """Enable the actions the user's role allows; a refused one is disabled and its
        tooltip says why (the services' own wording)."""
        access = self.access
        exports = self.exporters is not None
        published = profile_refusals(access)
        any_profile = [refusal for refusal in published.values() if refusal is None]
        export_refusal = "" if any_profile else self._refusal(*published.values())
        dossier_refusal = self._refusal(access.why_not(Right.EXPORT_OWN_DOSSIER))
        if access.may(Right.EXPORT_INTERNAL) or access.may(Right.EXPORT_PUBLISHED):
            dossier_refusal = ""
        self._allow(self.export_csv_action, exports, export_refusal)
        self._allow(self.report_action, exports, export_refusal)
        self._allow(self.dossier_action, exports, dossier_refusal)
        self._allow(
            self.import_csv_action,
            self.importers is not None,
            self._refusal(access.why_not(Right.IMPORT)),
        )
        self._allow(
            self.backup_action, self.backup is not None, self._refusal(access.why_not(Right.MANAGE))
        )
        self._allow(
            self.audit_action,
            self.audit_events is not None,
            self._refusal(access.why_not(Right.AUDIT)),
        )
        self._allow(
            self.users_action, self.users is not None, self._refusal(access.why_not(Right.MANAGE))
        )
        self._allow(self.passphrase_action, self.users is not None and self.can_lock, "")
        self._allow(
            self.exchange_action,
            self.exchange is not None,
            self._refusal(access.why_not(Right.EXCHANGE)),
        )
        self._update_erase()

    def erase_refusal(self) -> str:
        """Why the testimony open in the Testimonies tab cannot be erased now ("" if it can)."""
        refusal = self._refusal(self.access.why_not(Right.ERASE))
        if refusal:
            return refusal
        tab = self.tabs_by_kind.get("testimony")
        uid = None if tab is None else tab.current_uid()
        if tab is None or uid is None:
            return self.tr("Open a testimony whose consent is withdrawn first.")
        if not tab.context.listings.consent_withdrawn(uid):
            return self.tr(
                "Only a testimony whose consent is withdrawn can be erased; this one's is not."
            )
        return ""

    def _update_erase(self) -> None:
        if self.locked:
            return
        available = self.erase_testimony is not None
        self._allow(self.erase_action, available, self.erase_refusal() if available else "")

    @staticmethod
    def _refusal(*refusals: Message | None) -> str:
        """The refusals, worded, one to a line (duplicates once)."""
        lines = [tr_message(refusal) for refusal in refusals if refusal is not None]
        return "\n".join(dict.fromkeys(lines))

    @staticmethod
    def _allow(action: QAction, available: bool, refusal: str) -> None:
        action.setEnabled(available and not refusal)
        action.setToolTip(refusal or action.text().replace("&", ""))

    # -- tabs ----------------------------------------------------------------------------------

    def current_tab(self) -> RecordTab:
        tab = self.tab_widget.currentWidget()
        assert isinstance(tab, RecordTab)
        return tab

    def _tab_changed(self, _index: int) -> None:
        if self.tab_widget.count():
            self.current_tab().activate()
            self.count_label.setText(self.current_tab().count_text())

    def _show_status(self, text: str) -> None:
        if self.locked:  # a count that arrives, a job that ends: told after the unlock
            return
        self.statusBar().showMessage(text, 6000)
        self.count_label.setText(self.current_tab().count_text())

    def _show_busy(self, text: str) -> None:
        """A note of work under way (a filter's count): shown until its count arrives."""
        self._busy_note = text
        self._show_status(text)

    def _show_count(self, source: RecordTab) -> None:
        """A tab's count changed: shown beside the status bar's messages, once (it had also
        been shown as a passing message, the same count twice for six seconds); a note of
        the count under way ends with it."""
        if self.locked or source is not self.current_tab():
            return
        if self._busy_note and self.statusBar().currentMessage() == self._busy_note:
            self.statusBar().clearMessage()
        self._busy_note = ""
        self.count_label.setText(source.count_text())

    def _records_changed(self, source: RecordTab) -> None:
        for index in range(self.tab_widget.count()):
            tab = self.tab_widget.widget(index)
            if isinstance(tab, RecordTab) and tab is not source:
                tab.refresh()
        self.count_label.setText(self.current_tab().count_text())
        self._update_erase()  # a consent withdrawn (or restored) changes what may be erased

    def focus_search(self) -> None:
        if "search" not in self.tabs_by_kind:
            self.current_tab().focus_filter()
            return
        self.search_box.setFocus()
        self.search_box.selectAll()

    def focus_search_results(self) -> None:
        tab = self.tabs_by_kind.get("search")
        if tab is None or self.locked:
            return
        self.tab_widget.setCurrentWidget(tab)
        tab.focus_filter()

    def run_search(self) -> None:
        tab = self.tabs_by_kind.get("search")
        if tab is None or self.locked:
            return
        self.tab_widget.setCurrentWidget(tab)
        search = getattr(tab, "search", None)
        if callable(search):
            search(self.search_box.text())

    # -- conflicts -------------------------------------------------------------------------------

    def refresh_conflicts(self) -> None:
        """Read the open conflicts again (after an exchange brought some in): the Conflicts
        tab's list and the status bar's count."""
        if self.conflicts_tab is not None:
            self.conflicts_tab.refresh()

    def show_conflicts(self) -> None:
        if self.conflicts_tab is not None and not self.locked:
            self.tab_widget.setCurrentWidget(self.conflicts_tab)

    def _show_conflict_count(self, count: int) -> None:
        self.conflicts_button.setText(self.tr("%n conflict(s)", "", count))
        self.conflicts_button.setVisible(count > 0 and not self.locked)

    def open_record(self, kind: str, uid: str) -> None:
        tab = self.tabs_by_kind.get(kind)
        if tab is None:
            return
        self.tab_widget.setCurrentWidget(tab)
        tab.show_record(uid)

    def open_filtered(self, kind: str, filters: dict[str, str]) -> None:
        """Show ``kind``'s tab with its filters set (a click on a Dashboard bar)."""
        tab = self.tabs_by_kind.get(kind)
        show = getattr(tab, "show_filtered", None)
        if tab is None or show is None or self.locked or not tab.confirm_discard():
            return
        self.tab_widget.setCurrentWidget(tab)
        show(**filters)

    # -- exports ---------------------------------------------------------------------------------

    def tab_scopes(self) -> dict[str, TabScope]:
        """What the testimonies and violations tabs show now, for "what the tab shows"."""
        scopes: dict[str, TabScope] = {}
        for record_kind, csv_kind in (("testimony", "testimonies"), ("violation", "violations")):
            tab = self.tabs_by_kind.get(record_kind)
            uids = None if tab is None else tab.shown_uids()
            if tab is not None and uids is not None:
                scopes[csv_kind] = TabScope(uids, tab.count_text())
        return scopes

    def open_export_csv(self) -> ExportDialog | None:
        kinds = {"testimony": "testimonies", "violation": "violations"}
        kinds |= {"region": "protection", "state_response": "responses"}
        shown = self.current_tab()
        current = [kinds[k] for k, tab in self.tabs_by_kind.items() if tab is shown and k in kinds]
        return self._open_export(kind=current[0] if current else "testimonies")

    def open_report(self) -> ExportDialog | None:
        return self._open_export(kind="report")

    def open_dossier(self) -> ExportDialog | None:
        tab = self.tabs_by_kind.get("testimony")
        uid = None if tab is None else tab.current_uid()
        if uid is None:
            self._show_status(self.tr("Open a testimony in the Testimonies tab first."))
            return None
        code_field = getattr(tab, "form", None)
        label = uid
        if code_field is not None and "code" in code_field.fields:
            label = code_field.fields["code"].widget.text() or uid
        own = tab is not None and tab.current_owner() == self.access.name
        if all(refusal is not None for refusal in profile_refusals(self.access, own).values()):
            refusal = Message(
                "access.refused",
                user=self.access.name,
                role=role_message(self.access.role),
                right=right_message(Right.EXPORT_OWN_DOSSIER),
            )
            self._show_status(tr_message(refusal))
            return None
        return self._open_export(dossier_uid=uid, dossier_label=label, own_dossier=own)

    def _open_export(
        self,
        kind: str = "testimonies",
        dossier_uid: str | None = None,
        dossier_label: str = "",
        own_dossier: bool = False,
    ) -> ExportDialog | None:
        if self.exporters is None or self.locked:
            return None
        action = self.dossier_action if dossier_uid is not None else self.export_csv_action
        if not action.isEnabled():  # a shortcut of a refused action
            self._show_status(action.toolTip())
            return None
        if self.export_dialog is not None and self.export_dialog.job is not None:
            self.export_dialog.raise_()  # one export at a time
            return self.export_dialog
        if self.export_dialog is not None:
            self.export_dialog.deleteLater()
        dialog = ExportDialog(
            self.exporters,
            kind=kind,
            scopes=self.tab_scopes(),
            dossier_uid=dossier_uid,
            dossier_label=dossier_label,
            choose_file=self.choose_file,
            language=self.settings.language,
            parent=self,
            access=self.access,
            own_dossier=own_dossier,
        )
        dialog.status.connect(self._show_status)
        self.export_dialog = dialog
        dialog.open()  # window-modal, not exec(): the event loop (and painting) goes on
        return dialog

    def open_import_csv(self) -> ImportDialog | None:
        """Reports > Import CSV…: a kind and a file, a check of what would change, then the
        import on the user's word; the tabs read their lists again after it."""
        if self.importers is None or self.locked:
            return None
        if not self.import_csv_action.isEnabled():
            self._show_status(self.import_csv_action.toolTip())
            return None
        if self.import_dialog is not None and self.import_dialog.job is not None:
            self.import_dialog.show()
            self.import_dialog.raise_()  # one import at a time
            return self.import_dialog
        if self.import_dialog is not None:
            self.import_dialog.deleteLater()
        kinds = {"testimony": "testimonies", "violation": "violations"}
        kinds |= {"region": "protection", "state_response": "responses"}
        current = self.tab_widget.currentWidget()
        shown = [k for k, tab in self.tabs_by_kind.items() if tab is current]
        dialog = ImportDialog(
            self.importers,
            kind=kinds.get(shown[0], "testimonies") if shown else "testimonies",
            choose_file=self.choose_open,
            parent=self,
            access=self.access,
        )
        dialog.imported.connect(lambda _result: self.records_arrived())
        dialog.status.connect(lambda text: None if self.locked else self._show_status(text))
        self.import_dialog = dialog
        dialog.open()  # window-modal; the lock closes it (a running import goes on, hidden)
        return dialog

    # -- audit -----------------------------------------------------------------------------------

    def open_audit(self) -> AuditDialog | None:
        """Record > Audit trail…: every event, newest first (coordinators only)."""
        if self.audit_events is None or self.locked:
            return None
        if not self.audit_action.isEnabled():
            self._show_status(self.audit_action.toolTip())
            return None
        if self.audit_dialog is not None:
            self.audit_dialog.deleteLater()
        dialog = AuditDialog(self.audit_events, parent=self)
        self.audit_dialog = dialog
        dialog.open()  # window-modal; the lock closes it
        return dialog

    # -- exchange --------------------------------------------------------------------------------

    def open_exchange(self) -> ExchangeDialog | None:
        """Record > Exchange…: this archive's fingerprint, the trusted archives, bundles."""
        if self.exchange is None or self.locked:
            return None
        if not self.exchange_action.isEnabled():
            self._show_status(self.exchange_action.toolTip())
            return None
        if self.exchange_dialog is not None and self.exchange_dialog.busy:
            self.exchange_dialog.show()
            self.exchange_dialog.raise_()  # one bundle at a time
            return self.exchange_dialog
        if self.exchange_dialog is not None:
            self.exchange_dialog.deleteLater()
        dialog = ExchangeDialog(
            self.exchange,
            self.access,
            self.settings,
            choose_save=self.choose_file,
            choose_open=self.choose_open,
            parent=self,
        )
        # Not over the lock screen: the outcome counts records.
        dialog.changed.connect(lambda text: None if self.locked else self._show_status(text))
        dialog.applied.connect(lambda _summary: self.records_arrived())
        self.exchange_dialog = dialog
        dialog.open()  # window-modal; the lock hides it
        return dialog

    def poll_changes(self) -> None:
        """Others' saves since the last look: every list reads itself again."""
        if self.change_feed is not None and self.change_feed.poll():
            self.records_arrived()

    def records_arrived(self) -> None:
        """Records came from elsewhere (a bundle applied): every tab reads its list again,
        and the Conflicts tab and the status bar's count the open conflicts."""
        for index in range(self.tab_widget.count()):
            tab = self.tab_widget.widget(index)
            if isinstance(tab, RecordTab) and tab is not self.conflicts_tab:
                tab.refresh()
        self.refresh_conflicts()
        if not self.locked:
            self.count_label.setText(self.current_tab().count_text())
        self._update_erase()

    # -- users -----------------------------------------------------------------------------------

    def open_users(self) -> UsersDialog | None:
        """Record > Users…: add, change the role of, and remove users (coordinators)."""
        if self.users is None or self.locked:
            return None
        if not self.users_action.isEnabled():
            self._show_status(self.users_action.toolTip())
            return None
        if self.users_dialog is not None:
            self.users_dialog.deleteLater()
        dialog = UsersDialog(self.users, self)
        dialog.changed.connect(self._show_status)
        self.users_dialog = dialog
        dialog.open()  # window-modal; the lock closes it
        return dialog

    def open_change_passphrase(self) -> ChangePassphraseDialog | None:
        """Record > Change my passphrase…: the unlocked user's own, asked twice."""
        users = self.users
        if users is None or self.locked or not self.passphrase_action.isEnabled():
            return None
        if self.passphrase_dialog is not None:
            self.passphrase_dialog.deleteLater()
        dialog = ChangePassphraseDialog(users.change_own_passphrase, self.access.name, self)
        dialog.accepted.connect(
            lambda: self._show_status(
                self.tr("Passphrase changed. Unlock with the new one from now on.")
            )
        )
        self.passphrase_dialog = dialog
        dialog.open()
        return dialog

    # -- erasure ---------------------------------------------------------------------------------

    def start_erase(self) -> ConfirmDialog | None:
        """Record > Erase withdrawn testimony…: what is erased and kept, then the testimony's
        code typed, then the erasure; the outcome goes to the status bar."""
        if self.erase_testimony is None or self.locked:
            return None
        self._update_erase()
        if not self.erase_action.isEnabled():
            self._show_status(self.erase_action.toolTip())
            return None
        tab = self.tabs_by_kind["testimony"]
        uid = tab.current_uid()
        assert uid is not None
        if tab.has_unsaved_changes():
            self._show_status(self.tr("Save or discard the changes to the testimony first."))
            return None
        code = tab.context.listings.testimony_code(uid) or uid
        text = self.tr(
            "Erase testimony %1 for good?\n\n"
            "Erased: its title, summary, narrative, interview place and interviewer; the "
            "place and reported impact of its violations; its attachments; and the "
            "identity-vault entries of the people only this testimony names.\n\n"
            "Kept: its code, interview date, language, status and consent, and each "
            "violation's category, dates, province and perpetrator, so the counts stay "
            "what they were.\n\n"
            "This cannot be undone. Backups made before keep the text."
        ).replace("%1", code)
        first = ConfirmDialog(
            self.tr("Erase a withdrawn testimony"), text, self.tr("Continue…"), parent=self
        )
        first.setObjectName("erase_confirm")
        first.accepted.connect(lambda: self._confirm_erase_code(uid, code))
        self.erase_confirm = first
        first.open()
        return first

    def _confirm_erase_code(self, uid: str, code: str) -> ConfirmDialog:
        second = ConfirmDialog(
            self.tr("Erase a withdrawn testimony"),
            self.tr("To erase testimony %1, type its code below.").replace("%1", code),
            self.tr("Erase for good"),
            parent=self,
            type_to_confirm=code,
            prompt=self.tr("Testimony code"),
        )
        second.setObjectName("erase_code_confirm")
        second.accepted.connect(lambda: self._erase(uid))
        self.erase_confirm = second
        second.open()
        return second

    def _erase(self, uid: str) -> ExportJob:
        assert self.erase_testimony is not None
        erase = self.erase_testimony
        # On a worker: the search index is merged whole so that no word of the text stays in
        # it, about a minute at a million testimonies. The window waits behind a note that
        # cannot be dismissed: an erasure is all or nothing and cannot be stopped half-way,
        # and a save meanwhile would wait for its write.

        def work(report: Callable[[int, int], None], _cancelled: Callable[[], bool]) -> object:
            report(0, 0)
            return erase(uid)

        progress = QProgressDialog(self)
        progress.setObjectName("erase_progress")
        progress.setWindowTitle(self.tr("Erase a withdrawn testimony"))
        progress.setLabelText(
            self.tr(
                "Erasing the testimony… This cannot be stopped, and takes longer the larger "
                "the archive (about a minute at a million testimonies)."
            )
        )
        progress.setCancelButton(None)
        progress.setRange(0, 0)
        progress.setMinimumDuration(0)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.erase_progress = progress
        job = ExportJob(work, self)
        job.finished.connect(self._erased)
        job.failed.connect(self._erase_failed)
        self.erase_job = job
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        progress.show()
        job.start()
        return job

    def _erase_ended(self) -> None:
        QGuiApplication.restoreOverrideCursor()
        if self.erase_progress is not None:
            self.erase_progress.reset()
            self.erase_progress.hide()
            self.erase_progress.deleteLater()
            self.erase_progress = None

    def _erase_failed(self, problem: str) -> None:
        self._erase_ended()
        if not self.locked:
            self.statusBar().showMessage(problem)

    def _erased(self, result: Any) -> None:
        self._erase_ended()
        text = (
            self.tr(
                "Erased testimony %1: %2 text fields, %3 violations, %4 attachments, "
                "%5 vault entries."
            )
            .replace("%1", str(getattr(result, "code", "")))
            .replace("%2", str(getattr(result, "fields", 0)))
            .replace("%3", str(getattr(result, "violations", 0)))
            .replace("%4", str(getattr(result, "attachments", 0)))
            .replace("%5", str(getattr(result, "identities", 0)))
        )
        if not getattr(result, "log_flushed", True):
            text += " " + self.tr(
                "Old text may remain in the write-ahead log until every window is closed."
            )
        for index in range(self.tab_widget.count()):
            tab = self.tab_widget.widget(index)
            if isinstance(tab, RecordTab):
                tab.reload_record()
        if self.locked:
            return  # the outcome names a testimony: not shown over the lock screen
        self.count_label.setText(self.current_tab().count_text())
        self._update_erase()
        self.statusBar().showMessage(text)  # stays until the next message: it matters

    # -- backup ----------------------------------------------------------------------------------

    def start_backup(self) -> ExportJob | None:
        """Ask where, then back the archive up on a worker thread; the outcome goes to the
        status bar. One backup at a time; the window stays usable meanwhile."""
        if self.backup is None or self.locked:
            return None
        if not self.backup_action.isEnabled():
            self._show_status(self.backup_action.toolTip())
            return None
        if self.backup_job is not None and self.backup_job.running:
            self._show_status(self.tr("A backup is already running."))
            return self.backup_job
        suggested = f"caseapp-backup-{date.today().isoformat()}{BACKUP_SUFFIX}"
        chosen = self.choose_file(
            self,
            self.tr("Back up the archive"),
            suggested,
            self.tr("caseapp backups (*%1)").replace("%1", BACKUP_SUFFIX),
        )
        if not chosen:
            return None
        target = Path(chosen)
        backup = self.backup

        def work(report: Callable[[int, int], None], _cancelled: Callable[[], bool]) -> object:
            report(0, 0)
            return backup(target)

        job = ExportJob(work, self)
        job.finished.connect(self._backup_finished)
        job.failed.connect(
            lambda problem: self._backup_outcome(
                self.tr("Backup failed: %1").replace("%1", problem)
            )
        )
        self.backup_job = job
        self._show_status(self.tr("Backing up to %1…").replace("%1", str(target)))
        job.start()
        return job

    def _backup_finished(self, result: Any) -> None:
        text = self.tr("Backed up and checked: %1 (%2 testimonies, %3 attachments)")
        counts = getattr(result, "counts", {})
        self._backup_outcome(
            text.replace("%1", str(getattr(result, "path", "")))
            .replace("%2", str(counts.get("testimony", 0)))
            .replace("%3", str(counts.get("attachment", 0)))
        )

    def _backup_outcome(self, text: str) -> None:
        if not self.locked:  # the outcome counts records: not shown over the lock screen
            self.statusBar().showMessage(text)  # stays until the next message: it matters
        self.backup_done.emit(text)

    # -- lock ------------------------------------------------------------------------------------

    def lock(self) -> None:
        if not self.can_lock or self.locked:
            return
        self.locked = True
        self.stack.setCurrentWidget(self.lock_screen)
        self.search_box.hide()  # a query can name a person: hidden with the records
        self.setWindowTitle(self.tr("caseapp — locked"))
        self.statusBar().clearMessage()
        self.count_label.clear()
        self.conflicts_button.hide()
        for action in self.record_actions:
            action.setEnabled(False)
        if self.export_dialog is not None and self.export_dialog.job is None:
            self.export_dialog.reject()  # it names what the tabs show
        for kind in (
            AuditDialog,
            UsersDialog,
            VaultDialog,
            ChangePassphraseDialog,
            ConfirmDialog,
            ImportDialog,
        ):
            for dialog in self.findChildren(kind):
                # They name users, records or people, and would stand over the lock screen.
                if dialog.isVisible():
                    dialog.reject()
        for exchange in self.findChildren(ExchangeDialog):
            for child in exchange.findChildren(QDialog):
                child.reject()  # Trust an archive…, Forget…: asked again after unlocking
            exchange.hide()  # also while a bundle is applied: it ends hidden, tabs refreshed
        self.lock_screen.reset()

    def unlock(self) -> None:
        self.locked = False
        self.stack.setCurrentWidget(self.tab_widget)
        self.search_box.setVisible("search" in self.tabs_by_kind)
        self.setWindowTitle(self._title)
        for action in self.record_actions:
            action.setEnabled(True)
        self.apply_rights()
        self.undo_action.setEnabled(self.undo.canUndo())
        self.redo_action.setEnabled(self.undo.canRedo())
        self._tab_changed(self.tab_widget.currentIndex())
        if self.conflicts_tab is not None:
            self._show_conflict_count(self.conflicts_tab.count)

    # -- settings and closing ----------------------------------------------------------------

    def _settings(self) -> None:
        if self.open_settings is not None:
            self.open_settings(self)

    def unsaved_tabs(self) -> list[RecordTab]:
        return [
            tab
            for index in range(self.tab_widget.count())
            if isinstance(tab := self.tab_widget.widget(index), RecordTab)
            and tab.has_unsaved_changes()
        ]

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.unsaved_tabs() and not self.ask(
            self,
            self.tr("Unsaved changes"),
            self.tr("Some records have unsaved changes. Quit and discard them?"),
        ):
            event.ignore()
            return
        self.settings.save_window_state(
            self.saveGeometry(), self.saveState(), self.tab_widget.currentIndex()
        )
        self.feed_timer.stop()
        if self.change_feed is not None:
            self.change_feed.close()
        event.accept()
