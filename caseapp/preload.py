"""Import a module on another thread while this one does something slow of its own.

The command line loads the database layer (caseapp.app: SQLAlchemy, SQLModel, Alembic, the
models, the services; about half a second) while the passphrase is typed and derived (the
key derivation gives the GIL back); the window loads it while its unlock dialog waits.
Whoever needs the module calls ``wait()``; an import error is raised there, on that thread.

Two threads importing the same modules at once can trip the import system's deadlock check
(a RuntimeError), so the other thread imports nothing heavy of its own meanwhile: the light
modules it needs (the key slots) are imported before the thread starts, and whatever needs a
heavy import first calls ``settle()`` (the command line's words, caseapp/cli_messages.py).
"""

from __future__ import annotations

import gc
import importlib
import threading
from types import ModuleType

_started: list[Preload] = []


def settle() -> None:
    """Wait until every import started here has ended (before importing on this thread)."""
    for preload in list(_started):
        preload._thread.join()


class Preload:
    def __init__(self, name: str, daemon: bool = False, freeze: bool = False) -> None:
        """``freeze``: once imported, freeze every object there is for the garbage collector,
        uncollected (a short process: the command line). The window collects first, then
        freezes, once it has painted (caseapp/ui/launch.py): frozen, garbage of the dialog's
        time would stay for the whole session."""
        self.name = name
        self._freeze = freeze
        self._module: ModuleType | None = None
        self._failed: BaseException | None = None
        # Not a daemon by default: an interpreter that ends meanwhile lets the import end.
        self._thread = threading.Thread(
            target=self._run, name=f"caseapp-import {name}", daemon=daemon
        )
        _started.append(self)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._module = importlib.import_module(self.name)
            if self._freeze:
                # What the import made lives as long as the process. Frozen, it is no longer
                # walked by every full collection, nor by the one at exit (about 0.3 s of
                # the command line's end).
                gc.freeze()
        except BaseException as exc:  # raised again by wait(), where it is needed
            self._failed = exc

    def wait(self) -> ModuleType:
        self._thread.join()
        if self._failed is not None:
            failed, self._failed = self._failed, None
            raise failed
        if self._module is None:
            self._module = importlib.import_module(self.name)
        return self._module
