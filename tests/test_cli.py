"""The command line as a user runs it: a clean environment, real files, real encrypted stores.

Commands run in this process (tests/cli_runner.py); the process boundary itself (the
installed console script, its exit status, a stdin that is no terminal, an unexpected error
that must print only its type) is tested with real processes at the end.
"""

import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import pytest

from .cli_runner import Run, environment, run_cli
from .conftest import PASSPHRASE

DEMO_JSON = Path(__file__).resolve().parent.parent / "resources" / "demo" / "demo.json"
DEMO_TESTIMONIES = len(json.loads(DEMO_JSON.read_text(encoding="utf-8"))["testimonies"])
WRONG_PASSPHRASE = "Wrong-Horse-Staple 틀린암호 9271"
# The console script pip installs beside the interpreter ([project.scripts] in pyproject.toml).
CONSOLE_SCRIPT = Path(sys.executable).with_name("caseapp")


def clean_env(root: Path, passphrase: str | None = PASSPHRASE) -> dict[str, str | None]:
    """Home, data and temp folders of their own under ``root``; no CASEAPP_* setting but the
    passphrase (unless None); English."""
    return environment(root, passphrase)


def caseapp(*args: object, env: Mapping[str, str | None]) -> Run:
    """``caseapp ARGS`` with stdin not a terminal, so it can never wait on a prompt."""
    return run_cli(*args, env=env)


def caseapp_process(*args: object, env: Mapping[str, str | None]) -> Run:
    """The installed ``caseapp`` console script as a real process, stdin not a terminal."""
    assert CONSOLE_SCRIPT.is_file(), f"{CONSOLE_SCRIPT} is missing: pip install -e ."
    full = {k: v for k, v in {**os.environ, **env}.items() if v is not None}
    result = subprocess.run(
        [str(CONSOLE_SCRIPT), *map(str, args)],
        env=full,
        cwd=full["HOME"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    return Run(tuple(result.args), result.returncode, result.stdout, result.stderr)


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def keys_of(db: Path) -> Path:
    return db.with_name(db.name + ".keys")


def assert_one_error_line(result: Run) -> str:
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("caseapp: ")
    assert "Traceback" not in result.stderr
    return lines[0]


@dataclass(frozen=True)
class DemoDb:
    db: Path
    env: dict[str, str | None]
    demo: Run
    stats: Run


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> DemoDb:
    """One demo database built by ``caseapp demo`` on a missing file; tests only read it."""
    root = tmp_path_factory.mktemp("cli-demo")
    env = clean_env(root)
    db = root / "data" / "cases.db"
    demo = caseapp("--db", db, "demo", env=env)
    stats = caseapp("--db", db, "stats", "--json", env=env)
    return DemoDb(db, env, demo, stats)


@dataclass(frozen=True)
class InitDb:
    db: Path
    env: dict[str, str | None]
    init: Run


@pytest.fixture(scope="module")
def inited(tmp_path_factory: pytest.TempPathFactory) -> InitDb:
    """One ``caseapp init`` on a missing file."""
    root = tmp_path_factory.mktemp("cli-init")
    env = clean_env(root)
    db = root / "data" / "cases.db"
    return InitDb(db, env, caseapp("--db", db, "init", env=env))


# -- version, init, demo ---------------------------------------------------------------------


def test_init_creates_the_database_and_its_key_file(inited: InitDb) -> None:
    db, result = inited.db, inited.init
    assert result.returncode == 0, result.stderr
    assert db.is_file() and keys_of(db).is_file()
    assert str(db) in result.stdout
    assert "cases.db.keys" in result.stdout  # the user is told to back up both files
    assert not db.read_bytes().startswith(b"SQLite format 3")
    assert {p.name for p in db.parent.iterdir()} == {"cases.db", "cases.db.keys"}
    for path in db.parent.iterdir():
        assert mode(path) == 0o600, path.name


def test_init_again_is_refused_with_one_line_and_changes_nothing(inited: InitDb) -> None:
    db = inited.db
    assert inited.init.returncode == 0, inited.init.stderr
    before = digests(db.parent)
    line = assert_one_error_line(caseapp("--db", db, "init", env=inited.env))
    assert "already exists" in line
    assert digests(db.parent) == before


def test_demo_on_a_missing_database_creates_it_and_loads(demo_db: DemoDb) -> None:
    assert demo_db.demo.returncode == 0, demo_db.demo.stderr
    assert demo_db.db.is_file() and keys_of(demo_db.db).is_file()
    assert "loaded the demo dataset" in demo_db.demo.stdout
    assert f"testimony: {DEMO_TESTIMONIES}" in demo_db.demo.stdout
    assert not demo_db.db.read_bytes().startswith(b"SQLite format 3")
    for path in demo_db.db.parent.iterdir():
        assert mode(path) == 0o600, path.name


def test_demo_twice_changes_nothing(demo_db: DemoDb) -> None:
    before = digests(demo_db.db.parent)
    again = caseapp("--db", demo_db.db, "demo", env=demo_db.env)
    assert again.returncode == 0, again.stderr
    assert "already loaded" in again.stderr
    assert "Traceback" not in again.stderr
    stats = caseapp("--db", demo_db.db, "stats", "--json", env=demo_db.env)
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout) == json.loads(demo_db.stats.stdout)
    assert digests(demo_db.db.parent) == before


# -- reading commands ---------------------------------------------------------------------------


def test_stats_json_is_one_object_with_the_demo_counts(demo_db: DemoDb) -> None:
    assert demo_db.stats.returncode == 0, demo_db.stats.stderr
    assert len(demo_db.stats.stdout.strip().splitlines()) == 1
    counts = json.loads(demo_db.stats.stdout)
    assert isinstance(counts, dict)
    assert counts["testimony"] >= 12
    assert counts["testimony"] == DEMO_TESTIMONIES
    assert counts["violation"] > 0
    assert all(isinstance(v, int) for v in counts.values())


def test_verify_says_ok(demo_db: DemoDb) -> None:
    result = caseapp("--db", demo_db.db, "verify", env=demo_db.env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok")
    assert result.stderr == ""


# -- passphrases ----------------------------------------------------------------------------


def test_wrong_passphrase_is_one_line_without_the_passphrase(
    demo_db: DemoDb, tmp_path: Path
) -> None:
    before = digests(demo_db.db.parent)
    env = clean_env(tmp_path, passphrase=WRONG_PASSPHRASE)
    result = caseapp("--db", demo_db.db, "stats", env=env)
    line = assert_one_error_line(result)
    assert "wrong passphrase" in line
    assert result.stdout == ""
    for secret in (WRONG_PASSPHRASE, PASSPHRASE, "틀린암호", "Wrong-Horse"):
        assert secret not in result.stderr
    assert digests(demo_db.db.parent) == before


def test_passphrase_file_uses_its_first_line_only(demo_db: DemoDb, tmp_path: Path) -> None:
    secret = tmp_path / "passphrase.txt"
    secret.write_text(f"{PASSPHRASE}\nsecond line that is not part of it\n", encoding="utf-8")
    env = clean_env(tmp_path, passphrase=None)
    result = caseapp("--db", demo_db.db, "--passphrase-file", secret, "stats", "--json", env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["testimony"] == DEMO_TESTIMONIES


def test_passwd_changes_the_passphrase_without_rewriting_the_database(
    demo_db: DemoDb, tmp_path: Path
) -> None:
    db = tmp_path / "copy" / "cases.db"
    db.parent.mkdir()
    for path in demo_db.db.parent.iterdir():
        shutil.copy2(path, db.parent / path.name)
    from caseapp.store.keys import unlock

    database_key = unlock(keys_of(db), PASSPHRASE).database_key
    new_file = tmp_path / "new.txt"
    new_passphrase = "새 암호문 brand new passphrase"
    new_file.write_text(new_passphrase + "\n", encoding="utf-8")

    changed = caseapp(
        "--db", db, "passwd", "--new-passphrase-file", new_file, env=clean_env(tmp_path)
    )
    assert changed.returncode == 0, changed.stderr
    # Only the slot changed: the new passphrase opens the same database key.
    assert unlock(keys_of(db), new_passphrase).database_key == database_key
    assert new_passphrase not in changed.stdout + changed.stderr

    with_new = caseapp(
        "--db", db, "stats", "--json", env=clean_env(tmp_path, passphrase=new_passphrase)
    )
    assert with_new.returncode == 0, with_new.stderr
    assert json.loads(with_new.stdout)["testimony"] == DEMO_TESTIMONIES

    with_old = caseapp("--db", db, "stats", env=clean_env(tmp_path))
    assert "wrong passphrase" in assert_one_error_line(with_old)


def test_a_too_short_passphrase_on_init_creates_nothing(tmp_path: Path) -> None:
    env = clean_env(tmp_path, passphrase="7 chars")
    db = tmp_path / "new" / "cases.db"
    line = assert_one_error_line(caseapp("--db", db, "init", env=env))
    assert "too short" in line
    assert "7 chars" not in line
    assert not db.parent.exists()
    assert list(Path(env["XDG_DATA_HOME"]).iterdir()) == []


# -- usage errors -------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [["bogus"], ["stats", "--bogus"]], ids=["command", "option"])
def test_usage_errors_exit_2(demo_db: DemoDb, tmp_path: Path, args: list[str]) -> None:
    result = caseapp("--db", demo_db.db, *args, env=clean_env(tmp_path))
    assert result.returncode == 2, result.stderr
    assert "usage:" in result.stderr
    assert "bogus" in result.stderr
    assert result.stdout == ""


# -- where the database is --------------------------------------------------------------------


def test_db_option_selects_the_file_over_the_environment(demo_db: DemoDb, tmp_path: Path) -> None:
    env = clean_env(tmp_path)
    env["CASEAPP_DB"] = str(tmp_path / "elsewhere" / "missing.db")
    result = caseapp("--db", demo_db.db, "stats", "--json", env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["testimony"] == DEMO_TESTIMONIES
    assert not (tmp_path / "elsewhere").exists()


def test_caseapp_db_environment_selects_the_file(demo_db: DemoDb, tmp_path: Path) -> None:
    env = clean_env(tmp_path)
    env["CASEAPP_DB"] = str(demo_db.db)
    result = caseapp("stats", "--json", env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["testimony"] == DEMO_TESTIMONIES
    assert list(Path(env["XDG_DATA_HOME"]).iterdir()) == []


def test_default_location_is_the_xdg_data_folder(tmp_path: Path) -> None:
    env = clean_env(tmp_path)
    result = caseapp("init", env=env)
    assert result.returncode == 0, result.stderr
    db = Path(env["XDG_DATA_HOME"]) / "caseapp" / "caseapp.db"
    assert db.is_file() and keys_of(db).is_file()
    assert str(db) in result.stdout
    assert mode(db.parent) == 0o700
    assert list(Path(env["HOME"]).iterdir()) == []


# -- a plain SQLite URL -------------------------------------------------------------------------


@dataclass(frozen=True)
class PlainDb:
    path: Path
    init: Run
    demo: Run
    stats: Run


@pytest.fixture(scope="module")
def plain_db(tmp_path_factory: pytest.TempPathFactory) -> PlainDb:
    """init, demo, stats on a plain SQLite URL with no passphrase anywhere and no terminal."""
    root = tmp_path_factory.mktemp("cli-plain")
    env = clean_env(root, passphrase=None)
    path = root / "data" / "plain.db"
    path.parent.mkdir()
    url = f"sqlite:///{path}"
    return PlainDb(
        path,
        init=caseapp("--db", url, "init", env=env),
        demo=caseapp("--db", url, "demo", env=env),
        stats=caseapp("--db", url, "stats", "--json", env=env),
    )


def test_plain_sqlite_url_works_without_a_passphrase(plain_db: PlainDb) -> None:
    for step in (plain_db.init, plain_db.demo, plain_db.stats):
        assert step.returncode == 0, (step.args, step.stderr)
    assert "loaded the demo dataset" in plain_db.demo.stdout
    assert plain_db.path.read_bytes().startswith(b"SQLite format 3")  # plain, as asked for
    assert not keys_of(plain_db.path).exists()
    counts = json.loads(plain_db.stats.stdout)
    assert counts["testimony"] == DEMO_TESTIMONIES
    assert counts["violation"] > 0


def test_init_on_a_plain_sqlite_url_does_not_claim_encryption(plain_db: PlainDb) -> None:
    assert plain_db.init.returncode == 0, plain_db.init.stderr
    assert "encrypted" not in plain_db.init.stdout
    assert "does not encrypt" in plain_db.init.stdout


def test_init_twice_on_a_plain_sqlite_url_is_refused(plain_db: PlainDb) -> None:
    env = clean_env(plain_db.path.parent.parent, passphrase=None)
    again = caseapp("--db", f"sqlite:///{plain_db.path}", "init", env=env)
    assert again.returncode == 1
    assert again.stderr.count("\n") == 1 and "already holds a caseapp database" in again.stderr


# -- the process boundary: the installed console script, a real stdin, the exit status -------


def test_version_prints_the_package_version(tmp_path: Path) -> None:
    result = caseapp_process("--version", env=clean_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"caseapp \d+\.\d+\.\d+\S*\n", result.stdout)
    assert result.stdout.strip() == f"caseapp {version('caseapp')}"


def test_no_passphrase_and_no_terminal_is_a_clear_error(demo_db: DemoDb, tmp_path: Path) -> None:
    """stdin is /dev/null, as under cron or a script: the process must not wait on a prompt."""
    result = caseapp_process("--db", demo_db.db, "stats", env=clean_env(tmp_path, passphrase=None))
    line = assert_one_error_line(result)
    assert "no passphrase" in line
    assert "CASEAPP_PASSPHRASE" in line and "--passphrase-file" in line
    assert result.stdout == ""


def test_a_damaged_key_file_is_one_line(demo_db: DemoDb, tmp_path: Path) -> None:
    """A key file damaged by hand (a salt cut short) is said to be damaged before any key
    derivation; the salt itself is never printed."""
    db = tmp_path / "damaged" / "cases.db"
    db.parent.mkdir()
    for path in demo_db.db.parent.iterdir():
        shutil.copy2(path, db.parent / path.name)
    doc = json.loads(keys_of(db).read_text(encoding="utf-8"))
    doc["slots"][0]["salt"] = "AAAA"
    keys_of(db).write_text(json.dumps(doc), encoding="utf-8")
    result = caseapp_process("--db", db, "stats", env=clean_env(tmp_path))
    line = assert_one_error_line(result)
    assert line == f"caseapp: error: key file is damaged: {keys_of(db)}"
    assert PASSPHRASE not in result.stderr and "AAAA" not in result.stderr
    assert result.stdout == ""


def test_an_unexpected_error_prints_only_its_type(demo_db: DemoDb, tmp_path: Path) -> None:
    """A table dropped with the database key fails deep inside a query: the process says
    which kind of error, never its text (it could quote SQL and values), and exits 1
    without a traceback."""
    from caseapp.store.engine import connect_sqlcipher
    from caseapp.store.keys import unlock

    db = tmp_path / "dropped" / "cases.db"
    db.parent.mkdir()
    for path in demo_db.db.parent.iterdir():
        shutil.copy2(path, db.parent / path.name)
    conn = connect_sqlcipher(db, unlock(keys_of(db), PASSPHRASE).database_key)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DROP TABLE live_count")  # what stats reads
    conn.close()
    result = caseapp_process("--db", db, "stats", env=clean_env(tmp_path))
    line = assert_one_error_line(result)
    assert re.fullmatch(r"caseapp: error: unexpected \w+ \(set CASEAPP_DEBUG=1 for details\)", line)
    assert PASSPHRASE not in result.stderr and "live_count" not in result.stderr.lower()
    assert result.stdout == ""
