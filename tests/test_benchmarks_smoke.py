"""The benchmark suite runs end to end at a small N and prints a row for every operation.
Timings are machine-dependent, so nothing here asserts on them.

It runs smaller than ``--smoke`` (50 testimonies, one run of each operation): what is checked
here is that every operation still runs and reports, which the size does not change."""

import tempfile
from pathlib import Path

import pytest

from caseapp.benchmarks.__main__ import OPERATIONS, main


def test_smoke_run_prints_every_operation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # In this process, so the generated databases get the suite's cheap key slots and the
    # probes the benchmark starts (real processes) open them cheaply.
    for name, value in {
        "QT_QPA_PLATFORM": "offscreen",
        "CASEAPP_PASSPHRASE": "smoke-test passphrase",
        "HOME": str(tmp_path),  # the probe's window settings stay out of the real home
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "TMPDIR": str(tmp_path),
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert main(["--n", "50", "--runs", "1", "--heavy-runs", "1"]) == 0
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines() if line.startswith("| ")]
    assert rows[0].startswith("| operation | median | floor | ratio | target | result |")
    names = [row.split(" | ")[0].removeprefix("| ") for row in rows[1:]]
    assert names == OPERATIONS
    assert all(row.rstrip().endswith(("| PASS |", "| MISS |")) for row in rows[1:])
    # The exchange (issue 14) is printed next to its CSV yardstick: a floor and a ratio each,
    # and the CSV's smaller count of testimonies (internal profile) said where it is.
    exchange = [row.split(" | ") for row in rows[1:] if row.startswith("| exchange: ")]
    assert len(exchange) == 4
    assert all(cells[2] != "—" and float(cells[3]) > 0 for cells in exchange)
    assert "compared per record" in exchange[1][4]


def test_generator_is_deterministic(tmp_path: Path) -> None:
    import random

    from caseapp.benchmarks.generate import TextMaker

    first = TextMaker(random.Random(7)).text(2000)
    again = TextMaker(random.Random(7)).text(2000)
    assert first == again
    assert 1900 <= len(first.encode("utf-8")) <= 2400
    hangul = sum("\uac00" <= ch <= "\ud7a3" for ch in first)
    assert hangul > 100 and "detained" in TextMaker(random.Random(7)).text(20000)
