"""The leanest ``caseapp stats`` there could be: the floor under the command's start-up.

A bare interpreter derives the key from the archive's slot (``caseapp.store.keys``, the same
Argon2id and the same slot) and reads the counts the archive keeps over a bare SQLCipher
connection: no SQLAlchemy, models, services, command line or sign-in. What ``stats`` costs
beyond this is caseapp's own layers. Prints ``{table: live rows}`` as JSON.

    python lean_stats.py DB      (the passphrase in CASEAPP_PASSPHRASE)

Run as a script (not ``-m``): the benchmarks' package loads the whole app.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher

from caseapp.store.keys import key_file_for, unlock

PAGE_SIZE = 16384
"""caseapp.store.engine.PAGE_SIZE (that module loads SQLAlchemy); a wrong one cannot read."""


def main(db: Path) -> None:
    key = unlock(key_file_for(db), os.environ["CASEAPP_PASSPHRASE"]).database_key
    conn = sqlcipher.connect(str(db), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute(f"PRAGMA cipher_page_size = {PAGE_SIZE}")
    print(json.dumps(dict(conn.execute("SELECT name, n FROM live_count").fetchall())))
    conn.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
