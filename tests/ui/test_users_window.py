"""The window's second half of issue 13, on real encrypted archives with several users: the
start dialog asks who unlocks, a coordinator manages users (adding, changing a role, removing
with a re-key), everyone changes their own passphrase, a recorder writes a sealed vault entry
she cannot read back while a caseworker can, and a withdrawn testimony is erased after two
confirmations. Everything is typed and clicked as a person would."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton

from caseapp.app import CaseApp, gui_parts, open_case_app
from caseapp.services.access import NotAllowed, Role
from caseapp.store import StoreLocation, keys
from caseapp.store.errors import UnknownUser
from caseapp.ui.launch import unlock
from caseapp.ui.lock import IdleWatcher
from caseapp.ui.main_window import MainWindow
from caseapp.ui.settings import UiSettings
from caseapp.ui.unlock_dialog import UnlockDialog, UserChoice
from caseapp.ui.users_dialog import UserTableModel

from ..test_gui_launch import User, type_text

MINA = "mina keeps the archive 기록 safe"
RITA = "rita records in the field 현장"
CARL = "carl works the cases 사례 daily"
HANA = "hana joins the office 사무실 today"
REAL_NAME = "김영희 Kim Young-hee"


@pytest.fixture
def office(tmp_path: Path) -> dict[str, str]:
    """An archive of mina (coordinator), rita (recorder) and carl (caseworker), with two
    testimonies by mina: T1 (consent withdrawn, its source in the vault) and T2 (consent
    given, its source not in the vault). Closed again: the window opens it."""
    path = tmp_path / "office" / "cases.db"
    app = open_case_app(StoreLocation(path=path), MINA, "mina", create=True)
    try:
        app.users.add("rita", "recorder", RITA)
        app.users.add("carl", "caseworker", CARL)
        records = app.records
        first = records.create("person", {"pseudonym": "source A", "roles": "source"})
        records.create("identity", {"person_uid": first, "real_name": "박철수"})
        t1 = records.create(
            "testimony", {"title": "zq withdrawn account", "language": "ko", "source_uid": first}
        )
        consent = records.create("consent", {"testimony_uid": t1, "internal": True})
        records.update("consent", consent, {"date_withdrawn": "2020-01-02"})
        second = records.create("person", {"pseudonym": "source B", "roles": "source"})
        t2 = records.create(
            "testimony", {"title": "zq kept account", "language": "ko", "source_uid": second}
        )
        records.create("consent", {"testimony_uid": t2, "internal": True})
        codes = {uid: app.listings.testimony_code(uid) for uid in (t1, t2)}
        person_b = app.listings.person_by_uid(second)
    finally:
        app.close()
    assert person_b is not None
    return {
        "path": str(path),
        "t1": t1,
        "t2": t2,
        "t1_code": str(codes[t1]),
        "t2_code": str(codes[t2]),
        "person_b": second,
        "person_b_code": str(person_b["code"]),
    }


def settings_at(path: Path) -> UiSettings:
    settings = UiSettings(QSettings(str(path), QSettings.Format.IniFormat))
    settings.language = "en"
    return settings


@pytest.fixture
def window_as(qtbot, office, tmp_path: Path) -> Iterator:
    """Opens the office archive as a user (the composition root's opener) and builds the
    real window over it; at most one window at a time, as one person's laptop would."""
    opened: list[tuple[CaseApp, MainWindow, IdleWatcher]] = []

    def close_all() -> None:
        while opened:
            app, window, watcher = opened.pop()
            watcher.stop()
            window.close()
            app.close()

    def build(name: str, passphrase: str) -> tuple[MainWindow, CaseApp]:
        close_all()
        location = StoreLocation(path=Path(office["path"]))
        opener, build_window = gui_parts()
        app = opener(location, passphrase, False, False, user=name)
        watcher = IdleWatcher(QApplication.instance(), 60)
        window = build_window(app, location, settings_at(tmp_path / "s.ini"), watcher)
        qtbot.addWidget(window)
        window.show()
        opened.append((app, window, watcher))
        return window, app

    yield build
    close_all()


def key_file(office: dict[str, str]) -> Path:
    return keys.key_file_for(Path(office["path"]))


def open_testimony(qtbot, window: MainWindow, code: str):
    """Click the testimony's row in the Testimonies tab."""
    tab = window.tabs_by_kind["testimony"]
    window.tab_widget.setCurrentWidget(tab)
    for row in range(tab.model.rowCount()):
        if tab.model.row_at(row)["code"] == code:
            rect = tab.table.visualRect(tab.model.index(row, 1))
            qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            assert tab.form.fields["code"].widget.text() == code
            return tab
    raise AssertionError(f"no row {code}")


def click_ok(dialog) -> None:
    QTest.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )


def retype(widget, text: str) -> None:
    widget.clear()
    type_text(widget, text)


# -- the start dialog ------------------------------------------------------------------------


def as_user(name: str, passphrase: str):
    def step(dialog: UnlockDialog) -> None:
        assert dialog.user.isVisible()
        retype(dialog.user.lineEdit(), name)
        type_text(dialog.passphrase, passphrase)
        QTest.keyClick(dialog.passphrase, Qt.Key.Key_Return)

    return step


def test_the_start_dialog_asks_who_unlocks_and_remembers_them(
    qtbot, office, tmp_path: Path
) -> None:
    location = StoreLocation(path=Path(office["path"]))
    ini = tmp_path / "caseapp.ini"
    opener, _build = gui_parts()
    offered: list[list[str]] = []

    def look(step):
        def wrapped(dialog: UnlockDialog) -> None:
            offered.append([dialog.user.itemText(i) for i in range(dialog.user.count())])
            step(dialog)

        return wrapped

    # An unknown name is said in the dialog (no crash, no wait); then rita unlocks as rita.
    person = User([look(as_user("nobody", RITA)), as_user("rita", RITA)])
    opened = unlock(location, opener, settings=settings_at(ini))
    assert opened is not None
    app = opened[0]
    try:
        assert person.seen[1] == "this archive has no user named nobody"
        assert sorted(offered[0]) == ["carl", "mina", "rita"]
        assert (app.access.name, app.access.role) == ("rita", Role.RECORDER)
    finally:
        app.close()
    assert settings_at(ini).unlock_failures()[0] == 0
    assert "rita records" not in ini.read_text(encoding="utf-8")  # a name, never a passphrase

    # The next start offers rita again: she only types her passphrase.
    shown: list[str] = []

    def passphrase_only(dialog: UnlockDialog) -> None:
        shown.append(dialog.user.currentText())
        type_text(dialog.passphrase, RITA)
        QTest.keyClick(dialog.passphrase, Qt.Key.Key_Return)

    User([passphrase_only])
    opened = unlock(location, opener, settings=settings_at(ini))
    assert opened is not None
    opened[0].close()
    assert shown == ["rita"]

    # Mina's passphrase under rita's name is a wrong passphrase (her own opens hers).
    person = User([as_user("rita", MINA), as_user("mina", MINA)])
    opened = unlock(location, opener, settings=settings_at(ini))
    assert opened is not None
    try:
        assert person.seen[1].startswith("Wrong passphrase")
        assert opened[0].access.role == Role.COORDINATOR
    finally:
        opened[0].close()


def test_one_user_is_not_asked_for_and_a_new_archive_names_its_first(qtbot) -> None:
    only = UnlockDialog("cases.db", create=False, users=UserChoice(["mina"]))
    qtbot.addWidget(only)
    only.show()
    assert not only.user.isVisible() and only.chosen_user() is None

    new = UnlockDialog("cases.db", create=True, new_user="mina")
    qtbot.addWidget(new)
    new.show()
    assert new.user.isVisible() and new.user_label.text() == "Your user name"
    assert new.chosen_user() == "mina"
    retype(new.user.lineEdit(), " ")
    type_text(new.passphrase, MINA)
    type_text(new.repeat, MINA)
    click_ok(new)
    assert new.isVisible()  # no name: refused, with the service's reason
    assert "user name" in new.message.text()


# -- users -----------------------------------------------------------------------------------


def shown_users(dialog) -> dict[str, str]:
    model = dialog.table.model()
    return {
        model.index(row, UserTableModel.NAME).data(): model.index(row, UserTableModel.ROLE).data()
        for row in range(model.rowCount())
    }


def select_user(qtbot, dialog, name: str) -> None:
    model = dialog.table.model()
    for row in range(model.rowCount()):
        if model.index(row, UserTableModel.NAME).data() == name:
            rect = dialog.table.visualRect(model.index(row, UserTableModel.NAME))
            qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            assert dialog.selected().name == name
            return
    raise AssertionError(name)


def test_a_recorder_may_not_manage_users_or_erase(qtbot, window_as) -> None:
    window, _app = window_as("rita", RITA)
    assert window.user_label.text() == "rita (recorder)"
    assert not window.users_action.isEnabled()
    assert window.users_action.toolTip() == (
        "Refused: rita is a recorder and may not manage users, keys or backups."
    )
    assert window.open_users() is None
    assert not window.erase_action.isEnabled()
    assert (
        window.erase_action.toolTip()
        == "Refused: rita is a recorder and may not erase testimonies."
    )
    assert window.passphrase_action.isEnabled()


def test_a_coordinator_adds_changes_and_removes_users(qtbot, window_as, office) -> None:
    window, _app = window_as("mina", MINA)
    assert window.users_action.isEnabled()
    window.users_action.trigger()
    dialog = window.users_dialog
    assert dialog is not None and dialog.isVisible()
    assert shown_users(dialog) == {
        "carl": "caseworker",
        "mina": "coordinator",
        "rita": "recorder",
    }

    # Add: a weak passphrase is refused with the reason; a strong one makes the user.
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    add = dialog.add_dialog
    assert add is not None and add.isVisible()
    qtbot.keyClicks(add.name, "hana")
    add.role.setCurrentIndex(add.role.findData("caseworker"))
    qtbot.keyClicks(add.passphrase.passphrase, "password1")
    qtbot.keyClicks(add.passphrase.repeat, "password1")
    click_ok(add)
    assert add.isVisible()
    assert add.message.text() == "the passphrase is too easy to guess: a common password"
    type_text(add.passphrase.passphrase, HANA)
    type_text(add.passphrase.repeat, HANA)
    assert add.passphrase.strength_bar.value() >= 3
    click_ok(add)
    assert not add.isVisible()
    assert shown_users(dialog)["hana"] == "caseworker"
    assert keys.unlock(key_file(office), HANA, "hana").user == "hana"
    assert "hana was added" in dialog.message.text()

    # Change a role.
    select_user(qtbot, dialog, "rita")
    qtbot.mouseClick(dialog.role_button, Qt.MouseButton.LeftButton)
    role = dialog.role_dialog
    assert role is not None and role.isVisible()
    role.role.setCurrentIndex(role.role.findData("caseworker"))
    click_ok(role)
    assert shown_users(dialog)["rita"] == "caseworker"
    assert window.statusBar().currentMessage() == "rita is now a caseworker."

    # Her own role is refused by the service, and said.
    select_user(qtbot, dialog, "mina")
    qtbot.mouseClick(dialog.role_button, Qt.MouseButton.LeftButton)
    dialog.role_dialog.role.setCurrentIndex(dialog.role_dialog.role.findData("recorder"))
    click_ok(dialog.role_dialog)
    assert dialog.message.text() == "you cannot change your own role; another coordinator can"

    # Remove: asked first (the re-key said), then done on a worker.
    select_user(qtbot, dialog, "carl")
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    confirm = dialog.confirm
    assert confirm is not None and confirm.isVisible()
    assert "re-keyed" in confirm.text.text()
    assert "stop working for new data" in confirm.text.text()
    qtbot.mouseClick(confirm.confirm_button, Qt.MouseButton.LeftButton)
    job = dialog.remove_job
    assert job is not None
    qtbot.waitUntil(lambda: not job.running, timeout=30_000)
    qtbot.waitUntil(lambda: "carl" not in shown_users(dialog), timeout=10_000)
    assert "carl was removed; the database was re-keyed" in dialog.message.text()
    with pytest.raises(UnknownUser):
        keys.unlock(key_file(office), CARL, "carl")
    assert keys.unlock(key_file(office), RITA, "rita").user == "rita"

    # The window goes on over the re-keyed database.
    dialog.reject()
    tab = open_testimony(qtbot, window, office["t2_code"])
    assert tab.model.rowCount() == 2
    assert window.lock_screen.verify(MINA)


def test_everyone_changes_their_own_passphrase(qtbot, window_as, office) -> None:
    window, _app = window_as("rita", RITA)
    window.passphrase_action.trigger()
    dialog = window.passphrase_dialog
    assert dialog is not None and dialog.isVisible()
    new = "rita walks the long border 국경 road"
    type_text(dialog.passphrase.passphrase, new)
    type_text(dialog.passphrase.repeat, new + "x")
    click_ok(dialog)
    assert dialog.message.text() == "The two passphrases differ."
    type_text(dialog.passphrase.passphrase, new)
    type_text(dialog.passphrase.repeat, new)
    click_ok(dialog)
    assert not dialog.isVisible()
    assert keys.unlock(key_file(office), new, "rita").user == "rita"
    # The lock screen asks rita's own passphrase: the new one.
    window.lock()
    assert window.lock_screen.verify(new)
    assert not window.lock_screen.verify(RITA)
    assert not window.lock_screen.verify(MINA)


# -- the identity vault ----------------------------------------------------------------------


def test_a_recorder_writes_a_sealed_entry_and_a_caseworker_reads_it(
    qtbot, window_as, office
) -> None:
    window, rita = window_as("rita", RITA)
    tab = open_testimony(qtbot, window, office["t2_code"])
    assert tab.source.vault_button.isEnabled()
    qtbot.mouseClick(tab.source.vault_button, Qt.MouseButton.LeftButton)
    vault = tab.source.vault_dialog
    assert vault is not None and vault.isVisible()
    assert vault.note.text() == (
        "Once saved, this entry is sealed: only caseworkers and coordinators can read it, not you."
    )
    assert vault.real_name.text() == ""
    type_text(vault.real_name, REAL_NAME)
    type_text(vault.contacts, "+82 10 1234")
    qtbot.mouseClick(vault.save_button, Qt.MouseButton.LeftButton)
    assert not vault.isVisible()
    assert vault.real_name.text() == ""  # nothing of the name stays in the closed dialog
    assert window.statusBar().currentMessage() == (
        f"Vault entry for {office['person_b_code']} saved and sealed."
    )
    entry = rita.listings.identity_uid_of(office["person_b"])
    assert entry is not None
    with pytest.raises(NotAllowed):
        rita.records.get("identity", entry)

    # Reopened: she is told that an entry exists, and shown nothing of it.
    qtbot.mouseClick(tab.source.vault_button, Qt.MouseButton.LeftButton)
    again = tab.source.vault_dialog
    assert again is not vault and again.isVisible()
    assert again.note.text().startswith("A vault entry exists for this person already.")
    assert not again.fields_widget.isVisible()
    assert (again.real_name.text(), again.contacts.toPlainText()) == ("", "")
    assert not again.save_button.isEnabled()
    again.reject()

    # A caseworker sees it, and changes it.
    window, carl = window_as("carl", CARL)
    tab = open_testimony(qtbot, window, office["t2_code"])
    qtbot.mouseClick(tab.source.vault_button, Qt.MouseButton.LeftButton)
    vault = tab.source.vault_dialog
    assert vault.fields_widget.isVisible()
    assert vault.real_name.text() == REAL_NAME
    assert vault.contacts.toPlainText() == "+82 10 1234"
    type_text(vault.notes, "연락 가능")
    qtbot.mouseClick(vault.save_button, Qt.MouseButton.LeftButton)
    assert not vault.isVisible()
    stored = carl.records.get("identity", entry)
    assert (stored["real_name"], stored["notes"]) == (REAL_NAME, "연락 가능")


# -- erasing a withdrawn testimony -----------------------------------------------------------


def test_a_coordinator_erases_a_withdrawn_testimony_after_two_confirmations(
    qtbot, window_as, office
) -> None:
    window, app = window_as("mina", MINA)
    open_testimony(qtbot, window, office["t2_code"])
    assert not window.erase_action.isEnabled()
    assert window.erase_action.toolTip() == (
        "Only a testimony whose consent is withdrawn can be erased; this one's is not."
    )

    tab = open_testimony(qtbot, window, office["t1_code"])
    assert window.erase_action.isEnabled()
    window.erase_action.trigger()
    first = window.erase_confirm
    assert first is not None and first.isVisible()
    assert "cannot be undone" in first.text.text()
    assert "Kept: its code" in first.text.text()
    qtbot.mouseClick(first.confirm_button, Qt.MouseButton.LeftButton)

    second = window.erase_confirm
    assert second is not first and second.isVisible()
    assert not second.confirm_button.isEnabled()
    qtbot.keyClicks(second.typed, "T-WRONG")
    assert not second.confirm_button.isEnabled()
    second.typed.clear()
    qtbot.keyClicks(second.typed, office["t1_code"])
    assert second.confirm_button.isEnabled()
    # The erasure runs on a worker (a million testimonies' index takes a minute to merge),
    # behind a note that cannot be dismissed, and the window says when it is done.
    threads = []
    erase = window.erase_testimony

    def erase_on_record(uid: str):
        threads.append(threading.get_ident())
        return erase(uid)

    window.erase_testimony = erase_on_record
    qtbot.mouseClick(second.confirm_button, Qt.MouseButton.LeftButton)
    assert window.erase_progress is not None
    assert window.erase_progress.findChildren(QPushButton) == []  # nothing to stop it with
    done = (
        f"Erased testimony {office['t1_code']}: 2 text fields, 0 violations, 0 attachments, "
        "1 vault entries."
    )
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == done, timeout=30_000)
    assert threads and threads[0] != threading.get_ident()
    assert window.erase_progress is None
    assert QGuiApplication.overrideCursor() is None
    assert tab.form.fields["title"].widget.text() == ""
    assert app.records.get("testimony", office["t1"])["title"] == ""

    # Cancelling the first question erases nothing.
    open_testimony(qtbot, window, office["t1_code"])
    window.erase_action.trigger()
    window.erase_confirm.reject()
    assert window.erase_confirm.result() == 0


def test_the_korean_window_names_roles_and_seals_in_korean(qtbot, window_as, office) -> None:
    from .test_translations import translated

    with translated("ko"):
        window, _app = window_as("mina", MINA)
        assert window.users_action.text() == "사용자(&U)…"
        window.users_action.trigger()
        dialog = window.users_dialog
        assert shown_users(dialog) == {
            "carl": "사례 담당자",
            "mina": "코디네이터",
            "rita": "기록자",
        }
        dialog.reject()
        window, _app = window_as("rita", RITA)
        tab = open_testimony(qtbot, window, office["t2_code"])
        qtbot.mouseClick(tab.source.vault_button, Qt.MouseButton.LeftButton)
        assert tab.source.vault_dialog.note.text().startswith("저장하면 이 항목은 봉인됩니다.")
        tab.source.vault_dialog.reject()
        assert window.erase_action.toolTip().startswith("거부됨: rita은(는) 기록자이며")
