"""A day's interviews from a field laptop to the coordinator and a correction back, on the
command line as the README tells it (issue 14): identities, trust, bundles on a stick, a
conflict when both changed the same title, and bundles refused whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from caseapp.app import CaseApp, open_case_app
from caseapp.store import StoreLocation

from .cli_runner import Run, environment, run_cli

# The office's archive is on the test's engine (a team server on PostgreSQL); the field
# laptop's is always an encrypted file.
pytestmark = pytest.mark.both_engines

OFFICE = "the office coordinator's passphrase"
FIELD = "the field laptop's own passphrase 현장"


def ok(run: Run) -> Run:
    assert run.returncode == 0, run.stderr
    return run


def one_line(run: Run) -> str:
    assert run.returncode == 1 and run.stdout == "", run.stdout
    assert len(run.stderr.splitlines()) == 1, run.stderr
    return run.stderr


def open_site(db: Path | str, passphrase: str, user: str | None = None) -> CaseApp:
    """The archive at ``db`` (a file, or a server URL, as its login) opened in-process."""
    if isinstance(db, str):
        return open_case_app(StoreLocation(url=db), passphrase, user)
    return open_case_app(StoreLocation(path=db), passphrase, user)


@pytest.fixture
def sites(
    request: pytest.FixtureRequest, tmp_path: Path, store_engine: str
) -> dict[str, tuple[Path | str, dict[str, str | None]]]:
    """Two archives that trust each other: "office" (a coordinator) and "field"."""
    made: dict[str, tuple[Path | str, dict[str, str | None]]] = {}
    for name, passphrase in (("office", OFFICE), ("field", FIELD)):
        db: Path | str = tmp_path / name / "cases.db"
        if name == "office" and store_engine == "postgresql":
            db = request.getfixturevalue("pg_database")
        env = environment(tmp_path / name, passphrase)
        # On a server the user is the database URL's login (the test server's own).
        user = ("--user", name) if isinstance(db, Path) else ()
        ok(run_cli("--db", db, *user, "init", env=env))
        made[name] = (db, env)
    lines = {
        name: ok(run_cli("--db", db, "exchange", "identity", env=env)).stdout.splitlines()[-1]
        for name, (db, env) in made.items()
    }
    db, env = made["office"]
    ok(run_cli("--db", db, "exchange", "trust", "field", lines["field"], env=env))
    db, env = made["field"]
    ok(run_cli("--db", db, "exchange", "trust", "office", lines["office"], env=env))
    return made


def test_a_days_work_goes_up_a_correction_comes_back_and_a_conflict_shows(
    sites, tmp_path: Path
) -> None:
    field_db, field_env = sites["field"]
    office_db, office_env = sites["office"]
    app = open_case_app(StoreLocation(path=field_db), FIELD)
    try:
        uid = app.records.create(
            "testimony", {"title": "회령 구류장 증언", "narrative": "첫 문단", "language": "ko"}
        )
        app.records.create("consent", {"testimony_uid": uid, "internal": True})
    finally:
        app.close()
    stick = tmp_path / "stick"
    stick.mkdir()

    sent = ok(
        run_cli(
            "--db",
            field_db,
            "exchange",
            "export",
            "--to",
            "office",
            "-o",
            stick / "up-1.bundle",
            env=field_env,
        )
    )
    assert "wrote bundle 1 for office" in sent.stdout and "2 records" in sent.stdout
    applied = ok(
        run_cli("--db", office_db, "exchange", "import", stick / "up-1.bundle", env=office_env)
    )
    assert "2 created" in applied.stdout and "0 conflicts" in applied.stdout
    again = ok(
        run_cli("--db", office_db, "exchange", "import", stick / "up-1.bundle", env=office_env)
    )
    assert "nothing changed" in again.stdout

    office = open_site(office_db, OFFICE)
    try:
        assert office.records.get("testimony", uid)["title"] == "회령 구류장 증언"
        office.records.update("testimony", uid, {"summary": "코디네이터가 고친 요약"})
    finally:
        office.close()
    ok(
        run_cli(
            "--db",
            office_db,
            "exchange",
            "export",
            "--to",
            "field",
            "-o",
            stick / "down-1.bundle",
            env=office_env,
        )
    )
    ok(run_cli("--db", field_db, "exchange", "import", stick / "down-1.bundle", env=field_env))
    field = open_case_app(StoreLocation(path=field_db), FIELD)
    try:
        assert field.records.get("testimony", uid)["summary"] == "코디네이터가 고친 요약"
        field.records.update("testimony", uid, {"title": "현장의 제목"})
    finally:
        field.close()
    office = open_site(office_db, OFFICE)
    try:
        office.records.update("testimony", uid, {"title": "사무실의 제목"})
    finally:
        office.close()
    ok(
        run_cli(
            "--db",
            field_db,
            "exchange",
            "export",
            "--to",
            "office",
            "-o",
            stick / "up-2.bundle",
            env=field_env,
        )
    )
    merged = ok(
        run_cli("--db", office_db, "exchange", "import", stick / "up-2.bundle", env=office_env)
    )
    assert "1 conflicts" in merged.stdout
    (conflict,) = json.loads(
        ok(run_cli("--db", office_db, "conflicts", "--json", env=office_env)).stdout
    )
    assert (conflict["field"], conflict["mine"], conflict["theirs"]) == (
        "title",
        "사무실의 제목",
        "현장의 제목",
    )
    assert ok(run_cli("--db", office_db, "verify", env=office_env))
    assert ok(run_cli("--db", field_db, "verify", env=field_env))


def test_bundles_are_refused_whole_with_one_line(sites, tmp_path: Path) -> None:
    field_db, field_env = sites["field"]
    office_db, office_env = sites["office"]
    ok(run_cli("--db", field_db, "demo", env=field_env))
    bundle = tmp_path / "up.bundle"
    ok(
        run_cli(
            "--db", field_db, "exchange", "export", "--to", "office", "-o", bundle, env=field_env
        )
    )
    data = bundle.read_bytes()
    before = json.loads(ok(run_cli("--db", office_db, "stats", "--json", env=office_env)).stdout)

    # Addressed to the office, read by the field laptop itself.
    assert "bundle" in one_line(
        run_cli("--db", field_db, "exchange", "import", bundle, env=field_env)
    )
    for name, changed in (
        (
            "tampered",
            data[: len(data) // 2] + bytes([data[len(data) // 2] ^ 1]) + data[len(data) // 2 + 1 :],
        ),
        ("truncated", data[: len(data) - 100]),
    ):
        bad = tmp_path / f"{name}.bundle"
        bad.write_bytes(changed)
        assert str(bad) in one_line(
            run_cli("--db", office_db, "exchange", "import", bad, env=office_env)
        )
    stats = json.loads(ok(run_cli("--db", office_db, "stats", "--json", env=office_env)).stdout)
    assert stats == before  # nothing was written by any refused bundle

    # From an archive the office does not trust.
    stranger_db = tmp_path / "stranger" / "cases.db"
    env = environment(tmp_path / "stranger", "a stranger's long passphrase")
    ok(run_cli("--db", stranger_db, "init", env=env))
    office_line = ok(
        run_cli("--db", office_db, "exchange", "identity", env=office_env)
    ).stdout.splitlines()[-1]
    ok(run_cli("--db", stranger_db, "exchange", "trust", "office", office_line, env=env))
    strange = tmp_path / "strange.bundle"
    ok(run_cli("--db", stranger_db, "exchange", "export", "--to", "office", "-o", strange, env=env))
    assert (
        "untrusted"
        in one_line(run_cli("--db", office_db, "exchange", "import", strange, env=office_env))
        or "not trust"
        in run_cli("--db", office_db, "exchange", "import", strange, env=office_env).stderr
    )

    applied = ok(run_cli("--db", office_db, "exchange", "import", bundle, env=office_env))
    assert "0 conflicts" in applied.stdout
    after = json.loads(ok(run_cli("--db", office_db, "stats", "--json", env=office_env)).stdout)
    assert after["testimony"] == 14


def test_the_coordinator_reads_the_vault_entries_a_field_laptop_wrote(sites, tmp_path) -> None:
    """Field laptops seal vault entries to the coordinator's vault key once a bundle from it
    taught them the key; entries written before get a box for it when the field laptop's
    coordinator writes the next bundle. A recorder there still cannot read them back."""
    field_db, field_env = sites["field"]
    office_db, office_env = sites["office"]
    stick = tmp_path / "stick"
    stick.mkdir()
    field = open_case_app(StoreLocation(path=field_db), FIELD)
    try:
        early_person = field.records.create("person", {"pseudonym": "A"})
        early = field.records.create(
            "identity", {"person_uid": early_person, "real_name": "이전에 쓴 이름"}
        )
        field.users.add("rita", "recorder", "rita records in the field 현장")
    finally:
        field.close()
    ok(
        run_cli(
            "--db",
            office_db,
            "exchange",
            "export",
            "--to",
            "field",
            "-o",
            stick / "down.bundle",
            env=office_env,
        )
    )
    ok(
        run_cli(
            "--db",
            field_db,
            "--user",
            "field",
            "exchange",
            "import",
            stick / "down.bundle",
            env=field_env,
        )
    )
    rita = open_case_app(StoreLocation(path=field_db), "rita records in the field 현장", "rita")
    try:
        late_person = rita.records.create("person", {"pseudonym": "B"})
        late = rita.records.create(
            "identity", {"person_uid": late_person, "real_name": "나중에 쓴 이름"}
        )
    finally:
        rita.close()
    ok(
        run_cli(
            "--db",
            field_db,
            "--user",
            "field",
            "exchange",
            "export",
            "--to",
            "office",
            "-o",
            stick / "up.bundle",
            env=field_env,
        )
    )
    ok(run_cli("--db", office_db, "exchange", "import", stick / "up.bundle", env=office_env))
    office = open_site(office_db, OFFICE)
    try:
        assert office.records.get("identity", early)["real_name"] == "이전에 쓴 이름"
        assert office.records.get("identity", late)["real_name"] == "나중에 쓴 이름"
        assert office.verify() == []
    finally:
        office.close()


def test_a_cancelled_bundle_leaves_no_file_and_changes_nothing(
    sites, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import caseapp.services.exchange as exchange_module

    class Stop(Exception):
        pass

    def stop(done: int) -> None:
        raise Stop

    monkeypatch.setattr(exchange_module, "PROGRESS_EVERY", 1)
    field_db, field_env = sites["field"]
    office_db, _office_env = sites["office"]
    ok(run_cli("--db", field_db, "demo", env=field_env))
    field = open_case_app(StoreLocation(path=field_db), FIELD)
    target = tmp_path / "up.bundle"
    try:
        with pytest.raises(Stop):
            field.exchange.export_bundle("office", target, progress=stop)
        assert not target.exists() and list(tmp_path.glob(".*")) == []
        assert [p.sent_seq for p in field.peers.peers()] == [0]  # nothing kept as sent
        field.exchange.export_bundle("office", target)
    finally:
        field.close()
    office = open_site(office_db, OFFICE)
    try:
        before = office.stats()
        with pytest.raises(Stop):
            office.exchange.import_bundle(target, progress=stop)
        assert office.stats() == before
        assert office.exchange.import_bundle(target).created > 0  # whole, the second time
    finally:
        office.close()
