"""Start-up loads only what the moment needs (issue 17): ``caseapp --version``, ``--help``
and a usage error load no database layer, no cryptography and no Qt; the window shows its
unlock dialog before SQLAlchemy and the rest of the composition root load, and loads them
while the dialog waits. Each runs in a process of its own, as a user starts it; what a
process had imported is read from ``sys.modules``. Nothing here is timed (the benchmark
suite times start-up: ``python -m caseapp.benchmarks --only startup``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QThreadPool
from PySide6.QtWidgets import QApplication

from caseapp.gui import LazyParts
from caseapp.store import StoreLocation, keys
from caseapp.ui.launch import unlock
from caseapp.ui.lock import IdleWatcher
from caseapp.ui.settings import UiSettings

from .test_gui_launch import User, enter

HEAVY = (
    "sqlalchemy",
    "sqlmodel",
    "alembic",
    "PySide6",
    "kiwipiepy",
    "sqlcipher3",
    "cryptography",
    "argon2",
    "pydantic",
    "caseapp.models",
    "caseapp.app",
)
"""What --version and --help must not load."""

DATABASE_LAYER = (
    "sqlalchemy",
    "sqlmodel",
    "alembic",
    "kiwipiepy",
    "sqlcipher3",
    "caseapp.models",
    "caseapp.app",
    "caseapp.store.case_store",
)
"""What the unlock dialog must show without."""

# Runs ``python -m caseapp ARGS`` (runpy, as -m does) and writes the modules it had loaded
# at exit to the file named first.
COMMAND_LINE = """
import atexit, json, runpy, sys
out = sys.argv[1]
atexit.register(lambda: open(out, "w").write(json.dumps(sorted(sys.modules))))
sys.argv = ["caseapp", *sys.argv[2:]]
runpy.run_module("caseapp", run_name="__main__", alter_sys=True)
"""

# Starts the window as ``caseapp --db PATH`` does, notes the modules loaded when the unlock
# dialog is shown (its Show event, before its event loop runs anything) and again once the
# background import has ended with the dialog still open, then cancels the dialog.
WINDOW = """
import json, sys, threading
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

out, db = sys.argv[1], sys.argv[2]
app = QApplication(sys.argv[:1])
seen = {}

def dialog():
    shown = [w for w in app.topLevelWidgets() if type(w).__name__ == "UnlockDialog"]
    return shown[0] if shown else None

def importing():
    return any(t.name.startswith("caseapp-import") and t.is_alive() for t in threading.enumerate())

def when_loaded():
    seen["turns"] = seen.get("turns", 0) + 1  # the dialog's loop keeps running meanwhile
    if "caseapp.app" not in sys.modules or importing():
        QTimer.singleShot(10, when_loaded)
        return
    seen["loaded"] = sorted(sys.modules)
    seen["still_open"] = dialog() is not None and dialog().isVisible()
    dialog().reject()

class Spy(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Show and type(watched).__name__ == "UnlockDialog":
            if "shown" not in seen:
                seen["shown"] = sorted(sys.modules)
                QTimer.singleShot(0, when_loaded)
        return False

spy = Spy()
app.installEventFilter(spy)
from caseapp.cli import main

seen["code"] = main(["--db", db])
open(out, "w").write(json.dumps(seen))
"""


def run_python(script: str, *args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "QT_QPA_PLATFORM": "offscreen",
        "LANGUAGE": "en",
    }
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def loaded(names: list[str], prefixes: tuple[str, ...]) -> list[str]:
    return sorted({p for p in prefixes for n in names if n == p or n.startswith(p + ".")})


@pytest.mark.parametrize(
    "args",
    [["--version"], ["--help"], ["stats", "--help"], ["user", "add", "--help"], ["nonsense"]],
    ids=" ".join,
)
def test_the_command_line_starts_without_the_heavy_parts(tmp_path: Path, args: list[str]) -> None:
    modules_file = tmp_path / "modules.json"
    done = run_python(COMMAND_LINE, str(modules_file), *args, tmp_path=tmp_path)
    if args == ["nonsense"]:
        assert done.returncode == 2 and "invalid choice: 'nonsense'" in done.stderr
    else:
        assert done.returncode == 0, done.stderr
    if args == ["--version"]:
        assert done.stdout.startswith("caseapp ")
    elif args[-1] == "--help":
        assert done.stdout.startswith(f"usage: caseapp {' '.join(args[:-1])}".rstrip())
    modules = json.loads(modules_file.read_text())
    assert "caseapp.cli" in modules
    assert loaded(modules, HEAVY) == []


def test_the_unlock_dialog_shows_before_the_database_layer_loads(tmp_path: Path) -> None:
    modules_file = tmp_path / "modules.json"
    db = tmp_path / "archive" / "cases.db"
    done = run_python(WINDOW, str(modules_file), str(db), tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    seen = json.loads(modules_file.read_text())
    assert "caseapp.ui.unlock_dialog" in seen["shown"]
    assert loaded(seen["shown"], DATABASE_LAYER) == []
    # While the dialog waited, the composition root and SQLAlchemy loaded behind it.
    assert seen["still_open"] is True
    assert loaded(seen["loaded"], ("sqlalchemy", "caseapp.app")) == ["caseapp.app", "sqlalchemy"]
    assert seen["code"] == 1  # cancelled: nothing was created
    assert not db.exists()


def test_the_window_opens_through_the_lazy_start(qtbot, tmp_path: Path) -> None:
    """A passphrase typed into the dialog opens a new archive through the parts loaded
    behind it, and the window is built from them, as ``caseapp`` does."""
    location = StoreLocation(path=tmp_path / "new" / "cases.db")
    parts = LazyParts("tester")
    passphrase = "회령 기록 보관 2024!"
    User([enter(passphrase, passphrase)])
    opened = unlock(location, parts.opener, while_waiting=parts.prepare)
    assert opened is not None
    case_app, used = opened
    settings = UiSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    settings.language = "en"
    watcher = IdleWatcher(QApplication.instance(), 60)
    window = parts.build_window(case_app, used, settings, watcher)
    qtbot.addWidget(window)
    try:
        assert used == location
        assert case_app.stats()["testimony"] == 0
        assert window.tab_widget.count() >= 5
    finally:
        watcher.stop()
        window.close()
        QThreadPool.globalInstance().waitForDone()  # a tab's background count, if any
        case_app.close()
        parts.settle()
    assert (tmp_path / "new" / "cases.db.keys").exists()


def test_a_command_on_an_archive_at_the_head_loads_no_alembic(
    demo_app, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening an archive whose schema is already this caseapp's reads its revision with
    plain SQL; Alembic (0.2 s of every command) loads only to make or upgrade a schema."""
    from .conftest import PASSPHRASE

    demo_app.close()
    modules_file = db_path.parent / "modules.json"
    monkeypatch.setenv("CASEAPP_PASSPHRASE", PASSPHRASE)
    done = run_python(
        COMMAND_LINE, str(modules_file), "--db", str(db_path), "stats", tmp_path=db_path.parent
    )
    assert done.returncode == 0, done.stderr
    assert "testimony" in done.stdout
    modules = json.loads(modules_file.read_text())
    assert "caseapp.store.case_store" in modules  # it did open the archive
    assert loaded(modules, ("alembic", "mako")) == []


# Loads the composition root as the command line does (on its own thread, then frozen) and
# says what the moment after finds: the models' mappings completed, the loaded objects frozen.
PRELOADED = """
import gc, json
from sqlalchemy import inspect
from caseapp.preload import Preload

Preload("caseapp.app", freeze=True).wait()
from caseapp.models import Testimony

print(json.dumps({"configured": inspect(Testimony).configured, "frozen": gc.get_freeze_count()}))
"""


def test_the_background_import_leaves_nothing_for_the_first_query(tmp_path: Path) -> None:
    """What the first query would complete (the models' mappings) and what every full
    collection and the exit would walk (the loaded modules' objects) is dealt with on the
    import's thread, while the key is derived (the benchmark suite times the gain)."""
    done = run_python(PRELOADED, tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["configured"] is True
    assert seen["frozen"] > 10_000


def test_the_lazy_start_derives_the_key_before_waiting_for_the_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The passphrase typed into the dialog is derived into the key first, while the
    composition root may still be loading, and only once: opening takes the slot that
    opened (a second derivation would cost as much again)."""
    location = StoreLocation(path=tmp_path / "field" / "cases.db")
    passphrase = "보위부 기록 2019, 함경북도!"
    LazyParts("mina").opener(location, passphrase, True, False).close()  # a new archive

    steps: list[str] = []
    derive, load = keys.unlock, LazyParts.parts

    def counted_derive(*args: Any, **kwargs: Any) -> Any:
        steps.append("derive")
        return derive(*args, **kwargs)

    def counted_load(parts: LazyParts) -> Any:
        steps.append("load")
        return load(parts)

    monkeypatch.setattr(keys, "unlock", counted_derive)
    monkeypatch.setattr(LazyParts, "parts", counted_load)
    parts = LazyParts(None)
    parts.prepare()  # as the dialog does when it shows
    opened = parts.opener(location, passphrase, False, False)
    try:
        assert steps == ["derive", "load"]
        assert opened.access.name == "mina" and opened.stats()["testimony"] == 0
    finally:
        opened.close()
        parts.settle()
