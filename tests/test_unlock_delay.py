"""The start dialog's wait after a wrong passphrase: it grows with each failure, survives a
restart (QSettings: a count and a time, nothing else), and is never applied to a medium
that is read-only, full or locked."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QDialogButtonBox

from caseapp.store import DatabaseLocked, DiskFull, StoreLocation
from caseapp.store.messages import Message
from caseapp.ui.launch import unlock
from caseapp.ui.settings import UiSettings
from caseapp.ui.unlock_dialog import UnlockDialog

from .conftest import PASSPHRASE, _copy, _template
from .test_gui_launch import User, enter, opener_for
from .test_media import needs_root, remount_read_only, tmpfs


class Clock:
    """Seconds since the epoch, moved by hand."""

    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def settings_at(path: Path) -> UiSettings:
    """A fresh QSettings on the same file each time: what a restarted program reads."""
    return UiSettings(QSettings(str(path), QSettings.Format.IniFormat))


def dialog(path: Path, clock: Clock) -> UnlockDialog:
    return UnlockDialog("cases.db", create=False, settings=settings_at(path), clock=clock)


def waiting(box: UnlockDialog) -> bool:
    return (
        box.delay.isActive()
        and not box.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    )


def test_the_wait_survives_a_restart(qtbot, tmp_path: Path) -> None:
    ini = tmp_path / "caseapp.ini"
    clock = Clock()
    first = dialog(ini, clock)
    qtbot.addWidget(first)
    assert not waiting(first)
    first.wrong_passphrase()
    first.wrong_passphrase()  # 1 s, then 2 s
    assert first.delay.interval() == 2000
    first.close()

    clock.now += 0.5  # quit and start again half a second later
    second = dialog(ini, clock)
    qtbot.addWidget(second)
    assert second.failures == 2
    assert waiting(second)
    assert second.delay.interval() == 1500  # what was left of the wait
    assert "try again in 2 second" in second.message.text()
    second.close()

    clock.now += 60  # long after: no wait left, but the count goes on
    third = dialog(ini, clock)
    qtbot.addWidget(third)
    assert third.failures == 2 and not waiting(third)
    third.wrong_passphrase()
    assert third.delay.interval() == 4000

    third.succeeded()  # the store opened: the count starts again
    fourth = dialog(ini, clock)
    qtbot.addWidget(fourth)
    assert fourth.failures == 0 and not waiting(fourth)


def test_switching_to_the_demo_does_not_reset_the_count(qtbot, tmp_path: Path) -> None:
    ini = tmp_path / "caseapp.ini"
    clock = Clock()
    box = UnlockDialog(
        "cases.db",
        create=False,
        demo_database="demo.db",
        demo_exists=True,
        settings=settings_at(ini),
        clock=clock,
    )
    qtbot.addWidget(box)
    for _ in range(3):
        box.wrong_passphrase()
    box.switch_to_demo()
    box.wrong_passphrase()
    assert box.delay.interval() == 8000
    assert settings_at(ini).unlock_failures()[0] == 4


def test_a_clock_set_back_waits_in_full(qtbot, tmp_path: Path) -> None:
    ini = tmp_path / "caseapp.ini"
    clock = Clock()
    dialog(ini, clock).wrong_passphrase()
    clock.now -= 3600
    again = dialog(ini, clock)
    qtbot.addWidget(again)
    assert waiting(again) and again.delay.interval() == 1000


def test_the_settings_hold_a_count_and_a_time_only(qtbot, tmp_path: Path) -> None:
    ini = tmp_path / "caseapp.ini"
    box = dialog(ini, Clock())
    qtbot.addWidget(box)
    box.passphrase.setText(PASSPHRASE)
    box.wrong_passphrase()
    text = ini.read_text(encoding="utf-8")
    assert PASSPHRASE not in text
    keys = set(QSettings(str(ini), QSettings.Format.IniFormat).allKeys())
    assert keys == {"security/unlock_failures", "security/last_unlock_failure"}


def test_launch_remembers_failures_and_forgets_them_on_success(
    qtbot, demo_app, db_path: Path, tmp_path: Path
) -> None:
    """The launch twice with one settings file: a wrong passphrase, then cancel; the next
    start still counts it; the right passphrase clears it."""
    demo_app.close()
    location = StoreLocation(path=db_path)
    ini = tmp_path / "caseapp.ini"

    def wrong_then_quit_during_the_wait(box: UnlockDialog) -> None:
        enter("wrong passphrase")(box)
        QTimer.singleShot(200, box.reject)  # the user gives up and starts again at once

    first = User([wrong_then_quit_during_the_wait])
    assert unlock(location, opener_for(), settings=settings_at(ini)) is None
    assert first.seen == [""]
    assert settings_at(ini).unlock_failures()[0] == 1

    user = User([enter(PASSPHRASE)])
    opened = unlock(location, opener_for(), settings=settings_at(ini))
    assert opened is not None
    opened[0].close()
    # The restarted dialog waited out the rest of the second first, then took the passphrase.
    assert user.seen == ["Wrong passphrase. Try again."]
    assert settings_at(ini).unlock_failures()[0] == 0


def look_then_cancel(shown: list[str]):
    def step(box: UnlockDialog) -> None:
        shown.append(box.message.text())
        assert not waiting(box) and box.failures == 0
        box.reject()

    return step


@pytest.mark.parametrize(
    "problem",
    [
        DiskFull(Message("store.disk_full", path="/media/usb/cases.db")),
        DatabaseLocked(Message("store.database_locked", path="/media/usb/cases.db")),
    ],
    ids=["full", "locked"],
)
def test_a_bad_medium_is_no_wrong_passphrase(qtbot, tmp_path: Path, problem) -> None:
    """The window says what the store says about the medium, at once: no wait, no count."""
    ini = tmp_path / "caseapp.ini"
    location = StoreLocation(path=tmp_path / "cases.db")
    (tmp_path / "cases.db").write_bytes(b"")  # exists: the dialog asks to unlock
    shown: list[str] = []

    def opener(target, passphrase, create, demo, user=None, organisation=None):
        raise problem

    user = User([enter(PASSPHRASE), look_then_cancel(shown)])
    assert unlock(location, opener, settings=settings_at(ini)) is None
    assert user.seen == ["", shown[0]]
    assert shown == [str(problem)]
    assert settings_at(ini).unlock_failures()[0] == 0


@needs_root
def test_an_archive_on_read_only_media_in_the_window(
    qtbot, tmp_path_factory, tmp_path: Path
) -> None:
    """A real read-only medium (tmpfs): the dialog says read-only, not "Wrong passphrase"."""
    ini = tmp_path / "caseapp.ini"
    shown: list[str] = []
    with tmpfs(tmp_path / "ro") as medium:
        db = medium / "cases.db"
        _copy(_template(tmp_path_factory, "empty", demo=False), db)
        remount_read_only(medium)
        user = User([enter(PASSPHRASE), look_then_cancel(shown)])
        assert unlock(StoreLocation(path=db), opener_for(), settings=settings_at(ini)) is None
    assert user.seen == ["", shown[0]]
    assert "read-only" in shown[0] and "Wrong passphrase" not in shown[0]
    assert settings_at(ini).unlock_failures()[0] == 0
