"""Measurements that need a process of their own (start-up time, peak memory).

``python -m caseapp.benchmarks.probe window DB``: start as the app starts (translations,
fonts, unlock, window), report on stdout the wall-clock time (``time.time()``) of the first
paint of the testimonies table, then the peak resident memory with the tab open.

``python -m caseapp.benchmarks.probe report DB OUT.pdf``: write the coordinator report of
every testimony (internal profile) and report its time and the peak resident memory.

``python -m caseapp.benchmarks.probe floor DB``: the floor of the first: import sqlcipher3,
open the file with the raw key (hex on stdin) and read the first page with bare SQL.

The passphrase comes from ``$CASEAPP_PASSPHRASE``. Output is one JSON object per line.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

# The floor of a page of the testimonies tab: the same rows written as bare SQL — the shown
# columns in date order from the (interview_date, id) index, each row's live consent and its
# count of live violations. Deleted records are told apart by id, from the deleted_at indexes,
# as the tab does: "deleted_at IS NULL" on each row would read every row to reach the last
# page and make the floor slower than the app.
FIRST_PAGE_SQL = """
SELECT t.uid, t.code, t.title, t.interview_date, t.interview_date_precision,
       t.interview_place, t.language, t.status,
       c.internal, c.un, c.public, c.date_withdrawn,
       (SELECT count(*) FROM violation v WHERE v.testimony_id = t.id
          AND v.id NOT IN (SELECT id FROM violation WHERE deleted_at IS NOT NULL))
FROM (SELECT id FROM testimony
      WHERE id NOT IN (SELECT id FROM testimony WHERE deleted_at IS NOT NULL)
      ORDER BY interview_date DESC, id DESC LIMIT ? OFFSET ?) AS page
JOIN testimony t ON t.id = page.id
LEFT JOIN consent c ON c.testimony_id = t.id AND c.deleted_at IS NULL
ORDER BY t.interview_date DESC, t.id DESC
"""


def peak_rss_mb() -> float:
    """This process's peak resident memory. On Linux from VmHWM, the high-water mark of its
    own address space: ``ru_maxrss`` survives exec and so reports the parent's size at the
    fork when that is larger (the suite's process holds a 100,000-row CSV by then)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux, BSD: KiB


def emit(**values: Any) -> None:
    print(json.dumps(values), flush=True)


def window(db: Path) -> int:
    from caseapp.app import gui_parts
    from caseapp.store import StoreLocation
    from caseapp.ui.startup_probe import first_paint

    opener, build_window = gui_parts()
    seen = first_paint(
        StoreLocation(path=db),
        os.environ["CASEAPP_PASSPHRASE"],
        opener,
        build_window,
        lambda rows: emit(painted=time.time(), rows=rows),
        lambda: emit(rss_mb=peak_rss_mb()),
    )
    return 0 if seen else 1


def report(db: Path, out: Path) -> int:
    from caseapp.app import open_case_app
    from caseapp.store import StoreLocation

    case_app = open_case_app(StoreLocation(path=db), os.environ["CASEAPP_PASSPHRASE"])
    try:
        started = time.perf_counter()
        result = case_app.report_pdf(out, profile="internal")
        elapsed = time.perf_counter() - started
    finally:
        case_app.close()
    emit(seconds=elapsed, rss_mb=peak_rss_mb(), records=result.records, pages=result.pages)
    return 0


def floor(db: Path) -> int:
    import sqlcipher3.dbapi2 as sqlcipher

    key = sys.stdin.readline().strip()
    conn = sqlcipher.connect(str(db))
    conn.execute(f"PRAGMA key = \"x'{key}'\"")
    conn.execute("PRAGMA cipher_page_size = 16384")
    rows = conn.execute(FIRST_PAGE_SQL, (200, 0)).fetchall()
    emit(done=time.time(), rows=len(rows))
    conn.close()
    return 0


def main(argv: list[str]) -> int:
    what, db = argv[0], Path(argv[1])
    if what == "window":
        return window(db)
    if what == "report":
        return report(db, Path(argv[2]))
    if what == "floor":
        return floor(db)
    raise SystemExit(f"unknown probe {what!r}")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
