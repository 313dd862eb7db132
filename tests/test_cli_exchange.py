"""``caseapp export`` and ``caseapp import`` as a user runs them: real files, a real encrypted
store, the command line run in this process (tests/cli_runner.py)."""

import csv
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from .test_cli import assert_one_error_line, caseapp, clean_env, digests, mode

SUMMARY_EXPORT = re.compile(
    r"exported (\w+): (\d+) records, profile (\w+), to (.+); sha256 ([0-9a-f]{64})\n"
)
SUMMARY_IMPORT = re.compile(
    r"imported (\w+) from (.+): (\d+) created, (\d+) updated, (\d+) unchanged"
    r"(?:, (\d+) persons created)?; sha256 ([0-9a-f]{64})\n"
)


@dataclass(frozen=True)
class Exchange:
    root: Path
    db: Path
    env: dict[str, str | None]


@pytest.fixture(scope="module")
def exchange(tmp_path_factory: pytest.TempPathFactory) -> Exchange:
    """A demo database made by ``caseapp demo``; tests export from it into their own folders."""
    root = tmp_path_factory.mktemp("cli-exchange")
    env = clean_env(root)
    db = root / "data" / "cases.db"
    result = caseapp("--db", db, "demo", env=env)
    assert result.returncode == 0, result.stderr
    return Exchange(root, db, env)


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, strict=True))


def stats(db: Path, env: dict[str, str | None]) -> dict[str, int]:
    result = caseapp("--db", db, "stats", "--json", env=env)
    assert result.returncode == 0, result.stderr
    counts: dict[str, int] = json.loads(result.stdout)
    return counts


def test_export_prints_one_summary_line_and_writes_only_the_file(
    exchange: Exchange, tmp_path: Path
) -> None:
    out = tmp_path / "out" / "un.csv"
    out.parent.mkdir()
    result = caseapp(
        "--db", exchange.db, "export", "testimonies", "-o", out, "--profile", "un", env=exchange.env
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    match = SUMMARY_EXPORT.fullmatch(result.stdout)
    assert match, result.stdout
    kind, count, profile, path, digest = match.groups()
    assert (kind, profile, path) == ("testimonies", "un", str(out))
    assert digest == hashlib.sha256(out.read_bytes()).hexdigest()
    rows = rows_of(out)
    assert int(count) == len(rows) > 0
    assert all(row["consent_un"] == "yes" and row["source_pseudonym"] == "" for row in rows)
    assert [p.name for p in out.parent.iterdir()] == ["un.csv"]
    assert mode(out) == 0o600


def test_a_coordinators_default_profile_is_public_and_the_help_says_so(
    exchange: Exchange, tmp_path: Path
) -> None:
    out = tmp_path / "default.csv"
    result = caseapp("--db", exchange.db, "export", "testimonies", "-o", out, env=exchange.env)
    assert result.returncode == 0, result.stderr
    assert ", profile public, " in result.stdout
    rows = rows_of(out)
    assert rows and all(row["export_profile"] == "public" for row in rows)
    assert all(row["consent_public"] == "yes" and row["interviewer"] == "" for row in rows)
    helped = caseapp("export", "--help", env=exchange.env)
    assert helped.returncode == 0
    text = " ".join(helped.stdout.split())
    assert "Default: the most restrictive profile your role may export with (public for a" in text
    assert "{internal,un,public}" in text
    assert "{testimonies,violations,protection,responses}" in text


def test_import_into_an_empty_database_then_export_gives_the_same_files(
    exchange: Exchange, tmp_path: Path
) -> None:
    env = clean_env(tmp_path)
    empty = tmp_path / "data" / "empty.db"
    assert caseapp("--db", empty, "init", env=env).returncode == 0
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    for kind in ("testimonies", "violations", "protection", "responses"):
        exported = caseapp(
            "--db", exchange.db, "export", kind, "-o", first / f"{kind}.csv",
            "--profile", "internal", env=exchange.env,
        )  # fmt: skip
        assert exported.returncode == 0, exported.stderr
        imported = caseapp("--db", empty, "import", kind, first / f"{kind}.csv", env=env)
        assert imported.returncode == 0, imported.stderr
        match = SUMMARY_IMPORT.fullmatch(imported.stdout)
        assert match, imported.stdout
        created, updated, unchanged = (int(n) for n in match.group(3, 4, 5))
        assert (created, updated, unchanged) == (len(rows_of(first / f"{kind}.csv")), 0, 0)
        assert match.group(7) == hashlib.sha256((first / f"{kind}.csv").read_bytes()).hexdigest()
        again = caseapp(
            "--db", empty, "export", kind, "-o", second / f"{kind}.csv", "--profile", "internal",
            env=env,
        )  # fmt: skip
        assert again.returncode == 0, again.stderr
        assert (second / f"{kind}.csv").read_bytes() == (first / f"{kind}.csv").read_bytes()
    counts = stats(empty, env)
    # The demo's withdrawn testimony does not leave, even under internal.
    assert counts["testimony"] == len(rows_of(first / "testimonies.csv"))
    assert counts["testimony"] == stats(exchange.db, exchange.env)["testimony"] - 1
    assert caseapp("--db", empty, "verify", env=env).returncode == 0


def test_a_bad_file_is_one_line_on_stderr_and_changes_nothing(
    exchange: Exchange, tmp_path: Path
) -> None:
    good = tmp_path / "testimonies.csv"
    caseapp("--db", exchange.db, "export", "testimonies", "-o", good, "--profile", "internal",
            env=exchange.env)  # fmt: skip
    rows = rows_of(good)
    header = list(rows[0])
    rows[2]["interview_date"] = "2019-13-40"
    rows[2]["narrative"] = "SECRET narrative that must never be quoted"
    bad = tmp_path / "bad.csv"
    with bad.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    before_stats = stats(exchange.db, exchange.env)
    before_files = digests(exchange.db.parent)
    result = caseapp("--db", exchange.db, "import", "testimonies", bad, env=exchange.env)
    line = assert_one_error_line(result)
    assert "cannot import bad.csv: row 3, column interview_date: is not a real date" in line
    assert line.endswith("nothing was imported")
    assert "SECRET" not in result.stderr + result.stdout
    assert result.stdout == ""
    assert stats(exchange.db, exchange.env) == before_stats
    assert digests(exchange.db.parent) == before_files


def test_an_export_to_a_missing_folder_is_one_line_and_writes_nothing(
    exchange: Exchange, tmp_path: Path
) -> None:
    target = tmp_path / "missing" / "out.csv"
    before = stats(exchange.db, exchange.env)
    result = caseapp("--db", exchange.db, "export", "violations", "-o", target, env=exchange.env)
    assert "does not exist" in assert_one_error_line(result)
    assert not target.parent.exists()
    assert stats(exchange.db, exchange.env) == before


@pytest.mark.parametrize(
    "args",
    [["export", "bogus", "-o", "x.csv"], ["export", "testimonies"], ["import", "bogus", "x.csv"]],
    ids=["export kind", "no output", "import kind"],
)
def test_usage_errors_exit_2(exchange: Exchange, args: list[str]) -> None:
    result = caseapp("--db", exchange.db, *args, env=exchange.env)
    assert result.returncode == 2, result.stderr
    assert "usage:" in result.stderr
