"""Measurements that need a process of their own (start-up time, peak memory).

``python -m caseapp.benchmarks.probe window DB``: start as the app starts (translations,
fonts, unlock, window), report on stdout the wall-clock time (``time.time()``) of the first
paint of the testimonies table, then the peak resident memory with the tab open.

``python -m caseapp.benchmarks.probe report DB OUT.pdf``: write the coordinator report of
every testimony (internal profile) and report its time and the peak resident memory.

``python -m caseapp.benchmarks.probe export DB WORKDIR``: the CSV export of every testimony
and of every violation (internal profile), each with its time and peak resident memory growth.

``python -m caseapp.benchmarks.probe exchange DB WORKDIR``: the exchange of issue 14 next to
its CSV yardstick, each step timed with its peak resident memory growth: the testimonies and
violations CSV (internal profile) written, a bundle of the whole archive written to a new
empty archive that trusts it (and is trusted by it), that bundle applied there, and the CSV
imported into another new archive. The peer is forgotten again at the end, so a reused
database can run it again.

``python -m caseapp.benchmarks.probe floor DB``: the floor of the first: import sqlcipher3,
open the file with the raw key (hex on stdin) and read the first page with bare SQL.

The passphrase comes from ``$CASEAPP_PASSPHRASE``. Output is one JSON object per line.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import json
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# The floor of a page of the testimonies tab: the same rows written as bare SQL — the shown
# columns in date order from the (interview_date, id) index, each row's live consent and its
# count of live violations. Deleted records are told apart by id, from the deleted_at indexes,
# as the tab does: "deleted_at IS NULL" on each row would read every row to reach the last
# page and make the floor slower than the app.
# The test of each walked entry: with nothing deleted the same rows come without it, so a
# floor leaves it out then (PageSql.tightest), as the list does past its first pages.
LIVE_TEST = "WHERE id NOT IN (SELECT id FROM testimony WHERE deleted_at IS NOT NULL)"
FIRST_PAGE_SQL = """
SELECT t.uid, t.code, t.title, t.interview_date, t.interview_date_precision,
       t.interview_place, t.language, t.status,
       c.internal, c.un, c.public, c.date_withdrawn, s.violations
FROM (SELECT id FROM testimony
      WHERE id NOT IN (SELECT id FROM testimony WHERE deleted_at IS NOT NULL)
      ORDER BY interview_date DESC, id DESC LIMIT ? OFFSET ?) AS page
JOIN testimony t ON t.id = page.id
JOIN sort_testimony s ON s.id = t.id
LEFT JOIN consent c ON c.testimony_id = t.id AND c.deleted_at IS NULL
ORDER BY t.interview_date DESC, t.id DESC
"""
# The same list read from its other end, for a page past the middle (turned round after).
BACK_PAGE_SQL = FIRST_PAGE_SQL.replace(
    "interview_date DESC, id DESC", "interview_date, id"
).replace("t.interview_date DESC, t.id DESC", "t.interview_date, t.id")
# A page sorted by a stored sort key ({key}: consent or violations, migration 0025; going
# up, or down with {direction} " DESC"): the key's index walked to the page, then the shown
# columns of its rows.
SORTED_PAGE_SQL = """
SELECT t.uid, t.code, t.title, t.interview_date, t.interview_date_precision,
       t.interview_place, t.language, t.status,
       c.internal, c.un, c.public, c.date_withdrawn, s.consent, s.violations
FROM (SELECT id FROM sort_testimony
      WHERE id NOT IN (SELECT id FROM testimony WHERE deleted_at IS NOT NULL)
      ORDER BY {key}{direction}, id{direction} LIMIT ? OFFSET ?) AS page
JOIN testimony t ON t.id = page.id
JOIN sort_testimony s ON s.id = t.id
LEFT JOIN consent c ON c.testimony_id = t.id AND c.deleted_at IS NULL
ORDER BY s.{key}{direction}, s.id{direction}
"""
# A page sorted by one of the testimony's own columns ({key}: code, title, place, language or
# status; {direction} and {nulls} as above): the column's (key, id) index walked to the page.
COLUMN_PAGE_SQL = FIRST_PAGE_SQL.replace(
    "interview_date DESC, id DESC", "{key}{direction}, id{direction}"
).replace("t.interview_date DESC, t.id DESC", "t.{key}{direction}, t.id{direction}")
# The category table's three counts, written by hand: the floor on either engine.
CATEGORY_SQL = [
    "SELECT category, count(*), count(DISTINCT testimony_id) FROM violation "
    "WHERE deleted_at IS NULL GROUP BY category",
    "SELECT category, reported_impact, count(*) FROM violation "
    "WHERE deleted_at IS NULL AND reported_impact != '' GROUP BY category, reported_impact",
    "SELECT category, un_response_status, count(*) FROM violation "
    "WHERE deleted_at IS NULL GROUP BY category, un_response_status",
]


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


def rss_mb() -> float:
    """This process's resident memory now (VmRSS)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_rss_mb()


def reset_peak() -> bool:
    """Set the peak (VmHWM) back to the resident memory now (Linux 4.0 and later); False
    where that cannot be done, and the peak then still counts what came before."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def trim() -> None:
    """Collect garbage and hand freed heap back to the system (glibc), so what an earlier
    step freed is not reused unseen by the next one."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def measured(action: Callable[[], Any]) -> tuple[Any, float, float]:
    """``action()``'s value, seconds and peak resident memory growth (MB) above what the
    process held before it started."""
    trim()
    reset_peak()
    before = rss_mb()
    started = time.perf_counter()
    value = action()
    seconds = time.perf_counter() - started
    return value, seconds, max(0.0, peak_rss_mb() - before)


def emit(**values: Any) -> None:
    print(json.dumps(values), flush=True)


def window(db: Path) -> int:
    from caseapp.gui import LazyParts
    from caseapp.store import StoreLocation
    from caseapp.ui.startup_probe import first_paint

    # As ``caseapp`` starts: the composition root loads on a thread from the moment the
    # unlock dialog shows (``prepare``); the passphrase is given at once, as by a user who
    # pastes it, so whatever of that import is left is waited for here, after the key.
    parts = LazyParts(None)
    parts.prepare()
    seen = first_paint(
        StoreLocation(path=db),
        os.environ["CASEAPP_PASSPHRASE"],
        parts.opener,
        parts.build_window,
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


def export(db: Path, work: Path) -> int:
    """The CSV export of every testimony, then of every violation, as ``internal`` and as
    ``un`` (which also reads each testimony's victims, to take their names out), each with
    its peak resident memory growth: a file of the whole archive streams, so the growth is
    the page cache and a batch of rows, not the file's size."""
    from caseapp.app import open_case_app
    from caseapp.store import StoreLocation

    case_app = open_case_app(StoreLocation(path=db), os.environ["CASEAPP_PASSPHRASE"])
    try:
        values: dict[str, Any] = {}
        for profile in ("internal", "un"):
            for kind in ("testimonies", "violations"):
                out = work / f"export-{kind}-{profile}.csv"

                def write(kind: str = kind, out: Path = out, profile: str = profile) -> Any:
                    return case_app.export_csv(kind, out, profile=profile)

                result, seconds, grown = measured(write)
                values[f"{kind} ({profile})"] = {
                    "seconds": seconds,
                    "grown_mb": grown,
                    "records": result.records,
                    "file_mb": out.stat().st_size / 2**20,
                }
                out.unlink()
    finally:
        case_app.close()
    emit(exports=values, peak_reset=reset_peak())
    return 0


EXCHANGE_PEER = "benchmark-exchange"


def exchange(db: Path, work: Path) -> int:
    from caseapp.app import THROWAWAY_KDF, CaseApp, open_case_app
    from caseapp.services.sync_records import SYNC_KINDS
    from caseapp.store import StoreLocation
    from caseapp.store.text_analysis import shared_analyzer

    passphrase = os.environ["CASEAPP_PASSPHRASE"]

    def fresh(name: str) -> CaseApp:
        for leftover in work.glob(name + "*"):
            leftover.unlink()
        location = StoreLocation(path=work / name)
        return open_case_app(location, passphrase, "benchmark", create=True, kdf=THROWAWAY_KDF)

    def source() -> CaseApp:
        return open_case_app(StoreLocation(path=db), passphrase)

    bundle_to, csv_to = fresh("exchange-bundle.db"), fresh("exchange-csv.db")
    still_open = [csv_to, bundle_to]
    # The text analyser's model (Kiwi, about 300 MB, read once a process, when the first
    # Korean word is indexed) is loaded before the steps: whichever write came first paid
    # it, and the memory measured here is what a step grows by with the archive.
    shared_analyzer().index_text("회령에서")
    testimonies, violations = work / "exchange-testimonies.csv", work / "exchange-violations.csv"
    bundle = work / "exchange.bundle"
    # Each write opens the archive anew: the first read of it fills the page cache (up to
    # 32 MiB a connection), and so counts in the time and memory of neither or both.
    with contextlib.closing(source()) as case_app:
        if any(peer.name == EXCHANGE_PEER for peer in case_app.peers.peers()):
            case_app.peers.forget(EXCHANGE_PEER)  # left by a run that did not finish
        case_app.peers.trust(EXCHANGE_PEER, bundle_to.peers.identity())
        bundle_to.peers.trust("benchmark-source", case_app.peers.identity())
    try:
        with contextlib.closing(source()) as case_app:

            def csv_export() -> None:
                case_app.export_csv("testimonies", testimonies, profile="internal")
                case_app.export_csv("violations", violations, profile="internal")

            _, csv_write, csv_write_mb = measured(csv_export)
        with contextlib.closing(source()) as case_app:
            sent, bundle_write, bundle_write_mb = measured(
                lambda: case_app.exchange.export_bundle(EXCHANGE_PEER, bundle)
            )
        applied, bundle_apply, bundle_apply_mb = measured(
            lambda: bundle_to.exchange.import_bundle(bundle)
        )

        def csv_import() -> None:
            csv_to.import_csv("testimonies", testimonies)
            csv_to.import_csv("violations", violations)

        _, csv_apply, csv_apply_mb = measured(csv_import)
        bundle_counts, csv_counts = bundle_to.stats(), csv_to.stats()
        # At a million testimonies each archive here is about 18 GB: what the CSV made and
        # carried is gone before the bare copy makes a third.
        still_open.remove(csv_to)
        csv_to.close()
        for made in (testimonies, violations, *work.glob("exchange-csv.db*")):
            made.unlink()
        fresh("exchange-bare.db").close()
        bare_apply = bare_copy(
            work / "exchange-bundle.db", work / "exchange-bare.db", passphrase, SYNC_KINDS
        )
        # The next bundle, once the peer has acknowledged the first and nothing changed: what
        # a coordinator's archive writes to a laptop every day. It compared every record with
        # its base (2 s at 10,000 testimonies); it reads what the audit trail names since.
        back = work / "exchange-back.bundle"
        bundle_to.exchange.export_bundle("benchmark-source", back)
        with contextlib.closing(source()) as case_app:
            case_app.exchange.import_bundle(back)
        with contextlib.closing(source()) as case_app:
            again, bundle_again, _ = measured(
                lambda: case_app.exchange.export_bundle(
                    EXCHANGE_PEER, work / "exchange-again.bundle"
                )
            )
        emit(
            bundle_write=bundle_write,
            bundle_write_mb=bundle_write_mb,
            bundle_apply=bundle_apply,
            bundle_apply_mb=bundle_apply_mb,
            csv_write=csv_write,
            csv_write_mb=csv_write_mb,
            csv_apply=csv_apply,
            csv_apply_mb=csv_apply_mb,
            bare_apply=bare_apply,
            bundle_again=bundle_again,
            bundle_again_records=again.records,
            bundle_records=sent.records,
            bundle_applied=applied.created,
            bundle_testimonies=bundle_counts["testimony"],
            bundle_mb=bundle.stat().st_size / 2**20,
            csv_records=sum(csv_counts[kind] for kind in SYNC_KINDS),
            csv_testimonies=csv_counts["testimony"],
            peak_reset=reset_peak(),
        )
    finally:
        for case_app in still_open:
            case_app.close()
        with contextlib.closing(source()) as case_app:
            case_app.peers.forget(EXCHANGE_PEER)
    return 0


def bare_copy(source: Path, target: Path, passphrase: str, kinds: tuple[str, ...]) -> float:
    """Seconds to insert, in bare SQL, the records a bundle put in ``source`` into the new
    archive ``target``: one ``executemany`` per table in one transaction, through the same
    indexes and triggers (search index, kept counts, sort keys), with no validation, audit
    trail or bookkeeping of the exchange (issue 18's floor for applying a bundle), under the
    page cache the apply takes. The rows are read first, untimed; those ``target`` already
    holds (its seeds) are left out."""
    from caseapp.app import floor_connection
    from caseapp.services.exchange import APPLY_CACHE_KIB
    from caseapp.services.record_kinds import KINDS

    tables = [KINDS[kind].table for kind in kinds]
    src = floor_connection(source, passphrase)
    dst = floor_connection(target, passphrase, APPLY_CACHE_KIB)
    try:
        batches = []
        for table in tables:
            held = {uid for (uid,) in dst.execute(f'SELECT uid FROM "{table}"')}
            cursor = src.execute(f'SELECT * FROM "{table}" ORDER BY id')
            names = [d[0] for d in cursor.description]
            at = names.index("uid")
            rows = [row for row in cursor if row[at] not in held]
            listed = ", ".join(f'"{name}"' for name in names)
            marks = ", ".join("?" for _ in names)
            batches.append((f'INSERT INTO "{table}" ({listed}) VALUES ({marks})', rows))
        started = time.perf_counter()
        dst.execute("BEGIN")
        for statement, rows in batches:
            dst.executemany(statement, rows)
        dst.execute("COMMIT")
        return time.perf_counter() - started
    finally:
        src.close()
        dst.close()


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
    if what == "exchange":
        return exchange(db, Path(argv[2]))
    if what == "export":
        return export(db, Path(argv[2]))
    if what == "floor":
        return floor(db)
    raise SystemExit(f"unknown probe {what!r}")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
