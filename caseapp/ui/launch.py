"""Starts the Qt application: translations and fonts, the passphrase, then the window."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from types import TracebackType
from typing import Protocol

from PySide6.QtCore import QSettings, QThreadPool, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow

from caseapp.resources import resource
from caseapp.services.archives import (
    StoreError,
    StoreLocation,
    WrongPassphrase,
    archive_exists,
    users_of,
)
from caseapp.ui.fonts import ensure_korean_font
from caseapp.ui.i18n import install_translators
from caseapp.ui.lock import IdleWatcher
from caseapp.ui.messages import tr_error
from caseapp.ui.settings import UiSettings
from caseapp.ui.unlock_dialog import UnlockDialog, UserChoice


class OpenedApp(Protocol):
    def close(self) -> None: ...


class Opener(Protocol):
    """(location, passphrase, create, is_demo, user) -> an opened case app. ``user`` None:
    the archive's only user (or, for a new archive, the default first user)."""

    def __call__(
        self,
        target: StoreLocation,
        passphrase: str | None,
        create: bool,
        demo: bool,
        user: str | None = None,
        organisation: str | None = None,
    ) -> OpenedApp: ...


WindowBuilder = Callable[[OpenedApp, StoreLocation, UiSettings, IdleWatcher], QMainWindow]


def unlock(
    location: StoreLocation,
    opener: Opener,
    demo_location: StoreLocation | None = None,
    settings: UiSettings | None = None,
    while_waiting: Callable[[], None] | None = None,
) -> tuple[OpenedApp, StoreLocation] | None:
    """Ask until a store opens or the user cancels; the user may switch to the demo. Only a
    wrong passphrase makes the user wait (counted in ``settings``, across restarts); a
    read-only, full, locked or damaged medium is said as it is, at once. ``while_waiting``
    runs once the dialog shows (caseapp/gui.py starts loading the database layer there)."""
    create = not archive_exists(location)
    if not location.encrypted and not location.on_server:
        return opener(location, None, create, False), location
    dialog = UnlockDialog(
        location.describe(),
        create,
        demo_database=demo_location.describe() if demo_location else None,
        demo_exists=demo_location is not None and archive_exists(demo_location),
        settings=settings,
        users=user_choice(location, settings),
        demo_users=user_choice(demo_location, settings) if demo_location else None,
    )
    if while_waiting is not None:
        QTimer.singleShot(0, while_waiting)  # runs in the dialog's loop, once it shows
    while dialog.exec() == QDialog.DialogCode.Accepted:
        target = demo_location if dialog.use_demo and demo_location else location
        user = dialog.chosen_user()
        try:
            opened = opener(
                target,
                dialog.passphrase.text(),
                dialog.creating,
                dialog.use_demo,
                user=user,
                organisation=dialog.chosen_organisation(),
            )
            dialog.succeeded()
            if settings is not None and user is not None:
                settings.set_last_user(target.describe(), user)
            return opened, target
        except WrongPassphrase:
            dialog.wrong_passphrase()
        except StoreError as exc:
            dialog.show_error(tr_error(exc))
    return None


def user_choice(location: StoreLocation, settings: UiSettings | None) -> UserChoice:
    """The users an unlock offers for ``location``, and the one who unlocked it last."""
    last = None if settings is None else settings.last_user(location.describe())
    return UserChoice(users_of(location), last)


# When the window has started and painted, and what it built at start-up is there to stay.
SETTLED_MS = 1000


def settle_heap() -> None:
    """Collect the start-up's garbage, then freeze what is left: it lives as long as the
    window. The collections this thread runs before each worker starts (ExportJob.start,
    PagedTableModel.filter_later: Qt objects must not die on a worker) walked all of it,
    about 130,000 objects, 50-140 ms on the window's thread for every search, filter, count
    or export; frozen, they walk only what came after."""
    gc.collect()
    gc.freeze()


def quiet_excepthook(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    """An error in a window slot prints only its type: its message or traceback could quote
    a narrative, a name or a database parameter (set CASEAPP_DEBUG=1 for the details)."""
    if os.environ.get("CASEAPP_DEBUG"):
        sys.__excepthook__(kind, error, trace)
        return
    print(
        f"caseapp: unexpected {kind.__name__} (set CASEAPP_DEBUG=1 for details)",
        file=sys.stderr,
    )


def app_icon() -> QIcon:
    """The case folder with a shield (packaging/make_icons.py) in the sizes a window uses."""
    icon = QIcon()
    for size in (32, 64, 256):
        icon.addFile(str(resource("icons", f"caseapp-{size}.png")))
    return icon


def run(
    location: StoreLocation,
    opener: Opener,
    build_window: WindowBuilder,
    qsettings: QSettings,
    demo_location: StoreLocation | None = None,
    while_waiting: Callable[[], None] | None = None,
) -> int:
    sys.excepthook = quiet_excepthook
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("caseapp")
    # Wayland panels match a window to its menu entry (and icon) by the desktop file name.
    app.setDesktopFileName("org.caseapp.CaseApp")
    app.setWindowIcon(app_icon())
    settings = UiSettings(qsettings)
    translators = install_translators(app, settings.language)
    ensure_korean_font(app)
    opened = unlock(location, opener, demo_location, settings, while_waiting)
    if opened is None:
        return 1
    case_app, used = opened
    try:
        watcher = IdleWatcher(app, settings.idle_minutes)
        window = build_window(case_app, used, settings, watcher)
        window.show()
        watcher.watch_windows()
        QTimer.singleShot(SETTLED_MS, settle_heap)  # once the first page has been painted
        code = app.exec()
    finally:
        # Work still running on a worker (the dashboard's counting, an export being stopped)
        # ends before the archive it reads is closed under it.
        QThreadPool.globalInstance().waitForDone()
        case_app.close()
    del translators
    return code
