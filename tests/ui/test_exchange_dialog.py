"""Record > Exchange… (issue 14) on two real encrypted archives, an office and a field
laptop, each in the real window the composition root builds: the field laptop trusts the
office through the dialog (its identity copied and pasted, its fingerprint compared), the
office trusts the field laptop through the service, a bundle is written in one window and
read in the other; a tampered bundle is refused in one line and changes nothing; a recorder
may exchange bundles but not trust archives."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from caseapp.app import CaseApp, gui_parts, open_case_app
from caseapp.services.access import Right
from caseapp.store import StoreLocation
from caseapp.ui.exchange_dialog import ExchangeDialog, TrustDialog
from caseapp.ui.lock import IdleWatcher
from caseapp.ui.main_window import MainWindow
from caseapp.ui.messages import tr_error, tr_message
from caseapp.ui.settings import UiSettings

from ..test_media import fill, needs_root, tmpfs
from .test_translations import translated

OFFICE = "the office coordinator's passphrase"
FIELD = "the field laptop's own passphrase 현장"
RITA = "rita records in the field 현장"
TITLE = "회령 구류장 증언"


@pytest.fixture
def sites(tmp_path: Path) -> dict[str, Path]:
    """Two new archives, each first opened by mina (their coordinator); the office also has
    rita, a recorder. The field laptop holds a testimony with its consent. Closed again:
    the windows open them."""
    paths = {name: tmp_path / name / "cases.db" for name in ("office", "field")}
    office = open_case_app(StoreLocation(path=paths["office"]), OFFICE, "mina", create=True)
    try:
        office.users.add("rita", "recorder", RITA)
    finally:
        office.close()
    field = open_case_app(StoreLocation(path=paths["field"]), FIELD, "mina", create=True)
    try:
        uid = field.records.create("testimony", {"title": TITLE, "language": "ko"})
        field.records.create("consent", {"testimony_uid": uid, "internal": True})
    finally:
        field.close()
    return paths


class Chooser:
    """A file dialog that answers ``answer`` and remembers what it was offered."""

    def __init__(self, answer: Path) -> None:
        self.answer = answer
        self.offered: list[str] = []

    def __call__(self, _parent: object, _caption: str, suggested: str, _filter: str) -> str:
        self.offered.append(suggested)
        return str(self.answer)


@pytest.fixture
def window_for(qtbot, sites, tmp_path: Path) -> Iterator:
    """Opens a site as a user through the composition root and builds its real window."""
    opened: list[tuple[CaseApp, MainWindow, IdleWatcher]] = []

    def build(site: str, passphrase: str, user: str = "mina") -> tuple[MainWindow, CaseApp]:
        location = StoreLocation(path=sites[site])
        opener, build_window = gui_parts()
        app = opener(location, passphrase, False, False, user=user)
        watcher = IdleWatcher(QApplication.instance(), 60)
        settings = UiSettings(QSettings(str(tmp_path / f"{site}.ini"), QSettings.Format.IniFormat))
        settings.language = "en"
        window = build_window(app, location, settings, watcher)
        qtbot.addWidget(window)
        window.show()
        opened.append((app, window, watcher))
        return window, app

    yield build
    while opened:
        app, window, watcher = opened.pop()
        watcher.stop()
        window.close()
        app.close()


def open_exchange(window: MainWindow) -> ExchangeDialog:
    window.exchange_action.trigger()
    dialog = window.exchange_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def click(button) -> None:
    assert button.isEnabled(), button.toolTip()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def select(qtbot, dialog: ExchangeDialog, name: str) -> None:
    for row in range(dialog.proxy.rowCount()):
        index = dialog.proxy.index(row, 0)
        if index.data() == name:
            rect = dialog.table.visualRect(index)
            qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            assert dialog.selected() is not None and dialog.selected().name == name
            return
    raise AssertionError(f"no peer {name}")


def wait_for_job(qtbot, dialog: ExchangeDialog) -> None:
    assert dialog.job is not None
    qtbot.waitUntil(lambda: not dialog.busy and dialog.progress.isHidden())


def titles_in(window: MainWindow) -> list[str]:
    tab = window.tabs_by_kind["testimony"]
    window.tab_widget.setCurrentWidget(tab)  # a tab reads its list when first shown
    return [str(tab.model.row_at(row)["title"]) for row in range(tab.model.rowCount())]


def test_trust_write_and_read_a_bundle_between_two_windows(
    qtbot, qtmodeltester, window_for, tmp_path: Path
) -> None:
    office_window, office = window_for("office", OFFICE)
    field_window, field = window_for("field", FIELD)
    stick = tmp_path / "stick"
    stick.mkdir()

    # The office shows its fingerprint and copies its identity line.
    at_office = open_exchange(office_window)
    assert at_office.fingerprint.text() == office.peers.fingerprint()
    assert (
        at_office.fingerprint.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    )
    assert at_office.model.rowCount() == 0
    click(at_office.copy_button)
    assert QGuiApplication.clipboard().text() == office.peers.identity()

    # The field laptop trusts the office through its dialog: name, paste, compare, confirm.
    at_field = open_exchange(field_window)
    click(at_field.trust_button)
    trust = at_field.trust_dialog
    assert isinstance(trust, TrustDialog) and trust.isVisible()
    QTest.keyClicks(trust.name, "office")
    trust.identity.setFocus()
    QTest.keySequence(trust.identity, QKeySequence.StandardKey.Paste)
    assert trust.fingerprint.text() == office.peers.fingerprint()
    assert not trust.ok_button.isEnabled()  # not before the fingerprints were compared
    click(trust.matches)
    click(trust.ok_button)
    assert not trust.isVisible()
    assert [peer.name for peer in field.peers.peers()] == ["office"]
    assert at_field.model.rowCount() == 1
    assert at_field.proxy.index(0, 1).data() == office.peers.fingerprint()
    qtmodeltester.check(at_field.model)

    # The office trusts the field laptop through the service.
    office.peers.trust("field", field.peers.identity())
    at_office.reload()
    assert at_office.proxy.index(0, 0).data() == "field"

    # The field laptop writes a bundle for the office, to the folder it used last.
    field_window.settings.set_last_folder("bundles", str(stick))
    target = stick / "up-1.caseapp-bundle"
    chooser = Chooser(target)
    field_window.choose_file = chooser
    at_field.choose_save = chooser
    assert at_field.selected() is not None  # the archive just trusted
    select(qtbot, at_field, "office")
    assert at_field.write_button.text() == "Write bundle for office…"
    with qtbot.waitSignal(at_field.changed):
        click(at_field.write_button)
    wait_for_job(qtbot, at_field)
    assert chooser.offered == [str(stick / f"office-{date.today().isoformat()}.caseapp-bundle")]
    assert target.is_file()
    assert at_field.message.text() == f"Wrote bundle 1 for office (2 records) to {target}"
    assert at_field.proxy.index(0, 3).data() == "1"  # bundles sent

    # The office reads it: the testimony arrives in its tabs.
    assert TITLE not in titles_in(office_window)
    at_office.choose_open = Chooser(target)
    with qtbot.waitSignal(at_office.applied):
        click(at_office.read_button)
    wait_for_job(qtbot, at_office)
    assert at_office.message.text() == (
        "Applied the bundle from field: 2 created, 0 updated, 0 merged, 0 conflict(s)"
    )
    assert "b00020" not in at_office.message.styleSheet()
    assert at_office.proxy.index(0, 5).data() == "1"  # bundles received
    assert TITLE in titles_in(office_window)
    assert office_window.statusBar().currentMessage() == at_office.message.text()

    # The same bundle again changes nothing, and says so.
    with qtbot.waitSignal(at_office.applied):
        click(at_office.read_button)
    wait_for_job(qtbot, at_office)
    assert "applied before: nothing changed" in at_office.message.text()


def test_a_tampered_bundle_is_refused_in_one_line_and_changes_nothing(
    qtbot, window_for, sites, tmp_path: Path
) -> None:
    office_window, office = window_for("office", OFFICE)
    field = open_case_app(StoreLocation(path=sites["field"]), FIELD)
    try:
        office.peers.trust("field", field.peers.identity())
        field.peers.trust("office", office.peers.identity())
        bundle = tmp_path / "up-1.caseapp-bundle"
        field.exchange.export_bundle("office", bundle)
    finally:
        field.close()
    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 0x01
    bundle.write_bytes(bytes(data))
    before = office.stats()

    dialog = open_exchange(office_window)
    dialog.choose_open = Chooser(bundle)
    with qtbot.waitSignal(dialog.changed):
        click(dialog.read_button)
    wait_for_job(qtbot, dialog)
    shown = dialog.message.text()
    assert shown and "\n" not in shown and "b00020" in dialog.message.styleSheet()
    with pytest.raises(Exception) as refused:
        office.exchange.import_bundle(bundle)
    assert shown == tr_error(refused.value)
    assert office.stats() == before
    assert [peer.received_seq for peer in office.peers.peers()] == [0]
    assert TITLE not in titles_in(office_window)
    assert dialog.read_button.isEnabled() and dialog.close_button.isEnabled()


def test_a_recorder_exchanges_bundles_but_may_not_trust_or_forget(qtbot, window_for) -> None:
    window, app = window_for("office", RITA, user="rita")
    assert window.exchange_action.isEnabled()
    dialog = open_exchange(window)
    refusal = tr_message(app.access.why_not(Right.MANAGE))
    assert refusal
    assert not dialog.trust_button.isEnabled()
    assert dialog.trust_button.toolTip() == refusal
    assert not dialog.forget_button.isEnabled()
    assert dialog.forget_button.toolTip() == refusal
    assert dialog.read_button.isEnabled()
    assert not dialog.write_button.isEnabled()  # no archive to write for, none chosen
    assert dialog.write_button.toolTip() == "Choose an archive in the list first"
    assert dialog.fingerprint.text() == app.peers.fingerprint()
    assert dialog.start_trust() is None


def test_a_pasted_line_that_is_no_identity_says_so_and_cannot_be_trusted(qtbot, window_for) -> None:
    window, app = window_for("office", OFFICE)
    dialog = open_exchange(window)
    click(dialog.trust_button)
    trust = dialog.trust_dialog
    assert trust is not None
    QTest.keyClicks(trust.name, "elsewhere")
    QTest.keyClicks(trust.identity, "caseapp-archive-1 not-a-key")
    assert trust.fingerprint.text() == ""
    assert trust.fingerprint_note.text()  # the services' refusal, worded
    assert not trust.matches.isEnabled() and not trust.ok_button.isEnabled()
    trust.identity.clear()
    QTest.keyClicks(trust.identity, app.peers.identity())  # this archive's own
    click(trust.matches)
    click(trust.ok_button)
    assert trust.isVisible() and trust.message.text()  # refused: its own identity
    assert app.peers.peers() == []
    trust.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()


def test_forget_asks_first_and_the_lock_hides_the_dialog(qtbot, window_for, sites) -> None:
    window, office = window_for("office", OFFICE)
    field = open_case_app(StoreLocation(path=sites["field"]), FIELD)
    try:
        office.peers.trust("field", field.peers.identity())
    finally:
        field.close()
    dialog = open_exchange(window)
    select(qtbot, dialog, "field")
    click(dialog.forget_button)
    confirm = dialog.confirm
    assert confirm is not None and confirm.isVisible()
    click(confirm.confirm_button)
    assert office.peers.peers() == []
    assert dialog.model.rowCount() == 0
    assert "no longer trusts field" in dialog.message.text()

    window.lock()
    assert not dialog.isVisible()
    assert not window.exchange_action.isEnabled()


def test_the_dialog_speaks_korean(qtbot, window_for) -> None:
    with translated("ko"):
        window, _app = window_for("office", OFFICE)
        assert window.exchange_action.text() == "교환(&X)…"
        dialog = open_exchange(window)
        assert dialog.windowTitle() == "다른 보관소와 교환"
        assert dialog.copy_button.text() == "신원 복사"
        assert dialog.model.headerData(1, Qt.Orientation.Horizontal) == "지문"


@needs_root
def test_a_bundle_to_a_full_stick_is_said_in_korean_and_nothing_is_sent(
    qtbot, window_for, sites, tmp_path: Path
) -> None:
    """The stick is full: the dialog says so in one red line that names the bundle on the
    stick (not the archive's disk), in the interface language, and nothing is left on the
    stick. Here the disk fills at the bundle's last sync, after its number was kept: the
    next bundle, written where there is room, carries all the lost one did."""
    office = open_case_app(StoreLocation(path=sites["office"]), OFFICE, "mina")
    try:
        identity = office.peers.identity()
    finally:
        office.close()
    with translated("ko"):
        window, field = window_for("field", FIELD)
        field.peers.trust("office", identity)
        dialog = open_exchange(window)
        with tmpfs(tmp_path / "stick", "64k") as stick:
            fill(stick)
            target = stick / "up-1.caseapp-bundle"
            dialog.choose_save = Chooser(target)
            select(qtbot, dialog, "office")
            click(dialog.write_button)
            wait_for_job(qtbot, dialog)
            shown = dialog.message.text()
            assert [p.name for p in stick.iterdir()] == ["filler"]
        assert shown == (
            f"{target}이(가) 있는 디스크가 가득 찼습니다. 공간을 확보한 뒤 다시 시도하십시오"
        )
        assert "b00020" in dialog.message.styleSheet()
        assert str(sites["field"]) not in shown
        again = tmp_path / "up-2.caseapp-bundle"
        dialog.choose_save = Chooser(again)
        click(dialog.write_button)
        wait_for_job(qtbot, dialog)
        assert again.is_file() and "b00020" not in dialog.message.styleSheet()
    office = open_case_app(StoreLocation(path=sites["office"]), OFFICE, "mina")
    try:
        office.peers.trust("field", field.peers.identity())
        assert office.exchange.import_bundle(again).created == 2  # the testimony, its consent
    finally:
        office.close()
