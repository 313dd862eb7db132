"""Starting the window: the passphrase dialog as a user meets it."""

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from caseapp.app import open_case_app
from caseapp.store import StoreLocation
from caseapp.ui.launch import unlock
from caseapp.ui.unlock_dialog import UnlockDialog

from .conftest import PASSPHRASE


def type_text(widget, text: str) -> None:
    # keyClicks aborts on non-ASCII; send each character as a key event with its text.
    for ch in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )


def open_dialog() -> UnlockDialog | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, UnlockDialog) and widget.isVisible():
            return widget
    return None


class User:
    """Answers the modal dialog from the event loop, step by step, like a person."""

    def __init__(self, steps) -> None:
        self.steps = list(steps)
        self.seen: list[str] = []
        QTimer.singleShot(0, self.next)

    def next(self) -> None:
        dialog = open_dialog()
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok) if dialog else None
        if dialog is None or not ok.isEnabled():
            QTimer.singleShot(20, self.next)  # not shown yet, or waiting out a failure
            return
        if not self.steps:
            return
        self.seen.append(dialog.message.text())
        step = self.steps.pop(0)
        step(dialog)
        if self.steps:
            QTimer.singleShot(20, self.next)


def enter(passphrase: str, repeat: str | None = None):
    def step(dialog: UnlockDialog) -> None:
        type_text(dialog.passphrase, passphrase)
        if repeat is not None:
            type_text(dialog.repeat, repeat)
        QTest.keyClick(dialog.passphrase, Qt.Key.Key_Return)

    return step


def opener_for(actor: str = "tester"):
    def opener(
        target: StoreLocation, passphrase, create: bool, demo: bool, user=None, organisation=None
    ):
        app = open_case_app(target, passphrase, user or actor, create=create)
        if demo and create:
            app.load_demo()
        elif create and organisation is not None:
            app.set_organisation(organisation)
        return app

    return opener


def test_wrong_then_right_passphrase_opens_the_store(qtbot, demo_app, db_path: Path) -> None:
    demo_app.close()
    location = StoreLocation(path=db_path)
    user = User([enter("wrong passphrase"), enter(PASSPHRASE)])
    opened = unlock(location, opener_for())
    assert opened is not None
    app, used = opened
    try:
        assert used == location
        assert user.seen == ["", "Wrong passphrase. Try again."]
        assert app.stats()["testimony"] == 14
    finally:
        app.close()


def test_new_database_asks_twice_and_shows_strength(qtbot, tmp_path: Path) -> None:
    location = StoreLocation(path=tmp_path / "new" / "cases.db")

    def weak_then_strong(dialog: UnlockDialog) -> None:
        type_text(dialog.passphrase, "short")
        assert dialog.strength_bar.text() == "too short"
        dialog.passphrase.clear()
        type_text(dialog.passphrase, "회령 기록 보관 2024!")
        assert dialog.strength_bar.value() >= 3
        type_text(dialog.repeat, "different")
        QTest.keyClick(dialog.repeat, Qt.Key.Key_Return)
        assert dialog.message.text() == "The two passphrases differ."
        type_text(dialog.passphrase, "회령 기록 보관 2024!")
        type_text(dialog.repeat, "회령 기록 보관 2024!")
        QTest.keyClick(dialog.repeat, Qt.Key.Key_Return)

    User([weak_then_strong])
    opened = unlock(location, opener_for())
    assert opened is not None
    opened[0].close()
    assert (tmp_path / "new" / "cases.db.keys").exists()


def test_a_new_archive_is_named_for_its_organisation(qtbot, tmp_path: Path) -> None:
    """The create dialog asks for the organisation printed on reports; unlocking does not."""
    location = StoreLocation(path=tmp_path / "cases.db")
    name = "북한인권 기록 모임 (NK Rights Documentation)"

    def create(dialog: UnlockDialog) -> None:
        assert dialog.organisation.isVisible()
        type_text(dialog.passphrase, "회령 기록 보관 2024!")
        type_text(dialog.repeat, "회령 기록 보관 2024!")
        type_text(dialog.organisation, "  " + name + "  ")
        QTest.keyClick(dialog.organisation, Qt.Key.Key_Return)

    User([create])
    opened = unlock(location, opener_for())
    assert opened is not None
    app = opened[0]
    try:
        assert app.organisation() == name
    finally:
        app.close()

    def look(dialog: UnlockDialog) -> None:
        assert not dialog.organisation.isVisible()
        dialog.reject()

    User([look])
    assert unlock(location, opener_for()) is None


def test_the_demo_database_can_be_chosen_instead(qtbot, tmp_path: Path) -> None:
    location = StoreLocation(path=tmp_path / "real.db")
    demo = StoreLocation(path=tmp_path / "demo.db")

    def choose_demo(dialog: UnlockDialog) -> None:
        qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
        assert dialog.where.text() == str(tmp_path / "demo.db")
        type_text(dialog.passphrase, "demo passphrase")
        type_text(dialog.repeat, "demo passphrase")
        QTest.keyClick(dialog.repeat, Qt.Key.Key_Return)

    User([choose_demo])
    opened = unlock(location, opener_for(), demo)
    assert opened is not None
    app, used = opened
    try:
        assert used == demo
        assert app.stats()["testimony"] == 14
        assert not (tmp_path / "real.db").exists()
    finally:
        app.close()


def test_an_error_in_the_window_prints_no_record_text(capsys, monkeypatch) -> None:
    from caseapp.ui.launch import quiet_excepthook

    monkeypatch.delenv("CASEAPP_DEBUG", raising=False)
    try:
        raise ValueError("narrative: 회령에서 김 A. 씨가 구금되었다")
    except ValueError as exc:
        quiet_excepthook(type(exc), exc, exc.__traceback__)
    err = capsys.readouterr().err
    assert err == "caseapp: unexpected ValueError (set CASEAPP_DEBUG=1 for details)\n"


def test_the_window_has_the_app_icon(qtbot) -> None:
    """The icon comes through the resource lookup (checkout, installed or frozen alike)."""
    from caseapp.ui.launch import app_icon

    icon = app_icon()
    assert [(s.width(), s.height()) for s in icon.availableSizes()] == [
        (32, 32),
        (64, 64),
        (256, 256),
    ]
    assert not icon.pixmap(64, 64).toImage().isNull()


def test_creating_refuses_a_weak_passphrase_with_the_reason(qtbot, tmp_path: Path) -> None:
    dialog = UnlockDialog(str(tmp_path / "cases.db"), create=True)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    for weak, reason in (
        ("password", "a common password"),
        ("비밀번호", "too short"),
        ("aaaaaaaaaaaa", "a repeated pattern"),
    ):
        dialog.passphrase.setText(weak)
        assert dialog.strength_bar.value() <= 1
        dialog.repeat.setText(weak)
        ok.click()
        assert reason in dialog.message.text()
        assert weak not in dialog.message.text().replace("a common password", "")
        assert dialog.result() != UnlockDialog.DialogCode.Accepted
    dialog.passphrase.setText("우리는 자유를 찾아 강을 건넜습니다")
    dialog.repeat.setText("우리는 자유를 찾아 강을 건넜습니다")
    ok.click()
    assert dialog.result() == UnlockDialog.DialogCode.Accepted


def test_settling_freezes_what_start_up_built_and_still_collects_what_comes_after() -> None:
    """Once the window has started, a garbage collection on its thread (before each worker
    starts) walks only what came after start-up, and still frees it."""
    import gc
    import weakref

    from caseapp.ui.launch import settle_heap

    class Node:
        pass

    built = Node()
    built.cycle = built  # type: ignore[attr-defined]
    try:
        settle_heap()
        assert not any(obj is built for obj in gc.get_objects())  # no longer walked
        later = Node()
        later.cycle = later  # type: ignore[attr-defined]
        gone = weakref.ref(later)
        del later
        gc.collect()
        assert gone() is None
    finally:
        gc.unfreeze()  # the rest of the suite's process collects as before
