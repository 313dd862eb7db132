"""How ``caseapp`` (with no command, or ``gui``) starts the window: the unlock dialog first,
the database layer while it waits.

The composition root (caseapp/app.py) brings SQLAlchemy, SQLModel, Alembic, the models,
the services and the exports: about half a second that the first sight of the program
should not wait for. Here Qt and the unlock dialog's few modules load, the dialog shows,
and only then does a thread import the composition root, while the user types (an import
gives the GIL back between modules, so the dialog keeps answering). The passphrase, once
typed, is derived into the key, then waits for that import to end (it has, unless the user
typed or pasted within a second or so), then opens the archive through
``caseapp.app.gui_parts``. An archive without a passphrase (a server database without a
team) shows no dialog and imports at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from caseapp.preload import Preload
from caseapp.process import harden_process
from caseapp.store.location import StoreLocation
from caseapp.store.paths import default_data_dir

if TYPE_CHECKING:
    from caseapp.ui.launch import OpenedApp
    from caseapp.ui.lock import IdleWatcher
    from caseapp.ui.settings import UiSettings

COMPOSITION_ROOT = "caseapp.app"


class LazyParts:
    """``gui_parts(user)`` of the composition root, imported when the dialog shows
    (``prepare``) or, at the latest, when the first passphrase is typed (``opener``)."""

    def __init__(self, user: str | None) -> None:
        self.user = user
        self._loading: Preload | None = None
        self._parts: tuple[Any, Any] | None = None

    def prepare(self) -> None:
        """Start importing the composition root in the background (once)."""
        if self._loading is None:
            self._loading = Preload(COMPOSITION_ROOT, daemon=True)

    def settle(self) -> None:
        """Let a background import end before the interpreter does (a cancelled dialog)."""
        if self._loading is not None:
            self._loading.wait()

    def parts(self) -> tuple[Any, Any]:
        if self._parts is None:
            self.prepare()
            assert self._loading is not None
            self._parts = self._loading.wait().gui_parts(self.user)
        return self._parts

    def opener(
        self,
        target: StoreLocation,
        passphrase: str | None,
        create: bool,
        demo: bool,
        user: str | None = None,
        organisation: str | None = None,
    ) -> OpenedApp:
        from caseapp.services.archives import unlock_slot  # loaded with the dialog

        # The key is derived first, while the composition root may still be loading on its
        # thread (the derivation gives that thread the GIL), as the command line does: an
        # unlock typed or pasted soon after the dialog shows waits for the longer of the
        # two, not for both in turn.
        chosen = user or self.user
        unlocked = None if create else unlock_slot(target, passphrase, chosen)
        opened: OpenedApp = self.parts()[0](
            target,
            passphrase,
            create,
            demo,
            user=chosen,
            organisation=organisation,
            unlocked=unlocked,
        )
        return opened

    def build_window(
        self, opened: OpenedApp, used: StoreLocation, settings: UiSettings, watcher: IdleWatcher
    ) -> Any:
        return self.parts()[1](opened, used, settings, watcher)


def run_gui(location: StoreLocation, user: str | None = None) -> int:
    """Start the window. The interface gets ways to open the store and to build the window,
    not the store itself, because it must ask for the passphrase first."""
    from PySide6.QtCore import QSettings

    from caseapp.ui.launch import run

    harden_process()  # already done by caseapp.cli.main; again for any other way in
    parts = LazyParts(user)
    demo_location = StoreLocation(path=default_data_dir() / "caseapp-demo.db")
    try:
        return run(
            location,
            parts.opener,
            parts.build_window,
            QSettings("caseapp", "caseapp"),
            demo_location,
            while_waiting=parts.prepare,
        )
    finally:
        parts.settle()
