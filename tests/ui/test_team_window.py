"""The window on a team server: the start dialog asks the login's passphrase (which opens
their key slot in the database), the user's role shows, and the lock screen checks the same
passphrase."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from caseapp.app import gui_parts, passphrase_checker
from caseapp.services.access import Role
from caseapp.store import StoreLocation
from caseapp.ui.launch import unlock
from caseapp.ui.lock import IdleWatcher
from caseapp.ui.unlock_dialog import UnlockDialog

from .. import test_team_server
from ..test_gui_launch import User, type_text
from ..test_team_server import RECORDER, Office, _init_team
from .test_users_window import settings_at

office = test_team_server.office  # the fixture: a database owned by its first coordinator


def test_a_recorder_unlocks_the_team_archive_with_her_passphrase(
    qtbot,
    office: Office,
    tmp_path: Path,
) -> None:
    _init_team(office)
    rita = office.login("rita")
    location = StoreLocation(url=office.url(rita))
    opener, build_window = gui_parts()
    asked: list[bool] = []

    def with_passphrase(secret: str):
        def step(dialog: UnlockDialog) -> None:
            asked.append(dialog.passphrase.isVisible())
            type_text(dialog.passphrase, secret)
            QTest.keyClick(dialog.passphrase, Qt.Key.Key_Return)

        return step

    person = User([with_passphrase("not her passphrase at all"), with_passphrase(RECORDER)])
    opened = unlock(location, opener, settings=settings_at(tmp_path / "ui.ini"))
    assert opened is not None
    app, used = opened
    try:
        assert asked == [True, True]
        assert "refused the login" in person.seen[1] or "Wrong passphrase" in person.seen[1]
        assert "not her passphrase" not in " ".join(person.seen)
        assert (app.access.name, app.access.role) == (rita, Role.RECORDER)
        watcher = IdleWatcher(QApplication.instance(), 60)
        window = build_window(app, used, settings_at(tmp_path / "s.ini"), watcher)
        qtbot.addWidget(window)
        window.show()
        assert window.current_tab() is not None
        check = passphrase_checker(used, None, app.store)
        assert check is not None  # the lock screen asks, and checks it against her slot
        assert check(RECORDER) and not check("not her passphrase at all")
        window.close()
    finally:
        app.close()
