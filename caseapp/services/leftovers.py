"""The register of temporary files an interrupted write may have left, in the encrypted
database, and their removal at the next start.

An export is written into an unnamed file where the file system allows it, and then
nothing is ever left. Where it does not (vfat and exFAT sticks, other systems), or for the
instant an export replaces an older file of the same name, the content sits under a hidden
name beside the target; ``caseapp.store.files`` notes that name here before the file
exists and forgets it once the file is gone or renamed. What a kill or a power cut left
noted is removed by ``clean`` when the archive is next opened.

Only paths are kept (what the audit trail already records of an export), never content.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

from sqlalchemy import delete, select
from sqlmodel import col

from caseapp.models import AppMeta
from caseapp.store import CaseStore
from caseapp.store.files import is_temp_name_for

PREFIX = "leftover:"


def _key(temp: Path) -> str:
    return PREFIX + hashlib.sha256(os.fsencode(temp)).hexdigest()[:40]


class LeftoverFiles:
    """``caseapp.store.files.Leftovers`` over the store's ``app_meta``: each note commits on
    its own, before the file it names exists."""

    def __init__(self, store: CaseStore) -> None:
        self.store = store

    def note(self, temp: Path) -> None:
        with self.store.session() as session:
            session.merge(AppMeta(key=_key(temp), value=str(temp)))

    def forget(self, temp: Path) -> None:
        with self.store.session() as session:
            session.execute(delete(AppMeta).where(col(AppMeta.key) == _key(temp)))

    def noted(self) -> list[Path]:
        with self.store.session() as session:
            values = session.execute(
                select(col(AppMeta.value)).where(col(AppMeta.key).startswith(PREFIX))
            ).scalars()
            return sorted(Path(value) for value in values)

    def clean(self) -> list[Path]:
        """Remove every noted file still there; return those that could not be removed
        (their folder is missing, e.g. a stick not plugged in, or read-only): they stay
        noted for the next start."""
        kept: list[Path] = []
        for temp in self.noted():
            if not temp.parent.is_dir():
                kept.append(temp)
                continue
            if is_temp_name_for(temp):
                try:
                    with contextlib.suppress(FileNotFoundError):
                        temp.unlink()
                except OSError:
                    kept.append(temp)
                    continue
            self.forget(temp)
        return kept
