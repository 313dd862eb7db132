"""The benchmark suite runs end to end at a small N and prints a row for every operation.
Timings are machine-dependent, so nothing here asserts on them."""

import os
import subprocess
import sys
from pathlib import Path

from caseapp.benchmarks.__main__ import OPERATIONS

ROOT = Path(__file__).resolve().parents[1]


def test_smoke_run_prints_every_operation(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "CASEAPP_PASSPHRASE": "smoke-test passphrase",
        "HOME": str(tmp_path),  # the probe's window settings stay out of the real home
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "TMPDIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-m", "caseapp.benchmarks", "--smoke"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ")]
    assert rows[0].startswith("| operation | median | floor | ratio | target | result |")
    names = [row.split(" | ")[0].removeprefix("| ") for row in rows[1:]]
    assert names == OPERATIONS
    assert all(row.rstrip().endswith(("| PASS |", "| MISS |")) for row in rows[1:])


def test_generator_is_deterministic(tmp_path: Path) -> None:
    import random

    from caseapp.benchmarks.generate import TextMaker

    first = TextMaker(random.Random(7)).text(2000)
    again = TextMaker(random.Random(7)).text(2000)
    assert first == again
    assert 1900 <= len(first.encode("utf-8")) <= 2400
    hangul = sum("\uac00" <= ch <= "\ud7a3" for ch in first)
    assert hangul > 100 and "detained" in TextMaker(random.Random(7)).text(20000)
