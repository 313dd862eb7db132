"""The command line run inside the test process: ``caseapp.cli.main`` with its own environment,
working folder, a stdin that is not a terminal, and its output captured.

A subprocess per command adds a Python start-up and an import of the program each time and
proves nothing more; the few tests where the process boundary itself matters (the console
script, the exit status, a real stdin with no terminal) run a real process (tests/test_cli.py).
"""

from __future__ import annotations

import io
import sys
from collections.abc import Mapping
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

from caseapp.cli import main

# Every variable the command line (or a library under it) reads, set or removed for each run,
# so that nothing of the test run's own environment leaks in. English messages: LANG alone.
MANAGED = {
    "CASEAPP_DB": None,
    "CASEAPP_PASSPHRASE": None,
    "CASEAPP_USER": None,
    "CASEAPP_DEBUG": None,
    "LANG": "C.UTF-8",
    "LANGUAGE": None,
    "LC_ALL": None,
    "LC_MESSAGES": None,
    "COLUMNS": "80",  # argparse wraps help at the terminal's width
}


@dataclass(frozen=True)
class Run:
    """What a user sees of one command: its exit status, stdout and stderr."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str


def environment(root: Path, passphrase: str | None, **more: str | None) -> dict[str, str | None]:
    """Home, data and temp folders of their own under ``root``; the passphrase in
    CASEAPP_PASSPHRASE unless None. A value of None removes the variable."""
    env: dict[str, str | None] = dict(MANAGED)
    for name in ("HOME", "XDG_DATA_HOME", "TMPDIR"):
        folder = root / name.lower()
        folder.mkdir(parents=True, exist_ok=True)
        env[name] = str(folder)
    env["CASEAPP_PASSPHRASE"] = passphrase
    env.update(more)
    return env


def run_cli(*args: object, env: Mapping[str, str | None]) -> Run:
    """``caseapp ARGS`` in this process, in the folder HOME names. argparse ends usage errors,
    ``--help`` and ``--version`` with SystemExit; its code is the exit status."""
    argv = tuple(map(str, args))
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        for name, value in env.items():
            if value is None:
                patch.delenv(name, raising=False)
            else:
                patch.setenv(name, value)
        if env.get("HOME"):
            patch.chdir(str(env["HOME"]))
        # Not a terminal: a command that would prompt must say so instead of waiting.
        patch.setattr(sys, "stdin", io.StringIO())
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(list(argv))
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
    return Run(argv, code, out.getvalue(), err.getvalue())
