"""The window follows the role of the user who unlocked the archive: what the role may not do
is disabled and says why; someone else's record is shown read-only to a recorder; a
coordinator reads the audit trail. Real encrypted archives, built by the composition root."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QApplication

from caseapp.app import CaseApp, gui_parts, wire
from caseapp.services.access import Access, Actor, Role
from caseapp.store import StoreLocation, open_store
from caseapp.ui.audit_dialog import AuditDialog, AuditEventModel
from caseapp.ui.lock import IdleWatcher
from caseapp.ui.main_window import MainWindow
from caseapp.ui.settings import UiSettings

from ..conftest import PASSPHRASE
from .test_translations import translated

RECORDER_BACKUP = "Refused: rita is a recorder and may not manage users, keys or backups."


def open_as(db_path: Path, name: str, role: Role) -> CaseApp:
    """The demo archive unlocked by ``name`` in ``role`` (the demo's records were made by
    "tester")."""
    store = open_store(StoreLocation(path=db_path), PASSPHRASE)
    return wire(store, Access(Actor(name, role)))


@pytest.fixture
def window_for(qtbot, demo_app: CaseApp, db_path: Path, tmp_path: Path) -> Iterator:
    """Builds the real window (gui_parts' build_window) for a user and a role."""
    demo_app.close()
    opened: list[CaseApp] = []
    watchers: list[IdleWatcher] = []

    def build(name: str, role: Role, language: str = "en") -> MainWindow:
        app = open_as(db_path, name, role)
        opened.append(app)
        settings = UiSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        settings.language = language
        watcher = IdleWatcher(QApplication.instance(), 60)
        watchers.append(watcher)
        _opener, build_window = gui_parts(name)
        window = build_window(app, StoreLocation(path=db_path), settings, watcher)
        qtbot.addWidget(window)
        window.show()
        return window

    yield build
    for watcher in watchers:
        watcher.stop()
    for app in opened:
        app.close()


def open_first_testimony(qtbot, window: MainWindow):
    tab = window.tabs_by_kind["testimony"]
    window.tab_widget.setCurrentWidget(tab)
    rect = tab.table.visualRect(tab.model.index(0, 1))
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert tab.form.uid is not None
    return tab


def test_a_recorder_sees_what_the_role_refuses_and_why(qtbot, window_for) -> None:
    window = window_for("rita", Role.RECORDER)
    assert window.user_label.text() == "rita (recorder)"

    assert not window.backup_action.isEnabled()
    assert window.backup_action.toolTip() == RECORDER_BACKUP
    assert not window.audit_action.isEnabled()
    assert window.audit_action.toolTip() == (
        "Refused: rita is a recorder and may not read the audit trail."
    )
    # No export profile is the recorder's: CSV and the report are off; dossiers are not.
    assert not window.export_csv_action.isEnabled()
    assert not window.report_action.isEnabled()
    assert "may not export with the internal profile" in window.export_csv_action.toolTip()
    assert "may not export with the un or public profile" in window.report_action.toolTip()
    assert window.dossier_action.isEnabled()
    window.export_csv_action.trigger()  # a disabled action (and its Ctrl+E) does nothing
    assert window.export_dialog is None
    assert window.open_export_csv() is None  # asked some other way: the reason is shown
    assert "may not export" in window.statusBar().currentMessage()

    # A testimony the demo's "tester" made: shown read-only, with who made it.
    tab = open_first_testimony(qtbot, window)
    assert not tab.save_button.isEnabled()
    assert not tab.delete_button.isEnabled()
    assert tab.save_button.toolTip() == (
        "Refused: rita is a recorder and may not change or delete records made by others."
    )
    assert tab.read_only_note.isVisible()
    assert tab.read_only_note.text() == (
        "Read only: made by tester; a recorder may change only their own records."
    )
    title = tab.form.fields["title"].widget
    assert title.isReadOnly()
    assert not tab.form.fields["status"].widget.isEnabled()
    assert not tab.history_button.isEnabled()
    # Its dossier is not the recorder's to make.
    assert window.open_dossier() is None
    assert "may export only dossiers of their own testimonies" in (
        window.statusBar().currentMessage()
    )

    # Her own new testimony is hers to change, and its dossier hers, as internal only.
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    assert not tab.read_only_note.isVisible() and not title.isReadOnly()
    qtbot.keyClicks(title, "Account from the border")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tab.form.uid is not None and tab.current_owner() == "rita"
    assert tab.save_button.isEnabled() and tab.delete_button.isEnabled()

    dialog = window.open_dossier()
    assert dialog is not None
    profiles = dialog.profile.model()
    assert isinstance(profiles, QStandardItemModel)
    public = dialog.profile.findData("public")
    assert not profiles.item(public).isEnabled()
    assert profiles.item(public).toolTip() == (
        "Refused: rita is a recorder and may not export with the un or public profile."
    )
    assert not profiles.item(dialog.profile.findData("un")).isEnabled()
    assert profiles.item(dialog.profile.findData("internal")).isEnabled()
    assert dialog.chosen_profile() == "internal"
    dialog.reject()


def test_a_caseworker_exports_internal_only(qtbot, window_for) -> None:
    window = window_for("carl", Role.CASEWORKER)
    assert window.export_csv_action.isEnabled() and window.report_action.isEnabled()
    assert not window.backup_action.isEnabled() and not window.audit_action.isEnabled()
    dialog = window.open_export_csv()
    assert dialog is not None
    profiles = dialog.profile.model()
    assert isinstance(profiles, QStandardItemModel)
    assert not profiles.item(dialog.profile.findData("public")).isEnabled()
    assert profiles.item(dialog.profile.findData("internal")).isEnabled()
    assert dialog.chosen_profile() == "internal"
    dialog.reject()
    # Anyone's record is a caseworker's to change.
    tab = open_first_testimony(qtbot, window)
    assert tab.save_button.isEnabled() and not tab.read_only_note.isVisible()


def test_a_coordinator_reads_the_audit_trail_of_an_edit(qtbot, window_for) -> None:
    window = window_for("tess", Role.COORDINATOR)
    assert window.user_label.text() == "tess (coordinator)"
    for action in (
        window.backup_action,
        window.audit_action,
        window.export_csv_action,
        window.report_action,
        window.dossier_action,
    ):
        assert action.isEnabled(), action.objectName()

    tab = open_first_testimony(qtbot, window)
    uid = tab.form.uid
    assert tab.save_button.isEnabled() and not tab.read_only_note.isVisible()
    title = tab.form.fields["title"].widget
    title.setFocus()
    qtbot.keyClicks(title, " (revised)")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert not tab.has_unsaved_changes()

    window.audit_action.trigger()
    dialog = window.audit_dialog
    assert isinstance(dialog, AuditDialog) and dialog.isVisible()
    newest = dialog.shown_events()[0]
    assert (newest.user, newest.action, newest.table, newest.record_uid) == (
        "tess",
        "update",
        "testimony",
        uid,
    )
    ids = [event.id for event in dialog.shown_events()]
    assert ids == sorted(ids, reverse=True)
    first_row = [dialog.table.model().index(0, column).data() for column in range(5)]
    assert first_row[1:] == ["tess", "changed", "testimony", uid]
    assert dialog.count_label.text().startswith(f"{len(ids)} events, newest first")

    # The user filter narrows what was read; the record filter asks for that record only.
    qtbot.keyClicks(dialog.user_filter, "tess")
    assert [event.user for event in dialog.shown_events()] == ["tess"]
    dialog.user_filter.clear()
    dialog.record_filter.setText(uid)
    dialog.record_filter.editingFinished.emit()
    assert {event.record_uid for event in dialog.shown_events()} == {uid}
    assert [event.action for event in dialog.shown_events()][:1] == ["update"]
    dialog.reject()

    # The editor's History… shows the same record's events.
    assert tab.history_button.isEnabled()
    qtbot.mouseClick(tab.history_button, Qt.MouseButton.LeftButton)
    history = tab.history_dialog
    assert history is not None and history.isVisible()
    assert {event.record_uid for event in history.shown_events()} == {uid}
    assert history.shown_events()[0].action == "update"
    assert history.windowTitle() == f"History of {tab.record_label()}"
    # Locking closes it: it would stand over the lock screen.
    window.lock()
    assert not history.isVisible()


def test_load_more_reads_older_events(qtbot, window_for) -> None:
    window = window_for("tess", Role.COORDINATOR)
    events = window.audit_events
    assert events is not None
    dialog = AuditDialog(events, page=5)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 5 and dialog.more_button.isEnabled()
    qtbot.mouseClick(dialog.more_button, Qt.MouseButton.LeftButton)
    assert dialog.model.rowCount() == 10
    ids = [event.id for event in dialog.shown_events()]
    assert ids == sorted(ids, reverse=True)
    # Sorting by user keeps the model's own sort role (native values).
    dialog.table.sortByColumn(AuditEventModel.USER, Qt.SortOrder.AscendingOrder)
    assert dialog.shown_events()[0].user <= dialog.shown_events()[-1].user


def test_the_korean_window_says_the_role_and_the_refusal(qtbot, window_for) -> None:
    with translated("ko"):
        window = window_for("rita", Role.RECORDER, language="ko")
        assert window.user_label.text() == "rita (기록자)"
        assert window.backup_action.toolTip().startswith("거부됨: rita은(는) 기록자이며")
        tab = open_first_testimony(qtbot, window)
        assert tab.read_only_note.text().startswith("읽기 전용: tester 님이 만든 기록입니다.")
        assert window.audit_action.text() == "감사 기록(&A)…"


def answer_settings(qtbot, window: MainWindow, answer) -> None:
    """Opens Settings from the menu and lets ``answer`` act on the modal dialog."""
    from PySide6.QtCore import QTimer

    from caseapp.ui.settings_dialog import SettingsDialog

    seen: list[bool] = []

    def act() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, SettingsDialog)]
        shown = [d for d in dialogs if d.isVisible()]
        if not shown:
            QTimer.singleShot(20, act)
            return
        seen.append(True)
        answer(shown[0])

    QTimer.singleShot(0, act)
    window.settings_action.trigger()
    assert seen


def test_a_coordinator_renames_the_organisation_in_settings(qtbot, window_for) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    window = window_for("tess", Role.COORDINATOR)
    name = "북한인권 증언 기록소"

    def rename(dialog) -> None:
        field = dialog.organisation
        assert field.text() == "caseapp" and not field.isReadOnly()
        field.selectAll()
        qtbot.keyClicks(field, " ")  # a blank name is refused, the dialog stays open
        qtbot.mouseClick(
            dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok),
            Qt.MouseButton.LeftButton,
        )
        assert dialog.isVisible() and dialog.message.text()
        field.setText(name)
        qtbot.mouseClick(
            dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok),
            Qt.MouseButton.LeftButton,
        )

    answer_settings(qtbot, window, rename)
    window.audit_action.trigger()
    newest = window.audit_dialog.shown_events()[0]
    assert (newest.user, newest.action) == ("tess", "organisation")
    window.audit_dialog.reject()

    def look(dialog) -> None:
        assert dialog.organisation.text() == name
        dialog.reject()

    answer_settings(qtbot, window, look)


def test_a_caseworker_sees_the_organisation_but_may_not_rename_it(qtbot, window_for) -> None:
    window = window_for("carl", Role.CASEWORKER)

    def look(dialog) -> None:
        field = dialog.organisation
        assert field.text() == "caseapp" and field.isReadOnly()
        assert "carl is a caseworker" in field.toolTip()
        dialog.reject()

    answer_settings(qtbot, window, look)
