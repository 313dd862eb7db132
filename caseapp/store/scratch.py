"""What one long write remembers of its input, kept in the database for the length of its
transaction rather than in memory.

An import must remember, for the whole file, which row gave each uid and each code first and
which persons the rows name: held in dictionaries that grew by about half a kilobyte a row
(300 MB at a million rows, more for three million violations). ``Scratch`` keeps them in a
table that exists only inside the caller's transaction, read and written a batch of keys at a
time through its primary key. On SQLite the table is in the archive itself, so it is encrypted
like everything else (temporary tables are kept in memory there, ``temp_store = MEMORY``, so
that nothing is ever written in clear); it is dropped before the transaction ends, and a
transaction rolled back never made it. On PostgreSQL it is a temporary table, dropped at the
end of the transaction.

An entry is ``(space, key) -> (row, text, number)``: a space names what is remembered ("uid",
"code", ...), the key is the uid or code, ``row`` the row of the file that gave it first, and
``text`` and ``number`` whatever else the caller keeps beside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import NamedTuple

from sqlalchemy import Connection, bindparam, text

from caseapp.store.engines import features

KEYS_PER_READ = 500  # keys per "IN (...)", well under SQLite's limit on variables
KEYS_PER_DELETE = 20_000  # where the engine drops in steps: one statement's journal, ~1 MB


class Entry(NamedTuple):
    row: int
    text: str | None = None
    number: int | None = None


class Scratch:
    """A table of entries that lives inside ``conn``'s current transaction (see the module's
    docstring). ``drop`` it before committing; a rollback takes it with the rest."""

    def __init__(self, conn: Connection, name: str = "caseapp_scratch") -> None:
        self.conn = conn
        self.name = name
        features(conn).create_scratch(
            conn,
            name,
            "space TEXT NOT NULL, key TEXT NOT NULL, row INTEGER NOT NULL, text TEXT, "
            "number INTEGER, PRIMARY KEY (space, key)",
        )
        self._read = text(
            f"SELECT key, row, text, number FROM {name} WHERE space = :space AND key IN :keys"
        ).bindparams(bindparam("keys", expanding=True))
        self._write = text(
            f"INSERT INTO {name} (space, key, row, text, number) "
            "VALUES (:space, :key, :row, :text, :number) "
            "ON CONFLICT (space, key) DO UPDATE SET row = excluded.row, text = excluded.text, "
            "number = excluded.number"
        )
        self._after = text(
            f"SELECT key, row, text, number FROM {name} WHERE space = :space AND key > :after "
            "ORDER BY key LIMIT :size"
        )
        self._spaces: set[str] = set()

    def recall(self, space: str, keys: Iterable[str]) -> dict[str, Entry]:
        """The entries of ``space`` among ``keys`` (keys with none are left out)."""
        wanted = sorted(set(keys))
        found: dict[str, Entry] = {}
        for start in range(0, len(wanted), KEYS_PER_READ):
            rows = self.conn.execute(
                self._read, {"space": space, "keys": wanted[start : start + KEYS_PER_READ]}
            )
            found.update((key, Entry(row, txt, number)) for key, row, txt, number in rows)
        return found

    def keep(self, space: str, entries: Mapping[str, Entry]) -> None:
        """Write ``entries`` into ``space``, replacing what their keys held."""
        if entries:
            self._spaces.add(space)
            self.conn.execute(
                self._write,
                [
                    {"space": space, "key": key, "row": e.row, "text": e.text, "number": e.number}
                    for key, e in entries.items()
                ],
            )

    def each(self, space: str, size: int = 5_000) -> Iterator[list[tuple[str, Entry]]]:
        """Every entry of ``space`` in order of key, ``size`` at a time."""
        after = ""
        while True:
            rows = self.conn.execute(self._after, {"space": space, "after": after, "size": size})
            batch = [(key, Entry(row, txt, number)) for key, row, txt, number in rows]
            if not batch:
                return
            yield batch
            after = batch[-1][0]

    def drop(self) -> None:
        engine = features(self.conn)
        if engine.drops_in_steps:
            # Emptied KEYS_PER_DELETE keys at a time first: dropped whole, the table's every
            # page went through one statement's journal, kept in memory (SQLite: about 75 MB
            # more at the peak for 1.3 million entries; this way none, and 0.24 s against
            # 0.08 s).
            for space in sorted(self._spaces):
                self._empty(space)
        engine.drop_scratch(self.conn, self.name)

    def _empty(self, space: str) -> None:
        last_of_step = text(
            f"SELECT key FROM {self.name} WHERE space = :space ORDER BY key LIMIT 1 OFFSET :skip"
        )
        up_to = text(f"DELETE FROM {self.name} WHERE space = :space AND key <= :last")
        while True:
            last = self.conn.execute(
                last_of_step, {"space": space, "skip": KEYS_PER_DELETE - 1}
            ).scalar()
            if last is None:
                self.conn.execute(
                    text(f"DELETE FROM {self.name} WHERE space = :space"), {"space": space}
                )
                return
            self.conn.execute(up_to, {"space": space, "last": last})
