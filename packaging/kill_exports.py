"""Kill CSV and PDF exports at random moments and count what they leave in the target folder.

    PYTHONPATH=$PWD .venv/bin/python packaging/kill_exports.py [--kills 100] [--folder DIR]

A child process opens an archive of generated testimonies (made with the cheapest key
derivation) and exports in a loop into one folder, now to a new name and now over an
existing file: CSV (all testimonies) or PDF (one testimony's dossier after another: short,
so that the kill often falls in the writing). It is killed with SIGKILL at a random moment.
Then the folder is read (every entry, hidden ones too) before anything opens the archive
again; the archive is opened (which removes what the register of temporary files names)
and the folder is read once more. A file is
complete when its SHA-256 is one the audit trail recorded for an export; anything else is
a leftover, and a leftover with content is a readable partial file.

``--folder`` puts the exports on another file system (a vfat stick, a full tmpfs) to try
the fallback without ``O_TMPFILE``. Prints one line of counts; exit 1 if anything was left.
The test suite runs a few kills of the same (tests/test_leftovers.py).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

PASSPHRASE = "kill test passphrase"
PASSPHRASE_ENV = "CASEAPP_KILL_TEST_PASSPHRASE"
KINDS = ("csv", "pdf")

CHILD = r"""
import os, sys
from pathlib import Path
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from caseapp.app import open_case_app
from caseapp.store import StoreLocation
db, folder, kind = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
app = open_case_app(StoreLocation(path=db), os.environ.pop(sys.argv[4]))
if kind == "pdf":
    from sqlalchemy import select
    from caseapp.export.pdf_style import ensure_fonts
    from caseapp.models import Testimony
    ensure_fonts()
    with app.store.session() as session:
        uids = list(session.execute(select(Testimony.uid).limit(50)).scalars())
print("ready", flush=True)
n = 0
while True:
    name = f"export-{n % 3}.{kind}"  # names come back: a new file, then overwrites
    if kind == "csv":
        app.export_csv("testimonies", folder / name, "internal")
    else:
        app.dossier_pdf(uids[n % len(uids)], folder / name, "internal")
    n += 1
"""


@dataclass
class Tally:
    kills: int = 0
    partial_before: int = 0  # readable partial files left by a kill, before the next start
    empty_before: int = 0  # empty leftovers, before the next start
    hidden_complete_before: int = 0  # a complete export under a hidden temporary name
    left_after: int = 0  # anything but a complete export, once the archive was reopened
    complete: int = 0  # complete exports seen (under their real names)
    notes: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"kills={self.kills} readable_partial_files={self.partial_before} "
            f"empty_leftovers={self.empty_before} "
            f"complete_hidden_copies={self.hidden_complete_before} "
            f"left_after_next_start={self.left_after} complete_exports={self.complete}"
        )


def cheap_kdf() -> object:
    from caseapp.store.keys import KdfParams

    return KdfParams(time_cost=1, memory_kib=8, parallelism=1)


def make_archive(folder: Path, testimonies: int = 0) -> Path:
    """An archive under ``folder`` with a cheap key slot (never for real data): the demo
    data set, or ``testimonies`` generated ones (caseapp.benchmarks.generate) so that an
    export takes long enough to be killed in the middle of writing."""
    from caseapp.app import open_case_app
    from caseapp.benchmarks.generate import generate
    from caseapp.store import StoreLocation

    db = folder / "archive" / "cases.db"
    db.parent.mkdir(parents=True, exist_ok=True)
    if testimonies:
        generate(db, testimonies, PASSPHRASE, kdf=cheap_kdf())  # type: ignore[arg-type]
        return db
    app = open_case_app(StoreLocation(path=db), PASSPHRASE, "kill-test", True, cheap_kdf())  # type: ignore[arg-type]
    try:
        app.load_demo()
    finally:
        app.close()
    return db


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _audited_digests(db: Path) -> set[str]:
    """Open the archive as the next start would (clean-up included); the export digests."""
    from sqlalchemy import select

    from caseapp.app import open_case_app
    from caseapp.models import AuditEvent
    from caseapp.store import StoreLocation

    app = open_case_app(StoreLocation(path=db), PASSPHRASE)
    try:
        with app.store.session() as session:
            rows = session.execute(
                select(AuditEvent.changes).where(AuditEvent.action == "export")
            ).scalars()
            return {json.loads(changes).get("sha256", "") for changes in rows}
    finally:
        app.close()


def kill_once(db: Path, folder: Path, kind: str, delay: float, tally: Tally) -> None:
    import hashlib

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env[PASSPHRASE_ENV] = PASSPHRASE
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db), str(folder), kind, PASSPHRASE_ENV],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=db.parent,  # not the caller's folder: "-c" puts it first on the import path
    )
    try:
        assert child.stdout is not None
        ready = child.stdout.readline()
        if ready.strip() != b"ready":
            child.wait(timeout=30)
            assert child.stderr is not None
            raise RuntimeError(
                f"the exporting child did not start: {child.stderr.read()[-2000:]!r}"
            )
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait(timeout=30)
        for stream in (child.stdout, child.stderr):
            if stream is not None:
                stream.close()
    tally.kills += 1
    before = _files(folder)
    digests = _audited_digests(db)  # opens the archive: the next start's clean-up runs
    after = _files(folder)
    for name, data in before.items():
        complete = hashlib.sha256(data).hexdigest() in digests
        if name.startswith("."):
            if complete:
                tally.hidden_complete_before += 1
            elif data:
                tally.partial_before += 1
                tally.notes.append(f"{kind} {delay:.3f}s: partial {name} ({len(data)} bytes)")
            else:
                tally.empty_before += 1
        elif not complete:
            tally.partial_before += 1
            tally.notes.append(f"{kind} {delay:.3f}s: partial {name} ({len(data)} bytes)")
    for name, data in after.items():
        if name.startswith(".") or hashlib.sha256(data).hexdigest() not in digests:
            tally.left_after += 1
            tally.notes.append(f"{kind} {delay:.3f}s: left after the next start: {name}")
        else:
            tally.complete += 1
            continue
        (folder / name).unlink()  # counted once: the next trial starts clean


def run_kills(
    db: Path, folder: Path, kills: int, seed: int = 12, max_delay: dict[str, float] | None = None
) -> Tally:
    """``kills`` trials, half CSV and half PDF, each killed after a random delay (uniform up
    to ``max_delay[kind]`` seconds after the child is ready to export)."""
    spans = max_delay or {"csv": 0.8, "pdf": 1.0}
    rng = random.Random(seed)
    tally = Tally()
    for n in range(kills):
        kind = KINDS[n % 2]
        kill_once(db, folder, kind, rng.uniform(0, spans[kind]), tally)
    return tally


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--testimonies", type=int, default=300, help="0: the demo data set")
    parser.add_argument("--folder", type=Path, help="where the exports go (default: a temp dir)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="caseapp-kills-") as work:
        db = make_archive(Path(work), args.testimonies)
        folder = args.folder or Path(work) / "out"
        folder.mkdir(parents=True, exist_ok=True)
        tally = run_kills(db, folder, args.kills, args.seed)
    for note in tally.notes:
        print(note)
    print(tally.line())
    left = tally.partial_before + tally.empty_before + tally.left_after
    return 1 if left else 0


if __name__ == "__main__":
    sys.exit(main())
