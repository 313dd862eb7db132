"""Caseworkers saving at once on a team server, for a while: ``python -m
caseapp.benchmarks.soak --db postgresql+psycopg://… --processes 8 --seconds 60``.

Each process is one caseworker: it creates testimonies, edits its own, and appends its mark
to one testimony every process shares, each time as a person does it: read the record, change
it, save with the version read (``RecordService.update(..., expected=…)``). A save refused
because a colleague saved first is the message a person would see ("changed by … reload"),
counted, and tried again on the fresh version. At the end:

- failed saves (anything else that went wrong) must be 0;
- lost updates must be 0: every mark a save was accepted with is in the shared record, once,
  in the order of the saves (a lost update would drop one without a message);
- ``verify`` passes (the audit chain, appended by all of them).

tests/test_postgres.py runs it small; the README's Team server section gives a minute's run.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from caseapp.app import open_case_app
from caseapp.services.errors import RecordChanged
from caseapp.store import StoreLocation

SHARED_TITLE = "공유 기록 shared record"


@dataclass
class Outcome:
    saves: int = 0
    refused: int = 0  # "changed by … reload": shown, then done again on the new version
    failed: int = 0
    marks: list[str] | None = None


def worker(url: str, user: str, name: str, shared: str, saves: int, seconds: float) -> Outcome:
    """One caseworker's loop: ``saves`` saves, or as many as fit in ``seconds``."""
    app = open_case_app(StoreLocation(url=url), None, user)
    outcome = Outcome(marks=[])
    assert outcome.marks is not None
    own: str | None = None
    end = time.monotonic() + seconds if seconds else None
    number = 0
    try:
        while (end is None and number < saves) or (end is not None and time.monotonic() < end):
            number += 1
            try:
                if number % 3 == 1:
                    own = app.records.create(
                        "testimony", {"title": f"{name} 증언 {number}", "language": "ko"}
                    )
                elif number % 3 == 2 and own is not None:
                    seen = app.records.get("testimony", own)
                    app.records.update(
                        "testimony",
                        own,
                        {"summary": f"{name} 고침 {number}"},
                        expected=seen["updated_at"],
                    )
                else:
                    mark = f"{name}.{number}"
                    while True:
                        seen = app.records.get("testimony", shared)
                        try:
                            app.records.update(
                                "testimony",
                                shared,
                                {"narrative": f"{seen['narrative']}{mark};"},
                                expected=seen["updated_at"],
                            )
                            outcome.marks.append(mark)
                            break
                        except RecordChanged:
                            outcome.refused += 1
                outcome.saves += 1
            except Exception as exc:  # counted by type only: no record text
                outcome.failed += 1
                print(type(exc).__name__, file=sys.stderr)
    finally:
        app.close()
    return outcome


def run(url: str, user: str, processes: int, saves: int = 0, seconds: float = 0) -> dict[str, int]:
    """Start ``processes`` caseworkers at once on ``url``; their totals and the checks."""
    app = open_case_app(StoreLocation(url=url), None, user)
    try:
        shared = app.records.create(
            "testimony", {"title": SHARED_TITLE, "language": "ko", "narrative": ""}
        )
    finally:
        app.close()
    command = [sys.executable, "-m", "caseapp.benchmarks.soak", "--worker", "--db", url]
    # The workers import this same caseapp, installed or not.
    here = str(Path(__file__).resolve().parents[2])
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH")])),
    }
    children = [
        subprocess.Popen(
            [
                *command,
                *("--user", user, "--name", f"w{index}", "--shared", shared),
                *("--saves", str(saves), "--seconds", str(seconds)),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for index in range(processes)
    ]
    totals = {"saves": 0, "refused": 0, "failed": 0, "lost": 0, "verify_problems": 0}
    accepted: list[list[str]] = []
    for child in children:
        out, _err = child.communicate()
        done: dict[str, Any] = (
            json.loads(out.strip().splitlines()[-1]) if out.strip() else {"failed": 1}
        )
        for key in ("saves", "refused", "failed"):
            totals[key] += int(done.get(key, 0))
        accepted.append(list(done.get("marks", [])))
    app = open_case_app(StoreLocation(url=url), None, user)
    try:
        kept = [m for m in app.records.get("testimony", shared)["narrative"].split(";") if m]
        for marks in accepted:
            # Each worker's accepted marks are all there, once each, in its own order.
            positions = [kept.index(m) if m in kept else -1 for m in marks]
            totals["lost"] += sum(1 for p in positions if p < 0)
            totals["lost"] += sum(1 for a, b in itertools.pairwise(positions) if a > b >= 0)
        totals["lost"] += len(kept) - len(set(kept))
        totals["lost"] += len(set(kept) - {m for marks in accepted for m in marks})
        totals["verify_problems"] = len(app.verify())
    finally:
        app.close()
    return totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m caseapp.benchmarks.soak")
    parser.add_argument("--db", required=True, help="a postgresql+psycopg:// URL")
    parser.add_argument("--user", default="tester", help="the caseapp user (the URL's login)")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--saves", type=int, default=0, help="per process (else --seconds)")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--name", default="w", help=argparse.SUPPRESS)
    parser.add_argument("--shared", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    seconds = 0.0 if args.saves else args.seconds
    if args.worker:
        done = worker(args.db, args.user, args.name, args.shared, args.saves, seconds)
        print(json.dumps(done.__dict__))
        return 0
    started = time.monotonic()
    totals = run(args.db, args.user, args.processes, args.saves, seconds)
    took = time.monotonic() - started
    print(
        f"{args.processes} processes, {took:.0f} s: {totals['saves']} saves "
        f"({totals['saves'] / took:.0f}/s), {totals['refused']} refused as changed since "
        f"(shown, then saved again), {totals['failed']} failed, {totals['lost']} lost, "
        f"verify: {'ok' if totals['verify_problems'] == 0 else 'FAILED'}"
    )
    return 0 if totals["failed"] == totals["lost"] == totals["verify_problems"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
