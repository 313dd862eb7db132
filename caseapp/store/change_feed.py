"""Changes other people saved, as they commit: on a team server every write that is audited
announces the tables it changed (PostgreSQL NOTIFY, sent when its transaction commits), and a
window listening on its own connection reads them to show fresh lists. Only table names
travel, never record content. An SQLite file has no feed (one laptop, one window)."""

from __future__ import annotations

import secrets
from typing import Any

CHANNEL = "caseapp_changes"
# The execution option that carries an open store's mark on what it announces, so that its
# own saves are not news to its window (CaseStore sets it on its engine).
MARK_OPTION = "caseapp_change_mark"


def new_mark() -> str:
    return secrets.token_hex(8)


def announcement(mark: str, tables: set[str]) -> str:
    return f"{mark} {','.join(sorted(tables))}"


class ChangeFeed:
    """Listens on a connection of its own; ``poll`` never waits and never raises."""

    def __init__(self, conninfo: str, mark: str) -> None:
        import psycopg

        self.mark = mark
        self._conn: Any = psycopg.connect(conninfo, autocommit=True)
        self._conn.execute(f"LISTEN {CHANNEL}")

    def poll(self) -> set[str]:
        """The tables others changed since the last poll (empty when the feed is gone)."""
        if self._conn is None:
            return set()
        changed: set[str] = set()
        try:
            for note in self._conn.notifies(timeout=0):
                mark, _, tables = str(note.payload).partition(" ")
                if mark != self.mark:
                    changed.update(t for t in tables.split(",") if t)
        except Exception:  # the server went away: the window keeps working without news
            self.close()
        return changed

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            finally:
                self._conn = None


def open_feed(url: str, mark: str) -> ChangeFeed | None:
    """A feed for the archive at ``url`` (a PostgreSQL one), else None; what was announced
    with ``mark`` (one's own saves) is left out."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return None
    conninfo = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        return ChangeFeed(conninfo, mark)
    except Exception:
        return None  # no feed: lists refresh on one's own changes only, as on a laptop
