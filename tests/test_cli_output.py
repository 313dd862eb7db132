"""What the command line prints, read as a person reads it (issue 17): search hits by code,
kind and label in the user's language, verify's wording for an archive with no attachments,
and one clear line where no window can open."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from caseapp.app import CaseApp
from caseapp.cli import has_display

from .cli_runner import environment, run_cli
from .conftest import PASSPHRASE, db_argument

pytestmark = pytest.mark.both_engines


def test_search_lists_code_kind_and_label_and_json_keeps_the_uids(demo_app: CaseApp, tmp_path):
    db = db_argument(demo_app)
    plain = run_cli(
        "--db", db, "search", "회령", "--limit", "40", env=environment(tmp_path, PASSPHRASE)
    )
    assert plain.returncode == 0, plain.stderr
    data = run_cli(
        "--db",
        db,
        "search",
        "회령",
        "--limit",
        "40",
        "--json",
        env=environment(tmp_path, PASSPHRASE),
    )
    rows = json.loads(data.stdout)
    heads = plain.stdout.splitlines()[0::2]
    assert len(heads) == len(rows)
    for head, row in zip(heads, rows, strict=True):
        assert row["uid"] not in plain.stdout  # the uids are for scripts
        assert head.startswith(row["code"] + "  " + row["kind"] + "  ")
        if row["kind"] == "violation":
            label = demo_app.vocabulary.label("violation_category", row["category"], "en")
            assert head.endswith("  " + label) and row["category"] != label
    korean = run_cli(
        "--db",
        db,
        "search",
        "회령",
        "--limit",
        "40",
        env=environment(tmp_path, PASSPHRASE, LANG="ko_KR.UTF-8"),
    )
    first_violation = next(line for line in korean.stdout.splitlines() if "  인권침해  " in line)
    code = first_violation.split("  ")[0]
    row = next(r for r in rows if r["code"] == code and r["kind"] == "violation")
    assert first_violation.endswith(
        demo_app.vocabulary.label("violation_category", row["category"], "ko")
    )


@pytest.mark.sqlcipher_only
def test_verify_says_there_are_no_attachments_to_check(empty_app: CaseApp, tmp_path) -> None:
    result = run_cli(
        "--db", db_argument(empty_app), "verify", env=environment(tmp_path, PASSPHRASE)
    )
    assert result.returncode == 0, result.stderr
    assert "no attachments to check" in result.stdout
    assert "0 attachments" not in result.stdout


@pytest.mark.sqlcipher_only
def test_the_window_without_a_desktop_says_so_in_one_line(
    empty_app: CaseApp, tmp_path: Path
) -> None:
    env = environment(
        tmp_path, PASSPHRASE, QT_QPA_PLATFORM=None, DISPLAY=None, WAYLAND_DISPLAY=None
    )
    result = run_cli("--db", db_argument(empty_app), env=env)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "desktop session" in result.stderr and "caseapp --help" in result.stderr


def test_a_display_or_a_chosen_platform_lets_the_window_open() -> None:
    assert not has_display({})
    assert has_display({"DISPLAY": ":0"})
    assert has_display({"WAYLAND_DISPLAY": "wayland-0"})
    assert has_display({"QT_QPA_PLATFORM": "offscreen"})
